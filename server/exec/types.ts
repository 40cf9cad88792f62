/**
 * Schemas (and the types inferred from them) of what the executor reads and writes: its options,
 * the per-job manifest, the learning-log line and the stored "last configs". Kept in one file so
 * the shape of every file the executor leaves in the data folder is visible at a glance.
 */
import { z } from 'zod'
import { RandomizerSummary } from '../../engine/compile/spec.ts'

export const ExecutorOptions = z.strictObject({
  /**
   * Jobs each worker keeps in flight on its WebUI. Two is the point: A1111 serialises requests in
   * arrival order, so while one runs the next already waits inside the WebUI and starts the moment
   * the GPU frees up. More than two only lengthens every job without adding GPU time.
   */
  slotsPerBackend: z.int().min(1).max(8).default(2),
  /** How often each backend's health is checked. */
  healthIntervalMs: z.int().min(50).default(5_000),
  /** Longest wait for one health check's answer. */
  healthTimeoutMs: z.int().min(50).default(5_000),
  /** A generation showing no movement for this long is abandoned (the client's stall detector). */
  stallMs: z.int().min(100).default(120_000),
  /** Progress poll interval of the client during generations (it raises values below 500). */
  pollMs: z.int().min(100).default(500),
  /** Attempts (claims) of a job before a retryable error fails it. */
  maxAttempts: z.int().min(1).max(20).default(3),
  /** Backoff before a retryable failure goes back to the queue: base × 2^(attempt-1), capped. */
  retryBaseDelayMs: z.int().min(0).default(1_000),
  retryMaxDelayMs: z.int().min(0).default(30_000),
  /** Progress events per job at most this often (twice a second by default). */
  progressIntervalMs: z.int().min(0).default(500),
  /** Merged WebUI lists are re-read after this long (or on refresh). */
  resourcesTtlMs: z.int().min(0).default(300_000),
  /** ffmpeg binary; default FFMPEG_PATH, then @ffmpeg-installer/ffmpeg. */
  ffmpegPath: z.string().min(1).optional(),
  /** Longest a video encode may run. */
  videoTimeoutMs: z.int().min(1_000).default(600_000),
  /**
   * A job does not start while the data folder has less free space than this (MIN_FREE_MB); the
   * queue pauses itself with the reason instead. 0 turns the check off.
   */
  minFreeBytes: z.int().min(0).default(1024 * 1024 * 1024),
  /** How often lines that could not be appended to a learning file are tried again. */
  lineRetryMs: z.int().min(50).default(10_000),
})
export type ExecutorOptions = z.infer<typeof ExecutorOptions>
export type ExecutorOptionsInput = z.input<typeof ExecutorOptions>

/** One WebUI call of a stage as the manifest records it (images replaced by their hash). */
export const ManifestCall = z.strictObject({
  endpoint: z.string(),
  body: z.record(z.string(), z.unknown()),
  cacheKey: z.string(),
  cached: z.boolean(),
  ms: z.number(),
  artifacts: z.array(z.string()),
})
export type ManifestCall = z.infer<typeof ManifestCall>

export const StageTiming = z.strictObject({
  stageId: z.string(),
  kind: z.string(),
  startedAt: z.string(),
  ms: z.number(),
  cached: z.boolean(),
})
export type StageTiming = z.infer<typeof StageTiming>

export const OutputRef = z.strictObject({
  artifactId: z.string(),
  stageId: z.string(),
  index: z.int(),
  path: z.string(),
  thumbPath: z.string().nullable(),
  width: z.int(),
  height: z.int(),
  cached: z.boolean(),
})
export type OutputRef = z.infer<typeof OutputRef>

/** `outputs/<runId>/manifests/<jobId>.json`: everything needed to see how each image was made. */
export const JobManifest = z.strictObject({
  schema: z.literal('stablenew-flow.manifest.v1'),
  jobId: z.string(),
  runId: z.string(),
  graphId: z.string(),
  backend: z.string(),
  attempt: z.int(),
  seed: z.int(),
  prompt: z.string(),
  negativePrompt: z.string(),
  stages: z.array(z.strictObject({
    stageId: z.string(),
    kind: z.string(),
    label: z.string(),
    inputFrom: z.string().nullable(),
    /** The seed the stage's requests carry (a stage may pin its own). */
    seeds: z.array(z.int()),
    calls: z.array(ManifestCall),
  })),
  outputs: z.array(OutputRef),
  timings: z.array(StageTiming),
  startedAt: z.string(),
  finishedAt: z.string(),
  durationMs: z.number(),
})
export type JobManifest = z.infer<typeof JobManifest>

/** One line of `learning/learning_log.jsonl`, written after each finished job (DESIGN §5). */
export const LearningLine = z.strictObject({
  schema: z.literal('stablenew-flow.learning.v1'),
  jobId: z.string(),
  runId: z.string(),
  graphId: z.string(),
  variantIndex: z.int(),
  variantTotal: z.int(),
  batchIndex: z.int(),
  batchTotal: z.int(),
  packId: z.string().nullable(),
  rowIndex: z.int().nullable(),
  prompt: z.string(),
  negativePrompt: z.string(),
  seed: z.int(),
  stages: z.array(z.strictObject({ stageId: z.string(), kind: z.string(), config: z.record(z.string(), z.unknown()) })),
  randomizer: RandomizerSummary,
  loras: z.array(z.strictObject({ name: z.string(), weight: z.number() })),
  embeddings: z.array(z.string()),
  outputs: z.array(OutputRef),
  stageTimings: z.array(StageTiming),
  startedAt: z.string(),
  finishedAt: z.string(),
  durationMs: z.number(),
  backend: z.string(),
})
export type LearningLine = z.infer<typeof LearningLine>

/** One line of `learning/ratings.jsonl` (the RatingIndex holds the same, last write wins). */
export const RatingLine = z.strictObject({
  targetKind: z.enum(['job', 'image']),
  targetId: z.string(),
  rating: z.int().min(0).max(5),
  at: z.string(),
})
export type RatingLine = z.infer<typeof RatingLine>

/** `learning/last_configs.json`: the latest effective config of each stage kind. */
export const LastConfigs = z.strictObject({
  txt2img: z.record(z.string(), z.unknown()).optional(),
  img2img: z.record(z.string(), z.unknown()).optional(),
  adetailer: z.record(z.string(), z.unknown()).optional(),
  upscale: z.record(z.string(), z.unknown()).optional(),
})
export type LastConfigs = z.infer<typeof LastConfigs>
