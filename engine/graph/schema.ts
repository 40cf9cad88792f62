/**
 * The graph document: plain JSON, versioned, validated by zod. Types come from the schemas.
 * A node's `params` is checked against its kind's schema by the compiler (not here), so that
 * a graph with one bad field still loads in the editor and shows the problem on that node.
 */
import { z } from 'zod'

export const GRAPH_VERSION = 3

/** Ids appear in file names and URLs, so they are kept to a safe alphabet. */
export const Id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/, 'must be 1-128 letters, digits, "_", "." or "-", starting with a letter or digit')

export const PortType = z.enum(['prompts', 'config', 'image', 'video'])
export type PortType = z.infer<typeof PortType>

export const XYPosition = z.strictObject({ x: z.number().finite(), y: z.number().finite() })

export const GraphNode = z.strictObject({
  id: Id,
  kind: z.string().min(1).max(64),
  position: XYPosition,
  params: z.record(z.string(), z.unknown()),
  bypassed: z.boolean().optional(),
  label: z.string().max(200).optional(),
})
export type GraphNode = z.infer<typeof GraphNode>

export const GraphEdge = z.strictObject({
  id: Id,
  source: Id,
  sourcePort: z.string().min(1).max(64),
  target: Id,
  targetPort: z.string().min(1).max(64),
  /**
   * Position of this edge among the edges into the same `many` input (version 3): entries from
   * several wires are concatenated in this order, which the user changes on the node. Edges
   * without it follow those with it, in the graph's edge order.
   */
  order: z.int().min(0).max(100_000).optional(),
})
export type GraphEdge = z.infer<typeof GraphEdge>

export const Viewport = z.strictObject({ x: z.number().finite(), y: z.number().finite(), zoom: z.number().positive().finite() })

export const Size = z.strictObject({ width: z.number().finite().min(40).max(100_000), height: z.number().finite().min(30).max(100_000) })

/**
 * A group (frame) on the canvas: a titled rectangle. Layout only: the nodes inside it are the ones
 * whose box lies inside it when it is dragged (as in ComfyUI), so membership is not stored and
 * nothing about a group reaches the compiler or the content hash.
 */
export const GraphGroup = z.strictObject({
  id: Id,
  title: z.string().max(200),
  position: XYPosition,
  size: Size,
})
export type GraphGroup = z.infer<typeof GraphGroup>

/** A note: free text on the canvas for the people reading the graph. Never compiled. */
export const GraphNote = z.strictObject({
  id: Id,
  text: z.string().max(10_000),
  position: XYPosition,
  size: Size,
})
export type GraphNote = z.infer<typeof GraphNote>

export const Graph = z.strictObject({
  version: z.literal(GRAPH_VERSION),
  id: Id,
  name: z.string().min(1).max(200),
  description: z.string().max(10_000),
  tags: z.array(z.string().min(1).max(64)).max(64),
  nodes: z.array(GraphNode).max(5000),
  edges: z.array(GraphEdge).max(20_000),
  viewport: Viewport,
  /** Canvas annotations (version 2); absent when there are none, so older graphs save unchanged but for `version`. */
  groups: z.array(GraphGroup).max(1000).optional(),
  notes: z.array(GraphNote).max(1000).optional(),
}).superRefine((g, ctx) => {
  // Nodes, groups and notes share one id space on the canvas.
  const seen = new Set(g.nodes.map((n) => n.id))
  for (const [key, list] of [['groups', g.groups], ['notes', g.notes]] as const) {
    list?.forEach((item, i) => {
      if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path: [key, i, 'id'], message: `"${item.id}" is already the id of another node, group or note` })
      seen.add(item.id)
    })
  }
})
export type Graph = z.infer<typeof Graph>
