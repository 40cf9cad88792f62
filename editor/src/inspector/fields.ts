/**
 * Inspector fields generated from a kind's zod params schema. We read the schema through zod's
 * public `z.toJSONSchema` (min/max/multipleOf/enum/maxLength are plain data there) rather than
 * zod internals, so a zod upgrade cannot silently change the form. A few keys get a richer
 * widget (prompts as text areas, WebUI names as dropdowns, passes as tabs, sweeps as a list).
 */
import { z } from 'zod'
import { fieldsNotSent, type UpscaleMode } from '../../../engine/config/upscale-modes.ts'
import type { NodeKindDef } from '../../../engine/nodes/define.ts'
import { INPAINT_CHOICES, INPAINT_HINTS, INPAINT_LABELS } from './inpaint-fields.ts'

/**
 * `upscalers` (hires) also offers A1111's latent modes; `extrasUpscalers` (the upscale node: extras
 * and the SD upscale script) offers only /sdapi/v1/upscalers, the names those accept.
 */
export type ResourceList = 'models' | 'vaes' | 'samplers' | 'schedulers' | 'upscalers' | 'extrasUpscalers' | 'adetailerModels' | 'styles' | 'controlnetModules' | 'controlnetModels'

interface Base { key: string; label: string; hint?: string }
export type FieldSpec =
  | (Base & { type: 'number'; min?: number; max?: number; step: number; integer: boolean; choices?: { value: number; label: string }[] })
  | (Base & { type: 'enum'; options: string[] })
  | (Base & { type: 'boolean' })
  | (Base & { type: 'text'; multiline: boolean; maxLength?: number; resource?: ResourceList; allowEmpty: boolean })
  | (Base & { type: 'group'; fields: FieldSpec[] })
  /** A list of WebUI names (prompt styles): picked from the WebUI's list, in order. */
  | (Base & { type: 'multi'; max: number; resource?: ResourceList })
  /** A collapsible heading over fields of the same object (paths unchanged): the advanced settings. */
  | (Base & { type: 'section'; fields: FieldSpec[] })
  | (Base & { type: 'passes'; max: number; fields: FieldSpec[] })
  | (Base & { type: 'sweeps'; max: number })
  | (Base & { type: 'rows' })
  /** A pack node's list of packs, each with its rows (graph version 3). */
  | (Base & { type: 'packs' })
  | (Base & { type: 'library-ref'; ref: 'pack' | 'preset' })
  | (Base & { type: 'control-image' })

interface JsonSchema {
  type?: string
  properties?: Record<string, JsonSchema>
  items?: JsonSchema
  anyOf?: JsonSchema[]
  enum?: unknown[]
  const?: unknown
  minimum?: number
  maximum?: number
  multipleOf?: number
  maxLength?: number
  minLength?: number
  maxItems?: number
}

const LABELS: Record<string, string> = {
  prompt: 'Prompt', model: 'Model', vae: 'VAE', sampler_name: 'Sampler', scheduler: 'Scheduler', steps: 'Steps',
  cfg_scale: 'CFG scale', width: 'Width', height: 'Height', seed: 'Seed', clip_skip: 'Clip skip', batch_size: 'Batch size',
  batch_runs: 'Batch runs', negative_prompt: 'Negative prompt', hires: 'Hires fix', refiner: 'Refiner', denoising_strength: 'Denoise',
  resize_mode: 'Resize mode', prompt_adjust: 'Prompt addition', negative_adjust: 'Negative addition', sourceImage: 'Source image',
  second_pass_steps: 'Second pass steps', resize_x: 'Resize to width', resize_y: 'Resize to height', switch_at: 'Switch at',
  passes: 'Detection passes', packId: 'Pack', presetId: 'Preset', rows: 'Rows', maxVariants: 'Max variants', useMatrix: 'Use [[slot]] matrix',
  sweeps: 'Config sweeps', seedMode: 'Seed mode', baseSeed: 'Base seed', drawSeed: 'Draw seed', gfpgan_visibility: 'GFPGAN visibility',
  codeformer_visibility: 'CodeFormer visibility', codeformer_weight: 'CodeFormer weight', fps: 'FPS', slide_seconds: 'Seconds per slide',
  styles: 'Styles', subseed: 'Variation seed', subseed_strength: 'Variation strength', seed_resize_from_w: 'Resize seed from width',
  seed_resize_from_h: 'Resize seed from height', eta: 'Eta', s_churn: 'Sigma churn', s_tmin: 'Sigma tmin', s_tmax: 'Sigma tmax', s_noise: 'Sigma noise',
  eta_noise_seed_delta: 'ENSD (eta noise seed delta)', randn_source: 'Random number source', token_merging_ratio: 'Token merging ratio',
  restore_faces: 'Restore faces', face_restoration_model: 'Face restoration model', code_former_weight: 'CodeFormer weight (restore faces)',
  distilled_cfg_scale: 'Distilled CFG (Forge only)', image_cfg_scale: 'Image CFG scale', initial_noise_multiplier: 'Noise multiplier',
  ad_model: 'Detector model', ad_tab_enable: 'Enabled', ad_prompt: 'Prompt', ad_negative_prompt: 'Negative prompt', ad_mask_k: 'Top-k masks',
  tile_overlap: 'Tile overlap', tile_width: 'Tile width', tile_height: 'Tile height', upscaler_2: 'Upscaler 2',
  extras_upscaler_2_visibility: 'Upscaler 2 visibility', upscale_first: 'Upscale before face restoration',
  upscaling_resize_w: 'Target width', upscaling_resize_h: 'Target height', upscaling_crop: 'Crop to fit',
}

