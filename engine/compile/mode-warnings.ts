/**
 * Fields of the upscale mode not selected are not sent. A value the user set for one of them
 * (on the node, a wired preset, the pack's config or a sweep) would silently do nothing, so the
 * compiler names it. The library's default preset is left out: it is meant for every upscale
 * stage, whichever mode each one uses.
 */
import { fieldsNotSent } from '../config/upscale-modes.ts'
import type { UpscaleConfig } from '../config/stages.ts'
import type { GraphWarning, JobSpec } from './spec.ts'
import { upscaleStages } from './upscale-checks.ts'

export function modeFieldWarnings(jobs: readonly JobSpec[]): GraphWarning[] {
  const warnings: GraphWarning[] = []
  const seen = new Set<string>()
  for (const stage of upscaleStages(jobs)) {
    const values = stage.config.values as Pick<UpscaleConfig, 'mode' | 'resize_mode'>
    const mode = values.mode
    for (const field of fieldsNotSent(values)) {
      const source = stage.config.provenance[field]
      if (!source || source === 'default' || source.startsWith('default-preset:') || source.startsWith('inherited from ')) continue
      const key = `${stage.stageId}\0${field}`
      if (seen.has(key)) continue
      seen.add(key)
      warnings.push({ code: 'field-not-sent', nodeId: stage.stageId, field, message: `"${stage.label}": ${field} (${source === 'node' ? 'set on the node' : `from ${source}`}) is not sent in upscale mode "${mode}"${mode === 'single' ? ` with resize mode ${values.resize_mode === 1 ? '1 (to a size)' : '0 (by the factor)'}` : ''}; it applies to other settings only.` })
    }
  }
  return warnings
}
