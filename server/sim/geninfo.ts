/**
 * The text a generation leaves behind: the per-image infotext (§6 key order) and the `info`
 * JSON string of the txt2img/img2img response (§2.1 keys, in order, `json.dumps` style).
 */
import { embeddingHash, findScheduler, loraHash, vaeHash, VERSION, type Checkpoint } from './resources.ts'
import type { SimCatalog } from './catalog.ts'
import { formatInfotext, loraNames, type InfoParams } from './infotext.ts'
import { float, pyJson } from './pyjson.ts'
import type { SimFlavor } from './types.ts'

export interface GenRecord {
  kind: 'txt2img' | 'img2img'
  flavor: SimFlavor
  v: Record<string, unknown>
  prompts: string[]
  negatives: string[]
  seeds: number[]
  subseeds: number[]
  samplerName: string
  /** The resolved label written as "Schedule type". */
  scheduleLabel: string
  model: Checkpoint
  /** The VAE file used: `sd_vae` when it names one this WebUI has; an unknown name quietly means none. */
  vae: string | null
  /** Settings in effect during the generation (after override_settings). */
  options: Record<string, unknown>
  /** First-pass size. */
  width: number
  height: number
  denoise: number | null
  /** `extra_generation_params`, in insertion order. */
  extra: InfoParams
  jobTimestamp: string
}

const num = (v: unknown): number => (typeof v === 'number' ? v : 0)

/** "Schedule type": an explicit scheduler's label, else the sampler's preferred one, else Automatic. */
export function scheduleLabel(scheduler: unknown, samplerOptions: Record<string, unknown>, flavor: SimFlavor): string {
  const explicit = typeof scheduler === 'string' ? findScheduler(scheduler, flavor) : undefined
  if (explicit && explicit.name !== 'automatic') return explicit.label
  const preferred = typeof samplerOptions.scheduler === 'string' ? findScheduler(samplerOptions.scheduler, flavor) : undefined
  return preferred ? preferred.label : 'Automatic'
}

/** `sd_vae` as A1111 applies it: a VAE file it has, else (Automatic, None, or an unknown name) none. */
export function vaeOf(options: Record<string, unknown>, catalog: SimCatalog): string | null {
  const name = options.sd_vae
  return typeof name === 'string' && catalog.hasVae(name) ? name : null
}

/** "Lora hashes" / "TI hashes" for networks the prompt uses that this WebUI has. */
export function networkHashes(prompt: string, negative: string, catalog: SimCatalog): InfoParams {
  const out: InfoParams = []
  const loras = loraNames(prompt).filter((n) => catalog.hasLora(n))
  if (loras.length) out.push(['Lora hashes', loras.map((n) => `${n}: ${loraHash(n)}`).join(', ')])
  const text = `${prompt}\n${negative}`
  const tis = Object.keys(catalog.embeddings.loaded).filter((n) => new RegExp(`(^|[\\s,(])${n.replace(/[-.]/g, '\\$&')}($|[\\s,:)])`).test(text))
  if (tis.length) out.push(['TI hashes', tis.map((n) => `${n}: ${embeddingHash(n)}`).join(', ')])
  return out
}

export function infotext(r: GenRecord, i: number): string {
  const v = r.v
  const clipSkip = num(r.options.CLIP_stop_at_last_layers)
  const vae = r.vae
  const variation = num(v.subseed_strength) > 0
  const resizeFrom = num(v.seed_resize_from_w) > 0 && num(v.seed_resize_from_h) > 0
  const ensd = num(r.options.eta_noise_seed_delta)
  const tmr = num(r.options.token_merging_ratio)
  const params: InfoParams = [
    ['Steps', v.steps as number],
    ['Sampler', r.samplerName],
    ['Schedule type', r.scheduleLabel],
    ['CFG scale', v.cfg_scale as number],
    ['Image CFG scale', r.kind === 'img2img' ? (v.image_cfg_scale as number | null) : null],
    ['Seed', r.seeds[i]!],
    ['Face restoration', v.restore_faces ? String(r.options.face_restoration_model ?? 'CodeFormer') : null],
    ['Size', `${r.width}x${r.height}`],
    ['Model hash', r.model.hash],
    ['Model', r.model.shortName],
    ['VAE hash', vae ? vaeHash(vae) : null],
    ['VAE', vae ? vae.replace(/\.[^.]+$/, '') : null],
    ['Variation seed', variation ? r.subseeds[i]! : null],
    ['Variation seed strength', variation ? (v.subseed_strength as number) : null],
    ['Seed resize from', resizeFrom ? `${v.seed_resize_from_w}x${v.seed_resize_from_h}` : null],
    ['Denoising strength', r.denoise],
    ['Clip skip', clipSkip > 1 ? clipSkip : null],
    ['ENSD', ensd !== 0 ? ensd : null],
    ['Token merging ratio', tmr > 0 ? tmr : null],
    ['RNG', r.options.randn_source !== 'GPU' ? String(r.options.randn_source) : null],
    ['Tiling', v.tiling ? true : null],
    ...r.extra,
    ['Version', VERSION[r.flavor]],
  ]
  return formatInfotext(r.prompts[i]!, r.negatives[i]!, params)
}

/** The `info` string: Python `json.dumps` of the processed-result dict. */
export function infoJson(r: GenRecord, infotexts: string[], indexOfFirstImage: number): string {
  const v = r.v
  const vae = r.vae
  const extra = Object.fromEntries(r.extra.filter(([, x]) => x !== null && x !== undefined))
  const info = {
    prompt: v.prompt ?? '',
    all_prompts: r.prompts,
    negative_prompt: v.negative_prompt ?? '',
    all_negative_prompts: r.negatives,
    seed: r.seeds[0],
    all_seeds: r.seeds,
    subseed: r.subseeds[0],
    all_subseeds: r.subseeds,
    subseed_strength: float(num(v.subseed_strength)),
    width: r.width,
    height: r.height,
    sampler_name: r.samplerName,
    cfg_scale: float(num(v.cfg_scale)),
    steps: v.steps,
    batch_size: v.batch_size,
    restore_faces: v.restore_faces ?? false,
    face_restoration_model: v.restore_faces ? (r.options.face_restoration_model ?? 'CodeFormer') : null,
    sd_model_name: r.model.shortName,
    sd_model_hash: r.model.hash,
    sd_vae_name: vae ? vae.replace(/\.[^.]+$/, '') : null,
    sd_vae_hash: vae ? vaeHash(vae) : null,
    seed_resize_from_w: v.seed_resize_from_w,
    seed_resize_from_h: v.seed_resize_from_h,
    denoising_strength: r.denoise === null ? null : float(r.denoise),
    extra_generation_params: extra,
    index_of_first_image: indexOfFirstImage,
    infotexts,
    styles: v.styles ?? [],
    job_timestamp: r.jobTimestamp,
    clip_skip: num(r.options.CLIP_stop_at_last_layers),
    is_using_inpainting_conditioning: false,
    version: VERSION[r.flavor],
  }
  return pyJson(info, { pythonDumps: true })
}