const HINTS: Record<string, string> = {
  prompt: 'used when nothing is connected to Prompts', seed: '-1 = a random seed, drawn when the job is built', model: 'empty = keep the loaded checkpoint', vae: 'empty = Automatic',
  scheduler: 'empty = Automatic', width: 'multiple of 8', height: 'multiple of 8', batch_runs: 'separate jobs per prompt variant, each with its own seed',
  second_pass_steps: '0 = same as the first pass', resize_x: '0 = use the scale', resize_y: '0 = use the scale', rows: 'empty = every row',
  styles: 'A1111 prompt styles, applied in order', subseed: '-1 = derived from the job seed', subseed_strength: '0 = no variation',
  distilled_cfg_scale: 'runs only on a Forge WebUI', image_cfg_scale: 'instruct-pix2pix models', clip_skip: 'unset = the clip skip of the incoming image',
  tile_overlap: 'pixels shared by neighbouring tiles; must be less than the tile size', tile_width: 'each tile is re-diffused at this size',
  extras_upscaler_2_visibility: '0 = upscaler 2 is not blended in', upscaling_crop: 'off = keep the aspect ratio, covering the target size',
  upscale_first: 'A1111 1.10 ignores this: its Postprocessing setting decides the order',
  baseSeed: '-1 = the txt2img seed', drawSeed: '-1 = derived from the run seed', maxVariants: 'cap on variants per row',
}

const RESIZE_MODES = ['Just resize', 'Crop and resize', 'Resize and fill', 'Just resize (latent upscale)']
/** The extras' resize_mode (upscale node, single mode) has two choices: A1111's "Scale by" / "Scale to" tabs. */
const EXTRAS_RESIZE_MODES = ['Scale by factor', 'Scale to width × height']

/** Which WebUI list fills a text field, by its key (the same key in hires, refiner and ADetailer passes). */
const RESOURCE_BY_KEY: Record<string, ResourceList> = {
  model: 'models', checkpoint: 'models', ad_checkpoint: 'models', vae: 'vaes', ad_vae: 'vaes',
  sampler_name: 'samplers', ad_sampler: 'samplers', scheduler: 'schedulers', ad_scheduler: 'schedulers',
  upscaler: 'upscalers', upscaler_2: 'upscalers', ad_model: 'adetailerModels', styles: 'styles',
}

/**
 * Fields with no built-in default (engine/config/generation-extras.ts): unset = the WebUI's own
 * default, not sent. They sit in one collapsed "Advanced" section.
 */
const ADVANCED_KEYS = new Set([
  'subseed', 'subseed_strength', 'seed_resize_from_w', 'seed_resize_from_h', 'eta', 's_churn', 's_tmin', 's_tmax', 's_noise',
  'restore_faces', 'face_restoration_model', 'code_former_weight', 'tiling', 'eta_noise_seed_delta', 'randn_source', 'token_merging_ratio',
  'distilled_cfg_scale', 'image_cfg_scale', 'initial_noise_multiplier',
])
export const ADVANCED_LABEL = 'Advanced (unset = the WebUI’s default, not sent)'

/** The hires block's prompt fields mean "same as the first pass" when empty, not the node prompt's rule. */
const HIRES_HINTS: Record<string, string> = {
  prompt: 'empty = the first pass’s prompt', negative_prompt: 'empty = the first pass’s negative', checkpoint: 'empty = the first pass’s checkpoint',
}

