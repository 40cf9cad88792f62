/**
 * Stage configurations: the full, resolved settings of each kind of stage, and their "layer"
 * form (every field optional) used by presets, pack-bound configs, sweeps and node params.
 *
 * Field names follow A1111's API names where one exists (sampler_name, cfg_scale, ad_*), so a
 * person reading a preset file or a payload sees the same words.
 */
import { z } from 'zod'
import { ControlNetUnits, ControlNetUnitsLayer } from './controlnet.ts'
import { InpaintConfig, InpaintLayer } from './inpaint.ts'
import { GENERATION_EXTRA_FIELDS, IMG2IMG_EXTRA_FIELDS } from './generation-extras.ts'

// #region shared fields

/** '' means "whatever the WebUI has loaded" (model) or "Automatic" (VAE). */
const modelName = z.string().max(400)
const samplerName = z.string().min(1).max(100)
/** '' inherits (hires sampler = main sampler); otherwise a scheduler name or label. */
const optionalName = z.string().max(100)
const steps = z.int().min(1).max(150)
const cfgScale = z.number().min(1).max(30)
const denoise = z.number().min(0).max(1)
/** Stable Diffusion works on 8-pixel latents; A1111 rounds, we refuse instead of surprising. */
const imageSide = z.int().min(64).max(4096).multipleOf(8)
/** -1 = draw a concrete random seed at compile time. */
const seed = z.int().min(-1).max(4294967294)
const clipSkip = z.int().min(1).max(12)

// #endregion

// #region txt2img

export const HiresConfig = z.strictObject({
  enabled: z.boolean(),
  scale: z.number().min(1).max(4),
  upscaler: z.string().min(1).max(100),
  /** 0 = same as the first pass. */
  second_pass_steps: z.int().min(0).max(150),
  /** 0 = use scale instead. */
  resize_x: z.int().min(0).max(8192),
  resize_y: z.int().min(0).max(8192),
  denoising_strength: denoise,
  /** '' = same as the first pass. */
  sampler_name: optionalName,
  scheduler: optionalName,
  /** '' = same checkpoint as the first pass (sent as hr_checkpoint_name, resolved like every model). */
  checkpoint: modelName,
  /** '' = the first pass's prompt / negative (A1111's own rule); expanded per job like every prompt field. */
  prompt: z.string().max(10_000),
  negative_prompt: z.string().max(10_000),
})
export type HiresConfig = z.infer<typeof HiresConfig>

export const RefinerConfig = z.strictObject({
  enabled: z.boolean(),
  checkpoint: modelName,
  switch_at: z.number().min(0.01).max(1),
})
export type RefinerConfig = z.infer<typeof RefinerConfig>

export const Txt2ImgConfig = z.strictObject({
  model: modelName,
  vae: modelName,
  sampler_name: samplerName,
  scheduler: optionalName,
  steps,
  cfg_scale: cfgScale,
  width: imageSide,
  height: imageSide,
  seed,
  clip_skip: clipSkip,
  /** Images per WebUI call. */
  batch_size: z.int().min(1).max(8),
  /** Separate jobs per prompt variant, each with its own seed. */
  batch_runs: z.int().min(1).max(100),
  /** Appended to every prompt's negative (after the global negative and the row's own). */
  negative_prompt: z.string().max(10_000),
  hires: HiresConfig,
  refiner: RefinerConfig,
  /** ControlNet units (engine/config/controlnet.ts); enabled ones are sent. */
  controlnet: ControlNetUnits,
  ...GENERATION_EXTRA_FIELDS,
})
export type Txt2ImgConfig = z.infer<typeof Txt2ImgConfig>

// #endregion

// #region img2img

