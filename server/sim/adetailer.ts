/**
 * ADetailer as an always-on script: argument parsing and per-tab validation (its pydantic
 * `ADetailerArgs` forbids unknown keys and checks ranges; a bad tab is skipped, never a 4xx),
 * and the infotext keys it adds.
 */
import { ValidationError } from './errors.ts'
import { AD_MODELS, ADETAILER_VERSION } from './resources.ts'
import { ordinalSuffix, type InfoParams } from './infotext.ts'
import { validateBody, type FieldSpec, type Schema } from './validate.ts'

const f = (t: FieldSpec['t'], d: unknown, extra: Partial<FieldSpec> = {}): FieldSpec => ({ t, d, ...extra })

const AD_SCHEMA: Schema = {
  ad_model: f('str', 'None'),
  ad_model_classes: f('str', ''),
  ad_tab_enable: f('bool', true),
  ad_prompt: f('str', ''),
  ad_negative_prompt: f('str', ''),
  ad_confidence: f('float', 0.3, { ge: 0, le: 1 }),
  ad_mask_filter_method: f('str', 'Area'),
  ad_mask_k: f('int', 0, { ge: 0 }),
  ad_mask_min_ratio: f('float', 0.0, { ge: 0, le: 1 }),
  ad_mask_max_ratio: f('float', 1.0, { ge: 0, le: 1 }),
  ad_dilate_erode: f('int', 4),
  ad_x_offset: f('int', 0),
  ad_y_offset: f('int', 0),
  ad_mask_merge_invert: f('str', 'None'),
  ad_mask_blur: f('int', 4, { ge: 0 }),
  ad_denoising_strength: f('float', 0.4, { ge: 0, le: 1 }),
  ad_inpaint_only_masked: f('bool', true),
  ad_inpaint_only_masked_padding: f('int', 32, { ge: 0 }),
  ad_use_inpaint_width_height: f('bool', false),
  ad_inpaint_width: f('int', 512, { ge: 64, le: 2048 }),
  ad_inpaint_height: f('int', 512, { ge: 64, le: 2048 }),
  ad_use_steps: f('bool', false),
  ad_steps: f('int', 28, { gt: 0 }),
  ad_use_cfg_scale: f('bool', false),
  ad_cfg_scale: f('float', 7.0, { ge: 0 }),
  ad_use_checkpoint: f('bool', false),
  ad_checkpoint: f('str', null),
  ad_use_vae: f('bool', false),
  ad_vae: f('str', null),
  ad_use_sampler: f('bool', false),
  ad_sampler: f('str', 'DPM++ 2M Karras'),
  ad_scheduler: f('str', 'Use same scheduler'),
  ad_use_noise_multiplier: f('bool', false),
  ad_noise_multiplier: f('float', 1.0, { ge: 0.5, le: 1.5 }),
  ad_use_clip_skip: f('bool', false),
  ad_clip_skip: f('int', 1, { ge: 1, le: 12 }),
  ad_restore_face: f('bool', false),
  ad_controlnet_model: f('str', 'None'),
  ad_controlnet_module: f('str', 'None'),
  ad_controlnet_weight: f('float', 1.0, { ge: 0, le: 1 }),
  ad_controlnet_guidance_start: f('float', 0.0, { ge: 0, le: 1 }),
  ad_controlnet_guidance_end: f('float', 1.0, { ge: 0, le: 1 }),
  is_api: f('bool', true),
}

const ENUMS: Record<string, string[]> = {
  ad_mask_filter_method: ['Area', 'Confidence'],
  ad_mask_merge_invert: ['None', 'Merge', 'Merge and Invert'],
}

/** 2 + ad_max_models argument slots: A1111 copies only that many, dropping the rest. */
export const AD_MAX_MODELS = 4

export type AdTab = Record<string, unknown>

export interface AdetailerPlan {
  /** ADetailer will run: enabled and at least one valid, enabled tab with a model. */
  active: boolean
  skipImg2img: boolean
  /** Valid tabs, in order (their index gives the infotext suffix). */
  tabs: AdTab[]
  /** What ADetailer would print to the console (skipped tabs, unknown models). */
  log: string[]
}

/** Validates one tab; an error string if ADetailer would skip it. */
export function validateTab(raw: unknown): { ok: true; tab: AdTab } | { ok: false; error: string } {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, error: 'not a dict' }
  const extra = Object.keys(raw).filter((k) => !(k in AD_SCHEMA))
  if (extra.length) return { ok: false, error: `extra fields not permitted: ${extra.join(', ')}` }
  try {
    const { values } = validateBody(raw, AD_SCHEMA, 'a1111')
    for (const [k, allowed] of Object.entries(ENUMS)) {
      if (!allowed.includes(values[k] as string)) return { ok: false, error: `${k} must be one of ${allowed.join(', ')}` }
    }
    return { ok: true, tab: values }
  } catch (e) {
    if (e instanceof ValidationError) return { ok: false, error: JSON.stringify(e.items) }
    throw e
  }
}

