/**
 * Every request key A1111 v1.10 (and ADetailer v25) knows, per endpoint, from
 * docs reference/webui-api.md §2.1–2.3 and §5.
 *
 * Why these lists exist: A1111 silently ignores unknown body keys (pydantic v1), so a misspelt or
 * invented key is a setting that never takes effect, with no error anywhere. The original sent
 * `sd_model`/`sd_vae`/`clip_skip` at top level for years that way. ADetailer is the opposite
 * (`extra=forbid`): one unknown key and the whole pass is skipped. Tests check every key of every
 * payload we build against these sets, so either mistake fails a test instead of a user's run.
 */

function set<T extends string>(...keys: T[]): ReadonlySet<string> {
  return new Set<string>(keys)
}

/** Fields shared by txt2img and img2img (the processing base class plus the API-only ones). */
const GENERATION_BASE = [
  // prompt and seed
  'prompt', 'negative_prompt', 'styles', 'seed', 'subseed', 'subseed_strength',
  'seed_resize_from_h', 'seed_resize_from_w',
  // sampling
  'sampler_name', 'sampler_index', 'scheduler', 'batch_size', 'n_iter', 'steps', 'cfg_scale',
  'width', 'height', 'restore_faces', 'tiling', 'do_not_save_samples', 'do_not_save_grid',
  'eta', 's_min_uncond', 's_churn', 's_tmax', 's_tmin', 's_noise',
  'denoising_strength',
  // other
  'override_settings', 'override_settings_restore_afterwards', 'refiner_checkpoint',
  'refiner_switch_at', 'disable_extra_networks', 'comments',
  // API-only
  'force_task_id', 'script_name', 'script_args', 'send_images', 'save_images',
  'alwayson_scripts', 'infotext',
] as const

/** The hires-fix block of txt2img (§2.1 "Hires"). */
const HIRES = [
  'enable_hr', 'firstphase_width', 'firstphase_height', 'hr_scale', 'hr_upscaler',
  'hr_second_pass_steps', 'hr_resize_x', 'hr_resize_y', 'hr_checkpoint_name', 'hr_sampler_name',
  'hr_scheduler', 'hr_prompt', 'hr_negative_prompt',
] as const
export const HIRES_FIELDS: ReadonlySet<string> = set(...HIRES)

/** §2.1 POST /sdapi/v1/txt2img. `firstpass_image` exists only on the txt2img processing class. */
export const TXT2IMG_FIELDS: ReadonlySet<string> = set(
  ...GENERATION_BASE, 'firstpass_image', ...HIRES,
)

/** §2.2 POST /sdapi/v1/img2img: the base fields (no hires ones) plus the img2img/inpaint ones. */
export const IMG2IMG_FIELDS: ReadonlySet<string> = set(
  ...GENERATION_BASE,
  'init_images', 'resize_mode', 'image_cfg_scale', 'mask', 'mask_blur_x', 'mask_blur_y',
  'mask_blur', 'mask_round', 'inpainting_fill', 'inpaint_full_res', 'inpaint_full_res_padding',
  'inpainting_mask_invert', 'initial_noise_multiplier', 'latent_mask', 'include_init_images',
)

/** §2.3 POST /sdapi/v1/extra-single-image. */
export const EXTRAS_SINGLE_IMAGE_FIELDS: ReadonlySet<string> = set(
  'image', 'resize_mode', 'show_extras_results', 'gfpgan_visibility', 'codeformer_visibility',
  'codeformer_weight', 'upscaling_resize', 'upscaling_resize_w', 'upscaling_resize_h',
  'upscaling_crop', 'upscaler_1', 'upscaler_2', 'extras_upscaler_2_visibility', 'upscale_first',
)

/**
 * §5: the keys ADetailer's `ADetailerArgs` accepts in one tab dict. Anything else (for example
 * the old `ad_mask_only_top_k_largest`) makes ADetailer skip the whole tab.
 */
export const ADETAILER_ARG_KEYS: ReadonlySet<string> = set(
  'ad_model', 'ad_model_classes', 'ad_tab_enable', 'ad_prompt', 'ad_negative_prompt',
  'ad_confidence', 'ad_mask_filter_method', 'ad_mask_k', 'ad_mask_min_ratio', 'ad_mask_max_ratio',
  'ad_dilate_erode', 'ad_x_offset', 'ad_y_offset', 'ad_mask_merge_invert', 'ad_mask_blur',
  'ad_denoising_strength', 'ad_inpaint_only_masked', 'ad_inpaint_only_masked_padding',
  'ad_use_inpaint_width_height', 'ad_inpaint_width', 'ad_inpaint_height',
  'ad_use_steps', 'ad_steps', 'ad_use_cfg_scale', 'ad_cfg_scale',
  'ad_use_checkpoint', 'ad_checkpoint', 'ad_use_vae', 'ad_vae',
  'ad_use_sampler', 'ad_sampler', 'ad_scheduler',
  'ad_use_noise_multiplier', 'ad_noise_multiplier', 'ad_use_clip_skip', 'ad_clip_skip',
  'ad_restore_face', 'ad_controlnet_model', 'ad_controlnet_module', 'ad_controlnet_weight',
  'ad_controlnet_guidance_start', 'ad_controlnet_guidance_end',
)

/** Keys known to be forbidden by ADetailerArgs that older clients (the original) still send. */
export const ADETAILER_FORBIDDEN_KEYS: ReadonlySet<string> = set('ad_mask_only_top_k_largest')

/**
 * The A1111 option keys we put in `override_settings`. An unknown option key there is a 500
 * KeyError (§2.1), so this list is closed: only options that exist in A1111 1.10's `options.py`.
 */
export const OVERRIDE_OPTION_KEYS: ReadonlySet<string> = set(
  'sd_model_checkpoint', 'sd_vae', 'CLIP_stop_at_last_layers', 'upscaler_for_img2img',
  // the reviewed allow-list of engine/config/generation-extras.ts
  'eta_noise_seed_delta', 'randn_source', 'token_merging_ratio', 'face_restoration_model', 'code_former_weight',
  's_churn', 's_tmin', 's_tmax', 's_noise',
)

/**
 * Request keys only Forge's request model has (webui-api.md §7). A1111 ignores them silently,
 * so a job that sends one is routed to Forge backends only (server/exec/routing.ts).
 */
export const FORGE_ONLY_REQUEST_FIELDS: ReadonlySet<string> = set('distilled_cfg_scale')

/** Titles of the always-on scripts we drive (an unknown title is a 422, §3). */
export const ALWAYSON_SCRIPT_TITLES: ReadonlySet<string> = set('ADetailer', 'controlnet')

/**
 * The fields of sd-webui-controlnet's `ControlNetUnit` we send (all current names, none of its
 * deprecated aliases `input_image`, `lowvram`, `guidance`). The extension ignores unknown keys,
 * so a misspelt one would silently do nothing: tests check every unit against this set.
 */
export const CONTROLNET_UNIT_KEYS: ReadonlySet<string> = set(
  'enabled', 'image', 'module', 'model', 'weight', 'resize_mode', 'low_vram', 'processor_res', 'threshold_a',
  'threshold_b', 'guidance_start', 'guidance_end', 'control_mode', 'pixel_perfect',
)

/** The slots of ADetailer's args list before the tab dicts: [ad_enable, skip_img2img]. */
export const ADETAILER_LEADING_ARGS = 2
/** ADetailer's default `ad_max_models`; extra dicts beyond it are dropped by A1111. */
export const ADETAILER_MAX_TABS = 4
