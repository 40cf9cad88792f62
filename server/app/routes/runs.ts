/** Compile a graph (preview) and submit it as a run (queue). Preview = queue: both call compile(). */
import { Hono } from 'hono'
import { z } from 'zod'
import { CompileRequest, RunIdParam, RunRequest, VideoStageParam } from '../../../engine/api/runs.ts'
import { PackRunRequest } from '../../../engine/api/pack-runs.ts'
import type { AppDeps } from '../deps.ts'
import { ApiError, notFound, parseOr400 } from '../problems.ts'
import { jsonBody, params } from '../validate.ts'
import { QueueError } from '../../queue/types.ts'
import { isPlainObject } from '../../library/files.ts'
import { compileFor, runnable, submitRuns } from '../run-submit.ts'
import { submitPackRuns, type PackRunDeps } from '../pack-runs.ts'

export function runRoutes(deps: AppDeps & PackRunDeps) {
  return new Hono()
    .post('/compile', async (c) => {
      const body = await jsonBody(c, CompileRequest)
      return c.json(await compileFor(deps, body.graph, body.runSeed))
    })
    .post('/runs', async (c) => {
      // `{ graphId, packs }` runs a saved graph on chosen packs (pack-runs.ts); `{ graph }` runs the graph given.
      const raw = await jsonBody(c, z.unknown())
      if (isPlainObject(raw) && 'graphId' in raw) {
        return c.json(await submitPackRuns(deps, parseOr400(PackRunRequest, raw, 'body')), 201)
      }
      const body = parseOr400(RunRequest, raw, 'body')
      const run = runnable(deps, await compileFor(deps, body.graph, body.runSeed))
      submitRuns(deps, [run], body.front ?? false)
      return c.json({ runId: run.runId, jobIds: run.jobs.map((j) => j.jobId), totals: run.totals }, 201)
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
