/**
 * Inheritance from the image's generating stage (DESIGN §9 "Inheritance follows A1111"): a stage
 * that re-diffuses an incoming image takes every sampling field no layer set on it from the stage
 * that made the image, as A1111 and ADetailer do, instead of the built-in defaults.
 *
 * "Set" means: some layer above the built-in defaults gave the field a value (the library's
 * default preset, a wired preset, the pack's bound config, a sweep, the node). A field whose
 * provenance is still `default` is unset and is inherited; its provenance becomes
 * `inherited from <label of the generating stage>`.
 *
 * Runs once per plan (plans are shared by every job of one config combination), after the merge.
 */
import { SETTINGS_OVERRIDE_KEYS } from '../config/generation-extras.ts'
import { upscaleDiffuses } from '../config/upscale-modes.ts'
import type { LayerSource } from '../config/merge.ts'
import type { StagePlan } from './spec.ts'

/** What a stage's image was made with: the settings a re-diffusing child inherits. */
export interface SamplingState {
  sampler_name: string
  scheduler: string
  steps: number
  cfg_scale: number
  model: string
  vae: string
  clip_skip: number
  /**
   * The allow-listed WebUI options (ENSD, RNG source…) the image was made with, where set.
   * They are noise and sampling settings like the others, so a re-diffusing stage inherits them.
   */
  settings: Record<string, unknown>
  /** The variation seed the image was made with (subseed -1 = derived from the seed), if any. */
  variation: { subseed: number; subseed_strength: number } | null
  /** The label of the stage that made the image (for provenance). */
  label: string
}

/** Provenance tag of an inherited field. */
export const inheritedFrom = (label: string): LayerSource => `inherited from ${label}`
export const isInherited = (source: string | undefined): boolean => source?.startsWith('inherited from ') ?? false

const SAMPLING_FIELDS = ['sampler_name', 'scheduler', 'steps', 'cfg_scale'] as const
type SamplingField = (typeof SAMPLING_FIELDS)[number]

type Values = Record<string, unknown>
type Provenance = Record<string, LayerSource>

/** A field is set when a layer above the built-in defaults gave it its value. */
export const isSet = (prov: Provenance, path: string): boolean => {
  const source = prov[path]
  return source !== undefined && source !== 'default' && !isInherited(source)
}

const str = (v: unknown, d = ''): string => (typeof v === 'string' ? v : d)
const num = (v: unknown, d: number): number => (typeof v === 'number' ? v : d)

function stateOf(stage: StagePlan): SamplingState {
  const v = stage.config.values
  return {
    sampler_name: str(v.sampler_name, 'Euler a'),
    scheduler: str(v.scheduler, 'Automatic'),
    steps: num(v.steps, 20),
    cfg_scale: num(v.cfg_scale, 7),
    model: str(v.model),
    vae: str(v.vae),
    clip_skip: num(v.clip_skip, 1),
    settings: Object.fromEntries(SETTINGS_OVERRIDE_KEYS.filter((k) => v[k] !== undefined).map((k) => [k, v[k]])),
    variation: num(v.subseed_strength, 0) > 0 ? { subseed: num(v.subseed, -1), subseed_strength: num(v.subseed_strength, 0) } : null,
    label: stage.label,
  }
}

/** The image's allow-listed options, for every one the stage does not set itself. */
function inheritSettings(values: Values, prov: Provenance, parent: SamplingState, from: LayerSource): void {
  for (const [k, v] of Object.entries(parent.settings)) {
    if (isSet(prov, k)) continue
    values[k] = v
    prov[k] = from
  }
}

/**
 * Returns the stages with inherited fields filled in (stages without a parent, and stages that
 * do not re-diffuse, are returned as they are). Parents come before children in `stages`.
 */
