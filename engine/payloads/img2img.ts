/**
 * img2img request (webui-api.md §2.2) from a resolved Img2ImgConfig and the previous stage's image.
 */
import type { Img2ImgConfig } from '../config/stages.ts'
import {
  fixedGenerationKeys, joinPrompt, modelOverrides, NO_RESTORE, OUTPUT_KEYS, pickModel,
  requireImage, schedulerValue, stageSeed, type StageRequestContext,
} from './common.ts'
import { controlNetKeys } from './controlnet.ts'
import { inpaintKeys } from './inpaint.ts'
import { extraKeys, settingsOverrides } from './generation-extras.ts'
import { IMG2IMG_ENDPOINT, type Img2ImgBody, type Img2ImgRequest } from './schemas.ts'

export function buildImg2ImgRequest(config: Img2ImgConfig, ctx: StageRequestContext): Img2ImgRequest {
  const image = requireImage(ctx, 'img2img')
  const body: Img2ImgBody = {
    init_images: [image.base64],
    resize_mode: config.resize_mode,
    denoising_strength: config.denoising_strength,
    // The adjusts refine the job's prompt for this stage only; they never replace it.
    prompt: joinPrompt(ctx.prompt, config.prompt_adjust),
    negative_prompt: joinPrompt(ctx.negativePrompt, config.negative_adjust),
    ...fixedGenerationKeys(stageSeed(config.seed, ctx)),
    ...extraKeys(config, stageSeed(config.seed, ctx), ctx.imageIndex ?? 0),
    sampler_name: config.sampler_name,
    scheduler: schedulerValue(config.scheduler),
    steps: config.steps,
    cfg_scale: config.cfg_scale,
    // 0 keeps the input's size. The original sent no size at all, so A1111 used 512×512.
    width: config.width === 0 ? image.width : config.width,
    height: config.height === 0 ? image.height : config.height,
    ...controlNetKeys(config.controlnet, ctx),
    // Unset = one output per input; more are variations with consecutive seeds (A1111 repeats the init image).
    batch_size: config.batch_size ?? 1,
    n_iter: 1,
    // '' model/VAE keeps the job's: no model switch inside a job unless the stage asks for one.
    override_settings: { ...modelOverrides(pickModel(config, ctx.model, config.clip_skip ?? ctx.model.clipSkip)), ...settingsOverrides(config) },
    ...inpaintKeys(config.inpaint, ctx),
    ...NO_RESTORE,
    ...OUTPUT_KEYS,
  }
  return { endpoint: IMG2IMG_ENDPOINT, body }
}
