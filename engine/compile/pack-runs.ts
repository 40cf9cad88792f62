/**
 * "Run a saved graph on packs, without editing it": the graph's pack node gets the chosen packs
 * instead of its own, either all in one run or one run per pack. Pure, so the server (POST
 * /api/runs with `graphId`), the CLI (`flow run --pack`) and the editor's pack picker (its per-pack
 * job counts) all substitute identically.
 */
import type { Graph, GraphNode } from '../graph/schema.ts'
import type { PackSelection } from '../nodes/pack.ts'

export type PackSplit = 'per-pack' | 'one'

export interface PackRunPlan {
  /** The packs this run covers, in the order given. */
  packIds: string[]
  graph: Graph
}

export type PackRunsResult = { ok: true; packNodeId: string; runs: PackRunPlan[] } | { ok: false; problems: { path: string; message: string }[] }

export function packNodesOf(graph: Graph): GraphNode[] {
  return graph.nodes.filter((n) => n.kind === 'pack')
}

/**
 * The pack node to substitute: the one named, or the only one. A graph with several asks (the
 * problem lists them) rather than guessing; a graph with none cannot run on packs.
 */
export function choosePackNode(graph: Graph, packNodeId: string | undefined): { ok: true; node: GraphNode } | { ok: false; problems: { path: string; message: string }[] } {
  const nodes = packNodesOf(graph)
  const names = nodes.map((n) => (n.label ? `"${n.id}" (${n.label})` : `"${n.id}"`)).join(', ')
  if (packNodeId !== undefined) {
    const node = nodes.find((n) => n.id === packNodeId)
    if (node) return { ok: true, node }
    return { ok: false, problems: [{ path: 'packNodeId', message: nodes.length ? `graph "${graph.id}" has no pack node "${packNodeId}"; its pack nodes are ${names}` : `graph "${graph.id}" has no pack node` }] }
  }
  if (nodes.length === 1) return { ok: true, node: nodes[0]! }
  if (nodes.length === 0) return { ok: false, problems: [{ path: 'graphId', message: `graph "${graph.id}" has no pack node to run on packs` }] }
  return { ok: false, problems: [{ path: 'packNodeId', message: `graph "${graph.id}" has ${nodes.length} pack nodes (${names}); say which one to substitute` }] }
}

/** A copy of the graph whose chosen pack node holds `packs` (and is no longer bypassed: it was chosen to run). */
export function withPacks(graph: Graph, packNodeId: string, packs: readonly PackSelection[]): Graph {
  return {
    ...graph,
    nodes: graph.nodes.map((n) => {
      if (n.id !== packNodeId) return n
      const { bypassed: _bypassed, ...rest } = n
      return { ...rest, params: { packs: packs.map((p) => ({ packId: p.packId, rows: [...p.rows] })) } }
    }),
  }
}

export function planPackRuns(graph: Graph, packs: readonly PackSelection[], split: PackSplit, packNodeId?: string): PackRunsResult {
  const chosen = choosePackNode(graph, packNodeId)
  if (!chosen.ok) return chosen
  const id = chosen.node.id
  const runs = split === 'one'
    ? [{ packIds: packs.map((p) => p.packId), graph: withPacks(graph, id, packs) }]
    : packs.map((p) => ({ packIds: [p.packId], graph: withPacks(graph, id, [p]) }))
  return { ok: true, packNodeId: id, runs }
}
