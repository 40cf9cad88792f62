/**
 * Cancel-all and the queue's ETA (docs/api.md, "Queue and history"). Pure zod, shared by the
 * server (validation) and the editor (types and answer parsing).
 */
import { z } from 'zod'
import { Id } from '../graph/schema.ts'
import { QueueSnapshot } from './events.ts'

/** Every queued and running job, or only those of `runId`. */
export const CancelAllRequest = z.strictObject({ runId: Id.optional() })
export type CancelAllRequest = z.infer<typeof CancelAllRequest>

export const CancelAllResponse = z.strictObject({ cancelled: z.int(), snapshot: QueueSnapshot })
export type CancelAllResponse = z.infer<typeof CancelAllResponse>

const Ms = z.number().nonnegative().nullable()

/**
 * Remaining time of the live (queued and running) jobs, from measured stage times
 * (server/exec/stage-times.ts). null wherever a stage kind has no measurement yet: never a guess.
 */
export const QueueEtaResponse = z.strictObject({
  /** Wall time until every live job is done, with `backends` WebUIs working in parallel. */
  remainingMs: Ms,
  /** Per run: time until its last live job is done, counting every live job ahead of it in claim order. */
  runs: z.record(z.string(), Ms),
  /** WebUIs up (at least 1 in the arithmetic). */
  backends: z.int(),
  /** The measurements used: median ms per output image of each stage kind, and how many samples. */
  perImage: z.record(z.string(), z.strictObject({ ms: z.number(), samples: z.int() })),
})
export type QueueEtaResponse = z.infer<typeof QueueEtaResponse>
