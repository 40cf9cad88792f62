/**
 * Extra rows of a stage's resolved-config table for the generation settings of issue 11:
 * - the prompt and negative prompt (and the hires prompts, when set) as the WebUI will expand them
 *   with the stage's styles (engine/resources/styles.ts, A1111's rule), when the stage sends styles;
 * - every optional setting the stage leaves unset: "not sent" (the WebUI's default), or the
 *   value it is stated at when the request states it anyway (see engine/payloads/generation-extras.ts).
 */
import type { StagePlan } from '../../../engine/compile/spec.ts'
import { GENERATION_EXTRA_FIELDS, IMG2IMG_EXTRA_FIELDS } from '../../../engine/config/generation-extras.ts'
import type { ResourceCatalog } from '../../../engine/resources/catalog.ts'
import { applyStyles } from '../../../engine/resources/styles.ts'

export interface ExtraRow { path: string; value: unknown; note: string }

const OPTIONAL_KEYS: Record<string, readonly string[]> = {
  txt2img: Object.keys(GENERATION_EXTRA_FIELDS),
  // img2img clip_skip is filled in by inheritance, so it is never unset in a compiled plan.
  img2img: [...Object.keys(GENERATION_EXTRA_FIELDS), ...Object.keys(IMG2IMG_EXTRA_FIELDS)],
}

export function generationRows(stage: StagePlan, body: Record<string, unknown> | null, resources: Pick<ResourceCatalog, 'promptStyles'> | null): ExtraRow[] {
  const rows: ExtraRow[] = []
  const styles = body && Array.isArray(body.styles) ? (body.styles as string[]) : []
  if (body && styles.length > 0) {
    const styled = applyStyles(String(body.prompt ?? ''), String(body.negative_prompt ?? ''), styles, resources ?? {})
    const note = styled.unknown.length ? `styles not known here: ${styled.unknown.join(', ')}` : 'as the WebUI expands it with the styles'
    rows.push({ path: 'prompt (styled)', value: styled.prompt, note }, { path: 'negative_prompt (styled)', value: styled.negativePrompt, note })
    // A1111 styles the hires prompts too (an empty one is the main prompt, already shown above).
    const hr = applyStyles(String(body.hr_prompt ?? ''), String(body.hr_negative_prompt ?? ''), styles, resources ?? {})
    if (typeof body.hr_prompt === 'string' && body.hr_prompt !== '') rows.push({ path: 'hr_prompt (styled)', value: hr.prompt, note })
    if (typeof body.hr_negative_prompt === 'string' && body.hr_negative_prompt !== '') rows.push({ path: 'hr_negative_prompt (styled)', value: hr.negativePrompt, note })
  }
  const values = stage.config.values as Record<string, unknown>
  const overrides = (body?.override_settings ?? {}) as Record<string, unknown>
  for (const key of OPTIONAL_KEYS[stage.kind] ?? []) {
    if (values[key] !== undefined) continue
    // Unset but still stated: the no-variation seed pair, and the allow-listed options (A1111's defaults).
    if (body && key in body) rows.push({ path: key, value: body[key], note: 'unset: sent as “no variation”' })
    else if (key in overrides) rows.push({ path: key, value: overrides[key], note: 'unset: A1111’s default, stated in override_settings so an earlier job’s value cannot stay' })
    else rows.push({ path: key, value: undefined, note: 'not sent: the WebUI’s default' })
  }
  return rows
}