function withHiresHints(fields: FieldSpec[]): FieldSpec[] {
  return fields.map((f) => (f.key === 'hires' && f.type === 'group'
    ? { ...f, fields: f.fields.map((x) => (HIRES_HINTS[x.key] ? { ...x, label: x.key === 'checkpoint' ? 'Checkpoint' : `Hires ${x.label.toLowerCase()}`, hint: HIRES_HINTS[x.key] } : x)) }
    : f))
}

function withAdvancedSection(fields: FieldSpec[]): FieldSpec[] {
  const advanced = fields.filter((f) => ADVANCED_KEYS.has(f.key))
  if (advanced.length === 0) return fields
  return [...fields.filter((f) => !ADVANCED_KEYS.has(f.key)), { key: 'advanced', label: ADVANCED_LABEL, type: 'section', fields: advanced }]
}

export function labelFor(key: string): string {
  if (LABELS[key]) return LABELS[key]
  if (INPAINT_LABELS[key]) return INPAINT_LABELS[key]
  const words = key.replace(/^ad_/, '').replace(/_/g, ' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}

function numberStep(s: JsonSchema, integer: boolean): number {
  if (integer) return s.multipleOf ?? 1
  const span = (s.maximum ?? 100) - (s.minimum ?? 0)
  return span <= 1.5 ? 0.01 : span <= 10 ? 0.05 : 0.5
}

function fieldFor(key: string, s: JsonSchema): FieldSpec | null {
  const hint = HINTS[key] ?? INPAINT_HINTS[key]
  const base: Base = { key, label: labelFor(key), ...(hint ? { hint } : {}) }
  if (key === 'packId') return { ...base, type: 'library-ref', ref: 'pack' }
  if (key === 'packs' && s.type === 'array') return { ...base, type: 'packs' }
  if (key === 'presetId') return { ...base, type: 'library-ref', ref: 'preset' }
  if (key === 'sweeps') return { ...base, type: 'sweeps', max: s.maxItems ?? 8 }
  if (key === 'rows' && s.type === 'array') return { ...base, type: 'rows' }
  if (s.anyOf) {
    // `0 | multiple of 8` (img2img size): one number field where 0 means "the input's size".
    const num = s.anyOf.find((o) => (o.type === 'integer' || o.type === 'number') && o.const === undefined)
    const zero = s.anyOf.some((o) => o.const === 0)
    if (!num) return null
    return { ...base, type: 'number', min: zero ? 0 : num.minimum, max: num.maximum, step: num.multipleOf ?? 1, integer: num.type === 'integer', hint: zero ? '0 = the input image’s size' : base.hint }
  }
  if (s.enum) return { ...base, type: 'enum', options: s.enum.map(String) }
  switch (s.type) {
    case 'boolean': return { ...base, type: 'boolean' }
    case 'integer':
    case 'number': {
      const integer = s.type === 'integer'
      const spec: FieldSpec = { ...base, type: 'number', min: s.minimum, max: s.maximum, step: numberStep(s, integer), integer }
      if (key === 'resize_mode') spec.choices = (s.maximum === 1 ? EXTRAS_RESIZE_MODES : RESIZE_MODES).map((label, value) => ({ value, label }))
      if (INPAINT_CHOICES[key]) spec.choices = INPAINT_CHOICES[key].map((label, value) => ({ value, label }))
      return spec
    }
    case 'string': {
      const resource = RESOURCE_BY_KEY[key]
      const multiline = !resource && (s.maxLength ?? 0) >= 1000
      return { ...base, type: 'text', multiline, ...(s.maxLength ? { maxLength: s.maxLength } : {}), ...(resource ? { resource } : {}), allowEmpty: !s.minLength }
    }
    case 'object': return { ...base, type: 'group', fields: fieldsOf(s) }
    case 'array':
      if (key === 'controlnet' && s.items) return { ...base, label: 'ControlNet units', type: 'passes', max: s.maxItems ?? 3, fields: fieldsOf(s.items).map(controlNetField) }
      if (s.items?.type === 'object') return { ...base, type: 'passes', max: s.maxItems ?? 4, fields: fieldsOf(s.items) }
      if (s.items?.type === 'string') return { ...base, type: 'multi', max: s.maxItems ?? 16, ...(RESOURCE_BY_KEY[key] ? { resource: RESOURCE_BY_KEY[key] } : {}) }
      return null
    default: return null
  }
}

const UNIT_LABELS: Record<string, string> = {
  low_vram: 'Low VRAM', processor_res: 'Preprocessor resolution', threshold_a: 'Threshold A', threshold_b: 'Threshold B',
}

/** A ControlNet unit's fields: its own lists for module and model, and the control image picker. */
function controlNetField(f: FieldSpec): FieldSpec {
  if (f.key === 'image') return { key: f.key, label: 'Control image', type: 'control-image' }
  if (f.key === 'module' && f.type === 'text') return { ...f, label: 'Preprocessor', resource: 'controlnetModules', hint: 'none = the image already is the map' }
  if (f.key === 'model' && f.type === 'text') {
    // Not the checkpoint's `model` hint ("empty = keep the loaded checkpoint"): a unit needs one.
    const { hint: _, ...rest } = f
    return { ...rest, label: 'ControlNet model', resource: 'controlnetModels' }
  }
  const label = UNIT_LABELS[f.key]
  if (f.key === 'processor_res' || f.key === 'threshold_a' || f.key === 'threshold_b') return { ...f, label: label ?? f.label, hint: '-1 = the preprocessor’s default' }
  return label ? { ...f, label } : f
}

function fieldsOf(s: JsonSchema): FieldSpec[] {
  const out: FieldSpec[] = []
  for (const [key, prop] of Object.entries(s.properties ?? {})) {
    const f = fieldFor(key, prop)
    if (f) out.push(f)
  }
  // Prompts first (what people edit most), nested blocks last (they are long).
  const rank = (f: FieldSpec) => (f.key === 'prompt' ? 0 : f.type === 'group' || f.type === 'passes' ? 2 : 1)
  return out.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i).map((x) => x.f)
}

const cache = new Map<string, FieldSpec[]>()

/** The form of a kind, computed once per kind. */
export function fieldsForKind(kind: NodeKindDef<unknown>): FieldSpec[] {
  let fields = cache.get(kind.kind)
  if (!fields) {
    fields = withHiresHints(withAdvancedSection(fieldsOf(z.toJSONSchema(kind.params, { io: 'input', unrepresentable: 'any' }) as JsonSchema)))
    // A stage after the root works on an image that already has a seed.
    if (kind.kind !== 'txt2img') fields = fields.map((f) => (f.key === 'seed' ? { ...f, hint: '-1 = the seed of the image it works on (job seed + image number)' } : f))
    if (kind.kind === 'upscale') fields = fields.map((f) => (f.type === 'text' && f.resource === 'upscalers' ? { ...f, resource: 'extrasUpscalers' } : f))
    cache.set(kind.kind, fields)
  }
  return fields
}

/** Turns the text of a sweep's values ("5, 7, 9" or "Euler a, DPM++ 2M") into typed values. */
export function parseSweepValues(text: string): unknown[] {
  return text.split(',').map((v) => v.trim()).filter((v) => v !== '').map((v) => {
    if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v)
    if (v === 'true' || v === 'false') return v === 'true'
    return v
  })
}

