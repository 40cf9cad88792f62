/** The queue panel: list, pause/resume, and per-job cancel, retry, move, edit; and history. */
import { Hono } from 'hono'
import { CancelAllRequest } from '../../../engine/api/queue-extras.ts'
import { HistoryQuery, JobEditRequest, JobIdParam, MoveRequest } from '../../../engine/api/runs.ts'
import type { AppDeps } from '../deps.ts'
import { ApiError, notFound } from '../problems.ts'
import { jsonBody, params, query } from '../validate.ts'
import { QueueError } from '../../queue/types.ts'
import { artifactRef } from './runs.ts'

/** Queue state errors become 404 (unknown job) or 409 (the job's state does not allow it). */
async function queueCall<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (e) {
    if (e instanceof QueueError) throw new ApiError(e.code === 'not-found' ? 404 : 409, e.message)
    throw e
  }
}

export function queueRoutes(deps: AppDeps) {
  const { queue, artifacts, ratings } = deps.store
  const summaryOr404 = (jobId: string) => {
    const s = queue.summary(jobId)
    if (!s) throw notFound(`job "${jobId}"`)
    return s
  }
  return new Hono()
    .get('/queue', (c) => c.json(queue.snapshot()))
    .post('/queue/pause', (c) => { queue.pause(); return c.json(queue.snapshot()) })
    .post('/queue/resume', (c) => { queue.resume(); return c.json(queue.snapshot()) })
    .post('/queue/cancel', async (c) => {
      const { runId } = await jsonBody(c, CancelAllRequest)
      if (runId !== undefined && !queue.getRun(runId)) throw new ApiError(404, `run "${runId}" not found`, [{ path: 'body.runId', message: 'no such run' }])
      const cancelled = deps.executor.cancelAll(runId)
      return c.json({ cancelled, snapshot: queue.snapshot() })
    })
    .get('/queue/eta', (c) => c.json(deps.executor.queueEta()))
    .get('/jobs/:jobId', (c) => {
      const { jobId } = params(c, JobIdParam)
      const job = queue.get(jobId)
      if (!job) throw notFound(`job "${jobId}"`)
      return c.json({
        job: queue.summary(jobId)!,
        spec: job.spec,
        artifacts: artifacts.ofJob(jobId).map(artifactRef),
        rating: ratings.get('job', jobId)?.rating ?? null,
      })
    })
    .post('/jobs/:jobId/cancel', async (c) => {
      const { jobId } = params(c, JobIdParam)
      summaryOr404(jobId)
      await queueCall(() => deps.executor.cancelJob(jobId))
      return c.json(summaryOr404(jobId))
    })
    .post('/jobs/:jobId/retry', async (c) => {
      const { jobId } = params(c, JobIdParam)
      await queueCall(() => queue.retry(jobId))
      return c.json(summaryOr404(jobId))
    })
    .post('/jobs/:jobId/move', async (c) => {
      const { jobId } = params(c, JobIdParam)
      const target = await jsonBody(c, MoveRequest)
      await queueCall(() => queue.move(jobId, target))
      return c.json(queue.snapshot())
    })
    .patch('/jobs/:jobId', async (c) => {
      const { jobId } = params(c, JobIdParam)
      const edit = await jsonBody(c, JobEditRequest)
      await queueCall(() => queue.edit(jobId, edit))
      return c.json(summaryOr404(jobId))
    })
    .get('/history', (c) => {
      const filter = query(c, HistoryQuery)
      const page = queue.history(filter)
      const jobRatings = ratings.many('job', page.jobs.map((j) => j.jobId))
      const images = new Map(page.jobs.map((j) => [j.jobId, artifacts.ofJob(j.jobId).filter((a) => a.kind === 'image')]))
      // Each thumbnail carries its image's rating, so the history shows what was rated on the canvas.
      const imageRatings = ratings.many('image', [...images.values()].flat().map((a) => a.artifactId))
      return c.json({
        total: page.total,
        jobs: page.jobs.map((j) => ({
          ...j,
          rating: jobRatings.get(j.jobId) ?? null,
          thumbnails: images.get(j.jobId)!.map((a) => ({ ...artifactRef(a), rating: imageRatings.get(a.artifactId) ?? null })),
        })),
      })
    })
}
