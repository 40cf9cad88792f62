/**
 * Everything the server tells the editor over `/api/events` (SSE). One zod schema per event so
 * the editor parses what it receives instead of trusting it.
 */
import { z } from 'zod'

export const JobState = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled'])
export type JobState = z.infer<typeof JobState>

/** What the queue panel shows for one job; small, so the whole queue can be sent on each change. */
export const QueueJobSummary = z.strictObject({
  jobId: z.string(),
  runId: z.string(),
  graphId: z.string(),
  state: JobState,
  position: z.number(),
  priority: z.int(),
  attempts: z.int(),
  prompt: z.string(),
  seed: z.int(),
  model: z.string(),
  stages: z.array(z.string()),
  backend: z.string().nullable(),
  lastError: z.string().nullable(),
  failedStage: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** The pack the job's prompt row came from (null: a stage's own prompt); optional for older servers. */
  packId: z.string().nullable().optional(),
})
export type QueueJobSummary = z.infer<typeof QueueJobSummary>

export const QueueCounts = z.strictObject({
  queued: z.int(), running: z.int(), succeeded: z.int(), failed: z.int(), cancelled: z.int(),
})

export const QueueSnapshot = z.strictObject({
  paused: z.boolean(),
  /** Set when the server paused the queue itself (a full disk, an unwritable folder): why. */
  pausedReason: z.string().optional(),
  /** Jobs in each state, all of them (the list below is capped). */
  counts: QueueCounts,
  /** Running jobs, then the first queued ones in run order, then the most recently finished ones. */
  jobs: z.array(QueueJobSummary),
})
export type QueueSnapshot = z.infer<typeof QueueSnapshot>

export const ArtifactRef = z.strictObject({
  artifactId: z.string(),
  jobId: z.string(),
  stageId: z.string(),
  index: z.int(),
  width: z.int(),
  height: z.int(),
})
export type ArtifactRef = z.infer<typeof ArtifactRef>

export const BackendStatus = z.strictObject({
  id: z.string(),
  url: z.string(),
  state: z.enum(['up', 'down', 'unknown']),
  simulated: z.boolean(),
  flavor: z.enum(['a1111', 'forge']).nullable(),
  loadedModel: z.string().nullable(),
  currentJob: z.string().nullable(),
  lastError: z.string().nullable(),
})
export type BackendStatus = z.infer<typeof BackendStatus>

export const ServerEvent = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('queue'), snapshot: QueueSnapshot }),
  z.strictObject({ type: z.literal('job-start'), jobId: z.string(), runId: z.string(), backend: z.string() }),
  z.strictObject({ type: z.literal('stage-start'), jobId: z.string(), stageId: z.string(), kind: z.string() }),
  z.strictObject({
    type: z.literal('progress'), jobId: z.string(), stageId: z.string(),
    progress: z.number(), step: z.int(), steps: z.int(), etaSeconds: z.number(),
    /** A small JPEG/PNG data URL of the live preview, when the WebUI sent one. */
    preview: z.string().nullable(),
  }),
  z.strictObject({ type: z.literal('stage-done'), jobId: z.string(), stageId: z.string(), cached: z.boolean(), artifacts: z.array(ArtifactRef) }),
  z.strictObject({ type: z.literal('job-done'), jobId: z.string(), runId: z.string() }),
  z.strictObject({ type: z.literal('job-failed'), jobId: z.string(), runId: z.string(), stageId: z.string().nullable(), error: z.string() }),
  z.strictObject({ type: z.literal('video-done'), runId: z.string(), stageId: z.string(), artifactId: z.string() }),
  z.strictObject({ type: z.literal('video-failed'), runId: z.string(), stageId: z.string(), error: z.string() }),
  z.strictObject({ type: z.literal('backend'), backend: BackendStatus }),
])
export type ServerEvent = z.infer<typeof ServerEvent>
