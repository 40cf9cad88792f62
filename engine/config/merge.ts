/**
 * The config merge of DESIGN §3: layers applied lowest first, field by field, remembering for
 * every effective field which layer set it. Nested blocks (hires, refiner) merge field by field;
 * ADetailer passes merge by index, each new pass starting from ADetailer's own defaults.
 *
 * Layers are assumed valid (each was parsed with its layer schema where it entered the system),
 * so merging never re-validates: it runs once per distinct combination of layers, not per job.
 */
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
    else if (Array.isArray(value) && key === 'passes') value.forEach((p, i) => seed(p as Plain, source, `${path}.${i}.`, into))
    else into[path] = source
  }
}

function applyObject(target: Plain, layer: Plain, source: LayerSource, prefix: string, prov: Record<string, LayerSource>): void {
  for (const [key, value] of Object.entries(layer)) {
    if (value === undefined) continue
    const path = prefix + key
    const current = target[key]
    if (key === 'passes' && Array.isArray(value) && Array.isArray(current)) {
      applyPasses(current as Plain[], value as Plain[], source, path, prov)
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

function applyPasses(current: Plain[], layer: Plain[], source: LayerSource, path: string, prov: Record<string, LayerSource>): void {
  layer.forEach((passLayer, i) => {
    let pass = current[i]
    if (pass === undefined) {
      // A pass no lower layer defined starts from ADetailer's defaults, attributed to `default`.
      pass = { ...ADETAILER_PASS_DEFAULTS }
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
  if ('passes' in values) values.passes = [...(values.passes as Plain[])]
  for (const layer of layers) {
    if (layer.values) applyObject(values, layer.values as Plain, layer.source, '', provenance)
  }
  return { kind, values: values as StageConfigOf<K>, provenance }
}
