/**
 * What the simulated WebUI "has installed": checkpoints, VAEs, samplers, schedulers, upscalers,
 * embeddings, LoRAs, ADetailer models and scripts, shaped like A1111 1.10's list endpoints.
 * Hashes are derived from the names so they look real and stay stable.
 */
import { createHash } from 'node:crypto'
import type { SimFlavor } from './types.ts'

const ROOT = '/opt/stable-diffusion-webui'
const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex')

export interface Checkpoint {
  title: string
  model_name: string
  hash: string
  sha256: string
  filename: string
  config: string | null
  /** Relative name with extension, e.g. "sdxl/juggernautXL_v9.safetensors". */
  name: string
  /** Basename without extension, what infotext writes as "Model". */
  shortName: string
}

const CHECKPOINT_NAMES: [string, string | null][] = [
  ['v1-5-pruned-emaonly.safetensors', `${ROOT}/configs/v1-inference.yaml`],
  ['dreamshaper_8.safetensors', null],
  ['realisticVisionV60B1_v51HyperVAE.safetensors', null],
  ['sdxl/sd_xl_base_1.0.safetensors', null],
  ['sdxl/juggernautXL_v9.safetensors', null],
]

/** The public hash of the one checkpoint everyone has, so the reference's examples match. */
const KNOWN_SHA256: Record<string, string> = {
  'v1-5-pruned-emaonly.safetensors': '6ce0161689b3853acaa03779ec93eafe75a02f4ced659bee03f50797806fa2fa',
}

/** A checkpoint entry as A1111 lists it, from its relative file name (hashes derived from it). */
export function makeCheckpoint(name: string, config: string | null = null): Checkpoint {
  const sha = KNOWN_SHA256[name] ?? sha256('checkpoint:' + name)
  const short = sha.slice(0, 10)
  const base = name.slice(name.lastIndexOf('/') + 1).replace(/\.[^.]+$/, '')
  return {
    title: `${name} [${short}]`,
    model_name: name.replace(/[\\/]/g, '_').replace(/\.[^.]+$/, ''),
    hash: short,
    sha256: sha,
    filename: `${ROOT}/models/Stable-diffusion/${name}`,
    config,
    name,
    shortName: base,
  }
}

export const CHECKPOINTS: Checkpoint[] = CHECKPOINT_NAMES.map(([name, config]) => makeCheckpoint(name, config))

/** Every alias A1111's `checkpoint_aliases` accepts (exact keys) → checkpoint. */
export function checkpointAliases(list: readonly Checkpoint[]): Map<string, Checkpoint> {
  const aliases = new Map<string, Checkpoint>()
  for (const c of list) {
    const old8 = sha256('old:' + c.name).slice(0, 8)
    for (const alias of [c.title, c.name, c.model_name, c.shortName, old8, c.hash, c.sha256, `${c.name} [${c.hash}]`, `${c.shortName} [${c.hash}]`]) {
      aliases.set(alias, c)
    }
  }
  return aliases
}

const CHECKPOINT_ALIASES = checkpointAliases(CHECKPOINTS)

export function findCheckpoint(alias: string): Checkpoint | undefined {
  return CHECKPOINT_ALIASES.get(alias)
}

export const VAES = ['vae-ft-mse-840000-ema-pruned.safetensors', 'sdxl_vae.safetensors', 'kl-f8-anime2.ckpt'].map((model_name) => ({
  model_name,
  filename: `${ROOT}/models/VAE/${model_name}`,
}))

export const vaeHash = (name: string): string => sha256('vae:' + name).slice(0, 10)

/** Forge's /sd-modules: VAEs and text encoders. */
export const FORGE_MODULES = [
  ...VAES,
  ...['ae.safetensors', 'clip_l.safetensors', 't5xxl_fp16.safetensors'].map((model_name) => ({
    model_name,
    filename: `${ROOT}/models/${model_name.startsWith('ae') ? 'VAE' : 'text_encoder'}/${model_name}`,
  })),
]

