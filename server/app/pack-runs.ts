/**
 * POST /api/runs `{ graphId, packs, split }`: runs a saved library graph on chosen packs without
 * editing it. The graph's pack node gets the packs (engine/compile/pack-runs.ts); every run is
 * compiled and checked before any is queued, so a bad pack or graph queues nothing. The job draft
 * (draft.ts) builds its entries with the same `checkedPackRuns`.
 */
import { planPackRuns, type PackSplit } from '../../engine/compile/pack-runs.ts'
import type { PackChoice, PackRunsCreatedResponse } from '../../engine/api/pack-runs.ts'
import type { RunSpec } from '../../engine/compile/spec.ts'
import type { Graph } from '../../engine/graph/schema.ts'
import type { AppDeps } from './deps.ts'
import { ApiError, badRequest } from './problems.ts'
import { compileFor, runnable, submitRuns } from './run-submit.ts'

export interface PackRunDeps {
  library: { graphs: { read(id: string): Promise<Graph> } }
}

export interface PackRunsInput {
  graphId: string
  packs: readonly PackChoice[]
  split?: PackSplit
  packNodeId?: string
  runSeed?: number
}

export interface CheckedPackRun { packIds: string[]; graph: Graph; runSeed: number; now: string; run: RunSpec }

/** The saved graph, its pack node substituted per run, each compiled and checked (4xx naming the field otherwise). */
export async function checkedPackRuns(deps: AppDeps & PackRunDeps, body: PackRunsInput): Promise<{ graph: Graph; packNodeId: string; runs: CheckedPackRun[] }> {
  const graph = await readGraph(deps, body.graphId)
  const library = await deps.libraryContext()
  const missing = body.packs.findIndex((p) => !Object.hasOwn(library.packs, p.packId))
  if (missing >= 0) {
    const packId = body.packs[missing]!.packId
    // A pack file that is there but does not parse is broken, not missing (as for a graph's own pack).
    const problems = await deps.packProblems?.(packId)
    if (problems) throw badRequest(`body.packs.${missing}.packId: pack "${packId}" is broken: ${problems.join('; ')}`, [{ path: `body.packs.${missing}.packId`, message: 'the pack file is broken' }])
    throw new ApiError(404, `body.packs.${missing}.packId: there is no prompt pack "${packId}" in the library`, [{ path: `body.packs.${missing}.packId`, message: `no pack "${packId}"` }])
  }
  const selections = body.packs.map((p) => ({ packId: p.packId, rows: p.rows ?? [] }))
  const plan = planPackRuns(graph, selections, body.split ?? 'per-pack', body.packNodeId)
  if (!plan.ok) throw badRequest(`body.${plan.problems[0]!.path}: ${plan.problems[0]!.message}`, plan.problems.map((p) => ({ ...p, path: `body.${p.path}` })))
  // One run seed and clock for all runs of the request (so "one run" and "per pack" draw the same variants for the same rows).
  const runSeed = body.runSeed ?? deps.randomSeed()
  const now = deps.now()
  const runs: CheckedPackRun[] = []
  for (const r of plan.runs) {
    const what = r.packIds.length === 1 ? `graph "${graph.id}" on pack "${r.packIds[0]}"` : `graph "${graph.id}" on packs ${r.packIds.map((id) => `"${id}"`).join(', ')}`
    const run = runnable(deps, await compileFor(deps, r.graph, runSeed, now), what, `graphs.${graph.id}`)
    runs.push({ packIds: r.packIds, graph: r.graph, runSeed, now, run })
  }
  return { graph, packNodeId: plan.packNodeId, runs }
}

export async function submitPackRuns(deps: AppDeps & PackRunDeps, body: PackRunsInput & { front?: boolean }): Promise<PackRunsCreatedResponse> {
  const { runs } = await checkedPackRuns(deps, body)
  submitRuns(deps, runs.map((r) => r.run), body.front ?? false)
  return createdResponse(runs)
}

export function createdResponse(runs: readonly { packIds: string[]; run: RunSpec }[]): PackRunsCreatedResponse {
  const totals = { jobs: 0, webuiCalls: 0, images: 0, videos: 0 }
  for (const { run } of runs) for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += run.totals[k]
  return { runs: runs.map(({ packIds, run }) => ({ runId: run.runId, packIds, jobIds: run.jobs.map((j) => j.jobId), totals: run.totals })), totals }
}

/** The saved graph; a missing one is a 404 naming `body.graphId`, a broken file says why. */
async function readGraph(deps: PackRunDeps, graphId: string): Promise<Graph> {
  try {
    return await deps.library.graphs.read(graphId)
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) throw new ApiError(404, `graph "${graphId}" not found`, [{ path: 'body.graphId', message: `no graph "${graphId}" in the library` }])
    throw e
  }
}