export const Img2ImgConfig = z.strictObject({
  /** Unset or '' = the model of the stage that made the image (engine/compile/inherit.ts). */
  model: modelName,
  vae: modelName,
  sampler_name: samplerName,
  scheduler: optionalName,
  steps,
  cfg_scale: cfgScale,
  denoising_strength: denoise,
  /** 0 Just resize, 1 Crop and resize, 2 Resize and fill, 3 Just resize (latent upscale). */
  resize_mode: z.int().min(0).max(3),
  /** 0 = the input image's size. */
  width: z.union([z.literal(0), imageSide]),
  height: z.union([z.literal(0), imageSide]),
  /** -1 = the job's seed. */
  seed,
  /** Added after the job's prompt / negative prompt for this stage only. */
  prompt_adjust: z.string().max(10_000),
  negative_adjust: z.string().max(10_000),
  /** ControlNet units (engine/config/controlnet.ts); enabled ones are sent. */
  controlnet: ControlNetUnits,
  /** A mask and how to inpaint with it (engine/config/inpaint.ts); mask_id '' = plain img2img. */
  inpaint: InpaintConfig,
  ...GENERATION_EXTRA_FIELDS,
  ...IMG2IMG_EXTRA_FIELDS,
})
export type Img2ImgConfig = z.infer<typeof Img2ImgConfig>

// #endregion

// #region adetailer

/** One ADetailer tab, with ADetailer's own `ad_*` argument names (see webui-api.md §5). */
export const AdetailerPass = z.strictObject({
  ad_tab_enable: z.boolean(),
  ad_model: z.string().min(1).max(200),
  ad_prompt: z.string().max(10_000),
  ad_negative_prompt: z.string().max(10_000),
  ad_confidence: z.number().min(0).max(1),
  ad_mask_filter_method: z.enum(['Area', 'Confidence']),
  ad_mask_k: z.int().min(0).max(100),
  ad_mask_min_ratio: z.number().min(0).max(1),
  ad_mask_max_ratio: z.number().min(0).max(1),
  ad_dilate_erode: z.int().min(-128).max(128),
  ad_x_offset: z.int().min(-200).max(200),
  ad_y_offset: z.int().min(-200).max(200),
  ad_mask_merge_invert: z.enum(['None', 'Merge', 'Merge and Invert']),
  ad_mask_blur: z.int().min(0).max(64),
  ad_denoising_strength: denoise,
  ad_inpaint_only_masked: z.boolean(),
  ad_inpaint_only_masked_padding: z.int().min(0).max(256),
  ad_use_inpaint_width_height: z.boolean(),
  ad_inpaint_width: imageSide,
  ad_inpaint_height: imageSide,
  ad_use_steps: z.boolean(),
  ad_steps: steps,
  ad_use_cfg_scale: z.boolean(),
  ad_cfg_scale: cfgScale,
  ad_use_checkpoint: z.boolean(),
  ad_checkpoint: modelName,
  ad_use_vae: z.boolean(),
  ad_vae: modelName,
  ad_use_sampler: z.boolean(),
  ad_sampler: samplerName,
  ad_scheduler: z.string().min(1).max(100),
  ad_use_noise_multiplier: z.boolean(),
  ad_noise_multiplier: z.number().min(0.5).max(1.5),
  ad_use_clip_skip: z.boolean(),
  ad_clip_skip: clipSkip,
  ad_restore_face: z.boolean(),
})
export type AdetailerPass = z.infer<typeof AdetailerPass>

export const MAX_ADETAILER_PASSES = 4

export const AdetailerConfig = z.strictObject({
  /**
   * Unset: the carrier request states the image's own (inherited from the stage that made it).
   * Set: applies to every pass that does not set its own, as its ad_use_* override
   * (engine/compile/inherit.ts).
   */
  sampler_name: samplerName,
  scheduler: optionalName,
  steps,
  cfg_scale: cfgScale,
  /** -1 = the job's seed. */
  seed,
  passes: z.array(AdetailerPass).min(1).max(MAX_ADETAILER_PASSES),
})
export type AdetailerConfig = z.infer<typeof AdetailerConfig>

// #endregion

// #region upscale