export function formatSweepValues(values: readonly unknown[]): string {
  return values.map((v) => String(v)).join(', ')
}

/** "1, 3-5" (1-based, as people count rows) → [0, 2, 3, 4]; null when the text is not a row list. */
export function parseRows(text: string): number[] | null {
  const rows: number[] = []
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(part)
    if (!m) return null
    const a = Number(m[1])
    const b = m[2] ? Number(m[2]) : a
    if (a < 1 || b < a || b - a > 10_000) return null
    for (let r = a; r <= b; r++) rows.push(r - 1)
  }
  return rows
}

export function formatRows(rows: readonly number[]): string {
  return rows.map((r) => r + 1).join(', ')
}

/**
 * An upscale node shows only the fields its mode sends. A field of the other mode stays visible
 * while it is set on the node (the compiler warns that it is not sent), so it can be cleared.
 */
export function visibleFields(kind: string, fields: FieldSpec[], params: Record<string, unknown>, effective: Record<string, unknown> | undefined): FieldSpec[] {
  if (kind !== 'upscale') return fields
  const mode = (params.mode ?? effective?.mode ?? 'single') as UpscaleMode
  const resizeMode = (params.resize_mode ?? effective?.resize_mode ?? 0) as number
  const hidden = new Set<string>(fieldsNotSent({ mode, resize_mode: resizeMode }))
  return fields.filter((f) => !hidden.has(f.key) || params[f.key] !== undefined)
}
