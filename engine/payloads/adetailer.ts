/**
 * ADetailer request: an img2img call that carries ADetailer as an always-on script
 * (webui-api.md §5).
 *
 * The layout is `alwayson_scripts.ADetailer.args = [true, true, tab…]`:
 * - args[0] = true enables ADetailer;
 * - args[1] = true is skip_img2img: ADetailer replaces the full-frame img2img with a trivial one
 *   and keeps the input image, so only the detected regions are re-diffused. The original sent
 *   false, so every "ADetailer" stage first re-diffused the whole image at the carrier's denoise.
 *   Sending `denoising_strength: 0` instead is not a substitute: the carrier would still run a
 *   sampler pass, and its denoise is not what the passes use (each has ad_denoising_strength).
 *   The carrier therefore sends no denoising_strength at all.
 * - then one dict per enabled pass, with ADetailer's own argument names only: ADetailerArgs
 *   forbids unknown keys and skips a tab that has one (the original's `ad_mask_only_top_k_largest`
 *   silently disabled every pass).
 *
 * The carrier's size is the image's own: A1111 resizes init images to the request's width/height,
 * and ADetailer's inpainting takes its size from the carrier unless a pass sets its own.
 */
import type { AdetailerConfig, AdetailerPass } from '../config/stages.ts'
import { ADETAILER_MAX_TABS } from './a1111-fields.ts'
import {
  fixedGenerationKeys, modelOverrides, NO_RESTORE, OUTPUT_KEYS, requireImage, schedulerValue,
  stageSeed, type StageRequestContext,
} from './common.ts'
import { settingsOverrides, variationKeys } from './generation-extras.ts'
import {
  IMG2IMG_ENDPOINT, type AdetailerScriptArgs, type AdetailerTabArgs, type Img2ImgBody,
  type Img2ImgRequest,
} from './schemas.ts'

/** Thrown when an ADetailer stage has nothing that would run. */
export class NoAdetailerPassError extends Error {
  constructor() {
    // Sending zero tabs would not fail: ADetailer would stay off, skip_img2img would not apply,
    // and A1111 would run a plain full-frame img2img and return it as the "ADetailer" output.
    super('the ADetailer stage has no enabled pass (ad_tab_enable true and a model other than "None")')
    this.name = 'NoAdetailerPassError'
  }
}

/** A pass ADetailer would run: enabled, with a detection model. */
export function isActivePass(pass: AdetailerPass): boolean {
  return pass.ad_tab_enable && pass.ad_model !== 'None'
}

/** One tab dict: the pass as configured, with empty checkpoint/VAE names left out (null). */
export function adetailerTabArgs(pass: AdetailerPass): AdetailerTabArgs {
  const { ad_checkpoint, ad_vae, ...rest } = pass
  const tab: AdetailerTabArgs = { ...rest }
  if (ad_checkpoint !== '') tab.ad_checkpoint = ad_checkpoint
  if (ad_vae !== '') tab.ad_vae = ad_vae
  return tab
}

export function buildAdetailerArgs(passes: readonly AdetailerPass[]): AdetailerScriptArgs {
  const active = passes.filter(isActivePass)
  if (active.length === 0) throw new NoAdetailerPassError()
  if (active.length > ADETAILER_MAX_TABS) {
    // A1111 would silently drop the extra tabs (ad_max_models defaults to 4).
    throw new RangeError(`ADetailer takes at most ${ADETAILER_MAX_TABS} passes, got ${active.length}`)
  }
  return [true, true, ...active.map(adetailerTabArgs)]
}

export function buildAdetailerRequest(config: AdetailerConfig, ctx: StageRequestContext): Img2ImgRequest {
  const image = requireImage(ctx, 'adetailer')
  const body: Img2ImgBody = {
    init_images: [image.base64],
    resize_mode: 0,
    // Empty ad_prompt / ad_negative_prompt mean "the main prompt": the job's.
    prompt: ctx.prompt,
    negative_prompt: ctx.negativePrompt,
    ...fixedGenerationKeys(stageSeed(config.seed, ctx)),
    // A variation inherited from the image's stage (engine/compile/inherit.ts): its subseed for this image.
    ...variationKeys(config as Parameters<typeof variationKeys>[0], stageSeed(config.seed, ctx), ctx.imageIndex ?? 0),
    // The passes inherit these unless their ad_use_* flags say otherwise.
    sampler_name: config.sampler_name,
    scheduler: schedulerValue(config.scheduler),
    steps: config.steps,
    cfg_scale: config.cfg_scale,
    width: image.width,
    height: image.height,
    batch_size: 1,
    n_iter: 1,
    alwayson_scripts: { ADetailer: { args: buildAdetailerArgs(config.passes) } },
    // A pass that wants another model says so with ad_use_checkpoint; the carrier keeps the job's.
    override_settings: { ...modelOverrides(ctx.model), ...settingsOverrides(config as Parameters<typeof settingsOverrides>[0]) },
    ...NO_RESTORE,
    ...OUTPUT_KEYS,
  }
  return { endpoint: IMG2IMG_ENDPOINT, body }
}
