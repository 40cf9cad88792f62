/**
 * txt2img and img2img: the request is checked before the queue (what A1111's handler checks),
 * then, under the queue lock, settings are overridden, batches are "sampled" step by step with
 * real timers (so /progress moves), images are rendered, ADetailer runs, settings are restored.
 */
import { setTimeout as sleep, setImmediate as yieldLoop } from 'node:timers/promises'
import { HttpError, keyError, PyError } from './errors.ts'
import { decodeInputImage, grid, pngBase64, type InputImage } from './images.ts'
import { infoJson, infotext, networkHashes, scheduleLabel, vaeOf, type GenRecord } from './geninfo.ts'
import { modelKnown, planAdetailer, runs, tabInfotext, versionInfotext, type AdetailerPlan } from './adetailer.ts'
import { findSampler, findScheduler, LATENT_UPSCALE_MODES, samplers, SCRIPTS, type Sampler } from './resources.ts'
import { applyControl, controlnetArgs, controlNetInfotext, planControlNet, type CnUnit } from './controlnet.ts'
import { renderPixels, type RawImage, type RenderParams } from '../png/synth.ts'
import { MAX_SEED } from '../../engine/util/rng.ts'
import type { InfoParams } from './infotext.ts'
import { inpaintImage, planInpaint } from './inpaint.ts'
import { stylePrompt } from './styles.ts'
import { samplerParamInfotext } from './sampler-params.ts'
import { planSdUpscale, sdUpscale, type SdUpscalePlan } from './sd-upscale.ts'
import type { SimState } from './state.ts'

export type GenKind = 'txt2img' | 'img2img'

export interface GenRequest {
  kind: GenKind
  values: Record<string, unknown>
  echo: Record<string, unknown>
  /** Keys the client actually sent (img2img keeps the input size unless width/height are sent). */
  provided: Set<string>
}

interface Prepared extends GenRequest {
  sampler: Sampler
  scheduler: unknown
  inputs: InputImage[]
  mask: InputImage | null
  batchSize: number
  ad: AdetailerPlan
  /** The SD upscale script, when the request selects it. */
  sdUpscale: SdUpscalePlan | null
  /** Enabled ControlNet units, checked before the queue. */
  cn: CnUnit[]
}

const num = (v: unknown, d = 0): number => (typeof v === 'number' ? v : d)

/** 1.9+: unknown names fall back to the first sampler; "DPM++ 2M Karras" splits in two. */
function resolveSampler(name: string, scheduler: unknown, state: SimState): { sampler: Sampler; scheduler: unknown } {
  const flavor = state.config.flavor
  const direct = findSampler(name, flavor)
  if (direct) return { sampler: direct, scheduler }
  for (const s of samplers(flavor)) {
    if (!name.startsWith(s.name + ' ')) continue
    const sched = findScheduler(name.slice(s.name.length + 1), flavor)
    if (sched) return { sampler: s, scheduler: scheduler ?? sched.name }
  }
  return { sampler: samplers(flavor)[0]!, scheduler }
}

function checkScripts(kind: GenKind, v: Record<string, unknown>, state: SimState): void {
  const titles = { ...SCRIPTS[kind], alwayson: [...SCRIPTS[kind].alwayson, ...(state.config.controlnet ? ['ControlNet'] : [])] }
  const has = (list: string[], t: string): boolean => list.some((x) => x.toLowerCase() === t.toLowerCase())
  if (typeof v.script_name === 'string' && v.script_name !== '' && !has(titles.selectable, v.script_name)) {
    throw new HttpError(422, `Script '${v.script_name}' not found`)
  }
  for (const title of Object.keys((v.alwayson_scripts as Record<string, unknown> | null) ?? {})) {
    if (has(titles.selectable, title)) throw new HttpError(422, 'Cannot have a selectable script in the always on scripts params')
    if (!has(titles.alwayson, title)) throw new HttpError(422, `Script '${title}' not found`)
  }
}

function adetailerArgs(v: Record<string, unknown>): unknown {
  const scripts = (v.alwayson_scripts as Record<string, unknown> | null) ?? {}
  const key = Object.keys(scripts).find((k) => k.toLowerCase() === 'adetailer')
  const entry = key ? scripts[key] : undefined
  return entry && typeof entry === 'object' ? (entry as { args?: unknown }).args : undefined
}