// #region samplers and schedulers
export interface Sampler {
  name: string
  aliases: string[]
  options: Record<string, string | boolean>
}

const S = (name: string, aliases: string[], options: Record<string, string | boolean> = {}): Sampler => ({ name, aliases, options })

const SAMPLERS_A1111: Sampler[] = [
  S('DPM++ 2M', ['k_dpmpp_2m'], { scheduler: 'karras' }),
  S('DPM++ SDE', ['k_dpmpp_sde'], { scheduler: 'karras', second_order: true, brownian_noise: true }),
  S('DPM++ 2M SDE', ['k_dpmpp_2m_sde'], { scheduler: 'exponential', brownian_noise: true }),
  S('DPM++ 2M SDE Heun', ['k_dpmpp_2m_sde_heun'], { scheduler: 'exponential', brownian_noise: true, solver_type: 'heun' }),
  S('DPM++ 2S a', ['k_dpmpp_2s_a'], { scheduler: 'karras', uses_ensd: true, second_order: true }),
  S('DPM++ 3M SDE', ['k_dpmpp_3m_sde'], { scheduler: 'exponential', discard_next_to_last_sigma: true, brownian_noise: true }),
  S('Euler a', ['k_euler_a', 'k_euler_ancestral'], { uses_ensd: true }),
  S('Euler', ['k_euler']),
  S('LMS', ['k_lms']),
  S('Heun', ['k_heun'], { second_order: true }),
  S('DPM2', ['k_dpm_2'], { scheduler: 'karras', discard_next_to_last_sigma: true, second_order: true }),
  S('DPM2 a', ['k_dpm_2_a'], { scheduler: 'karras', discard_next_to_last_sigma: true, uses_ensd: true, second_order: true }),
  S('DPM fast', ['k_dpm_fast'], { uses_ensd: true }),
  S('DPM adaptive', ['k_dpm_ad'], { uses_ensd: true }),
  S('Restart', ['restart'], { scheduler: 'karras', second_order: true }),
  S('DDIM', ['ddim']),
  S('DDIM CFG++', ['ddim_cfgpp']),
  S('PLMS', ['plms']),
  S('UniPC', ['unipc']),
  S('LCM', ['k_lcm']),
]

const FORGE_EXTRA_SAMPLERS: Sampler[] = [
  S('HeunPP2', ['heunpp2']),
  S('IPNDM', ['ipndm']),
  S('IPNDM_V', ['ipndm_v']),
  S('DEIS', ['deis']),
]

export function samplers(flavor: SimFlavor): Sampler[] {
  if (flavor === 'a1111') return SAMPLERS_A1111
  const at = SAMPLERS_A1111.findIndex((s) => s.name === 'Restart') + 1
  return [...SAMPLERS_A1111.slice(0, at), ...FORGE_EXTRA_SAMPLERS, ...SAMPLERS_A1111.slice(at)]
}

/** The list as sent: A1111's pydantic `dict[str, str]` turns option values into strings. */
export function samplersResponse(flavor: SimFlavor): unknown[] {
  return samplers(flavor).map((s) => ({
    name: s.name,
    aliases: s.aliases,
    options: flavor === 'forge'
      ? s.options
      : Object.fromEntries(Object.entries(s.options).map(([k, v]) => [k, typeof v === 'boolean' ? (v ? 'True' : 'False') : v])),
  }))
}

export function findSampler(name: string, flavor: SimFlavor): Sampler | undefined {
  const n = name.toLowerCase()
  return samplers(flavor).find((s) => s.name.toLowerCase() === n || s.aliases.some((a) => a.toLowerCase() === n))
}

export interface Scheduler {
  name: string
  label: string
  aliases: string[] | null
  default_rho: number
  need_inner_model: boolean
}

const SC = (name: string, label: string, rho: number, inner: boolean, aliases: string[] | null = null): Scheduler =>
  ({ name, label, aliases, default_rho: rho, need_inner_model: inner })

