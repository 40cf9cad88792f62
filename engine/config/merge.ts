/**
 * The config merge of DESIGN §3: layers applied lowest first, field by field, remembering for
 * every effective field which layer set it. Nested blocks (hires, refiner) merge field by field;
 * ADetailer passes and ControlNet units merge by index, each new entry starting from its own
 * defaults (ADetailer's, the ControlNet extension's).
 *
 * Layers are assumed valid (each was parsed with its layer schema where it entered the system),
 * so merging never re-validates: it runs once per distinct combination of layers, not per job.
 */
import { CONTROLNET_UNIT_DEFAULTS } from './controlnet.ts'
import { ADETAILER_PASS_DEFAULTS, STAGE_DEFAULTS } from './defaults.ts'
import type { StageConfigOf, StageKind, StageLayerOf } from './stages.ts'

/**
 * Where a field's value came from, as a short readable tag:
 * `default`, `default-preset:<presetId>`, `preset:<presetId>`, `pack:<packId>`,
 * `sweep:<randomizerNodeId>`, `node`.
 */
export type LayerSource = string

export interface ConfigLayerInput<K extends StageKind> {
  source: LayerSource
  values: StageLayerOf<K> | undefined
}

export interface ResolvedConfig<K extends StageKind = StageKind> {
  kind: K
  values: StageConfigOf<K>
  /** Dotted field path (`hires.scale`, `passes.0.ad_model`) → source of its value. */
  provenance: Record<string, LayerSource>
}

type Plain = Record<string, unknown>

const isPlainObject = (v: unknown): v is Plain => v !== null && typeof v === 'object' && !Array.isArray(v)

function seed(values: Plain, source: LayerSource, prefix: string, into: Record<string, LayerSource>): void {
  for (const [key, value] of Object.entries(values)) {
    const path = prefix + key
    if (isPlainObject(value)) seed(value, source, path + '.', into)
    else if (Array.isArray(value) && key in LIST_DEFAULTS) value.forEach((p, i) => seed(p as Plain, source, `${path}.${i}.`, into))
    else into[path] = source
  }
}

function applyObject(target: Plain, layer: Plain, source: LayerSource, prefix: string, prov: Record<string, LayerSource>): void {
  for (const [key, value] of Object.entries(layer)) {
    if (value === undefined) continue
    const path = prefix + key
    const current = target[key]
    if (key in LIST_DEFAULTS && Array.isArray(value) && Array.isArray(current)) {
      applyPasses(current as Plain[], value as Plain[], LIST_DEFAULTS[key]!, source, path, prov)
    } else if (isPlainObject(value) && isPlainObject(current)) {
      const copy = { ...current }
      target[key] = copy
      applyObject(copy, value, source, path + '.', prov)
    } else {
      target[key] = value
      prov[path] = source
    }
  }
}

/** Lists merged by index (ADetailer passes, ControlNet units), with the defaults a new entry starts from. */
const LIST_DEFAULTS: Record<string, Plain> = { passes: ADETAILER_PASS_DEFAULTS, controlnet: CONTROLNET_UNIT_DEFAULTS }

function applyPasses(current: Plain[], layer: Plain[], defaults: Plain, source: LayerSource, path: string, prov: Record<string, LayerSource>): void {
  layer.forEach((passLayer, i) => {
    let pass = current[i]
    if (pass === undefined) {
      // An entry no lower layer defined starts from its defaults, attributed to `default`.
      pass = { ...defaults }
      seed(pass, 'default', `${path}.${i}.`, prov)
    } else {
      pass = { ...pass }
    }
    current[i] = pass
    applyObject(pass, passLayer ?? {}, source, `${path}.${i}.`, prov)
  })
}

/** Merges the layers (lowest first) over the built-in defaults of `kind`. */
export function mergeStageConfig<K extends StageKind>(kind: K, layers: readonly ConfigLayerInput<K>[]): ResolvedConfig<K> {
  const defaults = STAGE_DEFAULTS[kind] as Plain
  const provenance: Record<string, LayerSource> = {}
  seed(defaults, 'default', '', provenance)
  const values: Plain = { ...defaults }
  for (const key of Object.keys(LIST_DEFAULTS)) if (key in values) values[key] = [...(values[key] as Plain[])]
  for (const layer of layers) {
    if (layer.values) applyObject(values, layer.values as Plain, layer.source, '', provenance)
  }
  return { kind, values: values as StageConfigOf<K>, provenance }
}
