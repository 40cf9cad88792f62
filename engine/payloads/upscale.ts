/**
 * Upscale requests, three modes (UpscaleConfig.mode, engine/config/upscale-modes.ts):
 * - `single`: the extras upscaler (webui-api.md §2.3), optionally with a second blended
 *   upscaler, a target size and face restoration;
 * - `img2img`: the whole image re-diffused at factor × its size (see buildUpscaleImg2ImgRequest);
 * - `sd-upscale`: A1111's tiled SD upscale script (see buildSdUpscaleRequest).
 */
import type { UpscaleConfig } from '../config/stages.ts'
import {
  fixedGenerationKeys, modelOverrides, NO_RESTORE, OUTPUT_KEYS, requireImage, roundTo8,
  schedulerValue, stageSeed, type StageRequestContext,
} from './common.ts'
import { settingsOverrides } from './generation-extras.ts'
import {
  EXTRAS_SINGLE_IMAGE_ENDPOINT, IMG2IMG_ENDPOINT, SD_UPSCALE_SCRIPT, type ExtrasSingleImageRequest,
  type Img2ImgBody, type Img2ImgRequest,
} from './schemas.ts'

export function buildUpscaleRequest(
  config: UpscaleConfig,
  ctx: StageRequestContext,
): ExtrasSingleImageRequest | Img2ImgRequest {
  switch (config.mode) {
    case 'single': return buildUpscaleSingleRequest(config, ctx)
    case 'img2img': return buildUpscaleImg2ImgRequest(config, ctx)
    case 'sd-upscale': return buildSdUpscaleRequest(config, ctx)
  }
}

/**
 * The factor goes out exactly as configured (the schema keeps it in A1111's 1..8). The original
 * lowered it to fit a pixel budget (2.0 became 1.853) without telling anyone; if a budget is ever
 * needed, it belongs in validation, as an error the user sees.
 */
export function buildUpscaleSingleRequest(config: UpscaleConfig, ctx: StageRequestContext): ExtrasSingleImageRequest {
  const image = requireImage(ctx, 'upscale')
  return {
    endpoint: EXTRAS_SINGLE_IMAGE_ENDPOINT,
    body: {
      image: image.base64,
      // Only the side of the resize choice that A1111 reads is sent (the other has no effect).
      ...(config.resize_mode === 1
        ? {
            resize_mode: 1 as const,
            upscaling_resize_w: config.upscaling_resize_w,
            upscaling_resize_h: config.upscaling_resize_h,
            upscaling_crop: config.upscaling_crop,
          }
        : { resize_mode: 0 as const, upscaling_resize: config.factor }),
      upscaler_1: config.upscaler,
      upscaler_2: config.upscaler_2,
      extras_upscaler_2_visibility: config.extras_upscaler_2_visibility,
      upscale_first: config.upscale_first,
      gfpgan_visibility: config.gfpgan_visibility,
      codeformer_visibility: config.codeformer_visibility,
      codeformer_weight: config.codeformer_weight,
    },
  }
}

/**
 * A re-diffusion at the factor, not A1111's tiled "SD upscale" script: one img2img at
 * round-to-8(size × factor), the whole frame at once. A1111 first resizes the input to that size
 * with `upscaler_for_img2img` (resize mode 0), then diffuses at the configured denoise. The
 * original never set that option, so the WebUI's global choice (often plain Lanczos) did the
 * resize whatever the user picked; here the chosen upscaler goes in override_settings.
 * Face restoration does not apply in this mode.
 */
export function buildUpscaleImg2ImgRequest(config: UpscaleConfig, ctx: StageRequestContext): Img2ImgRequest {
  const image = requireImage(ctx, 'upscale')
  const body = rediffusionBody(config, ctx, image.base64)
  return {
    endpoint: IMG2IMG_ENDPOINT,
    body: {
      ...body,
      width: roundTo8(image.width * config.factor),
      height: roundTo8(image.height * config.factor),
      override_settings: { ...body.override_settings, upscaler_for_img2img: config.upscaler },
    },
  }
}

/**
 * A1111's built-in SD upscale script: the script enlarges the input with the upscaler by the
 * factor (to a multiple of 8), cuts it into tiles of the request's width × height overlapping by
 * `tile_overlap` pixels, re-diffuses each tile as one img2img sampling (seed, seed + 1, …) and
 * blends them back (engine/payloads/upscale-geometry.ts gives the size and the tile count).
 * The request's own resize never happens: width/height only set the tile size.
 */
export function buildSdUpscaleRequest(config: UpscaleConfig, ctx: StageRequestContext): Img2ImgRequest {
  const image = requireImage(ctx, 'upscale')
  return {
    endpoint: IMG2IMG_ENDPOINT,
    body: {
      ...rediffusionBody(config, ctx, image.base64),
      width: config.tile_width,
      height: config.tile_height,
      script_name: SD_UPSCALE_SCRIPT,
      script_args: ['', config.tile_overlap, config.upscaler, config.factor],
    },
  }
}

/** What both re-diffusing modes send, before their size (and the whole-frame mode's upscaler option). */
function rediffusionBody(config: UpscaleConfig, ctx: StageRequestContext, base64: string): Omit<Img2ImgBody, 'width' | 'height'> {
  return {
    init_images: [base64],
    resize_mode: 0,
    denoising_strength: config.denoising_strength,
    prompt: ctx.prompt,
    negative_prompt: ctx.negativePrompt,
    ...fixedGenerationKeys(stageSeed(config.seed, ctx)),
    sampler_name: config.sampler_name,
    scheduler: schedulerValue(config.scheduler),
    steps: config.steps,
    cfg_scale: config.cfg_scale,
    batch_size: 1,
    n_iter: 1,
    override_settings: { ...modelOverrides(ctx.model), ...settingsOverrides(config as Parameters<typeof settingsOverrides>[0]) },
    ...NO_RESTORE,
    ...OUTPUT_KEYS,
  }
}
