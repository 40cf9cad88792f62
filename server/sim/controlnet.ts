/**
 * sd-webui-controlnet as the simulator's always-on script: its list endpoints, the parsing of
 * `alwayson_scripts.controlnet.args` (one dict per unit, the extension's field names and legacy
 * aliases), and the `ControlNet <i>` infotext keys it writes.
 *
 * Deliberately stricter than the extension in one way: the real one ignores unknown keys
 * (pydantic `extra = "ignore"`) and A1111 logs a unit's ValueError and generates without
 * ControlNet. Here both answer 422 naming the unit and field, so a payload that drifted can never
 * pass a test silently (docs/engine.md "ControlNet").
 */
import { HttpError, ValidationError } from './errors.ts'
import { decodeInputImage, type InputImage } from './images.ts'
import { validateBody, type FieldSpec, type Schema } from './validate.ts'
import type { InfoParams } from './infotext.ts'
import { renderPixels, type RawImage } from '../png/synth.ts'
import type { SimState } from './state.ts'

/** Preprocessors with their slider defaults (resolution, threshold a, threshold b; -1 = none). */
export const CN_MODULES: Record<string, [number, number, number]> = {
  none: [-1, -1, -1],
  canny: [512, 100, 200],
  depth_midas: [512, -1, -1],
  depth_zoe: [512, -1, -1],
  openpose: [512, -1, -1],
  openpose_full: [512, -1, -1],
  lineart_realistic: [512, -1, -1],
  softedge_pidinet: [512, -1, -1],
  scribble_pidinet: [512, -1, -1],
  tile_resample: [-1, 1, -1],
  inpaint_only: [-1, -1, -1],
  'inpaint_only+lama': [-1, -1, -1],
  reference_only: [-1, 0.5, -1],
  'ip-adapter_clip_sd15': [-1, -1, -1],
}

export const CN_MODELS = [
  'control_v11p_sd15_canny [d14c016b]',
  'control_v11f1p_sd15_depth [cfd03158]',
  'control_v11p_sd15_openpose [cab727d4]',
  'control_v11p_sd15_lineart [43d4be0d]',
  'control_v11f1e_sd15_tile [a371b31b]',
  'control_v11p_sd15_inpaint [ebff9138]',
  'diffusers_xl_canny_mid [112a778d]',
]

export const CN_VERSION = 2

const RESIZE_MODES = ['Just Resize', 'Crop and Resize', 'Resize and Fill']
const RESIZE_ALIASES: Record<string, string> = {
  'Inner Fit (Scale to Fit)': 'Crop and Resize', 'Outer Fit (Shrink to Fit)': 'Resize and Fill',
  'Scale to Fit (Inner Fit)': 'Crop and Resize', 'Envelope (Outer Fit)': 'Resize and Fill',
}
const CONTROL_MODES = ['Balanced', 'My prompt is more important', 'ControlNet is more important']

const f = (t: FieldSpec['t'], d: unknown, extra: Partial<FieldSpec> = {}): FieldSpec => ({ t, d, ...extra })

/** Every field of the extension's ControlNetUnit (and its legacy aliases); anything else is refused. */
const UNIT_SCHEMA: Schema = {
  enabled: f('bool', false),
  module: f('str', 'none'),
  model: f('str', 'None'),
  weight: f('float', 1, { ge: 0, le: 2 }),
  image: f('any', null),
  resize_mode: f('any', 'Crop and Resize'),
  low_vram: f('bool', false),
  processor_res: f('int', -1),
  threshold_a: f('float', -1),
  threshold_b: f('float', -1),
  guidance_start: f('float', 0, { ge: 0, le: 1 }),
  guidance_end: f('float', 1, { ge: 0, le: 1 }),
  pixel_perfect: f('bool', false),
  control_mode: f('any', 'Balanced'),
  // Fields the extension has that we never send; accepted so a real client's payload is not refused.
  is_ui: f('bool', false), input_mode: f('any', 'simple'), batch_images: f('any', null), output_dir: f('str', ''),
  loopback: f('bool', false), inpaint_crop_input_image: f('bool', true), hr_option: f('any', 'Both'),
  save_detected_map: f('bool', true), advanced_weighting: f('list', null), effective_region_mask: f('any', null),
  pulid_mode: f('any', 'Fidelity'), ipadapter_input: f('any', null), mask: f('any', null), mask_image: f('any', null),
  input_image: f('any', null), lowvram: f('bool', false), guidance: f('float', 1),
}
const LEGACY: Record<string, string> = { input_image: 'image', lowvram: 'low_vram', guidance: 'guidance_end' }

export interface CnUnit {
  module: string
  model: string
  weight: number
  resizeMode: string
  processorRes: number
  thresholdA: number
  thresholdB: number
  guidanceStart: number
  guidanceEnd: number
  pixelPerfect: boolean
  controlMode: string
  image: InputImage
}

const refuse = (unit: number, message: string): HttpError => new HttpError(422, `ControlNet unit ${unit}: ${message}`)

function enumValue(value: unknown, labels: string[], field: string, unit: number, aliases: Record<string, string> = {}): string {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < labels.length) return labels[value]!
  if (typeof value === 'string' && labels.includes(aliases[value] ?? value)) return aliases[value] ?? value
  throw refuse(unit, `${field}(${JSON.stringify(value)}) is not one of ${labels.map((l) => `"${l}"`).join(', ')} (or 0-${labels.length - 1})`)
}

/** The extension's model lookup: the listed `name [hash]`, or the name alone in any letter case. */
export function findCnModel(name: string, models: readonly string[]): string | undefined {
  if (models.includes(name)) return name
  const bare = name.toLowerCase()
  return models.find((m) => m.replace(/\s*\[[0-9a-f]+\]$/i, '').toLowerCase() === bare)
}

