/**
 * Learning-log lines for jobs that ended without images: failed (with the error and the stage
 * that failed) and cancelled. Insights show failure rates per setting from these. A line has the
 * succeeded line's job fields (prompt, seed, stage configs, randomizer, LoRAs) plus `outcome`,
 * `error` and `failedStage`, and no outputs or timings, so readers of the older format (the ETA's
 * stage times) skip it. Succeeded lines carry no `outcome`: its absence means succeeded.
 */
import { z } from 'zod'
import { RandomizerSummary } from '../../engine/compile/spec.ts'
import type { PendingLines } from '../queue/pending-lines.ts'
import type { Database } from '../queue/db.ts'
import type { QueuedJob, QueueStore } from '../queue/types.ts'
import { LEARNING_LOG } from './learning.ts'
import type { LineWriter } from './line-writer.ts'

export const LearningEndLine = z.strictObject({
  schema: z.literal('stablenew-flow.learning.v1'),
  outcome: z.enum(['failed', 'cancelled']),
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
  /** The job's last error; a cancelled job that never ran has none. */
  error: z.string().nullable(),
  failedStage: z.string().nullable(),
  attempts: z.int(),
  backend: z.string().nullable(),
  finishedAt: z.string(),
})
export type LearningEndLine = z.infer<typeof LearningEndLine>

export function endLine(job: QueuedJob, outcome: 'failed' | 'cancelled', at: string): LearningEndLine {
  const spec = job.spec
  return {
    schema: 'stablenew-flow.learning.v1',
    outcome,
    jobId: job.jobId,
    runId: job.runId,
    graphId: spec.graphId,
    variantIndex: spec.variantIndex,
    variantTotal: spec.variantTotal,
    batchIndex: spec.batchIndex,
    batchTotal: spec.batchTotal,
    packId: spec.packId,
    rowIndex: spec.rowIndex,
    prompt: spec.prompt,
    negativePrompt: spec.negativePrompt,
    seed: spec.seed,
    stages: spec.plan.stages.map((s) => ({ stageId: s.stageId, kind: s.kind, config: s.config.values })),
    randomizer: spec.randomizerSummary,
    loras: spec.loras,
    embeddings: spec.embeddings,
    error: job.lastError,
    failedStage: outcome === 'failed' ? job.failedStage : null,
    attempts: job.attempts,
    backend: job.backend,
    finishedAt: job.finishedAt ?? at,
  }
}

/**
 * Appends one line per ended job: kept in the queue database first (all in one transaction, so a
 * cancelled run of thousands of jobs is one write), then flushed to the file; an unwritable
 * folder keeps them there until it is writable again, as for succeeded jobs.
 */
export function recordEnds(jobIds: readonly string[], outcome: 'failed' | 'cancelled', deps: { db: Database; queue: QueueStore; pendingLines: PendingLines; lines: LineWriter }): void {
  if (jobIds.length === 0) return
  const at = new Date().toISOString()
  deps.db.transaction(() => {
    for (const id of jobIds) {
      const job = deps.queue.get(id)
      if (job && job.state === outcome) deps.pendingLines.add(LEARNING_LOG, JSON.stringify(endLine(job, outcome, at)))
    }
  }).immediate()
  deps.lines.flush(LEARNING_LOG).catch(() => undefined)
}
