/**
 * What the inspector shows for an inherited field: its effective value and the layer it came from.
 * Taken from the compiled run (the exact merge the job will use, pack and sweep layers included);
 * when no job reaches the stage yet (an unconnected node), from the layers the node alone would get.
 */
import type { LibraryContextResponse } from '../../../engine/api/http.ts'
import { mergeStageConfig, type ConfigLayerInput } from '../../../engine/config/merge.ts'
import { STAGE_KINDS, type StageKind } from '../../../engine/config/stages.ts'

export interface Resolved {
  values: Record<string, unknown>
  provenance: Record<string, string>
  /** True when taken from a compiled job; false for the fallback (pack and sweep layers unknown). */
  fromRun: boolean
}

export const isStageKind = (k: string): k is StageKind => (STAGE_KINDS as string[]).includes(k)

export function resolvedFor(
  kind: StageKind,
  compiled: { values: Record<string, unknown>; provenance: Record<string, string> } | undefined,
  library: LibraryContextResponse | null,
): Resolved {
  if (compiled) return { values: compiled.values, provenance: compiled.provenance, fromRun: true }
  const layers: ConfigLayerInput<StageKind>[] = []
  const id = library?.defaultPresetId
  const preset = id && library?.presets[id]
  if (preset) layers.push({ source: `default-preset:${id}`, values: preset.config[kind] })
  const merged = mergeStageConfig(kind, layers)
  return { values: merged.values as Record<string, unknown>, provenance: merged.provenance, fromRun: false }
}

/** The label of the generating stage in an `inherited from <label>` tag (engine/compile/inherit.ts), else null. */
export function inheritedStage(source: string): string | null {
  return source.startsWith(INHERITED) ? source.slice(INHERITED.length) : null
}
const INHERITED = 'inherited from '

/** `default-preset:base` → "default preset “base”"; `sweep:r1` → "sweep (r1)"; `inherited from Gen` → the stage. */
export function describeSource(source: string | undefined): string {
  if (!source) return 'default'
  const parent = inheritedStage(source)
  if (parent !== null) return `the stage that made the image, “${parent}”`
  const i = source.indexOf(':')
  // An unset model became the checkpoint the WebUI had loaded when the graph was compiled.
  if (source === 'webui-loaded') return 'loaded on the WebUI (none chosen)'
  if (i < 0) return source === 'node' ? 'set here' : source
  const layer = source.slice(0, i)
  const id = source.slice(i + 1)
  switch (layer) {
    case 'default-preset': return `default preset “${id}”`
    case 'preset': return `preset “${id}”`
    case 'pack': return `pack “${id}”`
    case 'sweep': return `sweep (${id})`
    default: return source
  }
}

/** Short tag for the chip: default · preset · pack · sweep · stage (inherited from the image's stage). */
export function sourceTag(source: string | undefined): string {
  if (!source) return 'default'
  if (inheritedStage(source) !== null) return 'stage'
  const layer = source.includes(':') ? source.slice(0, source.indexOf(':')) : source
  if (layer === 'webui-loaded') return 'webui'
  return layer === 'default-preset' ? 'preset' : layer
}