/** `alwayson_scripts.controlnet.args` of a request (any letter case of the title), or undefined. */
export function controlnetArgs(v: Record<string, unknown>): unknown {
  const scripts = (v.alwayson_scripts as Record<string, unknown> | null) ?? {}
  const key = Object.keys(scripts).find((k) => k.toLowerCase() === 'controlnet')
  const entry = key ? scripts[key] : undefined
  return entry && typeof entry === 'object' ? (entry as { args?: unknown }).args : undefined
}

/** Parses and checks every unit; returns the enabled ones, in order, with their decoded images. */
export async function planControlNet(args: unknown, opts: { init: InputImage | null }, state: SimState): Promise<CnUnit[]> {
  if (args === undefined || args === null) return []
  if (!Array.isArray(args)) throw new HttpError(422, 'ControlNet: args must be a list of units')
  const units: CnUnit[] = []
  for (const [i, raw] of args.entries()) {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw refuse(i, 'not a dict')
    const src = { ...(raw as Record<string, unknown>) }
    const extra = Object.keys(src).filter((k) => !(k in UNIT_SCHEMA))
    if (extra.length) throw refuse(i, `unknown fields: ${extra.join(', ')}`)
    for (const [alias, key] of Object.entries(LEGACY)) {
      if (!(alias in src)) continue
      if (key in src) throw refuse(i, `Conflict of field '${alias}' and '${key}'`)
      src[key] = src[alias]
      delete src[alias]
    }
    let v: Record<string, unknown>
    try {
      v = validateBody(src, UNIT_SCHEMA, 'a1111').values
    } catch (e) {
      if (e instanceof ValidationError) throw refuse(i, e.items.map((x) => `${(x.loc as unknown[]).slice(1).join('.')}: ${String(x.msg)}`).join('; '))
      throw e
    }
    const module = String(v.module)
    if (!(module in CN_MODULES)) throw refuse(i, `module(${module}) not found in supported modules.`)
    const model = findCnModel(String(v.model), state.catalog.controlnetModels)
    if (String(v.model) !== 'None' && model === undefined) throw refuse(i, `model(${String(v.model)}) not found in supported models.`)
    const resizeMode = enumValue(v.resize_mode, RESIZE_MODES, 'resize_mode', i, RESIZE_ALIASES)
    const controlMode = enumValue(v.control_mode, CONTROL_MODES, 'control_mode', i)
    const [start, end] = [v.guidance_start as number, v.guidance_end as number]
    if (start > end) throw refuse(i, `guidance_start(${start}) > guidance_end(${end})`)
    if (v.enabled !== true) continue
    if (model === undefined) throw refuse(i, 'enabled with model "None": nothing would be applied')
    const rawImage = v.image !== null && typeof v.image === 'object' && !Array.isArray(v.image) ? (v.image as { image?: unknown }).image : v.image
    let image: InputImage
    if (rawImage === null || rawImage === undefined) {
      if (!opts.init) throw refuse(i, 'ControlNet is enabled but no input image is given')
      image = opts.init
    } else {
      image = await decodeInputImage(rawImage, state)
    }
    // Out-of-range slider values fall back to the preprocessor's default, as the extension does.
    const [res, a, b] = CN_MODULES[module]!
    const slider = (value: number, d: number): number => (d === -1 || value < 0 ? d : value)
    units.push({
      module, model, weight: v.weight as number, resizeMode, controlMode, image,
      processorRes: slider(v.processor_res as number, res), thresholdA: slider(v.threshold_a as number, a), thresholdB: slider(v.threshold_b as number, b),
      guidanceStart: start, guidanceEnd: end, pixelPerfect: v.pixel_perfect === true,
    })
  }
  return units
}

/** Python's str() of a float. */
const pyFloat = (n: number): string => (Number.isInteger(n) ? `${n}.0` : String(n))

/** `ControlNet <i>: "Module: …, Model: …, …"` per enabled unit, as the extension serializes it. */
export function controlNetInfotext(units: readonly CnUnit[]): InfoParams {
  return units.map((u, i) => [`ControlNet ${i}`, [
    `Module: ${u.module}`, `Model: ${u.model}`, `Weight: ${pyFloat(u.weight)}`, `Resize Mode: ${u.resizeMode}`,
    `Processor Res: ${u.processorRes}`, `Threshold A: ${pyFloat(u.thresholdA)}`, `Threshold B: ${pyFloat(u.thresholdB)}`,
    `Guidance Start: ${pyFloat(u.guidanceStart)}`, `Guidance End: ${pyFloat(u.guidanceEnd)}`,
    `Pixel Perfect: ${u.pixelPerfect ? 'True' : 'False'}`, `Control Mode: ${u.controlMode}`,
  ].join(', ')])
}

/**
 * The visible effect of the units on a sampled image (before an inpainting mask keeps the rest):
 * each control image, resized to it, shows through in proportion to its weight (a third at
 * weight 1), so a test can tell a unit was applied.
 */
export function applyControl(img: RawImage, units: readonly CnUnit[]): RawImage {
  let out = img
  for (const u of units) {
    const control = renderPixels({ width: out.width, height: out.height, seed: 0, prompt: '', stage: 'upscale', source: u.image })
    const share = Math.min(1, u.weight / 3)
    const pixels = new Uint8Array(out.pixels)
    for (let i = 0; i < pixels.length; i++) {
      if (i % 4 === 3) continue
      pixels[i] = Math.round(pixels[i]! + (control.pixels[i]! - pixels[i]!) * share)
    }
    out = { width: out.width, height: out.height, pixels }
  }
  return out
}
