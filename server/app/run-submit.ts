/**
 * Compile → check → queue, shared by the two forms of POST /api/runs (a graph given, or a saved
 * graph run on packs): the same compile the preview uses, the same refusals, the same submit.
 */
import { compile, type CompileResult } from '../../engine/compile/compile.ts'
import type { RunSpec } from '../../engine/compile/spec.ts'
import { withSourceImageCheck } from '../../engine/compile/source-images.ts'
import { compileResources, type AppDeps } from './deps.ts'
import { ApiError, badRequest } from './problems.ts'
import { QueueError } from '../queue/types.ts'
import { maskIds } from '../library/masks.ts'
import { uploadIds } from '../data/uploads.ts'

/** `now` is given when a snapshot is recompiled (the job draft), so its run id and time stamps come out the same. */
export async function compileFor(deps: AppDeps, graph: unknown, runSeed: number | undefined, now?: string): Promise<CompileResult> {
  // The cached lists (re-read only when older than their TTL): resolving names costs no round trip.
  const [library, resources, masks, uploads] = await Promise.all([deps.libraryContext(), deps.executor.resources(), maskIds(deps.paths), uploadIds(deps.paths)])
  const result = compile(graph, {
    ...library,
    resources: compileResources(resources),
    masks,
    uploads,
    runSeed: runSeed ?? deps.randomSeed(),
    now: now ?? deps.now(),
  })
  return explainBrokenPacks(deps, withSourceImageCheck(result, (id) => deps.store.artifacts.get(id) !== undefined))
}

/**
 * The library leaves a pack whose file does not parse out of the compile context, so the compiler
 * can only say "there is no pack". When the file is there, the run is told the truth: the pack is
 * broken, with its parse errors.
 */
async function explainBrokenPacks(deps: AppDeps, result: CompileResult): Promise<CompileResult> {
  if (!deps.packProblems || !result.errors.some((e) => e.code === 'unknown-pack')) return result
  // The error's field (`packs.2.packId`) points at the pack entry of the (migrated) graph's node.
  const nodes = result.run?.graph.nodes ?? []
  const packIdOf = (nodeId: string | undefined, field: string | undefined): string | undefined => {
    const at = /^packs\.(\d+)\.packId$/.exec(field ?? '')
    if (!at) return undefined
    const params = nodes.find((n) => n.id === nodeId)?.params as { packs?: { packId?: unknown }[] } | undefined
    const packId = params?.packs?.[Number(at[1])]?.packId
    return typeof packId === 'string' && packId !== '' ? packId : undefined
  }
  const errors = await Promise.all(result.errors.map(async (e) => {
    const packId = e.code === 'unknown-pack' ? packIdOf(e.nodeId, e.field) : undefined
    const problems = packId === undefined ? null : await deps.packProblems!(packId)
    if (!problems) return e
    const where = e.message.split(': there is no prompt pack')[0]
    return { ...e, code: 'pack-problem' as const, message: `${where}: pack "${packId}" is broken: ${problems.join('; ')}` }
  }))
  return { ...result, errors }
}

/** Graph errors as API problems: the path points into the graph (node, field, port). */
export function graphProblems(result: CompileResult): { path: string; message: string }[] {
  return result.errors.map((e) => ({
    path: ['graph', ...(e.nodeId ? ['nodes', e.nodeId] : []), ...(e.edgeId ? ['edges', e.edgeId] : []), ...(e.field ? [e.field] : []), ...(e.port ? [e.port] : [])].filter(Boolean).join('.'),
    message: e.message,
  }))
}

/** The compiled run, or the 400 that says why it cannot be queued (`what` names it in the message). */
export function runnable(deps: AppDeps, result: CompileResult, what = 'the graph', prefix = 'graph'): RunSpec {
  if (result.errors.length > 0 || !result.run) {
    const problems = graphProblems(result).map((p) => ({ ...p, path: p.path.replace(/^graph/, prefix) }))
    throw badRequest(`${what} has ${problems.length} problem${problems.length === 1 ? '' : 's'}: ${problems[0]?.message ?? 'invalid'}`, problems)
  }
  if (result.run.jobs.length === 0) throw badRequest(`${what} compiles to no jobs`, [{ path: prefix, message: 'no jobs to run' }])
  // Every name exists on some WebUI; a job runs on one, so one must have all it needs.
  const unroutable = deps.executor.routeProblems(result.run)
  if (unroutable.length > 0) throw badRequest(`no WebUI can run ${what}: ${unroutable[0]!.message}`, unroutable)
  return result.run
}

/**
 * Queues checked runs. With `front`, the last is submitted first so the runs keep their given
 * order at the front of the queue.
 */
export function submitRuns(deps: AppDeps, runs: readonly RunSpec[], front: boolean): void {
  // Checked for all first, so several runs (a draft, runs per pack) are queued all or none.
  const already = runs.find((r) => deps.store.queue.getRun(r.runId))
  if (already) throw new ApiError(409, `this run is already queued: run "${already.runId}"`)
  const order = front ? [...runs].reverse() : runs
  for (const run of order) {
    try {
      deps.store.queue.submit(run, { front })
    } catch (e) {
      if (e instanceof QueueError && e.code === 'conflict') throw new ApiError(409, `this run is already queued: ${e.message}`)
      throw e
    }
  }
}
