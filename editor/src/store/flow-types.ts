/**
 * The editor's view of graph nodes and edges: React Flow's shapes carrying the engine's fields.
 * `data` holds exactly what a GraphNode holds besides id/position, so converting to a Graph
 * (for compile and save) is a field copy, never a guess.
 */
import type { Edge, Node } from '@xyflow/react'
import type { GraphNode, PortType } from '../../../engine/graph/schema.ts'

export interface StageNodeData extends Record<string, unknown> {
  kind: string
  params: GraphNode['params']
  /** A stage node's label; a group's title. */
  label?: string
  bypassed?: boolean
  /** A note's text. */
  text?: string
}

/**
 * One React Flow node type for all eight kinds (the kind definition drives what it shows), plus
 * the canvas annotations: `frame` (a group, the graph's `groups`) and `note` (the graph's
 * `notes`). Annotations live in the same array so selection, dragging, deletion, copy/paste and
 * undo treat them like nodes; their `data.kind` is FRAME_KIND / NOTE_KIND, which no registry kind
 * can be, and `toGraph` writes them to `groups`/`notes`, so the compiler never sees them.
 */
export type FlowNodeType = 'stage' | 'frame' | 'note'
export type FlowNode = Node<StageNodeData, FlowNodeType>

export const FRAME_KIND = '@group'
export const NOTE_KIND = '@note'

export function isStageNode(n: Pick<FlowNode, 'type'>): boolean {
  return n.type !== 'frame' && n.type !== 'note'
}

export interface WireData extends Record<string, unknown> {
  portType: PortType
  /** The edge's `order` among wires into a `many` input (graph version 3), when set. */
  order?: number
}
export type FlowEdge = Edge<WireData>

export interface GraphMeta {
  id: string
  name: string
  description: string
  tags: string[]
}
