/**
 * The checks of ControlNet units that the schema cannot make, once per distinct plan: every
 * enabled unit has a control image the job will have (its own input only when the stage has one,
 * an earlier stage only when that stage runs before it in the same job, an upload that exists),
 * a model, and a guidance window that is not reversed (the extension refuses start > end).
 */
import { CONTROLNET_UNIT_DEFAULTS, stageIdOf, uploadIdOf, type ControlNetUnit } from '../config/controlnet.ts'
import { enabledUnits } from '../payloads/controlnet.ts'
import type { GraphError, JobSpec, StagePlan } from './spec.ts'

/** The stages whose images reach `stage` (its input chain), nearest first. */
function ancestors(stage: StagePlan, byId: Map<string, StagePlan>): StagePlan[] {
  const out: StagePlan[] = []
  for (let id = stage.inputFrom; id !== null;) {
    const s = byId.get(id)
    if (!s) break
    out.push(s)
    id = s.inputFrom
  }
  return out
}

function unitProblems(stage: StagePlan, unit: ControlNetUnit, index: number, earlier: StagePlan[], uploads: ReadonlySet<string> | null): { field: string; message: string }[] {
  const at = (k: string): string => `controlnet.${index}.${k}`
  const what = `${stage.label}: ControlNet unit ${index + 1}`
  const out: { field: string; message: string }[] = []
  const ref = unit.image
  const stageRef = stageIdOf(ref)
  const uploadRef = uploadIdOf(ref)
  if (ref === '') out.push({ field: at('image'), message: `${what} has no control image: choose an uploaded image or an earlier stage's output.` })
  else if (ref === 'input' && !stage.requiresInputImage) out.push({ field: at('image'), message: `${what} uses "this stage's input image", but ${stage.kind} starts from nothing: choose an uploaded image.` })
  else if (stageRef !== null && !earlier.some((s) => s.stageId === stageRef)) {
    out.push({ field: at('image'), message: `${what} uses the output of "${stageRef}", which is not an earlier stage of this job (it must feed this stage, directly or through other stages).` })
  } else if (uploadRef !== null && uploads !== null && !uploads.has(uploadRef)) {
    out.push({ field: at('image'), message: `${what}: the uploaded image "${uploadRef}" is not in the data folder (deleted?). Upload it again.` })
  }
  if (unit.model === CONTROLNET_UNIT_DEFAULTS.model) out.push({ field: at('model'), message: `${what} has no model: choose a ControlNet model (with "None" the unit would do nothing).` })
  if (unit.guidance_start > unit.guidance_end) {
    out.push({ field: at('guidance_start'), message: `${what}: guidance start (${unit.guidance_start}) is after guidance end (${unit.guidance_end}); the extension refuses that.` })
  }
  return out
}

export function controlNetErrors(jobs: readonly JobSpec[], uploadIds?: readonly string[]): GraphError[] {
  const uploads = uploadIds ? new Set(uploadIds) : null
  const errors: GraphError[] = []
  const seenPlans = new Set<JobSpec['plan']>()
  const seen = new Set<string>()
  for (const job of jobs) {
    if (seenPlans.has(job.plan)) continue
    seenPlans.add(job.plan)
    const byId = new Map(job.plan.stages.map((s) => [s.stageId, s]))
    for (const stage of job.plan.stages) {
      const units = (stage.config.values as { controlnet?: ControlNetUnit[] }).controlnet
      const active = enabledUnits(units)
      if (active.length === 0) continue
      const earlier = ancestors(stage, byId)
      for (const { unit, index } of active) {
        for (const p of unitProblems(stage, unit, index, earlier, uploads)) {
          const key = `${stage.stageId}\0${p.field}\0${p.message}`
          if (seen.has(key)) continue
          seen.add(key)
          errors.push({ code: 'controlnet', nodeId: stage.stageId, field: p.field, message: p.message })
        }
      }
    }
  }
  return errors
}
