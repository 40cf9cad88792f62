/**
 * zod schemas of the WebUI requests we send and the responses we read (reference/webui-api.md).
 *
 * The request schemas are strict and list only the keys our builders emit, so that
 * `WebuiRequest.parse(x)` rejects a payload that drifted (an extra key, a null where A1111 wants a
 * value). The server can parse stored payloads with them; tests parse every built payload.
 * The response schemas are loose: A1111 and Forge add fields between versions, and we only read
 * the few listed here.
 */
import { z } from 'zod'
import { AdetailerPass } from '../config/stages.ts'
import { ControlNetUnit } from '../config/controlnet.ts'
import { SAMPLER_PARAM_FIELDS, SETTINGS_OVERRIDE_FIELDS, StyleName } from '../config/generation-extras.ts'

export const TXT2IMG_ENDPOINT = '/sdapi/v1/txt2img'
export const IMG2IMG_ENDPOINT = '/sdapi/v1/img2img'
export const EXTRAS_SINGLE_IMAGE_ENDPOINT = '/sdapi/v1/extra-single-image'

const nonEmpty = z.string().min(1)
const seed = z.int().min(0).max(4294967294)

/** Per-request options (webui-api.md §2.1). Only option keys that exist in A1111 1.10. */
export const OverrideSettings = z.strictObject({
  sd_model_checkpoint: nonEmpty.optional(),
  sd_vae: nonEmpty.optional(),
  CLIP_stop_at_last_layers: z.int().min(1).max(12).optional(),
  /** img2img mode of the upscale stage: the upscaler that resizes before re-diffusion. */
  upscaler_for_img2img: nonEmpty.optional(),
  // The reviewed allow-list (engine/config/generation-extras.ts); generation requests state all of them.
  eta_noise_seed_delta: SETTINGS_OVERRIDE_FIELDS.eta_noise_seed_delta.optional(),
  randn_source: SETTINGS_OVERRIDE_FIELDS.randn_source.optional(),
  token_merging_ratio: SETTINGS_OVERRIDE_FIELDS.token_merging_ratio.optional(),
  face_restoration_model: SETTINGS_OVERRIDE_FIELDS.face_restoration_model.optional(),
  code_former_weight: SETTINGS_OVERRIDE_FIELDS.code_former_weight.optional(),
  s_churn: SETTINGS_OVERRIDE_FIELDS.s_churn.optional(),
  s_tmin: SETTINGS_OVERRIDE_FIELDS.s_tmin.optional(),
  s_tmax: SETTINGS_OVERRIDE_FIELDS.s_tmax.optional(),
  s_noise: SETTINGS_OVERRIDE_FIELDS.s_noise.optional(),
})
export type OverrideSettings = z.infer<typeof OverrideSettings>

/** Keys every generation request (txt2img and img2img) carries. */
const generationShape = {
  prompt: z.string(),
  negative_prompt: z.string(),
  /** Always concrete: seed -1 is resolved at compile time so the preview shows what runs. */
  seed,
  /** -1 with strength 0 (no variation); a concrete variation seed otherwise. */
  subseed: z.int().min(-1).max(4294967294),
  subseed_strength: z.number().min(0).max(1),
  sampler_name: nonEmpty,
  scheduler: nonEmpty,
  steps: z.int().min(1).max(150),
  cfg_scale: z.number().min(1).max(30),
  width: z.int().min(8),
  height: z.int().min(8),
  batch_size: z.int().min(1).max(8),
  n_iter: z.literal(1),
  override_settings: OverrideSettings,
  override_settings_restore_afterwards: z.literal(false),
  send_images: z.literal(true),
  save_images: z.literal(false),
  // Optional generation settings: present only when the stage sets them (generation-extras.ts).
  styles: z.array(StyleName).min(1).optional(),
  seed_resize_from_w: z.int().min(1).optional(),
  seed_resize_from_h: z.int().min(1).optional(),
  eta: SAMPLER_PARAM_FIELDS.eta.optional(),
  restore_faces: z.boolean().optional(),
  tiling: z.boolean().optional(),
  /** Forge only: such a job is routed to Forge backends (server/exec/routing.ts). */
  distilled_cfg_scale: z.number().min(0).max(30).optional(),
}

