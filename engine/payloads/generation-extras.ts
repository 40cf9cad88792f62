/**
 * The request keys of the optional generation settings (engine/config/generation-extras.ts),
 * shared by the txt2img and img2img builders so the two cannot disagree.
 *
 * - Top-level fields (styles, variation seed, eta, restore_faces, tiling, Forge's
 *   distilled CFG, img2img's image CFG and noise multiplier) are sent only when set: unset leaves
 *   the WebUI's own default, as an untouched A1111 tab does.
 * - The allow-listed options go in `override_settings`, and every request states all of them
 *   (A1111's default when unset). We never restore options afterwards (NO_RESTORE), so an option
 *   one job set would otherwise stay on the WebUI and change the next job without a word.
 */
import {
  SAMPLER_PARAM_KEYS, SETTINGS_OVERRIDE_KEYS, type SettingsOverrideField,
} from '../config/generation-extras.ts'
import type { Img2ImgConfig, Txt2ImgConfig } from '../config/stages.ts'
import { createRng, MAX_SEED, randomSeed, seedFrom } from '../util/rng.ts'
import type { OverrideSettings } from './schemas.ts'

/** A1111 1.10's defaults of the allow-listed options (what a fresh WebUI runs with). */
export const SETTINGS_OVERRIDE_DEFAULTS: { [K in SettingsOverrideField]: NonNullable<Txt2ImgConfig[K]> } = {
  eta_noise_seed_delta: 0,
  randn_source: 'GPU',
  token_merging_ratio: 0,
  face_restoration_model: 'CodeFormer',
  code_former_weight: 0.5,
  s_churn: 0,
  s_tmin: 0,
  s_tmax: 0,
  s_noise: 1,
}

type Extras = Pick<Txt2ImgConfig,
  | 'styles' | 'subseed' | 'subseed_strength' | 'seed_resize_from_w' | 'seed_resize_from_h'
  | 'eta' | 'restore_faces' | 'tiling'
  | 'distilled_cfg_scale' | SettingsOverrideField>

export interface ExtraKeys {
  styles?: string[]
  subseed: number
  subseed_strength: number
  seed_resize_from_w?: number
  seed_resize_from_h?: number
  eta?: number
  restore_faces?: boolean
  tiling?: boolean
  distilled_cfg_scale?: number
  image_cfg_scale?: number
  initial_noise_multiplier?: number
}

/**
 * The variation seed of image 0. -1 (or unset with a strength) is derived from the job's seed,
 * never left to the WebUI's random draw, so the preview shows the subseed that runs and a rerun
 * makes the same image. Image i of a stage after the root gets subseed + i, as A1111 numbers a batch.
 */
export function variationSeed(c: Pick<Extras, 'subseed' | 'subseed_strength'>, seed: number, imageIndex: number): number {
  if ((c.subseed_strength ?? 0) === 0) return -1
  const base = c.subseed !== undefined && c.subseed >= 0 ? c.subseed : randomSeed(createRng(seedFrom(seed, 'subseed')))
  return (base + imageIndex) % MAX_SEED
}

/** `subseed` / `subseed_strength` of a request: the variation, or -1 / 0 (none). */
export function variationKeys(c: Pick<Extras, 'subseed' | 'subseed_strength'>, seed: number, imageIndex = 0): { subseed: number; subseed_strength: number } {
  return { subseed: variationSeed(c, seed, imageIndex), subseed_strength: c.subseed_strength ?? 0 }
}

export function extraKeys(c: Extras & Partial<Pick<Img2ImgConfig, 'image_cfg_scale' | 'initial_noise_multiplier'>>, seed: number, imageIndex = 0): ExtraKeys {
  const keys: ExtraKeys = variationKeys(c, seed, imageIndex)
  if (c.styles !== undefined && c.styles.length > 0) keys.styles = [...c.styles]
  // A1111 ignores the resize unless both sides are > 0; send it only then, so the payload says what runs.
  if ((c.seed_resize_from_w ?? 0) > 0 && (c.seed_resize_from_h ?? 0) > 0) {
    keys.seed_resize_from_w = c.seed_resize_from_w
    keys.seed_resize_from_h = c.seed_resize_from_h
  }
  for (const k of SAMPLER_PARAM_KEYS) if (c[k] !== undefined) keys[k] = c[k]
  if (c.restore_faces !== undefined) keys.restore_faces = c.restore_faces
  if (c.tiling !== undefined) keys.tiling = c.tiling
  if (c.distilled_cfg_scale !== undefined) keys.distilled_cfg_scale = c.distilled_cfg_scale
  if (c.image_cfg_scale !== undefined) keys.image_cfg_scale = c.image_cfg_scale
  if (c.initial_noise_multiplier !== undefined) keys.initial_noise_multiplier = c.initial_noise_multiplier
  return keys
}

/**
 * Every allow-listed option, stated: the stage's value (own or inherited from the image's stage,
 * engine/compile/inherit.ts), else A1111's default. ADetailer and upscale configs carry them only
 * when inherited, hence the loose parameter type.
 */
export function settingsOverrides(c: Partial<Pick<Txt2ImgConfig, SettingsOverrideField>>): OverrideSettings {
  const o: Record<string, unknown> = {}
  for (const k of SETTINGS_OVERRIDE_KEYS) o[k] = c[k] ?? SETTINGS_OVERRIDE_DEFAULTS[k]
  return o as OverrideSettings
}
