/**
 * Request models of the generation and extras endpoints, in A1111 1.10's field order with its
 * defaults (the order matters: the `parameters` echo lists fields in model order).
 */
import type { FieldSpec, Schema } from './validate.ts'
import type { SimFlavor } from './types.ts'

const int = (d: unknown, extra: Partial<FieldSpec> = {}): FieldSpec => ({ t: 'int', d, ...extra })
const flt = (d: unknown, extra: Partial<FieldSpec> = {}): FieldSpec => ({ t: 'float', d, ...extra })
const str = (d: unknown): FieldSpec => ({ t: 'str', d })
const bool = (d: unknown): FieldSpec => ({ t: 'bool', d })
const dict = (d: unknown): FieldSpec => ({ t: 'dict', d })

const BASE_HEAD: Schema = {
  prompt: str(''),
  negative_prompt: str(''),
  styles: { t: 'list_str', d: null },
  seed: int(-1),
  subseed: int(-1),
  subseed_strength: flt(0),
  seed_resize_from_h: int(-1),
  seed_resize_from_w: int(-1),
  sampler_name: str(null),
  scheduler: str(null),
  batch_size: int(1),
  n_iter: int(1),
  steps: int(50),
  cfg_scale: flt(7.0),
  width: int(512),
  height: int(512),
  restore_faces: bool(null),
  tiling: bool(null),
  do_not_save_samples: bool(false),
  do_not_save_grid: bool(false),
  eta: flt(null),
}

const BASE_TAIL: Schema = {
  s_min_uncond: flt(null),
  s_churn: flt(null),
  s_tmax: flt(null),
  s_tmin: flt(null),
  s_noise: flt(null),
  override_settings: dict(null),
  override_settings_restore_afterwards: bool(true),
  refiner_checkpoint: str(null),
  refiner_switch_at: flt(null),
  disable_extra_networks: bool(false),
  firstpass_image: str(null),
  comments: dict(null),
}

const API_ONLY: Schema = {
  force_task_id: str(null),
  sampler_index: str('Euler'),
  script_name: str(null),
  script_args: { t: 'list', d: [] },
  send_images: bool(true),
  save_images: bool(false),
  alwayson_scripts: dict({}),
  infotext: str(null),
}

const FORGE_EXTRA: Schema = { distilled_cfg_scale: flt(3.5) }

export function txt2imgSchema(flavor: SimFlavor): Schema {
  return {
    ...BASE_HEAD,
    ...(flavor === 'forge' ? FORGE_EXTRA : {}),
    // The dataclass field is Optional with the base-class default winning: null, not 0.75.
    denoising_strength: flt(null),
    ...BASE_TAIL,
    enable_hr: bool(false),
    firstphase_width: int(0),
    firstphase_height: int(0),
    hr_scale: flt(2.0),
    hr_upscaler: str(null),
    hr_second_pass_steps: int(0),
    hr_resize_x: int(0),
    hr_resize_y: int(0),
    hr_checkpoint_name: str(null),
    hr_sampler_name: str(null),
    hr_scheduler: str(null),
    hr_prompt: str(''),
    hr_negative_prompt: str(''),
    ...(flavor === 'forge' ? { hr_cfg: flt(1.0), hr_distilled_cfg: flt(3.5), hr_additional_modules: { t: 'list', d: null } } : {}),
    ...API_ONLY,
  }
}

export function img2imgSchema(flavor: SimFlavor): Schema {
  return {
    ...BASE_HEAD,
    ...(flavor === 'forge' ? FORGE_EXTRA : {}),
    denoising_strength: flt(0.75),
    ...BASE_TAIL,
    init_images: { t: 'list', d: null },
    resize_mode: int(0),
    image_cfg_scale: flt(null),
    mask: str(null),
    mask_blur_x: int(4),
    mask_blur_y: int(4),
    mask_blur: int(null),
    mask_round: bool(true),
    inpainting_fill: int(0),
    inpaint_full_res: bool(true),
    inpaint_full_res_padding: int(0),
    inpainting_mask_invert: int(0),
    initial_noise_multiplier: flt(null),
    latent_mask: str(null),
    ...API_ONLY,
    include_init_images: bool(false),
  }
}

function extrasBase(flavor: SimFlavor): Schema {
  return {
    resize_mode: int(0, { ge: 0, le: 1 }),
    show_extras_results: bool(true),
    gfpgan_visibility: flt(0, { ge: 0, le: 1 }),
    codeformer_visibility: flt(0, { ge: 0, le: 1 }),
    codeformer_weight: flt(0, { ge: 0, le: 1 }),
    // A1111 bounds the factor to 1..8; Forge only requires it to be positive.
    upscaling_resize: flavor === 'forge' ? flt(2, { gt: 0 }) : flt(2, { ge: 1, le: 8 }),
    upscaling_resize_w: int(512, { ge: 1 }),
    upscaling_resize_h: int(512, { ge: 1 }),
    upscaling_crop: bool(true),
    upscaler_1: str('None'),
    upscaler_2: str('None'),
    extras_upscaler_2_visibility: flt(0, { ge: 0, le: 1 }),
    upscale_first: bool(false),
  }
}

export function extraSingleSchema(flavor: SimFlavor): Schema {
  return { ...extrasBase(flavor), image: str('') }
}

export function extraBatchSchema(flavor: SimFlavor): Schema {
  return { ...extrasBase(flavor), imageList: { t: 'list', d: undefined, required: true } }
}

export const pngInfoSchema: Schema = { image: str('') }