/** One ControlNet unit as sent: the config's unit with its image as bare base64, always enabled. */
export const ControlNetUnitArgs = ControlNetUnit.extend({ enabled: z.literal(true), image: nonEmpty })
export type ControlNetUnitArgs = z.infer<typeof ControlNetUnitArgs>

/** `alwayson_scripts.controlnet` (engine/payloads/controlnet.ts): only with an enabled unit. */
export const ControlNetScript = z.strictObject({ args: z.array(ControlNetUnitArgs).min(1) })

export const Txt2ImgBody = z.strictObject({
  ...generationShape,
  // hires fix: all present together, only when enabled
  enable_hr: z.literal(true).optional(),
  denoising_strength: z.number().min(0).max(1).optional(),
  hr_scale: z.number().min(1).optional(),
  hr_upscaler: nonEmpty.optional(),
  hr_second_pass_steps: z.int().min(0).optional(),
  hr_resize_x: z.int().min(0).optional(),
  hr_resize_y: z.int().min(0).optional(),
  hr_sampler_name: nonEmpty.optional(),
  hr_scheduler: nonEmpty.optional(),
  hr_checkpoint_name: nonEmpty.optional(),
  hr_prompt: nonEmpty.optional(),
  hr_negative_prompt: nonEmpty.optional(),
  // refiner: only when enabled
  refiner_checkpoint: nonEmpty.optional(),
  refiner_switch_at: z.number().min(0.01).max(1).optional(),
  alwayson_scripts: z.strictObject({ controlnet: ControlNetScript }).optional(),
})
export type Txt2ImgBody = z.infer<typeof Txt2ImgBody>

/** One ADetailer tab as sent: the config's pass, with empty model names left out (= null). */
export const AdetailerTabArgs = AdetailerPass.omit({ ad_checkpoint: true, ad_vae: true }).extend({
  ad_checkpoint: nonEmpty.optional(),
  ad_vae: nonEmpty.optional(),
})
export type AdetailerTabArgs = z.infer<typeof AdetailerTabArgs>

/** `[ad_enable, skip_img2img, tab…]` (webui-api.md §5); we always send both true, see adetailer.ts. */
export const AdetailerScriptArgs = z.tuple([z.literal(true), z.literal(true)], AdetailerTabArgs)
export type AdetailerScriptArgs = z.infer<typeof AdetailerScriptArgs>

/** img2img's scripts: ADetailer (its carrier) and/or ControlNet. */
export const AlwaysonScripts = z.strictObject({
  ADetailer: z.strictObject({ args: AdetailerScriptArgs }).optional(),
  controlnet: ControlNetScript.optional(),
})
export type AlwaysonScripts = z.infer<typeof AlwaysonScripts>

/**
 * A1111's "SD upscale" script args (scripts/sd_upscale.py `run(p, _, overlap, upscaler_index,
 * scale_factor)`): [info (unused), tile overlap px, upscaler, scale factor]. The upscaler goes as
 * its name: the script turns a string into its index itself (case-insensitively), which an index
 * we computed could not do safely (it depends on the order of that WebUI's upscaler list).
 */
export const SD_UPSCALE_SCRIPT = 'sd upscale'
export const SdUpscaleScriptArgs = z.tuple([z.literal(''), z.int().min(0).max(256), nonEmpty, z.number().min(1).max(8)])
export type SdUpscaleScriptArgs = z.infer<typeof SdUpscaleScriptArgs>