/** Everything A1111 checks before taking the queue lock. */
export async function prepare(req: GenRequest, state: SimState): Promise<Prepared> {
  const v = req.values
  checkScripts(req.kind, v, state)
  const name = (v.sampler_name as string | null) ?? (v.sampler_index as string | null) ?? 'Euler'
  const { sampler, scheduler } = resolveSampler(name, v.scheduler, state)
  let batchSize = Math.max(1, num(v.batch_size, 1))
  const inputs: InputImage[] = []
  let mask: InputImage | null = null
  if (req.kind === 'img2img') {
    const list = v.init_images as unknown[] | null
    if (!list) throw new HttpError(404, 'Init image not found')
    for (const item of list) inputs.push(await decodeInputImage(item, state))
    if (inputs.length === 0) throw new HttpError(404, 'Init image not found')
    if (inputs.length > batchSize) {
      throw new PyError('RuntimeError', `bad number of images passed: ${inputs.length}; expecting ${batchSize} or less`)
    }
    if (inputs.length > 1) batchSize = inputs.length
    if (typeof v.mask === 'string' && v.mask) mask = await decodeInputImage(v.mask, state)
  }
  const ad = planAdetailer(adetailerArgs(v), { img2img: req.kind === 'img2img', inpaint: mask !== null })
  const cnArgs = controlnetArgs(v)
  // No ControlNet in the request: no extra await before the queue (arrival order is kept tight).
  const cn = cnArgs === undefined ? [] : await planControlNet(cnArgs, { init: inputs[0] ?? null }, state)
  const sdUp = planSdUpscale(req.kind, v, state.catalog)
  return { ...req, sampler, scheduler, inputs, mask, batchSize, ad, cn, sdUpscale: sdUp }
}

/** One sampling pass: `steps` ticks of stepMs×batch each, stopping early on interrupt/skip. */
async function sample(state: SimState, steps: number, batch: number, preview: RenderParams): Promise<number> {
  const job = state.job
  job.sampling_steps = steps
  job.sampling_step = 0
  const every = num(state.options.show_progress_every_n_steps, 10)
  const start = performance.now()
  for (let s = 1; s <= steps; s++) {
    if (job.interrupted || job.skipped) return s - 1
    const wait = start + s * state.config.stepMs * batch - performance.now()
    if (wait >= 1) await sleep(wait)
    else if (s % 8 === 0) await yieldLoop() // let /progress and /interrupt in even at stepMs 0
    if (job.interrupted || job.skipped) return s - 1
    job.sampling_step = s
    if (every > 0 && s % every === 0) {
      job.preview = { params: { ...preview, noise: 1 - s / steps }, key: `${state.jobSeq}:${job.job_no}:${s}` }
    }
  }
  return steps
}

/** Applies override_settings; returns what to put back afterwards. */
async function applyOverrides(p: Prepared, state: SimState): Promise<() => Promise<void>> {
  const overrides = (p.values.override_settings as Record<string, unknown> | null) ?? {}
  for (const [k, val] of Object.entries(overrides)) if (!(k in state.options) && val !== null) throw keyError(k)
  const saved: Record<string, unknown> = {}
  const previousModel = state.model
  for (const [k, val] of Object.entries(overrides)) {
    if (!(k in state.options)) continue
    saved[k] = state.options[k]
    if (k === 'sd_model_checkpoint') {
      // An unknown checkpoint is silently ignored: the loaded one stays (A1111's process_images
      // pops it from override_settings), and the infotext names the model really used.
      const target = state.catalog.findCheckpoint(String(val))
      if (target) await state.switchModel(target)
      continue
    }
    state.options[k] = val
  }
  return async () => {
    if (p.values.override_settings_restore_afterwards === false) return
    for (const [k, val] of Object.entries(saved)) if (k !== 'sd_model_checkpoint') state.options[k] = val
    if (state.model !== previousModel) await state.switchModel(previousModel)
  }
}

interface HiresPlan { width: number; height: number; steps: number; extra: InfoParams }