export function applyInheritance(stages: readonly StagePlan[]): StagePlan[] {
  const states = new Map<string, SamplingState>()
  const out: StagePlan[] = []
  for (const stage of stages) {
    const parent = stage.inputFrom === null ? undefined : states.get(stage.inputFrom)
    const next = parent ? inheritStage(stage, parent) : withRootModelState(stage)
    out.push(next)
    // An extras upscale does not diffuse: its image still carries its parent's settings.
    const passesThrough = next.kind === 'upscale' && !upscaleDiffuses(next.config.values.mode)
    states.set(next.stageId, passesThrough && parent ? parent : stateOf(next))
  }
  return out
}

/** A root img2img has no clip skip field: it runs with A1111's default, stated like any other. */
function withRootModelState(stage: StagePlan): StagePlan {
  if (stage.kind !== 'img2img' || 'clip_skip' in stage.config.values) return stage
  return withConfig(stage, { ...stage.config.values, clip_skip: 1 }, { ...stage.config.provenance, clip_skip: 'default' })
}

function inheritStage(stage: StagePlan, parent: SamplingState): StagePlan {
  const values: Values = { ...stage.config.values }
  const prov: Provenance = { ...stage.config.provenance }
  const from = inheritedFrom(parent.label)
  // '' set for the model or scheduler means "the job's" / "the sampler's own": inherit it.
  const own = (field: string): boolean => isSet(prov, field) && values[field] !== ''
  const inherit = (field: SamplingField): void => {
    if (own(field)) return
    values[field] = parent[field]
    prov[field] = from
  }
  switch (stage.kind) {
    case 'txt2img':
      return stage
    case 'img2img': {
      SAMPLING_FIELDS.forEach(inherit)
      // A stage that picks its own checkpoint does not inherit a VAE chosen for another model.
      const ownModel = own('model')
      if (!ownModel) { values.model = parent.model; prov.model = from }
      if (!ownModel && !isSet(prov, 'vae')) { values.vae = parent.vae; prov.vae = from }
      // Per-stage clip skip (issue 11): a value set on the stage wins; unset, the image's own.
      if (!isSet(prov, 'clip_skip')) { values.clip_skip = parent.clip_skip; prov.clip_skip = from }
      inheritSettings(values, prov, parent, from)
      break
    }
    case 'upscale': {
      if (!upscaleDiffuses(values.mode)) return stage
      SAMPLING_FIELDS.forEach(inherit)
      setModelState(values, prov, parent, from)
      inheritSettings(values, prov, parent, from)
      break
    }
    case 'adetailer':
      inheritAdetailer(values, prov, parent, from)
      inheritSettings(values, prov, parent, from)
      // ADetailer inside A1111 inpaints with the generation's subseeds: its carrier states them.
      if (parent.variation) {
        Object.assign(values, parent.variation)
        prov.subseed = from
        prov.subseed_strength = from
      }
      break
  }
  return withConfig(stage, values, prov)
}

/** ADetailer and upscale have no model fields: they run on the model that made the image. */
function setModelState(values: Values, prov: Provenance, parent: SamplingState, from: LayerSource): void {
  values.model = parent.model
  values.vae = parent.vae
  values.clip_skip = parent.clip_skip
  prov.model = from
  prov.vae = from
  prov.clip_skip = from
}

/** A pass override: the `ad_use_*` flag and the values it switches on, with the parent field they stand for. */
interface PassOverride {
  flag: string
  keys: readonly string[]
  /** The carrier (node-level) field that sets this for every pass, if any. */
  carrier?: SamplingField
  /** The parent's value for each key (shown when the pass inherits; ADetailer ignores it then). */
  inherited?: (p: SamplingState) => unknown[]
}

const PASS_OVERRIDES: readonly PassOverride[] = [
  { flag: 'ad_use_steps', keys: ['ad_steps'], carrier: 'steps', inherited: (p) => [p.steps] },
  { flag: 'ad_use_cfg_scale', keys: ['ad_cfg_scale'], carrier: 'cfg_scale', inherited: (p) => [p.cfg_scale] },
  { flag: 'ad_use_sampler', keys: ['ad_sampler', 'ad_scheduler'], carrier: 'sampler_name', inherited: (p) => [p.sampler_name, 'Use same scheduler'] },
  // The carrier's model/vae state the image's model; a pass's own names stay '' (not sent).
  { flag: 'ad_use_checkpoint', keys: ['ad_checkpoint'] },
  { flag: 'ad_use_vae', keys: ['ad_vae'] },
  { flag: 'ad_use_clip_skip', keys: ['ad_clip_skip'], inherited: (p) => [p.clip_skip] },
  { flag: 'ad_use_noise_multiplier', keys: ['ad_noise_multiplier'] },
  { flag: 'ad_use_inpaint_width_height', keys: ['ad_inpaint_width', 'ad_inpaint_height'] },
]

