/**
 * Copy/paste of a selection. Pasted nodes get fresh ids (ids are the stage ids jobs and outputs are
 * keyed by, so a paste must never alias the original), edges are kept only when both ends were
 * copied, and the copy lands offset so it is visibly a new node.
 */
import type { FlowEdge, FlowNode } from './flow-types.ts'
import { freshId } from './graph-convert.ts'

export interface Clipboard {
  nodes: FlowNode[]
  edges: FlowEdge[]
}

export function copySelection(nodes: readonly FlowNode[], edges: readonly FlowEdge[]): Clipboard | null {
  const picked = nodes.filter((n) => n.selected)
  if (picked.length === 0) return null
  const ids = new Set(picked.map((n) => n.id))
  return {
    nodes: picked.map((n) => ({ ...n, selected: false })),
    edges: edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
  }
}

export function pasteClipboard(
  clip: Clipboard,
  existing: { nodes: readonly FlowNode[]; edges: readonly FlowEdge[] },
  offset: { x: number; y: number },
): { nodes: FlowNode[]; edges: FlowEdge[] } {
  const takenNodes = new Set(existing.nodes.map((n) => n.id))
  const takenEdges = new Set(existing.edges.map((e) => e.id))
  const rename = new Map<string, string>()
  const nodes = clip.nodes.map((n) => {
    const id = freshId(n.data.kind, takenNodes)
    takenNodes.add(id)
    rename.set(n.id, id)
    const { measured: _measured, dragging: _dragging, ...rest } = n
    return { ...rest, id, selected: true, position: { x: n.position.x + offset.x, y: n.position.y + offset.y }, data: { ...n.data } }
  })
  const edges = clip.edges.map((e) => {
    const id = freshId('e', takenEdges)
    takenEdges.add(id)
    return { ...e, id, selected: false, source: rename.get(e.source)!, target: rename.get(e.target)! }
  })
  return { nodes, edges }
}
