/**
 * Structural checks of a parsed graph and the lookup tables the later steps use:
 * known kinds, valid params, edges that join existing ports of equal type, single-edge inputs,
 * no cycles, required inputs connected. Every problem is collected; nothing throws.
 */
import type { Graph, GraphEdge, GraphNode } from '../graph/schema.ts'
import { findPort, getNodeKind } from '../nodes/registry.ts'
import type { NodeKindDef } from '../nodes/define.ts'
import { formatZodIssues } from '../util/zod-issues.ts'
import type { GraphError } from './spec.ts'

export interface IndexedNode {
  node: GraphNode
  kind: NodeKindDef<unknown>
  /** Params parsed with the kind's schema (undefined if they were invalid). */
  params: unknown
  /** Incoming edges per input port, in edge order (`order`, then the graph's edge order). */
  inputs: Map<string, GraphEdge[]>
  /** Outgoing edges per output port, in the graph's edge order. */
  outputs: Map<string, GraphEdge[]>
}

export interface GraphIndex {
  nodes: Map<string, IndexedNode>
  /** Node ids in an order where every edge goes forward (only meaningful when there is no cycle). */
  order: string[]
  hasCycle: boolean
}

export function indexGraph(graph: Graph, errors: GraphError[]): GraphIndex {
  const nodes = new Map<string, IndexedNode>()
  for (const node of graph.nodes) {
    if (nodes.has(node.id)) {
      errors.push({ code: 'duplicate-id', nodeId: node.id, message: `Two nodes share the id "${node.id}"; ids must be unique.` })
      continue
    }
    const kind = getNodeKind(node.kind)
    if (!kind) {
      errors.push({ code: 'unknown-kind', nodeId: node.id, message: `Node "${node.label ?? node.id}" has an unknown kind "${node.kind}".` })
      continue
    }
    const parsed = kind.params.safeParse(node.params)
    if (!parsed.success) {
      for (const p of formatZodIssues(parsed.error.issues)) {
        errors.push({ code: 'invalid-params', nodeId: node.id, field: p.path, message: `${kind.label} "${node.label ?? node.id}": ${p.path || 'params'} ${p.message}.` })
      }
    }
    nodes.set(node.id, { node, kind, params: parsed.success ? parsed.data : undefined, inputs: new Map(), outputs: new Map() })
  }
  indexEdges(graph, nodes, errors)
  for (const n of nodes.values()) for (const [port, edges] of n.inputs) if (edges.length > 1) n.inputs.set(port, inEdgeOrder(edges))
  const { order, hasCycle } = topologicalOrder(nodes, errors)
  checkRequiredInputs(nodes, errors)
  return { nodes, order, hasCycle }
}

function indexEdges(graph: Graph, nodes: Map<string, IndexedNode>, errors: GraphError[]): void {
  const seenIds = new Set<string>()
  const seenLinks = new Set<string>()
  for (const edge of graph.edges) {
    if (seenIds.has(edge.id)) {
      errors.push({ code: 'duplicate-id', edgeId: edge.id, message: `Two edges share the id "${edge.id}".` })
      continue
    }
    seenIds.add(edge.id)
    const source = nodes.get(edge.source)
    const target = nodes.get(edge.target)
    if (!source || !target) {
      const missing = !source ? edge.source : edge.target
      const existing = source ?? target
      errors.push({ code: 'dangling-edge', edgeId: edge.id, ...(existing ? { nodeId: existing.node.id } : {}), message: `Edge "${edge.id}" points to node "${missing}", which does not exist.` })
      continue
    }
    const out = findPort(source.kind, 'out', edge.sourcePort)
    const inp = findPort(target.kind, 'in', edge.targetPort)
    if (!out || !inp) {
      const [node, port] = !out ? [source, edge.sourcePort] : [target, edge.targetPort]
      errors.push({ code: 'unknown-port', edgeId: edge.id, nodeId: node.node.id, port, message: `${node.kind.label} has no ${!out ? 'output' : 'input'} named "${port}".` })
      continue
    }
    if (out.type !== inp.type) {
      errors.push({ code: 'type-mismatch', edgeId: edge.id, nodeId: target.node.id, port: inp.name, message: `Cannot connect ${source.kind.label}'s ${out.type} output to ${target.kind.label}'s ${inp.type} input "${inp.label}".` })
      continue
    }
    const link = `${edge.source}\0${edge.sourcePort}\0${edge.target}\0${edge.targetPort}`
    if (seenLinks.has(link)) {
      errors.push({ code: 'duplicate-edge', edgeId: edge.id, nodeId: target.node.id, port: inp.name, message: `The same connection into ${target.kind.label} "${inp.label}" appears twice.` })
      continue
    }
    seenLinks.add(link)
    const existing = target.inputs.get(inp.name) ?? []
    if (existing.length > 0 && !inp.many) {
      errors.push({ code: 'too-many-edges', edgeId: edge.id, nodeId: target.node.id, port: inp.name, message: `${target.kind.label} "${target.node.label ?? target.node.id}" takes one connection on "${inp.label}", but has several.` })
      continue
    }
    target.inputs.set(inp.name, [...existing, edge])
    source.outputs.set(out.name, [...(source.outputs.get(out.name) ?? []), edge])
  }
}

/** Edges into one `many` input by their `order` (stable: edges without one keep their graph order, after those with one). */
export function inEdgeOrder<T extends { order?: number }>(edges: readonly T[]): T[] {
  return edges.map((e, i) => ({ e, i })).sort((a, b) => (a.e.order ?? Infinity) - (b.e.order ?? Infinity) || a.i - b.i).map((x) => x.e)
}

/** Kahn's algorithm; nodes left over sit on a cycle. Ties keep the graph's node order, so output is deterministic. */
function topologicalOrder(nodes: Map<string, IndexedNode>, errors: GraphError[]): { order: string[]; hasCycle: boolean } {
  const indegree = new Map<string, number>()
  for (const [id, n] of nodes) {
    let d = 0
    for (const edges of n.inputs.values()) d += edges.length
    indegree.set(id, d)
  }
  const ready = [...nodes.keys()].filter((id) => indegree.get(id) === 0)
  const order: string[] = []
  for (let i = 0; i < ready.length; i++) {
    const id = ready[i]!
    order.push(id)
    for (const edges of nodes.get(id)!.outputs.values()) {
      for (const e of edges) {
        const d = indegree.get(e.target)! - 1
        indegree.set(e.target, d)
        if (d === 0) ready.push(e.target)
      }
    }
  }
  const hasCycle = order.length < nodes.size
  if (hasCycle) {
    const stuck = [...nodes.keys()].filter((id) => !order.includes(id))
    for (const id of stuck) {
      const n = nodes.get(id)!
      errors.push({ code: 'cycle', nodeId: id, message: `${n.kind.label} "${n.node.label ?? id}" is part of a cycle; connections must flow one way.` })
    }
  }
  return { order, hasCycle }
}

function checkRequiredInputs(nodes: Map<string, IndexedNode>, errors: GraphError[]): void {
  for (const n of nodes.values()) {
    for (const port of n.kind.inputs) {
      const required = n.params !== undefined && n.kind.inputRequired ? n.kind.inputRequired(port.name, n.params) : port.required
      if (required && !(n.inputs.get(port.name)?.length)) {
        errors.push({ code: 'missing-input', nodeId: n.node.id, port: port.name, message: `${n.kind.label} "${n.node.label ?? n.node.id}" needs something connected to its "${port.label}" input.` })
      }
    }
  }
}

export function describeNode(n: IndexedNode): string {
  return `${n.kind.label} "${n.node.label ?? n.node.id}"`
}
