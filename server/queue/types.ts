/**
 * The contract of the persistent store (SQLite, better-sqlite3, WAL) that the workers, the HTTP
 * routes and the CLI share: the queue of runs and jobs, the artifacts they produce, the stage
 * cache and the ratings index. Implemented in server/queue/*.ts; tests in tests/server/queue/.
 */
import type { JobSpec, RunSpec } from '../../engine/compile/spec.ts'
import type { JobState, QueueJobSummary, QueueSnapshot } from '../../engine/api/events.ts'

export interface QueuedJob {
  jobId: string
  runId: string
  state: JobState
  /** Order in the queue: lower runs first. Real-valued so a job can be moved between two others. */
  position: number
  priority: number
  attempts: number
  /** How many times a later job was taken before this one (model affinity), bounded by FAIRNESS_BOUND. */
  passedOver: number
  /** The checkpoint of the job's root stage ('' = whatever is loaded). */
  model: string
  backend: string | null
  lastError: string | null
  failedStage: string | null
  createdAt: string
  startedAt: string | null
  finishedAt: string | null
  /** The JobSpec as compiled, with any edits applied. */
  spec: JobSpec
}

export interface RunRecord {
  runId: string
  graphId: string
  graphHash: string
  createdAt: string
  /** The RunSpec without its jobs (they live in the jobs table): graph snapshot, videos, totals. */
  run: Omit<RunSpec, 'jobs'>
}

export type MoveTarget = { to: 'front' | 'back' } | { before: string } | { after: string }

/** What may be changed on a job that has not started. */
export interface JobEdit {
  prompt?: string
  negativePrompt?: string
  seed?: number
  steps?: number
  cfg_scale?: number
}

export class QueueError extends Error {
  constructor(readonly code: 'not-found' | 'conflict' | 'bad-state', message: string) {
    super(message)
  }
}

/** A job passed over this many times is taken next, whatever model it needs. */
export const FAIRNESS_BOUND = 32
/** How far past the head a backend looks for a job that uses its loaded model. */
export const AFFINITY_WINDOW = 64

export interface QueueStore {
  /** Adds every job of a run, at the back (or the front, in job order). Throws QueueError('conflict') if a job id is already stored. */
  submit(run: RunSpec, opts?: { front?: boolean; priority?: number }): void
  /** Running, then up to `queuedLimit` (500) queued in claim order, then the newest finished; plus counts by state. */
  snapshot(opts?: { finishedLimit?: number; queuedLimit?: number }): QueueSnapshot
  summary(jobId: string): QueueJobSummary | undefined
  get(jobId: string): QueuedJob | undefined
  getRun(runId: string): RunRecord | undefined
  jobsOfRun(runId: string): QueuedJob[]
  /**
   * Atomically takes the next job for a backend: among the first AFFINITY_WINDOW queued jobs (by
   * priority, then position), the first whose model is the loaded one or '', unless a job ahead
   * of it has been passed over FAIRNESS_BOUND times; else the head. Marks it running, counts the
   * attempt, and bumps passedOver of the jobs it skipped. null when paused or nothing is queued.
   */
  claim(backendId: string, loadedModel: string | null, opts?: ClaimOptions): QueuedJob | null
  /** running → succeeded. Ignored (returns false) if the job is no longer running (cancelled meanwhile). */
  succeed(jobId: string, alongside?: () => void): boolean
  /** running → failed, keeping the error and the stage. Ignored if no longer running. */
  fail(jobId: string, error: string, stageId: string | null): boolean
  /** running → queued at its old position (a transient error or a backend that went down). */
  requeue(jobId: string, error: string): boolean
  /** queued → cancelled, or running → cancelled (the worker interrupts the WebUI). Returns the state it was in. */
  cancel(jobId: string): JobState
  /**
   * Cancels every queued and running job (of one run when `runId` is given) in one transaction
   * and one change notification. Returns the cancelled ids and those that were running (their
   * workers must interrupt the WebUI).
   */
  cancelAll(runId?: string): { cancelled: string[]; running: string[] }
  /** Every queued and running job in claim order (ids, run, state, start): cheap, from columns. */
  liveJobs(): { jobId: string; runId: string; state: JobState; startedAt: string | null }[]
  /** failed | cancelled → queued at the back, attempts kept. */
  retry(jobId: string): void
  move(jobId: string, target: MoveTarget): void
  edit(jobId: string, edit: JobEdit): QueuedJob
  /**
   * Stored: a restarted server stays paused. With a `reason` the server paused it itself (a full
   * disk, an unwritable folder); the reason is in the snapshot until a resume, and the pause holds
   * in memory even when the database cannot be written.
   */
  pause(reason?: string): void
  /** Clears the pause and its reason. */
  resume(): void
  isPaused(): boolean
  pausedReason(): string | null
  /** At start: jobs left running by a crash go back to queued. Returns how many. */
  recover(): number
  /** Finished jobs, newest first, filtered. */
  history(filter: HistoryFilter): { jobs: QueueJobSummary[]; total: number }
  /** Called after every change (submit, claim, finish, move, pause…). */
  onChange(listener: () => void): () => void
}

export interface ClaimOptions {
  /**
   * Take a job only if it runs on `loadedModel` (or on whatever is loaded); otherwise null and
   * nothing changes. A backend's second job in flight uses this: two jobs on different models
   * would alternate their stages at the WebUI and switch checkpoints at every stage.
   */
  onlySameModel?: boolean
  /**
   * Jobs this backend may take (routing by resources, server/exec/routing.ts); the others are
   * neither taken nor counted as passed over by it. Absent: every job.
   */
  accept?: (jobId: string) => boolean
}

export interface HistoryFilter {
  graphId?: string
  packId?: string
  model?: string
  minRating?: number
  state?: JobState
  offset?: number
  limit?: number
}

export interface ArtifactRecord {
  artifactId: string
  jobId: string
  runId: string
  stageId: string
  index: number
  kind: 'image' | 'video'
  /** Paths relative to the data folder. */
  path: string
  thumbPath: string | null
  width: number
  height: number
  createdAt: string
}

export interface ArtifactStore {
  add(record: ArtifactRecord): void
  get(artifactId: string): ArtifactRecord | undefined
  ofJob(jobId: string): ArtifactRecord[]
  ofRun(runId: string): ArtifactRecord[]
  /** The latest artifacts of a stage (node id) across runs, newest first: the node's thumbnails. */
  latestOfStage(stageId: string, graphId: string, limit: number): ArtifactRecord[]
}

export interface StageCache {
  /** Artifact ids an identical request (payload + input image hash) produced earlier, if all still exist. */
  lookup(key: string): string[] | undefined
  store(key: string, artifactIds: string[]): void
}

export interface RatingRecord {
  targetKind: 'job' | 'image'
  targetId: string
  rating: number
  at: string
}

export interface RatingIndex {
  /** Last write wins. */
  set(record: RatingRecord): void
  get(targetKind: RatingRecord['targetKind'], targetId: string): RatingRecord | undefined
  /** Ratings of many targets at once (history page, node thumbnails). */
  many(targetKind: RatingRecord['targetKind'], targetIds: readonly string[]): Map<string, number>
  all(): RatingRecord[]
}
