/**
 * Config sweeps of the randomizer: `txt2img.cfg_scale` over [5, 7, 9] becomes one config layer
 * per value, checked against the stage's layer schema so a sweep can never produce a config the
 * WebUI would reject.
 */
import { ConfigLayer, STAGE_LAYERS, type StageKind } from '../config/stages.ts'
import type { Sweep } from '../nodes/randomizer.ts'
import { formatZodIssues } from '../util/zod-issues.ts'
import { previewValue } from '../util/preview.ts'

export interface SweepAxis {
  path: string
  /** One layer per value, in the order given. */
  layers: ConfigLayer[]
  values: unknown[]
}

/** Builds `{ txt2img: { hires: { scale: 2 } } }` from `txt2img.hires.scale` and 2; numeric segments index arrays. */
export function layerForPath(path: string, value: unknown): Record<string, unknown> {
  const segments = path.split('.')
  const root: Record<string, unknown> = {}
  let cursor: Record<string, unknown> | unknown[] = root
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1
    const nextIsIndex = !last && /^\d+$/.test(segments[i + 1]!)
    const child = last ? value : nextIsIndex ? [] : {}
    if (Array.isArray(cursor)) {
      const index = Number(segment)
      for (let k = 0; k < index; k++) if (cursor[k] === undefined) cursor[k] = {}
      cursor[index] = child
    } else {
      cursor[segment] = child
    }
    cursor = child as Record<string, unknown>
  })
  return root
}

export type SweepProblem = { field: string; message: string }

export function buildSweepAxes(sweeps: readonly Sweep[], problems: SweepProblem[]): SweepAxis[] {
  const axes: SweepAxis[] = []
  sweeps.forEach((sweep, i) => {
    const kind = sweep.path.split('.')[0] as StageKind
    const layers: ConfigLayer[] = []
    sweep.values.forEach((value, j) => {
      const layer = layerForPath(sweep.path, value)
      const parsed = STAGE_LAYERS[kind].safeParse(layer[kind])
      if (!parsed.success) {
        for (const p of formatZodIssues(parsed.error.issues)) {
          problems.push({ field: `sweeps.${i}.values.${j}`, message: `sweep ${sweep.path} value ${previewValue(value)}: ${p.path ? `${p.path} ` : ''}${p.message}` })
        }
        return
      }
      layers.push({ [kind]: parsed.data } as ConfigLayer)
    })
    if (layers.length === sweep.values.length) axes.push({ path: sweep.path, layers, values: sweep.values })
  })
  return axes
}

/** Merges two config layers field by field (later wins); used when randomizers are chained. */
export function combineLayers(a: ConfigLayer | undefined, b: ConfigLayer): ConfigLayer {
  if (!a) return b
  return deepMerge(a, b) as ConfigLayer
}

function deepMerge(a: unknown, b: unknown): unknown {
  if (Array.isArray(a) && Array.isArray(b)) {
    const out = [...a]
    b.forEach((v, i) => { if (v !== undefined) out[i] = deepMerge(a[i], v) })
    return out
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const out: Record<string, unknown> = { ...(a as Record<string, unknown>) }
    for (const [k, v] of Object.entries(b)) if (v !== undefined) out[k] = deepMerge(out[k], v)
    return out
  }
  return b
}
