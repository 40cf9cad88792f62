/**
 * Resolves each stage's effective config from its layers (DESIGN §3) and interns the result:
 * jobs whose layers are the same share one frozen config object and one plan, so a run of ten
 * thousand jobs holds a handful of configs, not ten thousand copies.
 */
import { mergeStageConfig, type ConfigLayerInput, type ResolvedConfig } from '../config/merge.ts'
import type { ConfigLayer, StageKind } from '../config/stages.ts'
import type { PresetParams } from '../nodes/preset.ts'
import type { CompileContext } from './context.ts'
import type { GraphIndex, IndexedNode } from './graph-index.ts'
import type { PromptEntry } from './prompt-entry.ts'

/** Params that are not config fields (they steer the node, not the WebUI). */
const NON_CONFIG_PARAMS = new Set(['prompt', 'sourceImage'])

export interface ConfigResolver {
  resolve(stage: IndexedNode, entry: PromptEntry | null): ResolvedConfig
}

export function createConfigResolver(index: GraphIndex, ctx: CompileContext): ConfigResolver {
  const cache = new Map<string, ResolvedConfig>()
  const defaultPreset = ctx.defaultPresetId && Object.hasOwn(ctx.presets, ctx.defaultPresetId) ? ctx.presets[ctx.defaultPresetId] : undefined

  const wiredPresets = (stage: IndexedNode): { id: string; config: ConfigLayer }[] => {
    const result: { id: string; config: ConfigLayer }[] = []
    for (const edge of stage.inputs.get('config') ?? []) {
      const source = index.nodes.get(edge.source)
      if (!source || source.node.bypassed || source.kind.kind !== 'preset' || source.params === undefined) continue
      const id = (source.params as PresetParams).presetId
      const preset = Object.hasOwn(ctx.presets, id) ? ctx.presets[id] : undefined
      if (preset) result.push({ id, config: preset.config })
    }
    return result
  }

  const nodeLayer = (stage: IndexedNode): Record<string, unknown> => {
    const layer: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(stage.params as Record<string, unknown>)) if (!NON_CONFIG_PARAMS.has(k)) layer[k] = v
    return layer
  }

  return {
    resolve(stage, entry) {
      const kind = stage.kind.kind as StageKind
      const key = `${stage.node.id}\0${entry?.configKey ?? ''}`
      const hit = cache.get(key)
      if (hit) return hit
      const layers: ConfigLayerInput<StageKind>[] = []
      if (defaultPreset) layers.push({ source: `default-preset:${defaultPreset.id}`, values: defaultPreset.config[kind] })
      for (const p of wiredPresets(stage)) layers.push({ source: `preset:${p.id}`, values: p.config[kind] })
      if (entry?.packLayer && entry.packId) layers.push({ source: `pack:${entry.packId}`, values: entry.packLayer[kind] })
      if (entry?.sweepLayer) layers.push({ source: entry.sweepSource ?? 'sweep', values: entry.sweepLayer[kind] })
      layers.push({ source: 'node', values: nodeLayer(stage) as ConfigLayer[StageKind] })
      const resolved = deepFreeze(mergeStageConfig(kind, layers))
      cache.set(key, resolved)
      return resolved
    },
  }
}

/** Iterative (an explicit stack), so a config of any depth freezes without a stack overflow. */
function deepFreeze<T>(value: T): T {
  const stack: unknown[] = [value]
  while (stack.length > 0) {
    const v = stack.pop()
    if (!v || typeof v !== 'object' || Object.isFrozen(v)) continue
    Object.freeze(v)
    for (const child of Object.values(v)) stack.push(child)
  }
  return value
}
