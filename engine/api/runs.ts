/**
 * Request bodies of the compile, run, queue, rating and learning endpoints (docs/api.md).
 * Pure zod, shared by the server (validation) and the editor (types).
 */
import { z } from 'zod'
import { Id } from '../graph/schema.ts'

const runSeed = z.int().min(0).max(4294967294)

/** The graph is validated by the compiler itself (it reports every problem with node ids). */
export const CompileRequest = z.strictObject({
  graph: z.unknown(),
  runSeed: runSeed.optional(),
})
export type CompileRequest = z.infer<typeof CompileRequest>

export const RunRequest = z.strictObject({
  graph: z.unknown(),
  runSeed: runSeed.optional(),
  /** Run now: the run's jobs go to the front of the queue. */
  front: z.boolean().optional(),
})
export type RunRequest = z.infer<typeof RunRequest>

export const MoveRequest = z.union([
  z.strictObject({ to: z.enum(['front', 'back']) }),
  z.strictObject({ before: Id }),
  z.strictObject({ after: Id }),
])
export type MoveRequest = z.infer<typeof MoveRequest>

export const JobEditRequest = z.strictObject({
  prompt: z.string().max(10_000).optional(),
  negativePrompt: z.string().max(10_000).optional(),
  seed: z.int().min(0).max(4294967294).optional(),
  steps: z.int().min(1).max(150).optional(),
  cfg_scale: z.number().min(1).max(30).optional(),
}).refine((v) => Object.keys(v).length > 0, 'give at least one field to change')
export type JobEditRequest = z.infer<typeof JobEditRequest>

export const RatingRequest = z.strictObject({
  targetKind: z.enum(['job', 'image']),
  targetId: Id,
  rating: z.int().min(0).max(5),
})
export type RatingRequest = z.infer<typeof RatingRequest>

const intParam = (max: number) => z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.int().min(0).max(max))

export const HistoryQuery = z.strictObject({
  graphId: Id.optional(),
  packId: Id.optional(),
  model: z.string().max(400).optional(),
  minRating: intParam(5).optional(),
  state: z.enum(['succeeded', 'failed', 'cancelled']).optional(),
  offset: intParam(1_000_000).optional(),
  limit: intParam(200).optional(),
})
export type HistoryQuery = z.infer<typeof HistoryQuery>

export const IdParam = z.strictObject({ id: Id })
export const JobIdParam = z.strictObject({ jobId: Id })
export const RunIdParam = z.strictObject({ runId: Id })
export const VideoStageParam = z.strictObject({ runId: Id, stageId: Id })
export const NodeOutputsParam = z.strictObject({ graphId: Id, stageId: Id })
export const LimitQuery = z.strictObject({ limit: intParam(50).optional() })
