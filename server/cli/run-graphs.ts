/**
 * What `flow run` runs: the graph from a file (or, when no such file exists, the library graph
 * with that id), and with --pack one graph per pack (or one for all), its pack node substituted
 * exactly as POST /api/runs does (engine/compile/pack-runs.ts).
 */
import { existsSync } from 'node:fs'
import { parseGraph } from '../../engine/graph/migrations.ts'
import { Id } from '../../engine/graph/schema.ts'
import type { PackSelection } from '../../engine/nodes/pack.ts'
import { planPackRuns, type PackSplit } from '../../engine/compile/pack-runs.ts'
import type { LibraryStore } from '../library/store.ts'
import { readGraphFile } from './args.ts'

export type GraphsToRun = { ok: true; list: { graph: unknown; packIds?: string[] }[] } | { ok: false; message: string }

export async function graphsToRun(name: string, library: LibraryStore, packs: readonly PackSelection[], split: PackSplit, packNodeId: string | undefined): Promise<GraphsToRun> {
  const read = await readGraph(name, library)
  if (!read.ok) return read
  if (packs.length === 0) return { ok: true, list: [{ graph: read.graph }] }
  const parsed = parseGraph(read.graph)
  if (!parsed.ok) return { ok: false, message: `cannot read the graph: ${parsed.problems.map((p) => `${p.path || 'graph'}: ${p.message}`).join('; ')}` }
  const plan = planPackRuns(parsed.graph, packs, split, packNodeId)
  if (!plan.ok) return { ok: false, message: plan.problems.map((p) => `${p.path === 'packNodeId' ? '--pack-node: ' : ''}${p.message}`).join('\n') }
  return { ok: true, list: plan.runs.map((r) => ({ graph: r.graph, packIds: r.packIds })) }
}

async function readGraph(name: string, library: LibraryStore): Promise<{ ok: true; graph: unknown } | { ok: false; message: string }> {
  if (existsSync(name) || !Id.safeParse(name).success) {
    const read = await readGraphFile(name)
    return read.ok ? read : { ok: false, message: `cannot read the graph: ${read.message}` }
  }
  try {
    return { ok: true, graph: await library.graphs.read(name) }
  } catch (e) {
    const status = (e as { status?: number }).status
    return { ok: false, message: status === 404 ? `cannot read the graph: no such file and no library graph "${name}"` : `cannot read the graph "${name}": ${(e as Error).message}` }
  }
}