/**
 * ADetailer inside A1111 runs each pass with the main generation's sampler, steps, CFG, model,
 * VAE and clip skip unless the pass switches on its own with `ad_use_*`. So:
 * - the carrier request states the generating stage's settings (its infotext then reads like
 *   A1111's own txt2img + ADetailer: the image's settings, plus ADetailer's keys);
 * - a value set on the ADetailer node's carrier fields applies to every pass that does not set
 *   its own, as that pass's `ad_use_*` override;
 * - a pass value set by a layer switches its `ad_use_*` flag on, unless a layer set the flag
 *   itself (an explicit flag always wins).
 */
function inheritAdetailer(values: Values, prov: Provenance, parent: SamplingState, from: LayerSource): void {
  const carrierSet = new Map<SamplingField, { value: unknown; source: LayerSource }>()
  for (const field of SAMPLING_FIELDS) {
    if (isSet(prov, field) && values[field] !== '') carrierSet.set(field, { value: values[field], source: prov[field]! })
    values[field] = parent[field]
    prov[field] = from
  }
  setModelState(values, prov, parent, from)
  const passes = (values.passes as Values[]).map((p) => ({ ...p }))
  passes.forEach((pass, i) => {
    const at = (k: string): string => `passes.${i}.${k}`
    for (const o of PASS_OVERRIDES) {
      if (isSet(prov, at(o.flag))) continue
      const ownKey = o.keys.find((k) => isSet(prov, at(k)))
      if (ownKey !== undefined) {
        pass[o.flag] = true
        prov[at(o.flag)] = prov[at(ownKey)]!
        // A scheduler set alone keeps the image's sampler; a sampler set alone keeps its scheduler.
        if (o.flag === 'ad_use_sampler' && !isSet(prov, at('ad_sampler'))) { pass.ad_sampler = parent.sampler_name; prov[at('ad_sampler')] = from }
        continue
      }
      const carrier = o.carrier && carrierSet.get(o.carrier)
      const carrierScheduler = o.flag === 'ad_use_sampler' ? carrierSet.get('scheduler') : undefined
      if (carrier || carrierScheduler) {
        pass[o.flag] = true
        prov[at(o.flag)] = (carrier ?? carrierScheduler)!.source
        if (o.flag === 'ad_use_sampler') {
          pass.ad_sampler = carrier ? carrier.value : parent.sampler_name
          prov[at('ad_sampler')] = carrier ? carrier.source : from
          pass.ad_scheduler = carrierScheduler ? schedulerForPass(carrierScheduler.value) : 'Use same scheduler'
          if (carrierScheduler) prov[at('ad_scheduler')] = carrierScheduler.source
        } else {
          pass[o.keys[0]!] = carrier!.value
          prov[at(o.keys[0]!)] = carrier!.source
        }
        continue
      }
      pass[o.flag] = false
      if (o.inherited) {
        o.inherited(parent).forEach((value, k) => {
          pass[o.keys[k]!] = value
          prov[at(o.keys[k]!)] = from
        })
      }
    }
  })
  values.passes = passes
}

/** '' on the carrier means "A1111 picks" (Automatic); ADetailer takes scheduler names as A1111 does. */
function schedulerForPass(value: unknown): string {
  return typeof value === 'string' && value !== '' ? value : 'Automatic'
}

function withConfig(stage: StagePlan, values: Values, provenance: Provenance): StagePlan {
  return { ...stage, config: { ...stage.config, values, provenance } }
}
