/**
 * The connection rules the editor applies while the user drags a wire, the same rules the
 * compiler reports on a saved graph (compile/graph-index.ts): ports exist, types are equal, an
 * input takes one edge unless it is `many`, no self-loop, no cycle. Checking them here, before the
 * edge exists, means a wrong wire is refused with a reason instead of becoming an error later.
 */
import { findPort, getNodeKind } from '../nodes/registry.ts'
import type { GraphEdge, GraphNode } from './schema.ts'

/** Only what the rules read, so the editor can pass its own node/edge objects without copying. */
export interface ConnectGraph {
  nodes: readonly Pick<GraphNode, 'id' | 'kind'>[]
  edges: readonly Pick<GraphEdge, 'source' | 'sourcePort' | 'target' | 'targetPort'>[]
}

export interface ProposedConnection {
  source: string
  sourcePort: string
  target: string
  targetPort: string
}

export type ConnectionCheck = { ok: true } | { ok: false; reason: string }

export function checkConnection(graph: ConnectGraph, c: ProposedConnection): ConnectionCheck {
  if (c.source === c.target) return refuse('A node cannot be connected to itself.')
  const sourceNode = graph.nodes.find((n) => n.id === c.source)
  const targetNode = graph.nodes.find((n) => n.id === c.target)
  if (!sourceNode || !targetNode) return refuse(`Node "${!sourceNode ? c.source : c.target}" does not exist.`)
  const sourceKind = getNodeKind(sourceNode.kind)
  const targetKind = getNodeKind(targetNode.kind)
  if (!sourceKind || !targetKind) return refuse(`Unknown node kind "${!sourceKind ? sourceNode.kind : targetNode.kind}".`)
  const out = findPort(sourceKind, 'out', c.sourcePort)
  if (!out) return refuse(`${sourceKind.label} has no output named "${c.sourcePort}".`)
  const inp = findPort(targetKind, 'in', c.targetPort)
  if (!inp) return refuse(`${targetKind.label} has no input named "${c.targetPort}".`)
  if (out.type !== inp.type) {
    return refuse(`${sourceKind.label} gives ${out.type}, but ${targetKind.label}'s "${inp.label}" input takes ${inp.type}.`)
  }
  const into = graph.edges.filter((e) => e.target === c.target && e.targetPort === c.targetPort)
  if (into.some((e) => e.source === c.source && e.sourcePort === c.sourcePort)) return refuse('These two ports are already connected.')
  if (into.length > 0 && !inp.many) return refuse(`${targetKind.label}'s "${inp.label}" input takes one connection and already has one.`)
  if (reaches(graph, c.target, c.source)) return refuse('This connection would make a loop; connections must flow one way.')
  return { ok: true }
}

/** Whether `to` can be reached from `from` along existing edges (iterative, so deep graphs cannot overflow the stack). */
function reaches(graph: ConnectGraph, from: string, to: string): boolean {
  const next = new Map<string, string[]>()
  for (const e of graph.edges) {
    const list = next.get(e.source)
    if (list) list.push(e.target)
    else next.set(e.source, [e.target])
  }
  const seen = new Set<string>([from])
  const stack = [from]
  while (stack.length > 0) {
    const id = stack.pop()!
    if (id === to) return true
    for (const t of next.get(id) ?? []) {
      if (!seen.has(t)) {
        seen.add(t)
        stack.push(t)
      }
    }
  }
  return false
}

function refuse(reason: string): ConnectionCheck {
  return { ok: false, reason }
}