function planHires(p: Prepared, width: number, height: number, state: SimState): HiresPlan | null {
  const v = p.values
  if (p.kind !== 'txt2img' || v.enable_hr !== true) return null
  if (v.denoising_strength === null) {
    throw new PyError('TypeError', "unsupported operand type(s) for *: 'NoneType' and 'int'")
  }
  const hrSampler = v.hr_sampler_name as string | null
  if (hrSampler !== null && !findSampler(hrSampler, state.config.flavor)) throw new PyError('AssertionError', `bad sampler name: ${hrSampler}`)
  const upscaler = (v.hr_upscaler as string | null) ?? 'Latent'
  if (!LATENT_UPSCALE_MODES.includes(upscaler) && !state.catalog.isUpscaler(upscaler)) {
    throw new PyError('Exception', `could not find upscaler named ${upscaler}`)
  }
  const ckpt = v.hr_checkpoint_name as string | null
  if (ckpt && !state.catalog.closestCheckpoint(ckpt)) throw new PyError('Exception', `Could not find checkpoint with name ${ckpt}`)
  const rx = num(v.hr_resize_x)
  const ry = num(v.hr_resize_y)
  let w2: number, h2: number
  const extra: InfoParams = []
  if (rx === 0 && ry === 0) {
    w2 = Math.trunc(width * num(v.hr_scale, 2))
    h2 = Math.trunc(height * num(v.hr_scale, 2))
    extra.push(['Hires upscale', num(v.hr_scale, 2)])
  } else {
    w2 = rx || Math.trunc((ry * width) / height)
    h2 = ry || Math.trunc((rx * height) / width)
    extra.push(['Hires resize', `${rx}x${ry}`])
  }
  const steps = num(v.hr_second_pass_steps) || num(v.steps, 50)
  if (num(v.hr_second_pass_steps) > 0) extra.push(['Hires steps', num(v.hr_second_pass_steps)])
  extra.push(['Hires upscaler', upscaler])
  if (hrSampler !== null) extra.push(['Hires sampler', hrSampler])
  if (ckpt) extra.push(['Hires checkpoint', state.catalog.closestCheckpoint(ckpt)!.title])
  // '' = the main prompt; styles apply to the hires prompts too. Written only when they differ.
  const styles = Array.isArray(v.styles) ? (v.styles as string[]) : []
  for (const [key, field, main, negative] of [['Hires prompt', 'hr_prompt', 'prompt', false], ['Hires negative prompt', 'hr_negative_prompt', 'negative_prompt', true]] as const) {
    const own = typeof v[field] === 'string' ? (v[field] as string) : ''
    if (own === '') continue
    const styled = stylePrompt(own, styles, state.catalog.styles, negative)
    if (styled !== stylePrompt(String(v[main] ?? ''), styles, state.catalog.styles, negative)) extra.push([key, styled])
  }
  return { width: w2, height: h2, steps, extra }
}

export interface GenResult { images: string[]; info: string }