const SCHEDULERS_A1111: Scheduler[] = [
  SC('automatic', 'Automatic', -1, false),
  SC('uniform', 'Uniform', -1, true),
  SC('karras', 'Karras', 7.0, false),
  SC('exponential', 'Exponential', -1, false),
  SC('polyexponential', 'Polyexponential', 1.0, false),
  SC('sgm_uniform', 'SGM Uniform', -1, true, ['SGMUniform']),
  SC('kl_optimal', 'KL Optimal', -1, false),
  SC('align_your_steps', 'Align Your Steps', -1, false),
  SC('simple', 'Simple', -1, true),
  SC('normal', 'Normal', -1, true),
  SC('ddim', 'DDIM', -1, true),
  SC('beta', 'Beta', -1, true),
]

const FORGE_EXTRA_SCHEDULERS: Scheduler[] = [
  SC('turbo', 'Turbo', -1, true),
  SC('align_your_steps_GITS', 'Align Your Steps GITS', -1, false),
  SC('align_your_steps_11', 'Align Your Steps 11', -1, false),
  SC('align_your_steps_32', 'Align Your Steps 32', -1, false),
]

export function schedulers(flavor: SimFlavor): Scheduler[] {
  return flavor === 'forge' ? [...SCHEDULERS_A1111, ...FORGE_EXTRA_SCHEDULERS] : SCHEDULERS_A1111
}

export function findScheduler(name: string, flavor: SimFlavor): Scheduler | undefined {
  return schedulers(flavor).find((s) => s.name === name || s.label === name || (s.aliases ?? []).includes(name))
}
// #endregion

// #region upscalers, networks, ADetailer, scripts
const UPSCALER = (name: string, scale: number, file: string | null): Record<string, unknown> => ({
  name,
  model_name: file ? file.replace(/\.[^.]+$/, '') : null,
  model_path: file ? `${ROOT}/models/${name.split(/[ _]/)[0]}/${file}` : null,
  model_url: null,
  scale,
})

export const UPSCALERS = [
  UPSCALER('None', 4, null),
  UPSCALER('Lanczos', 4, null),
  UPSCALER('Nearest', 4, null),
  UPSCALER('DAT x2', 2, 'DAT_x2.pth'),
  UPSCALER('DAT x3', 3, 'DAT_x3.pth'),
  UPSCALER('DAT x4', 4, 'DAT_x4.pth'),
  UPSCALER('ESRGAN_4x', 4, 'ESRGAN_4x.pth'),
  UPSCALER('LDSR', 4, 'model.ckpt'),
  UPSCALER('R-ESRGAN 4x+', 4, 'RealESRGAN_x4plus.pth'),
  UPSCALER('R-ESRGAN 4x+ Anime6B', 4, 'RealESRGAN_x4plus_anime_6B.pth'),
  UPSCALER('ScuNET GAN', 4, 'ScuNET.pth'),
  UPSCALER('ScuNET PSNR', 4, 'ScuNET_PSNR.pth'),
  UPSCALER('SwinIR 4x', 4, 'SwinIR_4x.pth'),
]

export const LATENT_UPSCALE_MODES = [
  'Latent', 'Latent (antialiased)', 'Latent (bicubic)', 'Latent (bicubic antialiased)', 'Latent (nearest)', 'Latent (nearest-exact)',
]

export const isUpscaler = (name: string): boolean => UPSCALERS.some((u) => u.name === name)

export const EMBEDDINGS = {
  loaded: {
    EasyNegative: { step: null, sd_checkpoint: 'c74b4e810b', sd_checkpoint_name: 'nai-full-pruned', shape: 768, vectors: 8 },
    'bad-hands-5': { step: 2700, sd_checkpoint: null, sd_checkpoint_name: null, shape: 768, vectors: 2 },
    'ng_deepnegative_v1_75t': { step: null, sd_checkpoint: null, sd_checkpoint_name: null, shape: 768, vectors: 75 },
  },
  skipped: {
    negativeXL_D: { step: null, sd_checkpoint: null, sd_checkpoint_name: null, shape: 2048, vectors: 1 },
  },
}

export const embeddingHash = (name: string): string => sha256('ti:' + name).slice(0, 12)

