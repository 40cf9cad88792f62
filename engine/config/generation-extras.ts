/**
 * Generation settings A1111 has on its txt2img/img2img tabs beyond the basics (issue 11 §1):
 * styles, variation seed, sampler parameters, face restoration, tiling, the reviewed
 * `override_settings` allow-list, and Forge's distilled CFG.
 *
 * Every field here is optional and has no built-in default: unset means "the WebUI's own
 * default", and the key is then absent from the payload (the preview lists it as not sent).
 * That is what A1111 itself does with an untouched advanced setting, and it keeps a request
 * from pinning a value the user never chose.
 */
import { z } from 'zod'

/** An A1111 prompt style name (`/sdapi/v1/prompt-styles`), resolved like every WebUI name. */
export const StyleName = z.string().min(1).max(200)

/**
 * The A1111 options a stage may set through `override_settings`, as config fields of the same
 * name. One reviewed list, not a free-form dict: an unknown option key is a 500 KeyError in
 * A1111 (webui-api.md §2.1), and a mistyped value would silently change a global setting.
 * Every key here is an option of A1111 1.10 and of Forge (its modules/shared_options.py has the
 * same names), since every generation request states them all.
 */
export const SETTINGS_OVERRIDE_FIELDS = {
  /** ENSD: shifts the noise of ancestral samplers ("31337" reproduces NovelAI-era images). */
  eta_noise_seed_delta: z.int().min(0).max(4294967295),
  /** Where initial noise is drawn: GPU (A1111's default), CPU (same across GPUs), NV. */
  randn_source: z.enum(['GPU', 'CPU', 'NV']),
  token_merging_ratio: z.number().min(0).max(0.9),
  /** Which face restorer `restore_faces` uses. */
  face_restoration_model: z.enum(['CodeFormer', 'GFPGAN']),
  code_former_weight: z.number().min(0).max(1),
  /**
   * Sigma churn / tmin / tmax / noise (Euler, Heun, DPM2; s_noise also the SDE and ancestral
   * samplers). Options, not request fields: A1111 1.10's sampler reads them as
   * `getattr(opts, "s_churn", p.s_churn)` (modules/sd_samplers_common.py), so a top-level
   * `s_churn` in a request never takes effect; through override_settings it does.
   */
  s_churn: z.number().min(0).max(100),
  s_tmin: z.number().min(0).max(10),
  /** 0 = infinity. */
  s_tmax: z.number().min(0).max(999),
  s_noise: z.number().min(0).max(1.1),
} as const
export type SettingsOverrideField = keyof typeof SETTINGS_OVERRIDE_FIELDS
export const SETTINGS_OVERRIDE_KEYS = Object.keys(SETTINGS_OVERRIDE_FIELDS) as SettingsOverrideField[]

/**
 * Sampler parameters A1111 takes from the request (sent at top level only when set; unset = its
 * option). Only eta: the sigma parameters are options (SETTINGS_OVERRIDE_FIELDS).
 */
export const SAMPLER_PARAM_FIELDS = {
  eta: z.number().min(0).max(1),
} as const
export const SAMPLER_PARAM_KEYS = Object.keys(SAMPLER_PARAM_FIELDS) as (keyof typeof SAMPLER_PARAM_FIELDS)[]

const opt = <T extends Record<string, z.ZodType>>(shape: T) =>
  Object.fromEntries(Object.entries(shape).map(([k, s]) => [k, s.optional()])) as { [K in keyof T]: z.ZodOptional<T[K]> }

/** The fields shared by txt2img and img2img (spread into both config schemas). */
export const GENERATION_EXTRA_FIELDS = {
  /** Applied by the WebUI in order; the preview shows the prompt they expand to. */
  styles: z.array(StyleName).max(16).optional(),
  /** Variation seed; -1 = derived from the job's seed at compile time (so the preview shows it). */
  subseed: z.int().min(-1).max(4294967294).optional(),
  subseed_strength: z.number().min(0).max(1).optional(),
  /** Make the noise as if the image were this size (keeps a composition when resizing). 0 = off. */
  seed_resize_from_w: z.int().min(0).max(4096).optional(),
  seed_resize_from_h: z.int().min(0).max(4096).optional(),
  ...opt(SAMPLER_PARAM_FIELDS),
  restore_faces: z.boolean().optional(),
  tiling: z.boolean().optional(),
  ...opt(SETTINGS_OVERRIDE_FIELDS),
  /** Forge only (Flux-style distilled guidance): a stage that sets it runs only on a Forge WebUI. */
  distilled_cfg_scale: z.number().min(0).max(30).optional(),
}

/** img2img-only additions. */
export const IMG2IMG_EXTRA_FIELDS = {
  /** Image CFG for instruct-pix2pix models (A1111 ignores it for others). */
  image_cfg_scale: z.number().min(0).max(30).optional(),
  /** A1111's "Noise multiplier for img2img" option, per request. */
  initial_noise_multiplier: z.number().min(0).max(1.5).optional(),
  /** Unset = the clip skip of the stage that made the image (inherited). */
  clip_skip: z.int().min(1).max(12).optional(),
  /**
   * Images per incoming image (unset = 1). Output k of the stage carries seed job seed + k, as in
   * every stage: the call on incoming image i uses seed + i × batch_size (engine/compile/stage-request.ts).
   */
  batch_size: z.int().min(1).max(8).optional(),
}

/** Fields only Forge understands; A1111 would ignore them silently, so such a job is routed to Forge. */
export const FORGE_ONLY_FIELDS = ['distilled_cfg_scale'] as const

/** True when a stage's resolved config sets a Forge-only field. */
export function usesForgeOnly(values: Record<string, unknown>): string | null {
  return FORGE_ONLY_FIELDS.find((k) => values[k] !== undefined) ?? null
}