/** Runs a prepared request under the queue lock (the caller holds it). */
export async function run(p: Prepared, state: SimState): Promise<GenResult> {
  const v = p.values
  const nIter = Math.max(1, num(v.n_iter, 1))
  const hiresOn = p.kind === 'txt2img' && v.enable_hr === true
  state.begin(p.kind === 'txt2img' ? 'scripts_txt2img' : 'scripts_img2img', nIter * (hiresOn ? 2 : 1))
  let restore = async (): Promise<void> => undefined
  try {
    restore = await applyOverrides(p, state)
    const refiner = v.refiner_checkpoint as string | null
    if (refiner && !state.catalog.closestCheckpoint(refiner)) throw new PyError('Exception', `Could not find checkpoint with name ${refiner}`)
    let width = num(v.width, 512)
    let height = num(v.height, 512)
    if (p.kind === 'img2img') {
      const src = p.inputs[0]!
      if (p.ad.skipImg2img) [width, height] = [src.width, src.height]
      else {
        width = p.provided.has('width') && v.width !== null ? width : p.provided.has('height') && v.height !== null ? Math.round((src.width * height) / src.height) : src.width
        height = p.provided.has('height') && v.height !== null ? height : p.provided.has('width') && v.width !== null ? Math.round((src.height * width) / src.width) : src.height
      }
    }
    const hires = planHires(p, width, height, state)
    const total = nIter * p.batchSize
    const seed = num(v.seed, -1) === -1 ? state.seedRng.int(MAX_SEED) : num(v.seed)
    const subseed = num(v.subseed, -1) === -1 ? state.seedRng.int(MAX_SEED) : num(v.subseed)
    const variation = num(v.subseed_strength) !== 0
    // A1111 applies the request's styles to every prompt before sampling (and the infotext shows that).
    const styles = Array.isArray(v.styles) ? (v.styles as string[]) : []
    const prompt = stylePrompt(String(v.prompt ?? ''), styles, state.catalog.styles, false)
    const negative = stylePrompt(String(v.negative_prompt ?? ''), styles, state.catalog.styles, true)
    const record: GenRecord = {
      kind: p.kind, flavor: state.config.flavor, v,
      prompts: Array(total).fill(prompt), negatives: Array(total).fill(negative),
      seeds: Array.from({ length: total }, (_, i) => seed + (variation ? 0 : i)),
      subseeds: Array.from({ length: total }, (_, i) => subseed + i),
      samplerName: p.sampler.name,
      scheduleLabel: scheduleLabel(p.scheduler, p.sampler.options, state.config.flavor),
      model: state.model, vae: vaeOf(state.options, state.catalog), options: { ...state.options }, width, height,
      denoise: p.kind === 'img2img' || hiresOn ? num(v.denoising_strength) : null,
      extra: [...(hires?.extra ?? [])], jobTimestamp: state.job.job_timestamp,
    }
    if (refiner && v.refiner_switch_at !== null) {
      record.extra.push(['Refiner', state.catalog.closestCheckpoint(refiner)!.title], ['Refiner switch at', num(v.refiner_switch_at)])
    }
    // Forge writes its distilled guidance when a request sets it.
    if (state.config.flavor === 'forge' && p.provided.has('distilled_cfg_scale') && typeof v.distilled_cfg_scale === 'number') {
      record.extra.push(['Distilled CFG Scale', v.distilled_cfg_scale])
    }
    record.extra.push(...networkHashes(prompt, negative, state.catalog))
    record.extra.push(...controlNetInfotext(p.cn))
    // A blank mask with "Only masked" is plain img2img (null), as in A1111.
    const inpaint = p.mask && !p.ad.skipImg2img ? planInpaint(v, p.mask, p.inputs[0]!, width, height) : null
    if (inpaint) record.extra.push(...inpaint.extra)
    // img2img's sample(): a noise multiplier other than 1 (the request's, else the option's) is written.
    if (p.kind === 'img2img' && !p.ad.skipImg2img) {
      const mult = typeof v.initial_noise_multiplier === 'number' ? v.initial_noise_multiplier : num(state.options.initial_noise_multiplier, 1)
      if (mult !== 1) record.extra.push(['Noise multiplier', mult])
    }
    // What the sampler writes when it starts (after the keys above, as in A1111).
    if (!p.ad.skipImg2img) record.extra.push(...samplerParamInfotext(p.sampler.name, v, state.options))
    const steps = num(v.steps, 50)
    const denoise = num(v.denoising_strength, 0.75)
    const passSteps = p.kind === 'img2img' ? (p.ad.skipImg2img ? 1 : Math.trunc(Math.min(denoise, 0.999) * steps) + 1) : steps
    const images: RawImage[] = []
    if (p.sdUpscale) {
      // The script sets these before processing, so they precede the hashes process_images adds.
      record.extra.unshift(['SD upscale overlap', p.sdUpscale.overlap], ['SD upscale upscaler', p.sdUpscale.upscaler])
      images.push(...await runSdUpscale(p, p.sdUpscale, state, { width, height, passSteps, prompt, denoise, seed: record.seeds[0]! }))
      state.countGeneration()
      // The combined image is new: no infotext chunk (A1111's API encodes the image's own info).
      const out = images.map((img) => pngBase64(img, {}))
      const info = infotext(record, 0)
      return { images: v.send_images === false ? [] : out, info: infoJson({ ...record, seeds: [record.seeds[0]!] }, [info], 0) }
    }
    for (let n = 0; n < nIter; n++) {
      const job = state.job
      if (job.interrupted || job.stopping_generation) break
      job.skipped = false
      if (nIter > 1) job.job = `Batch ${n + 1} out of ${nIter}`
      const idx0 = n * p.batchSize
      const base: RenderParams = { width, height, seed: record.seeds[idx0]!, prompt, stage: p.kind }
      const done = await sample(state, passSteps, p.batchSize, { ...base, width: width >> 2 || 1, height: height >> 2 || 1 })
      job.job_no++
      let w = width, h = height, stage: string = p.kind
      let noise = done < passSteps ? 1 - done / passSteps : 0
      if (hires && !job.interrupted) {
        const done2 = await sample(state, hires.steps, p.batchSize, { ...base, width: hires.width >> 2 || 1, height: hires.height >> 2 || 1, stage: 'hires' })
        job.job_no++
        ;[w, h, stage] = [hires.width, hires.height, 'hires']
        noise = done2 < hires.steps ? 1 - done2 / hires.steps : 0
      }
      for (let i = 0; i < p.batchSize; i++) {
        const idx = idx0 + i
        const src = p.inputs[i % p.inputs.length]
        const params: RenderParams = { width: w, height: h, seed: record.seeds[idx]!, prompt, stage, noise }
        let img: RawImage
        // ControlNet guides what is sampled, so it acts before an inpainting mask keeps the rest.
        if (!src) img = applyControl(renderPixels(params), p.cn)
        else if (p.ad.skipImg2img) img = renderPixels({ ...params, stage: 'upscale', source: src, noise: 0 })
        else {
          // ControlNet acts on the freshly sampled image; the inpaint composite then keeps the unmasked rest.
          img = inpaint
            ? inpaintImage(inpaint, src, width, height, (source) => applyControl(renderPixels({ ...params, width, height, source, strength: denoise, stage: `${stage}:fill${inpaint.fill}` }), p.cn))
            : applyControl(renderPixels({ ...params, source: src, strength: denoise }), p.cn)
        }
        images.push(img)
      }
    }
    await runAdetailer(p, state, images, record)
    const infotexts = images.map((_, i) => infotext(record, i))
    const chunks = (i: number): Record<string, string> => (state.options.enable_pnginfo === false ? {} : { parameters: infotexts[i]! })
    let out = images.map((img, i) => pngBase64(img, chunks(i)))
    let first = 0
    if (v.save_images === true && images.length > 1 && state.options.return_grid !== false) {
      out = [pngBase64(grid(images), chunks(0)), ...out]
      infotexts.unshift(infotexts[0]!)
      first = 1
    }
    state.countGeneration()
    return { images: v.send_images === false ? [] : out, info: infoJson(record, infotexts, first) }
  } finally {
    await restore()
    state.end()
  }
}