/** Reads `alwayson_scripts.ADetailer.args` like ADetailer's `get_args`. */
export function planAdetailer(args: unknown, opts: { img2img: boolean; inpaint: boolean }): AdetailerPlan {
  const plan: AdetailerPlan = { active: false, skipImg2img: false, tabs: [], log: [] }
  if (!Array.isArray(args) || args.length === 0) return plan
  const slots = args.slice(0, 2 + AD_MAX_MODELS)
  let enabled = true
  let rest = slots
  // The old form is a bare list of dicts; then ADetailer counts as enabled.
  if (typeof slots[0] === 'boolean') {
    enabled = slots[0]
    rest = slots.slice(1)
    if (typeof rest[0] === 'boolean') {
      plan.skipImg2img = rest[0] && opts.img2img && !opts.inpaint
      rest = rest.slice(1)
    }
  }
  for (const [i, raw] of rest.entries()) {
    const r = validateTab(raw)
    if (r.ok) plan.tabs.push(r.tab)
    else plan.log.push(`[-] ADetailer: Invalid arguments in tab ${i + 1}: ${r.error}; skipping`)
  }
  if (plan.tabs.length === 0 && rest.length > 0) plan.log.push('[-] ADetailer: ValueError: no valid arguments')
  plan.active = enabled && plan.tabs.some(runs)
  if (!plan.active) plan.skipImg2img = false
  return plan
}

/** A tab that does something (ad_model unknown still "runs" but fails: see `modelKnown`). */
export const runs = (tab: AdTab): boolean => tab.ad_tab_enable === true && tab.ad_model !== 'None'

export const modelKnown = (tab: AdTab, models: readonly string[] = AD_MODELS): boolean => models.includes(tab.ad_model as string)

/** Infotext keys for one tab that ran; defaults of optional keys are left out. */
export function tabInfotext(tab: AdTab, index: number): InfoParams {
  const s = ordinalSuffix(index)
  const out: InfoParams = []
  const add = (k: string, v: unknown): void => void out.push([`ADetailer ${k}${s}`, v as string | number | boolean])
  add('model', tab.ad_model)
  if (tab.ad_model_classes) add('model classes', tab.ad_model_classes)
  if (tab.ad_prompt) add('prompt', tab.ad_prompt)
  if (tab.ad_negative_prompt) add('negative prompt', tab.ad_negative_prompt)
  add('confidence', tab.ad_confidence)
  if ((tab.ad_mask_k as number) > 0) {
    add('method to decide top k masks', tab.ad_mask_filter_method)
    add('mask only top k', tab.ad_mask_k)
  }
  if (tab.ad_mask_min_ratio !== 0) add('mask min ratio', tab.ad_mask_min_ratio)
  if (tab.ad_mask_max_ratio !== 1) add('mask max ratio', tab.ad_mask_max_ratio)
  if (tab.ad_x_offset !== 0) add('x offset', tab.ad_x_offset)
  if (tab.ad_y_offset !== 0) add('y offset', tab.ad_y_offset)
  add('dilate erode', tab.ad_dilate_erode)
  if (tab.ad_mask_merge_invert !== 'None') add('mask merge invert', tab.ad_mask_merge_invert)
  add('mask blur', tab.ad_mask_blur)
  add('denoising strength', tab.ad_denoising_strength)
  if (tab.ad_inpaint_only_masked) {
    add('inpaint only masked', true)
    add('inpaint padding', tab.ad_inpaint_only_masked_padding)
  }
  if (tab.ad_use_inpaint_width_height) {
    add('use inpaint width height', true)
    add('inpaint width', tab.ad_inpaint_width)
    add('inpaint height', tab.ad_inpaint_height)
  }
  if (tab.ad_use_steps) { add('use separate steps', true); add('steps', tab.ad_steps) }
  if (tab.ad_use_cfg_scale) { add('use separate CFG scale', true); add('CFG scale', tab.ad_cfg_scale) }
  if (tab.ad_use_checkpoint) { add('use separate checkpoint', true); add('checkpoint', tab.ad_checkpoint) }
  if (tab.ad_use_vae) { add('use separate VAE', true); add('VAE', tab.ad_vae) }
  if (tab.ad_use_sampler) {
    add('use separate sampler', true)
    add('sampler', tab.ad_sampler)
    if (tab.ad_scheduler !== 'Use same scheduler') add('scheduler', tab.ad_scheduler)
  }
  if (tab.ad_use_noise_multiplier) { add('use separate noise multiplier', true); add('noise multiplier', tab.ad_noise_multiplier) }
  if (tab.ad_use_clip_skip) { add('use separate CLIP skip', true); add('CLIP skip', tab.ad_clip_skip) }
  if (tab.ad_restore_face) add('restore face', true)
  if (tab.ad_controlnet_model !== 'None') {
    add('ControlNet model', tab.ad_controlnet_model)
    add('ControlNet module', tab.ad_controlnet_module)
    add('ControlNet weight', tab.ad_controlnet_weight)
    add('ControlNet guidance start', tab.ad_controlnet_guidance_start)
    add('ControlNet guidance end', tab.ad_controlnet_guidance_end)
  }
  return out
}

export const versionInfotext = (): InfoParams => [['ADetailer version', ADETAILER_VERSION]]
