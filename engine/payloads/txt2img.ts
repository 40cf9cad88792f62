/**
 * txt2img request (webui-api.md §2.1) from a resolved Txt2ImgConfig.
 */
import type { Txt2ImgConfig } from '../config/stages.ts'
import {
  fixedGenerationKeys, modelOverrides, NO_RESTORE, OUTPUT_KEYS, pickModel,
  schedulerValue, type StageRequestContext,
} from './common.ts'
import { controlNetKeys } from './controlnet.ts'
import { extraKeys, settingsOverrides } from './generation-extras.ts'
import { TXT2IMG_ENDPOINT, type Txt2ImgBody, type Txt2ImgRequest } from './schemas.ts'

export function buildTxt2ImgRequest(config: Txt2ImgConfig, ctx: StageRequestContext): Txt2ImgRequest {
  const body: Txt2ImgBody = {
    prompt: ctx.prompt,
    // The job's negative is final: the compiler already placed config.negative_prompt in it
    // (after the global negative, before the row's phrases), so it is not added again here.
    negative_prompt: ctx.negativePrompt,
    // The job's seed: the compiler already turned config.seed (and the seed mode) into it.
    ...fixedGenerationKeys(ctx.seed),
    // Styles, variation seed, sampler parameters…: only what the stage sets (A1111 numbers the batch's subseeds).
    ...extraKeys(config, ctx.seed),
    sampler_name: config.sampler_name,
    scheduler: schedulerValue(config.scheduler),
    steps: config.steps,
    cfg_scale: config.cfg_scale,
    width: config.width,
    height: config.height,
    batch_size: config.batch_size,
    // Batch runs are separate jobs, each with its own seed and artifacts, never n_iter.
    n_iter: 1,
    ...hiresKeys(config.hires),
    ...refinerKeys(config.refiner),
    ...controlNetKeys(config.controlnet, ctx),
    override_settings: { ...modelOverrides(pickModel(config, ctx.model, config.clip_skip)), ...settingsOverrides(config) },
    ...NO_RESTORE,
    ...OUTPUT_KEYS,
  }
  return { endpoint: TXT2IMG_ENDPOINT, body }
}

type HiresKeys = Pick<Txt2ImgBody,
  | 'enable_hr' | 'denoising_strength' | 'hr_scale' | 'hr_upscaler' | 'hr_second_pass_steps'
  | 'hr_resize_x' | 'hr_resize_y' | 'hr_sampler_name' | 'hr_scheduler' | 'hr_checkpoint_name'
  | 'hr_prompt' | 'hr_negative_prompt'>

/**
 * Hires-fix keys, only when enabled (a disabled block sends nothing, so the payload says what
 * runs). `denoising_strength` is always part of it: A1111's request model leaves it null and the
 * second pass then fails with a 500. An empty hires sampler/scheduler is left out, which A1111
 * reads as "same as the first pass"; the UI's "Use same …" strings are not valid API values.
 */
function hiresKeys(h: Txt2ImgConfig['hires']): HiresKeys {
  if (!h.enabled) return {}
  const keys: HiresKeys = {
    enable_hr: true,
    denoising_strength: h.denoising_strength,
    hr_scale: h.scale,
    hr_upscaler: h.upscaler,
    // 0 = as many steps as the first pass; 0 for resize = use hr_scale.
    hr_second_pass_steps: h.second_pass_steps,
    hr_resize_x: h.resize_x,
    hr_resize_y: h.resize_y,
  }
  if (h.sampler_name !== '') keys.hr_sampler_name = h.sampler_name
  if (h.scheduler !== '') keys.hr_scheduler = h.scheduler
  // '' = A1111's own "same as the first pass" (it copies the prompt / keeps the checkpoint).
  if (h.checkpoint !== '') keys.hr_checkpoint_name = h.checkpoint
  if (h.prompt !== '') keys.hr_prompt = h.prompt
  if (h.negative_prompt !== '') keys.hr_negative_prompt = h.negative_prompt
  return keys
}

type RefinerKeys = Pick<Txt2ImgBody, 'refiner_checkpoint' | 'refiner_switch_at'>

/**
 * Refiner keys only when enabled with a checkpoint. A1111 treats an empty refiner checkpoint as
 * "no refiner", so an enabled block without one sends nothing rather than an empty string.
 */
function refinerKeys(r: Txt2ImgConfig['refiner']): RefinerKeys {
  if (!r.enabled || r.checkpoint === '') return {}
  return { refiner_checkpoint: r.checkpoint, refiner_switch_at: r.switch_at }
}