export const UpscaleConfig = z.strictObject({
  /**
   * single: the extras upscaler. img2img: the whole frame re-diffused at the factor, resized by
   * the upscaler (what 'img2img' always meant, so stored graphs run unchanged). sd-upscale:
   * A1111's tiled "SD upscale" script (engine/config/upscale-modes.ts).
   */
  mode: z.enum(['single', 'img2img', 'sd-upscale']),
  upscaler: z.string().min(1).max(100),
  /** A1111 accepts 1..8 for extras; we refuse rather than let the WebUI clamp silently. */
  factor: z.number().min(1).max(8),
  gfpgan_visibility: z.number().min(0).max(1),
  codeformer_visibility: z.number().min(0).max(1),
  codeformer_weight: z.number().min(0).max(1),
  /** img2img mode only. */
  denoising_strength: denoise,
  steps,
  sampler_name: samplerName,
  scheduler: optionalName,
  cfg_scale: cfgScale,
  seed,
  /** sd-upscale only: pixels each tile shares with its neighbours (A1111's slider is 0..256). */
  tile_overlap: z.int().min(0).max(256),
  /** sd-upscale only: the tile size, sent as the img2img width/height (A1111's default 512). */
  tile_width: imageSide,
  tile_height: imageSide,
  /** single only: a second upscaler blended over the first (A1111's extras names). */
  upscaler_2: z.string().min(1).max(100),
  extras_upscaler_2_visibility: z.number().min(0).max(1),
  /** single only: accepted by A1111 1.10 but not acted on (see engine/compile/upscale-checks.ts). */
  upscale_first: z.boolean(),
  /** single only: 0 scale by `factor`, 1 resize to upscaling_resize_w × _h. */
  resize_mode: z.int().min(0).max(1),
  upscaling_resize_w: z.int().min(64).max(8192),
  upscaling_resize_h: z.int().min(64).max(8192),
  /** Resize mode 1: crop to exactly w × h (else the image keeps its aspect, covering w × h). */
  upscaling_crop: z.boolean(),
})
export type UpscaleConfig = z.infer<typeof UpscaleConfig>

// #endregion

// #region video

export const VideoConfig = z.strictObject({
  fps: z.int().min(1).max(240),
  codec: z.enum(['h264', 'vp9', 'gif']),
  quality: z.enum(['low', 'medium', 'high']),
  /** sequence: one frame per image at fps. slideshow: each image held slide_seconds. */
  mode: z.enum(['sequence', 'slideshow']),
  slide_seconds: z.number().min(0.1).max(60),
})
export type VideoConfig = z.infer<typeof VideoConfig>

// #endregion

// #region layers

/** The stage kinds that carry a config, and the full schema of each. */
export const STAGE_CONFIGS = {
  txt2img: Txt2ImgConfig,
  img2img: Img2ImgConfig,
  adetailer: AdetailerConfig,
  upscale: UpscaleConfig,
  video: VideoConfig,
} as const
export type StageKind = keyof typeof STAGE_CONFIGS
export const STAGE_KINDS = Object.keys(STAGE_CONFIGS) as StageKind[]

export type StageConfigOf<K extends StageKind> = z.infer<(typeof STAGE_CONFIGS)[K]>
export type AnyStageConfig = StageConfigOf<StageKind>

export const Txt2ImgLayer = Txt2ImgConfig.extend({
  hires: HiresConfig.partial(),
  refiner: RefinerConfig.partial(),
  controlnet: ControlNetUnitsLayer,
}).partial()
export const Img2ImgLayer = Img2ImgConfig.extend({ inpaint: InpaintLayer, controlnet: ControlNetUnitsLayer }).partial()
export const AdetailerLayer = AdetailerConfig.extend({
  /** Merged into the passes by index, field by field. */
  passes: z.array(AdetailerPass.partial()).max(MAX_ADETAILER_PASSES),
}).partial()
export const UpscaleLayer = UpscaleConfig.partial()
export const VideoLayer = VideoConfig.partial()

export const STAGE_LAYERS = {
  txt2img: Txt2ImgLayer,
  img2img: Img2ImgLayer,
  adetailer: AdetailerLayer,
  upscale: UpscaleLayer,
  video: VideoLayer,
} as const
export type StageLayerOf<K extends StageKind> = z.infer<(typeof STAGE_LAYERS)[K]>

/** A config layer for any number of stage kinds: what a preset or a pack's bound config holds. */
export const ConfigLayer = z.strictObject({
  txt2img: Txt2ImgLayer.optional(),
  img2img: Img2ImgLayer.optional(),
  adetailer: AdetailerLayer.optional(),
  upscale: UpscaleLayer.optional(),
  video: VideoLayer.optional(),
})
export type ConfigLayer = z.infer<typeof ConfigLayer>

// #endregion
