/**
 * Inpaint masks in compiled plans: which mask a stage uses, and the compile error for a mask id
 * the data folder does not hold (so a missing mask stops the run before it is queued, naming the
 * node and field, instead of failing a job later).
 */
import type { CompileContext } from './context.ts'
import type { GraphError, JobSpec, StagePlan } from './spec.ts'

/** The mask id an img2img stage inpaints with, or null (no mask, or another kind). */
export function stageMaskId(stage: StagePlan): string | null {
  if (stage.kind !== 'img2img') return null
  const inpaint = stage.config.values.inpaint as { mask_id?: unknown } | undefined
  return typeof inpaint?.mask_id === 'string' && inpaint.mask_id !== '' ? inpaint.mask_id : null
}

/** One error per stage that names a mask `known` does not have (checked only when the caller knows the masks). */
export function checkMasks(jobs: readonly JobSpec[], known: NonNullable<CompileContext['masks']>, errors: GraphError[]): void {
  const reported = new Set<string>()
  for (const job of jobs) {
    for (const stage of job.plan.stages) {
      const id = stageMaskId(stage)
      if (id === null || known.has(id) || reported.has(stage.stageId)) continue
      reported.add(stage.stageId)
      const from = stage.config.provenance['inpaint.mask_id']
      const where = from && from !== 'node' ? ` (set by ${from})` : ''
      errors.push({
        code: 'unknown-mask', nodeId: stage.stageId, field: 'inpaint.mask_id',
        message: `Stage "${stage.label}": there is no inpaint mask "${id}" in the data folder${where}; paint or upload the mask again, or clear the field.`,
      })
    }
  }
}