export const LORAS = ['add_detail', 'lcm-lora-sdv1-5', 'epiNoiseoffset_v2'].map((name) => ({
  name,
  alias: name,
  path: `${ROOT}/models/Lora/${name}.safetensors`,
  metadata: {},
}))

export const loraHash = (name: string): string => sha256('lora:' + name).slice(0, 12)

export const AD_MODELS = [
  'face_yolov8n.pt', 'face_yolov8s.pt', 'hand_yolov8n.pt', 'person_yolov8n-seg.pt', 'person_yolov8s-seg.pt', 'yolov8x-worldv2.pt',
  'mediapipe_face_full', 'mediapipe_face_short', 'mediapipe_face_mesh', 'mediapipe_face_mesh_eyes_only',
]

export const ADETAILER_VERSION = '25.3.0'

/** Script titles (matched case-insensitively), per tab. */
export const SCRIPTS = {
  txt2img: {
    selectable: ['Prompt matrix', 'Prompts from file or textbox', 'X/Y/Z plot'],
    alwayson: ['ADetailer', 'Extra options', 'Hypertile', 'Refiner', 'Seed', 'Sampler', 'Comments'],
  },
  img2img: {
    selectable: ['img2img alternative test', 'Loopback', 'Outpainting mk2', "Poor man's outpainting", 'Prompt matrix',
      'Prompts from file or textbox', 'SD upscale', 'X/Y/Z plot'],
    alwayson: ['ADetailer', 'Extra options', 'Hypertile', 'Refiner', 'Seed', 'Sampler', 'Soft Inpainting', 'Comments'],
  },
}
// #endregion

export const VERSION = { a1111: 'v1.10.1', forge: 'f2.0.1v1.10.1-previous-669-gdfdcbab6' } as const

/** A fresh settings dict (GET /options); numbers that are ints in A1111 come back as floats. */
export function defaultOptions(flavor: SimFlavor): Record<string, unknown> {
  const first = CHECKPOINTS[0]!
  const common: Record<string, unknown> = {
    samples_save: true,
    samples_format: 'png',
    samples_filename_pattern: '',
    save_images_add_number: true,
    grid_save: true,
    grid_format: 'png',
    return_grid: true,
    grid_only_if_multiple: true,
    enable_pnginfo: true,
    save_txt: false,
    jpeg_quality: 80,
    outdir_samples: '',
    outdir_txt2img_samples: 'outputs/txt2img-images',
    outdir_img2img_samples: 'outputs/img2img-images',
    outdir_extras_samples: 'outputs/extras-images',
    sd_model_checkpoint: first.title,
    sd_checkpoint_hash: first.sha256,
    sd_checkpoints_limit: 1,
    sd_checkpoints_keep_in_cpu: true,
    CLIP_stop_at_last_layers: 1,
    sd_vae_overrides_per_model_preferences: true,
    eta_noise_seed_delta: 0,
    randn_source: 'GPU',
    face_restoration: false,
    face_restoration_model: 'CodeFormer',
    code_former_weight: 0.5,
    show_progress_every_n_steps: 10,
    show_progress_type: 'Approx NN',
    live_previews_enable: true,
    api_enable_requests: true,
    api_forbid_local_requests: true,
    api_useragent: '',
    upscaler_for_img2img: null,
    ad_max_models: 4,
    ad_save_images_before: false,
    sd_lora: 'None',
    lora_preferred_name: 'Alias from file',
    token_merging_ratio: 0,
    s_churn: 0,
    s_tmin: 0,
    s_tmax: 0,
    s_noise: 1,
    eta_ancestral: 1,
    eta_ddim: 0,
    tiling: false,
    hires_fix_use_firstpass_conds: false,
  }
  if (flavor === 'forge') {
    return { ...common, forge_preset: 'sd', forge_additional_modules: [], forge_unet_storage_dtype: 'Automatic' }
  }
  return { ...common, sd_vae: 'Automatic', sd_vae_checkpoint_cache: 0, sd_vae_explanation: '' }
}