interface TileRun { width: number; height: number; passSteps: number; prompt: string; denoise: number; seed: number }

/** SD upscale: every tile one img2img sampling, seeds counting up from the request's, per n_iter. */
async function runSdUpscale(p: Prepared, plan: SdUpscalePlan, state: SimState, t: TileRun): Promise<RawImage[]> {
  const nIter = Math.max(1, num(p.values.n_iter, 1))
  const out: RawImage[] = []
  for (let n = 0; n < nIter && !state.job.interrupted; n++) {
    const { image, tiles } = await sdUpscale(plan, p.inputs[0]!, t.width, t.height, {
      diffuse: async (tile, i, total) => {
        const job = state.job
        job.job_count = total * nIter
        job.job = `Batch ${i + 1 + n * total} out of ${job.job_count}`
        const seed = t.seed + n + i
        const params: RenderParams = { width: t.width, height: t.height, seed, prompt: t.prompt, stage: 'img2img' }
        const done = await sample(state, t.passSteps, 1, { ...params, width: t.width >> 2 || 1, height: t.height >> 2 || 1 })
        if (job.interrupted) return null
        job.job_no++
        return renderPixels({ ...params, source: tile, strength: t.denoise, noise: done < t.passSteps ? 1 - done / t.passSteps : 0 })
      },
    })
    state.countTiles(tiles)
    out.push(image)
  }
  return out
}

/** ADetailer's postprocess: one inpaint pass per valid tab with a known model, per image. */
async function runAdetailer(p: Prepared, state: SimState, images: RawImage[], record: GenRecord): Promise<void> {
  if (!p.ad.active || images.length === 0) return
  const active = p.ad.tabs.map((tab, index) => ({ tab, index })).filter(({ tab }) => runs(tab) && modelKnown(tab, state.catalog.adetailerModels))
  if (active.length === 0) return
  state.job.job_count += active.length
  const steps = num(p.values.steps, 50)
  for (const { tab, index } of active) {
    if (state.job.interrupted) break
    const adSteps = tab.ad_use_steps ? num(tab.ad_steps, 28) : steps
    const strength = num(tab.ad_denoising_strength, 0.4)
    const passSteps = Math.trunc(Math.min(strength, 0.999) * adSteps) + 1
    const prompt = (tab.ad_prompt as string) || String(p.values.prompt ?? '')
    await sample(state, passSteps, images.length, { width: 64, height: 64, seed: record.seeds[0]!, prompt, stage: 'adetailer' })
    state.job.job_no++
    for (let i = 0; i < images.length; i++) {
      const img = images[i]!
      images[i] = renderPixels({ width: img.width, height: img.height, seed: record.seeds[i]!, prompt, stage: `adetailer:${tab.ad_model}`, source: img, strength: strength * 0.5 })
    }
    record.extra.push(...tabInfotext(tab, index))
  }
  record.extra.push(...versionInfotext())
}
