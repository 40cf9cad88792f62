/**
 * Which fields of a resolved stage config name a WebUI resource, and of what kind. Only fields
 * that reach a request count: a disabled hires block, refiner or ADetailer tab, an `ad_use_*`
 * flag that is off, or the sampler of an upscale in `single` mode are never sent, so never checked.
 */
import { upscaleDiffuses } from '../config/upscale-modes.ts'
import type { ResourceKind } from './resolve.ts'

export interface ResourceField {
  /** Dotted path into the config values, the same form as provenance keys (`passes.0.ad_model`). */
  path: string
  kind: ResourceKind
  /** How a person calls it: `checkpoint`, `hires upscaler`, `ADetailer model (pass 1)`. */
  what: string
  /** For a sampler: its scheduler field, which a legacy `DPM++ 2M Karras` name fills in. */
  schedulerPath?: string
}

type Values = Record<string, unknown>

const str = (v: unknown): string => (typeof v === 'string' ? v : '')
const obj = (v: unknown): Values => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Values) : {})

export function resourceFields(kind: string, values: Values): ResourceField[] {
  if (kind === 'video') return []
  const out: ResourceField[] = []
  const named = (path: string, value: unknown, field: Omit<ResourceField, 'path'>): void => {
    if (str(value) !== '') out.push({ path, ...field })
  }
  // Any stage that names its own model or VAE (txt2img, img2img, and stages that inherit them).
  named('model', values.model, { kind: 'checkpoint', what: 'checkpoint' })
  named('vae', values.vae, { kind: 'vae', what: 'VAE' })
  const diffuses = kind !== 'upscale' || upscaleDiffuses(values.mode)
  if (diffuses) {
    named('sampler_name', values.sampler_name, { kind: 'sampler', what: 'sampler', schedulerPath: 'scheduler' })
    named('scheduler', values.scheduler, { kind: 'scheduler', what: 'scheduler' })
  }
  // Prompt styles (issue 11): A1111 silently skips an unknown name, so every one is resolved.
  if ((kind === 'txt2img' || kind === 'img2img') && Array.isArray(values.styles)) {
    values.styles.forEach((s, i) => named(`styles.${i}`, s, { kind: 'style', what: 'prompt style' }))
  }
  if (kind === 'txt2img') {
    const hires = obj(values.hires)
    if (hires.enabled === true) {
      named('hires.upscaler', hires.upscaler, { kind: 'hires-upscaler', what: 'hires upscaler' })
      named('hires.sampler_name', hires.sampler_name, { kind: 'sampler', what: 'hires sampler', schedulerPath: 'hires.scheduler' })
      named('hires.scheduler', hires.scheduler, { kind: 'scheduler', what: 'hires scheduler' })
      named('hires.checkpoint', hires.checkpoint, { kind: 'checkpoint', what: 'hires checkpoint' })
    }
    const refiner = obj(values.refiner)
    if (refiner.enabled === true) named('refiner.checkpoint', refiner.checkpoint, { kind: 'checkpoint', what: 'refiner checkpoint' })
  }
  if (Array.isArray(values.controlnet)) {
    values.controlnet.forEach((raw, i) => {
      const u = obj(raw)
      if (u.enabled !== true) return
      named(`controlnet.${i}.module`, u.module, { kind: 'controlnet-module', what: `ControlNet preprocessor (unit ${i + 1})` })
      // "None" is no model (the compiler says so); not a name to look up.
      if (u.model !== 'None') named(`controlnet.${i}.model`, u.model, { kind: 'controlnet-model', what: `ControlNet model (unit ${i + 1})` })
    })
  }
  if (kind === 'upscale') named('upscaler', values.upscaler, { kind: 'upscaler', what: 'upscaler' })
  // A1111 looks upscaler 2 up whenever upscaler 1 runs, even at visibility 0.
  if (kind === 'upscale' && values.mode === 'single' && str(values.upscaler) !== 'None') {
    named('upscaler_2', values.upscaler_2, { kind: 'upscaler', what: 'upscaler 2' })
  }
  if (kind === 'adetailer' && Array.isArray(values.passes)) {
    values.passes.forEach((raw, i) => {
      const p = obj(raw)
      if (p.ad_tab_enable === false || str(p.ad_model) === 'None') return
      const tab = `(pass ${i + 1})`
      const at = (k: string): string => `passes.${i}.${k}`
      named(at('ad_model'), p.ad_model, { kind: 'adetailer-model', what: `ADetailer model ${tab}` })
      if (p.ad_use_checkpoint === true) named(at('ad_checkpoint'), p.ad_checkpoint, { kind: 'checkpoint', what: `ADetailer checkpoint ${tab}` })
      if (p.ad_use_vae === true) named(at('ad_vae'), p.ad_vae, { kind: 'vae', what: `ADetailer VAE ${tab}` })
      if (p.ad_use_sampler === true) {
        named(at('ad_sampler'), p.ad_sampler, { kind: 'sampler', what: `ADetailer sampler ${tab}`, schedulerPath: at('ad_scheduler') })
        if (str(p.ad_scheduler) !== 'Use same scheduler') named(at('ad_scheduler'), p.ad_scheduler, { kind: 'scheduler', what: `ADetailer scheduler ${tab}` })
      }
    })
  }
  return out
}

export function getPath(values: Values, path: string): unknown {
  let v: unknown = values
  for (const k of path.split('.')) v = Array.isArray(v) ? v[Number(k)] : obj(v)[k]
  return v
}

/** Sets a dotted path in a structure the caller owns (already copied). */
export function setPath(values: Values, path: string, value: unknown): void {
  const keys = path.split('.')
  let target: Values | unknown[] = values
  for (const k of keys.slice(0, -1)) target = (Array.isArray(target) ? target[Number(k)] : target[k]) as Values | unknown[]
  const last = keys[keys.length - 1]!
  if (Array.isArray(target)) target[Number(last)] = value
  else target[last] = value
}
