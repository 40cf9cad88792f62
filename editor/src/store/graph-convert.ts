/** Engine Graph ⇄ editor nodes/edges. Pure, so the store, the services and the tests share it. */
import { GRAPH_VERSION, type Graph, type PortType, type Viewport } from '../../../engine/graph/schema.ts'
import { findPort, getNodeKind } from '../../../engine/nodes/registry.ts'
import type { z } from 'zod'
import { FRAME_KIND, NOTE_KIND, type FlowEdge, type FlowNode, type GraphMeta } from './flow-types.ts'

type ViewportValue = z.infer<typeof Viewport>

export function toFlowNode(n: Graph['nodes'][number]): FlowNode {
  return {
    id: n.id,
    type: 'stage',
    position: { ...n.position },
    data: { kind: n.kind, params: n.params, ...(n.label !== undefined ? { label: n.label } : {}), ...(n.bypassed ? { bypassed: true } : {}) },
  }
}

/** The type of the wire, read from the source port (an unknown port draws as `image`, and the compiler reports it). */
export function portTypeOf(nodes: readonly FlowNode[] | ReadonlyMap<string, FlowNode>, source: string, sourcePort: string): PortType {
  const node = nodes instanceof Map ? nodes.get(source) : (nodes as readonly FlowNode[]).find((n) => n.id === source)
  const kind = node ? getNodeKind(node.data.kind) : undefined
  return (kind && findPort(kind, 'out', sourcePort)?.type) ?? 'image'
}

export function toFlowEdge(e: Graph['edges'][number], portType: PortType): FlowEdge {
  return {
    id: e.id,
    source: e.source,
    sourceHandle: e.sourcePort,
    target: e.target,
    targetHandle: e.targetPort,
    data: { portType, ...(e.order !== undefined ? { order: e.order } : {}) },
    className: `wire wire-${portType}`,
  }
}

/** Groups are drawn below everything (a selected one is raised by 1000 and still stays below nodes). */
export const FRAME_Z = -1000

export function toFrameNode(g: NonNullable<Graph['groups']>[number]): FlowNode {
  return { id: g.id, type: 'frame', position: { ...g.position }, width: g.size.width, height: g.size.height, zIndex: FRAME_Z, dragHandle: '.frame-title', data: { kind: FRAME_KIND, params: {}, label: g.title } }
}

export function toNoteNode(n: NonNullable<Graph['notes']>[number]): FlowNode {
  return { id: n.id, type: 'note', position: { ...n.position }, width: n.size.width, height: n.size.height, data: { kind: NOTE_KIND, params: {}, text: n.text } }
}

const sizeOf = (n: FlowNode) => ({ width: Math.round(n.width ?? n.measured?.width ?? 240), height: Math.round(n.height ?? n.measured?.height ?? 120) })
const roundPos = (n: FlowNode) => ({ x: Math.round(n.position.x), y: Math.round(n.position.y) })

export function fromGraph(graph: Graph): { nodes: FlowNode[]; edges: FlowEdge[]; viewport: ViewportValue; meta: GraphMeta } {
  // Groups first so they paint under notes and nodes of the same z-index.
  const nodes = [...(graph.groups ?? []).map(toFrameNode), ...(graph.notes ?? []).map(toNoteNode), ...graph.nodes.map(toFlowNode)]
  const byId = new Map(nodes.map((n) => [n.id, n]))
  const edges = graph.edges.map((e) => toFlowEdge(e, portTypeOf(byId, e.source, e.sourcePort)))
  return { nodes, edges, viewport: { ...graph.viewport }, meta: { id: graph.id, name: graph.name, description: graph.description, tags: [...graph.tags] } }
}

export function toGraph(state: { nodes: readonly FlowNode[]; edges: readonly FlowEdge[]; viewport: ViewportValue; meta: GraphMeta }): Graph {
  const frames = state.nodes.filter((n) => n.type === 'frame')
  const notes = state.nodes.filter((n) => n.type === 'note')
  const stages = frames.length + notes.length ? state.nodes.filter((n) => n.type !== 'frame' && n.type !== 'note') : state.nodes
  return {
    version: GRAPH_VERSION,
    id: state.meta.id,
    name: state.meta.name,
    description: state.meta.description,
    tags: state.meta.tags,
    nodes: stages.map((n) => ({
      id: n.id,
      kind: n.data.kind,
      position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
      params: n.data.params,
      ...(n.data.label !== undefined ? { label: n.data.label } : {}),
      ...(n.data.bypassed ? { bypassed: true } : {}),
    })),
    edges: state.edges.map((e) => ({
      id: e.id,
      source: e.source,
      sourcePort: e.sourceHandle ?? '',
      target: e.target,
      targetPort: e.targetHandle ?? '',
      ...(e.data?.order !== undefined ? { order: e.data.order } : {}),
    })),
    viewport: state.viewport,
    ...(frames.length ? { groups: frames.map((n) => ({ id: n.id, title: n.data.label ?? '', position: roundPos(n), size: sizeOf(n) })) } : {}),
    ...(notes.length ? { notes: notes.map((n) => ({ id: n.id, text: n.data.text ?? '', position: roundPos(n), size: sizeOf(n) })) } : {}),
  }
}

/**
 * Whether what the compiler reads (ids, kinds, params, bypass, edges) is unchanged. Positions,
 * selection and measurements change on every drag and must not trigger a recompile; node `data`
 * objects are replaced only when content changes, so identity comparison is enough.
 */
export function sameContent(a: { nodes: readonly FlowNode[]; edges: readonly FlowEdge[] }, b: { nodes: readonly FlowNode[]; edges: readonly FlowEdge[] }): boolean {
  if (a.edges !== b.edges || a.nodes.length !== b.nodes.length) return false
  for (let i = 0; i < a.nodes.length; i++) {
    const x = a.nodes[i]!
    const y = b.nodes[i]!
    if (x.id !== y.id || x.data !== y.data) return false
  }
  return true
}

/** A fresh id for a node of `kind` (`txt2img-2`), valid under the engine's Id pattern. */
export function freshId(prefix: string, taken: ReadonlySet<string>): string {
  const base = prefix.replace(/[^A-Za-z0-9_.-]/g, '').replace(/^[^A-Za-z0-9]+/, '') || 'node'
  for (let i = 1; ; i++) {
    const id = `${base}-${i}`
    if (!taken.has(id)) return id
  }
}
