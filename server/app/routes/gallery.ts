/**
 * The gallery (paged, filtered images of every run; the stage chain of one image) and pruning
 * (disk usage; deleting images, runs, unrated/low-rated images of a run; the stage cache).
 * docs/api.md "Gallery" and "Pruning".
 */
import { Hono } from 'hono'
import {
  DeleteImagesRequest, DeleteRunRequest, GalleryPageQuery, GalleryRunsQuery, KeepRatedRequest, PruneCacheRequest, type GalleryImage,
} from '../../../engine/api/gallery.ts'
import { IdParam, RunIdParam } from '../../../engine/api/runs.ts'
import { createGallery, CursorError } from '../../gallery/query.ts'
import { PruneError, Pruner } from '../../gallery/prune.ts'
import { UsageMeter } from '../../gallery/usage.ts'
import type { AppDeps } from '../deps.ts'
import { ApiError, badRequest, notFound } from '../problems.ts'
import { jsonBody, params, query } from '../validate.ts'

export function galleryRoutes(deps: AppDeps) {
  const gallery = createGallery(deps.store.db)
  const pruner = new Pruner(deps.paths, deps.store.db, deps.store.pendingLines, deps.now, (ids) => deps.executor.forgetLearningLines(ids))
  const meter = new UsageMeter(deps.paths, deps.store.db)
  const pruned = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work()
    } catch (e) {
      if (e instanceof PruneError) throw e.code === 'not-found' ? new ApiError(404, e.message) : badRequest(e.message)
      throw e
    } finally {
      // Cleared ratings wait in the database as rating-0 lines for learning/ratings.jsonl.
      deps.executor.flushLines()
    }
  }

  return new Hono()
    .get('/gallery/images', (c) => {
      const { sort, cursor, offset, limit, ...filter } = query(c, GalleryPageQuery)
      try {
        return c.json(gallery.page(filter, { sort, cursor, offset, limit }))
      } catch (e) {
        if (e instanceof CursorError) throw badRequest(`query.cursor: ${e.message}`, [{ path: 'query.cursor', message: e.message }])
        throw e
      }
    })
    .get('/gallery/runs', (c) => c.json(gallery.runs(query(c, GalleryRunsQuery))))
    .get('/gallery/images/:id/chain', (c) => {
      const { id } = params(c, IdParam)
      const image = gallery.image(id)
      if (!image) throw notFound(`image "${id}"`)
      const job = deps.store.queue.get(image.jobId)
      if (!job) return c.json({ stages: [{ stageId: image.stageId, kind: 'unknown', image }] })
      const byStage = new Map<string, GalleryImage[]>()
      for (const img of gallery.imagesOfJob(image.jobId)) byStage.set(img.stageId, [...(byStage.get(img.stageId) ?? []), img])
      // From the image's stage up its inputs to the root, then shown root first.
      const chain: { stageId: string; kind: string; image: GalleryImage | null }[] = []
      const stages = job.spec.plan.stages
      for (let s = stages.find((x) => x.stageId === image.stageId); s; s = s.inputFrom ? stages.find((x) => x.stageId === s!.inputFrom) : undefined) {
        const imgs = byStage.get(s.stageId) ?? []
        // A stage fed one image makes its images at the same index (ADetailer, upscale); else the first.
        chain.unshift({ stageId: s.stageId, kind: s.kind, image: s.stageId === image.stageId ? image : imgs.find((i) => i.index === image.index) ?? imgs[0] ?? null })
        if (chain.length > stages.length) break
      }
      return c.json({ stages: chain })
    })
    .get('/storage/usage', async (c) => c.json(await meter.usage()))
    .post('/prune/images', async (c) => {
      const body = await jsonBody(c, DeleteImagesRequest)
      return c.json(await pruned(() => pruner.deleteImages(body.artifactIds, body)))
    })
    .post('/prune/runs/:runId', async (c) => {
      const { runId } = params(c, RunIdParam)
      const body = await jsonBody(c, DeleteRunRequest)
      return c.json(await pruned(() => pruner.deleteRun(runId, body)))
    })
    .post('/prune/runs/:runId/keep-rated', async (c) => {
      const { runId } = params(c, RunIdParam)
      const body = await jsonBody(c, KeepRatedRequest)
      return c.json(await pruned(() => pruner.keepRated(runId, body.minRating, body)))
    })
    .post('/prune/stage-cache', async (c) => {
      const body = await jsonBody(c, PruneCacheRequest)
      return c.json(await pruned(() => pruner.pruneCache(body)))
    })
}
