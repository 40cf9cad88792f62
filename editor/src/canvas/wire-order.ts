/**
 * Wires into an input that takes many (prompts, config, video frames) are read in edge order
 * (graph version 3: each edge's optional `order`, then the graph's edge order; engine
 * graph-index.ts). The canvas numbers such wires so the order is visible on the node, and the
 * inspector moves them up and down.
 */
import { inEdgeOrder } from '../../../engine/compile/graph-index.ts'
import type { FlowEdge } from '../store/flow-types.ts'

const portKey = (e: FlowEdge) => `${e.target}\0${e.targetHandle ?? ''}`

/** The wires into one input, first first, as the compiler reads them. */
export function wiresInto(edges: readonly FlowEdge[], target: string, port: string): FlowEdge[] {
  const into = edges.filter((e) => e.target === target && (e.targetHandle ?? '') === port)
  return inEdgeOrder(into.map((e) => ({ e, order: e.data?.order }))).map((x) => x.e)
}

/** The edge ids of one input with `edgeId` moved by `delta` places (clamped), for setInputOrder. */
export function movedOrder(wires: readonly FlowEdge[], edgeId: string, delta: number): string[] {
  const ids = wires.map((e) => e.id)
  const from = ids.indexOf(edgeId)
  const to = Math.max(0, Math.min(ids.length - 1, from + delta))
  if (from < 0 || from === to) return ids
  ids.splice(to, 0, ids.splice(from, 1)[0]!)
  return ids
}

/** Edges with a "1", "2"… label where an input has several wires; the same array when none has. */
export function withOrderLabels(edges: FlowEdge[]): FlowEdge[] {
  const groups = new Map<string, FlowEdge[]>()
  for (const e of edges) {
    const list = groups.get(portKey(e))
    if (list) list.push(e)
    else groups.set(portKey(e), [e])
  }
  const labels = new Map<string, string>()
  for (const list of groups.values()) {
    if (list.length < 2) continue
    inEdgeOrder(list.map((e) => ({ e, order: e.data?.order }))).forEach((x, i) => labels.set(x.e.id, String(i + 1)))
  }
  if (labels.size === 0) return edges
  return edges.map((e) => (labels.has(e.id) ? { ...e, label: labels.get(e.id), labelShowBg: true, labelBgPadding: [4, 2] as [number, number], labelBgBorderRadius: 8, className: `${e.className ?? ''} wire-numbered` } : e))
}
