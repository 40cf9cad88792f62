/**
 * Layer 1 of the merge (DESIGN §3): built-in defaults, close to A1111's and the original's.
 * Where they differ we follow A1111, since that is what a person sees in the WebUI:
 * - clip_skip 1 (A1111's default; the original forced 2),
 * - scheduler 'Automatic' (A1111 picks the sampler's preferred schedule),
 * - stages after the root rarely use these: what they leave unset is inherited from the stage
 *   that made their image (engine/compile/inherit.ts); the defaults apply to roots only.
 */
import type {
  AdetailerConfig, AdetailerPass, Img2ImgConfig, StageConfigOf, StageKind, Txt2ImgConfig,
  UpscaleConfig, VideoConfig,
} from './stages.ts'
import { INPAINT_DEFAULTS } from './inpaint.ts'

export const TXT2IMG_DEFAULTS: Txt2ImgConfig = {
  model: '',
  vae: '',
  sampler_name: 'Euler a',
  scheduler: 'Automatic',
  steps: 20,
  cfg_scale: 7,
  width: 512,
  height: 512,
  seed: -1,
  clip_skip: 1,
  batch_size: 1,
  batch_runs: 1,
  negative_prompt: '',
  hires: {
    enabled: false,
    scale: 2,
    upscaler: 'Latent',
    second_pass_steps: 0,
    resize_x: 0,
    resize_y: 0,
    denoising_strength: 0.7,
    sampler_name: '',
    scheduler: '',
    checkpoint: '',
    prompt: '',
    negative_prompt: '',
  },
  refiner: { enabled: false, checkpoint: '', switch_at: 0.8 },
  controlnet: [],
}

export const IMG2IMG_DEFAULTS: Img2ImgConfig = {
  model: '',
  vae: '',
  sampler_name: 'Euler a',
  scheduler: 'Automatic',
  steps: 15,
  cfg_scale: 7,
  denoising_strength: 0.3,
  resize_mode: 0,
  width: 0,
  height: 0,
  seed: -1,
  prompt_adjust: '',
  negative_adjust: '',
  inpaint: INPAINT_DEFAULTS,
  controlnet: [],
}

/** ADetailer's own defaults (webui-api.md §5), with the face model the original used. */
export const ADETAILER_PASS_DEFAULTS: AdetailerPass = {
  ad_tab_enable: true,
  ad_model: 'face_yolov8n.pt',
  ad_prompt: '',
  ad_negative_prompt: '',
  ad_confidence: 0.3,
  ad_mask_filter_method: 'Area',
  ad_mask_k: 0,
  ad_mask_min_ratio: 0,
  ad_mask_max_ratio: 1,
  ad_dilate_erode: 4,
  ad_x_offset: 0,
  ad_y_offset: 0,
  ad_mask_merge_invert: 'None',
  ad_mask_blur: 4,
  ad_denoising_strength: 0.4,
  ad_inpaint_only_masked: true,
  ad_inpaint_only_masked_padding: 32,
  ad_use_inpaint_width_height: false,
  ad_inpaint_width: 512,
  ad_inpaint_height: 512,
  ad_use_steps: false,
  ad_steps: 28,
  ad_use_cfg_scale: false,
  ad_cfg_scale: 7,
  ad_use_checkpoint: false,
  ad_checkpoint: '',
  ad_use_vae: false,
  ad_vae: '',
  ad_use_sampler: false,
  ad_sampler: 'DPM++ 2M',
  ad_scheduler: 'Use same scheduler',
  ad_use_noise_multiplier: false,
  ad_noise_multiplier: 1,
  ad_use_clip_skip: false,
  ad_clip_skip: 1,
  ad_restore_face: false,
}

export const ADETAILER_DEFAULTS: AdetailerConfig = {
  sampler_name: 'Euler a',
  scheduler: 'Automatic',
  steps: 20,
  cfg_scale: 7,
  seed: -1,
  passes: [ADETAILER_PASS_DEFAULTS],
}

export const UPSCALE_DEFAULTS: UpscaleConfig = {
  mode: 'single',
  upscaler: 'R-ESRGAN 4x+',
  factor: 2,
  gfpgan_visibility: 0,
  codeformer_visibility: 0,
  codeformer_weight: 0.5,
  denoising_strength: 0.35,
  steps: 20,
  sampler_name: 'Euler a',
  scheduler: 'Automatic',
  cfg_scale: 7,
  seed: -1,
  // A1111's own defaults (the SD upscale script's sliders, the extras API's fields).
  tile_overlap: 64,
  tile_width: 512,
  tile_height: 512,
  upscaler_2: 'None',
  extras_upscaler_2_visibility: 0,
  upscale_first: false,
  resize_mode: 0,
  upscaling_resize_w: 512,
  upscaling_resize_h: 512,
  upscaling_crop: true,
}

export const VIDEO_DEFAULTS: VideoConfig = {
  fps: 24,
  codec: 'h264',
  quality: 'medium',
  mode: 'sequence',
  slide_seconds: 3,
}

export const STAGE_DEFAULTS: { [K in StageKind]: StageConfigOf<K> } = {
  txt2img: TXT2IMG_DEFAULTS,
  img2img: IMG2IMG_DEFAULTS,
  adetailer: ADETAILER_DEFAULTS,
  upscale: UPSCALE_DEFAULTS,
  video: VIDEO_DEFAULTS,
}
