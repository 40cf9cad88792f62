/**
 * The original's flat `preset_data` keys and where each lands in our ConfigLayer. Written from
 * the original's defaults and saved packs (reference/stablenew-original.md §3): its hires and
 * refiner fields are flat (`enable_hr`, `hr_scale`…), its ADetailer block mixes `adetailer_*`
 * and `ad_*` aliases for the face pass with `*_hands_*` keys for a second, hands pass.
 */
import type { StageKind } from '../config/stages.ts'

export type Path = (string | number)[]

export type Alias = {
  to: Path
  /** Translates the original's value where the vocabulary differs. */
  map?: (value: unknown) => unknown
  /** Written only where nothing else set that field (e.g. the ad_use_* switch of a value). */
  implies?: [Path, unknown][]
}

/** Keys we know and deliberately drop, with the reason the warning gives. */
export const DROPPED: Record<string, string> = {
  adetailer_enabled: 'whether ADetailer runs is decided by wiring an ADetailer node in the graph',
  enable_adetailer: 'whether ADetailer runs is decided by wiring an ADetailer node in the graph',
  n_iter: 'use batch_runs (the original ignored n_iter)',
}

/** Sections of the original's preset that have no place in a pack's bound config. */
export const DROPPED_SECTIONS: Record<string, string> = {
  pipeline: 'the graph decides which stages run and how many images each makes',
  randomization: 'use a randomizer node (the pack matrix lives in pack_data.matrix)',
  hires_fix: 'a mirror of the txt2img hires keys; the txt2img block is used',
  api: 'the WebUI address is a server setting',
}

const FACE: Path = ['passes', 0]
const HANDS: Path = ['passes', 1]

/** The original stored ffmpeg encoder names; we store the format. */
const FFMPEG_CODECS = new Map([['libx264', 'h264'], ['libvpx-vp9', 'vp9']])

const inheritScheduler = (v: unknown) => (v === 'inherit' ? 'Use same scheduler' : v)

function pass(base: Path, field: string, use?: string, map?: (v: unknown) => unknown): Alias {
  return { to: [...base, field], ...(map ? { map } : {}), ...(use ? { implies: [[[...base, use], true]] } : {}) }
}

function passAliases(base: Path, prefix: string): Record<string, Alias> {
  return {
    [`${prefix}model`]: pass(base, 'ad_model'),
    [`${prefix}confidence`]: pass(base, 'ad_confidence'),
    [`${prefix}denoise`]: pass(base, 'ad_denoising_strength'),
    [`${prefix}steps`]: pass(base, 'ad_steps', 'ad_use_steps'),
    [`${prefix}cfg`]: pass(base, 'ad_cfg_scale', 'ad_use_cfg_scale'),
    [`${prefix}sampler`]: pass(base, 'ad_sampler', 'ad_use_sampler'),
    [`${prefix}scheduler`]: pass(base, 'ad_scheduler', undefined, inheritScheduler),
    [`${prefix}prompt`]: pass(base, 'ad_prompt'),
    [`${prefix}negative_prompt`]: pass(base, 'ad_negative_prompt'),
  }
}

/** Adds the implied hands-pass model and "off unless enabled", as the original behaved. */
function handsAlias(alias: Alias): Alias {
  return {
    ...alias,
    implies: [...(alias.implies ?? []), [[...HANDS, 'ad_model'], 'hand_yolov8n.pt'], [[...HANDS, 'ad_tab_enable'], false]],
  }
}

const hands: Record<string, Alias> = Object.fromEntries(
  Object.entries({
    ...passAliases(HANDS, 'adetailer_hands_'),
    hands_model: pass(HANDS, 'ad_model'),
    hands_padding: pass(HANDS, 'ad_inpaint_only_masked_padding'),
    enable_hands_pass: pass(HANDS, 'ad_tab_enable'),
    ad_hands_enabled: pass(HANDS, 'ad_tab_enable'),
    ad_hands_mask_k_largest: pass(HANDS, 'ad_mask_k'),
  }).map(([k, a]) => [k, handsAlias(a)]),
)

export const ALIASES: Record<StageKind, Record<string, Alias>> = {
  txt2img: {
    enable_hr: { to: ['hires', 'enabled'] },
    hr_scale: { to: ['hires', 'scale'] },
    hr_upscaler: { to: ['hires', 'upscaler'] },
    hr_second_pass_steps: { to: ['hires', 'second_pass_steps'] },
    hr_resize_x: { to: ['hires', 'resize_x'] },
    hr_resize_y: { to: ['hires', 'resize_y'] },
    // In a txt2img request, denoising_strength only means the hires second pass.
    denoising_strength: { to: ['hires', 'denoising_strength'] },
    hr_sampler_name: { to: ['hires', 'sampler_name'] },
    hr_scheduler: { to: ['hires', 'scheduler'] },
    use_refiner: { to: ['refiner', 'enabled'] },
    refiner_checkpoint: { to: ['refiner', 'checkpoint'] },
    refiner_switch_at: { to: ['refiner', 'switch_at'] },
    model_name: { to: ['model'] },
    sd_model_checkpoint: { to: ['model'] },
    vae_name: { to: ['vae'] },
    sd_vae: { to: ['vae'] },
    sampler_index: { to: ['sampler_name'] },
  },
  img2img: {
    model_name: { to: ['model'] },
    vae_name: { to: ['vae'] },
    sampler_index: { to: ['sampler_name'] },
    denoise: { to: ['denoising_strength'] },
  },
  adetailer: {
    ...passAliases(FACE, 'adetailer_'),
    face_model: pass(FACE, 'ad_model'),
    adetailer_padding: pass(FACE, 'ad_inpaint_only_masked_padding'),
    face_padding: pass(FACE, 'ad_inpaint_only_masked_padding'),
    adetailer_checkpoint_model: pass(FACE, 'ad_checkpoint', 'ad_use_checkpoint'),
    enable_face_pass: pass(FACE, 'ad_tab_enable'),
    mask_blur: pass(FACE, 'ad_mask_blur'),
    mask_min_ratio: pass(FACE, 'ad_mask_min_ratio'),
    mask_max_ratio: pass(FACE, 'ad_mask_max_ratio'),
    mask_dilate_erode: pass(FACE, 'ad_dilate_erode'),
    // ADetailer rejects `ad_mask_k_largest` (the original sent it and lost every pass); its name is ad_mask_k.
    mask_k_largest: pass(FACE, 'ad_mask_k'),
    ad_mask_k_largest: pass(FACE, 'ad_mask_k'),
    ...hands,
  },
  upscale: {
    upscaling_resize: { to: ['factor'] },
    upscale_mode: { to: ['mode'] },
    upscaler_1: { to: ['upscaler'] },
    denoise: { to: ['denoising_strength'] },
  },
  video: {
    codec: { to: ['codec'], map: (v) => FFMPEG_CODECS.get(String(v)) ?? v },
  },
}

/** `ad_hands_<x>` addresses the hands pass's `ad_<x>`. */
export const HANDS_PREFIX = 'ad_hands_'
export const HANDS_PASS: Path = HANDS
export const FACE_PASS: Path = FACE
export const implyHands = handsAlias
