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
  label?: string
  bypassed?: boolean
}

/** One React Flow node type for all eight kinds; the kind definition drives what it shows. */
export type FlowNode = Node<StageNodeData, 'stage'>

export interface WireData extends Record<string, unknown> {
  portType: PortType
}
export type FlowEdge = Edge<WireData>

export interface GraphMeta {
  id: string
  name: string
  description: string
  tags: string[]
}
