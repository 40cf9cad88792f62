/**
 * What a node shows on its face: the kind's `summary()` of its resolved config (what will run),
 * each line marked as set on the node or inherited. Cached per config object: the compiler interns
 * configs, so during a drag each node's lookup is a WeakMap hit, not a recomputation.
 */
import type { NodeKindDef } from '../../../engine/nodes/define.ts'

export interface SummaryLine {
  text: string
  set: boolean
}

const cache = new WeakMap<object, WeakMap<object, SummaryLine[]>>()

function safeSummary(kind: NodeKindDef<unknown>, values: unknown): string[] {
  try {
    return kind.summary(values)
  } catch {
    return []
  }
}

export function summaryLines(kind: NodeKindDef<unknown>, params: Record<string, unknown>, resolved: Record<string, unknown> | undefined): SummaryLine[] {
  const parsed = kind.params.safeParse(params)
  if (!parsed.success) return [{ text: 'settings need fixing', set: true }]
  if (!resolved) return safeSummary(kind, parsed.data).map((text) => ({ text, set: true }))
  let byParams = cache.get(resolved)
  if (!byParams) cache.set(resolved, (byParams = new WeakMap()))
  const hit = byParams.get(params)
  if (hit) return hit
  const own = new Set(safeSummary(kind, parsed.data))
  // Node values over the resolved ones, so a line the node sets reads exactly as on the node.
  const lines = safeSummary(kind, resolved).map((text) => ({ text, set: own.has(text) }))
  byParams.set(params, lines)
  return lines
}