export const Img2ImgBody = z.strictObject({
  ...generationShape,
  init_images: z.tuple([nonEmpty]),
  resize_mode: z.int().min(0).max(3),
  /** Absent only on the ADetailer carrier, where no full-frame img2img runs. */
  denoising_strength: z.number().min(0).max(1).optional(),
  image_cfg_scale: z.number().min(0).max(30).optional(),
  initial_noise_multiplier: z.number().min(0).max(1.5).optional(),
  alwayson_scripts: AlwaysonScripts.optional(),
  /** Only for the sd-upscale mode of the upscale stage; width/height are then the tile size. */
  script_name: z.literal(SD_UPSCALE_SCRIPT).optional(),
  script_args: SdUpscaleScriptArgs.optional(),
  // inpainting (engine/payloads/inpaint.ts): all present together, only with a mask
  mask: nonEmpty.optional(),
  mask_blur: z.int().min(0).optional(),
  inpainting_fill: z.int().min(0).max(3).optional(),
  inpaint_full_res: z.boolean().optional(),
  inpaint_full_res_padding: z.int().min(0).optional(),
  inpainting_mask_invert: z.int().min(0).max(1).optional(),
})
export type Img2ImgBody = z.infer<typeof Img2ImgBody>

export const ExtrasSingleImageBody = z.strictObject({
  image: nonEmpty,
  /** 0 = scale by upscaling_resize; 1 = to upscaling_resize_w × _h (then those are sent instead). */
  resize_mode: z.union([z.literal(0), z.literal(1)]),
  upscaling_resize: z.number().min(1).max(8).optional(),
  upscaling_resize_w: z.int().min(1).optional(),
  upscaling_resize_h: z.int().min(1).optional(),
  upscaling_crop: z.boolean().optional(),
  upscaler_1: nonEmpty,
  upscaler_2: nonEmpty,
  extras_upscaler_2_visibility: z.number().min(0).max(1),
  upscale_first: z.boolean(),
  gfpgan_visibility: z.number().min(0).max(1),
  codeformer_visibility: z.number().min(0).max(1),
  codeformer_weight: z.number().min(0).max(1),
})
export type ExtrasSingleImageBody = z.infer<typeof ExtrasSingleImageBody>

export const Txt2ImgRequest = z.strictObject({ endpoint: z.literal(TXT2IMG_ENDPOINT), body: Txt2ImgBody })
export const Img2ImgRequest = z.strictObject({ endpoint: z.literal(IMG2IMG_ENDPOINT), body: Img2ImgBody })
export const ExtrasSingleImageRequest = z.strictObject({
  endpoint: z.literal(EXTRAS_SINGLE_IMAGE_ENDPOINT),
  body: ExtrasSingleImageBody,
})
export type Txt2ImgRequest = z.infer<typeof Txt2ImgRequest>
export type Img2ImgRequest = z.infer<typeof Img2ImgRequest>
export type ExtrasSingleImageRequest = z.infer<typeof ExtrasSingleImageRequest>

/** What a stage sends: a POST of `body` as JSON to `endpoint` on the job's WebUI. */
export const WebuiRequest = z.discriminatedUnion('endpoint', [
  Txt2ImgRequest, Img2ImgRequest, ExtrasSingleImageRequest,
])
export type WebuiRequest = z.infer<typeof WebuiRequest>
export type WebuiEndpoint = WebuiRequest['endpoint']

// #region responses

/** txt2img and img2img answer alike (§2.1). `info` is a JSON string, see GenerationInfo. */
export const GenerationResponse = z.looseObject({
  images: z.array(z.string()),
  parameters: z.record(z.string(), z.unknown()),
  info: z.string(),
})
export type GenerationResponse = z.infer<typeof GenerationResponse>

/** The fields of the parsed `info` we rely on; the rest pass through untouched. */
export const GenerationInfo = z.looseObject({
  seed: z.number(),
  all_seeds: z.array(z.number()),
  width: z.number(),
  height: z.number(),
  sd_model_name: z.string().nullable().optional(),
  infotexts: z.array(z.string()),
  index_of_first_image: z.number().optional(),
  extra_generation_params: z.record(z.string(), z.unknown()).optional(),
})
export type GenerationInfo = z.infer<typeof GenerationInfo>

/** Parses a generation response's `info` string; throws a ZodError or SyntaxError if malformed. */
export function parseGenerationInfo(info: string): GenerationInfo {
  return GenerationInfo.parse(JSON.parse(info))
}

export const ExtrasSingleImageResponse = z.looseObject({
  html_info: z.string(),
  image: z.string(),
})
export type ExtrasSingleImageResponse = z.infer<typeof ExtrasSingleImageResponse>

// #endregion
