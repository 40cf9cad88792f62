/**
 * Upscale settings the schema accepts one by one but that, together, A1111 cannot honour or
 * would quietly ignore. An impossible combination is an error; one the WebUI ignores is a
 * warning naming the field, so nothing the user set is dropped without a word.
 */
import type { UpscaleConfig } from '../config/stages.ts'
import type { GraphError, GraphWarning, JobSpec, StagePlan } from './spec.ts'

/** The upscale stages of each distinct plan (jobs share interned plans), for checks made per stage. */
export function* upscaleStages(jobs: readonly JobSpec[]): Generator<StagePlan> {
  const seenPlans = new Set<object>()
  for (const job of jobs) {
    if (seenPlans.has(job.plan)) continue
    seenPlans.add(job.plan)
    for (const stage of job.plan.stages) if (stage.kind === 'upscale') yield stage
  }
}

type Values = Partial<UpscaleConfig>

const setByUser = (source: string | undefined): boolean =>
  source !== undefined && source !== 'default' && !source.startsWith('default-preset:')

export function upscaleChecks(jobs: readonly JobSpec[], errors: GraphError[], warnings: GraphWarning[]): void {
  const seen = new Set<string>()
  for (const stage of upscaleStages(jobs)) {
    const v = stage.config.values as Values
    const name = `"${stage.label}"`
    const once = (field: string, push: () => void): void => {
      const key = `${stage.stageId}\0${field}`
      if (!seen.has(key)) { seen.add(key); push() }
    }
    if (v.mode === 'sd-upscale') {
      const tile = Math.min(v.tile_width ?? 512, v.tile_height ?? 512)
      if ((v.tile_overlap ?? 0) >= tile) {
        // split_grid steps by tile − overlap: zero or less never covers the image (A1111 divides by zero).
        once('tile_overlap', () => errors.push({ code: 'invalid-params', nodeId: stage.stageId, field: 'tile_overlap', message: `${name}: tile overlap ${v.tile_overlap} must be smaller than the tile (${v.tile_width}×${v.tile_height}).` }))
      }
      if (v.upscaler === 'None') {
        once('upscaler', () => warnings.push({ code: 'upscale-no-enlarge', nodeId: stage.stageId, field: 'upscaler', message: `${name}: SD upscale with upscaler "None" does not enlarge the image (A1111 skips the upscaler, so factor ${v.factor} has no effect); the tiles are re-diffused at the input's size.` }))
      }
    }
    if (v.mode === 'single') {
      if ((v.extras_upscaler_2_visibility ?? 0) > 0 && v.upscaler_2 === 'None') {
        once('upscaler_2', () => warnings.push({ code: 'upscale-nothing-blended', nodeId: stage.stageId, field: 'upscaler_2', message: `${name}: upscaler 2 visibility is ${v.extras_upscaler_2_visibility} but upscaler 2 is "None", so nothing is blended in.` }))
      }
      if (setByUser(stage.config.provenance.upscale_first)) {
        once('upscale_first', () => warnings.push({ code: 'field-ignored-by-webui', nodeId: stage.stageId, field: 'upscale_first', message: `${name}: upscale_first is sent, but A1111 1.10 ignores it: the order of upscaling and face restoration is its "Postprocessing operation order" setting (upscale first by default).` }))
      }
    }
  }
}
