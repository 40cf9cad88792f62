/** Compile a graph (preview) and submit it as a run (queue). Preview = queue: both call compile(). */
import { Hono } from 'hono'
import { compile, type CompileResult } from '../../../engine/compile/compile.ts'
import { CompileRequest, RunIdParam, RunRequest, VideoStageParam } from '../../../engine/api/runs.ts'
import { compileResources, type AppDeps } from '../deps.ts'
import { ApiError, badRequest, notFound } from '../problems.ts'
import { jsonBody, params } from '../validate.ts'
import { QueueError } from '../../queue/types.ts'
import { maskIds } from '../../library/masks.ts'

async function compileFor(deps: AppDeps, graph: unknown, runSeed: number | undefined): Promise<CompileResult> {
  // The cached lists (re-read only when older than their TTL): resolving names costs no round trip.
  const [library, resources, masks] = await Promise.all([deps.libraryContext(), deps.executor.resources(), maskIds(deps.paths)])
  const result = compile(graph, {
    ...library,
    resources: compileResources(resources),
    masks,
    runSeed: runSeed ?? deps.randomSeed(),
    now: deps.now(),
  })
  return explainBrokenPacks(deps, graph, result)
}

/**
 * The library leaves a pack whose file does not parse out of the compile context, so the compiler
 * can only say "there is no pack". When the file is there, the run is told the truth: the pack is
 * broken, with its parse errors.
 */
async function explainBrokenPacks(deps: AppDeps, graph: unknown, result: CompileResult): Promise<CompileResult> {
  if (!deps.packProblems || !result.errors.some((e) => e.code === 'unknown-pack')) return result
  const nodes = (graph as { nodes?: unknown }).nodes
  const packIdOf = (nodeId: string | undefined): string | undefined => {
    if (!Array.isArray(nodes)) return undefined
    const params = (nodes.find((n) => (n as { id?: unknown })?.id === nodeId) as { params?: { packId?: unknown } } | undefined)?.params
    return typeof params?.packId === 'string' && params.packId !== '' ? params.packId : undefined
  }
  const errors = await Promise.all(result.errors.map(async (e) => {
    const packId = e.code === 'unknown-pack' ? packIdOf(e.nodeId) : undefined
    const problems = packId === undefined ? null : await deps.packProblems!(packId)
    if (!problems) return e
    const where = e.message.split(': there is no prompt pack')[0]
    return { ...e, code: 'pack-problem' as const, message: `${where}: pack "${packId}" is broken: ${problems.join('; ')}` }
  }))
  return { ...result, errors }
}

/** Graph errors as API problems: the path points into the graph (node, field, port). */
function graphProblems(result: CompileResult): { path: string; message: string }[] {
  return result.errors.map((e) => ({
    path: ['graph', ...(e.nodeId ? ['nodes', e.nodeId] : []), ...(e.edgeId ? ['edges', e.edgeId] : []), ...(e.field ? [e.field] : []), ...(e.port ? [e.port] : [])].filter(Boolean).join('.'),
    message: e.message,
  }))
}

export function runRoutes(deps: AppDeps) {
  return new Hono()
    .post('/compile', async (c) => {
      const body = await jsonBody(c, CompileRequest)
      return c.json(await compileFor(deps, body.graph, body.runSeed))
    })
    .post('/runs', async (c) => {
      const body = await jsonBody(c, RunRequest)
      const result = await compileFor(deps, body.graph, body.runSeed)
      if (result.errors.length > 0 || !result.run) {
        const problems = graphProblems(result)
        throw badRequest(`the graph has ${problems.length} problem${problems.length === 1 ? '' : 's'}: ${problems[0]?.message ?? 'invalid'}`, problems)
      }
      if (result.run.jobs.length === 0) throw badRequest('the graph compiles to no jobs', [{ path: 'graph', message: 'no jobs to run' }])
      // Every name exists on some WebUI; a job runs on one, so one must have all it needs.
      const unroutable = deps.executor.routeProblems(result.run)
      if (unroutable.length > 0) throw badRequest(`no WebUI can run this graph: ${unroutable[0]!.message}`, unroutable)
      try {
        deps.store.queue.submit(result.run, { front: body.front ?? false })
      } catch (e) {
        if (e instanceof QueueError && e.code === 'conflict') throw new ApiError(409, `this run is already queued: ${e.message}`)
        throw e
      }
      return c.json({ runId: result.run.runId, jobIds: result.run.jobs.map((j) => j.jobId), totals: result.run.totals }, 201)
    })
    .get('/runs/:runId', (c) => {
      const { runId } = params(c, RunIdParam)
      const run = deps.store.queue.getRun(runId)
      if (!run) throw notFound(`run "${runId}"`)
      const jobs = deps.store.queue.jobsOfRun(runId).map((j) => deps.store.queue.summary(j.jobId)!)
      const artifacts = deps.store.artifacts.ofRun(runId).map(artifactRef)
      const videos = deps.store.videos.ofRun(runId).map(videoStatus)
      return c.json({ run, jobs, artifacts, videos })
    })
    .post('/runs/:runId/videos/:stageId/retry', (c) => {
      const { runId, stageId } = params(c, VideoStageParam)
      try {
        return c.json({ video: videoStatus(deps.executor.retryVideo(runId, stageId)) }, 202)
      } catch (e) {
        if (e instanceof QueueError) throw new ApiError(e.code === 'not-found' ? 404 : 409, e.message)
        throw e
      }
    })
}

function videoStatus(v: { stageId: string; state: string; error: string | null; attempts: number }) {
  return { stageId: v.stageId, state: v.state, error: v.error, attempts: v.attempts }
}

export function artifactRef(a: { artifactId: string; jobId: string; stageId: string; index: number; width: number; height: number }) {
  return { artifactId: a.artifactId, jobId: a.jobId, stageId: a.stageId, index: a.index, width: a.width, height: a.height }
}
