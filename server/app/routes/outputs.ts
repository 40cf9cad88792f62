/**
 * Output files by artifact id (never by path): image or video bytes, the 256 px thumbnail, and
 * the image's metadata; a node's latest outputs with their ratings; ratings and learning data.
 */
import { createReadStream } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { Hono, type Context } from 'hono'
import { IdParam, LimitQuery, NodeOutputsParam, RatingRequest } from '../../../engine/api/runs.ts'
import { readTextChunks } from '../../png/chunks.ts'
import { inside } from '../../data/paths.ts'
import type { AppDeps } from '../deps.ts'
import { notFound } from '../problems.ts'
import { jsonBody, params, query } from '../validate.ts'
import { artifactRef } from './runs.ts'

const CONTENT_TYPES: Record<string, string> = { png: 'image/png', webp: 'image/webp', mp4: 'video/mp4', webm: 'video/webm', gif: 'image/gif', jpg: 'image/jpeg' }

async function sendFile(c: Context, root: string, relativePath: string): Promise<Response> {
  // Stored paths are relative to the data folder; `inside` proves they still point into it.
  const file = inside(root, ...relativePath.split('/'))
  const info = await stat(file).catch(() => undefined)
  if (!info?.isFile()) throw notFound('the file of this artifact')
  const ext = relativePath.slice(relativePath.lastIndexOf('.') + 1).toLowerCase()
  const body = Readable.toWeb(createReadStream(file)) as ReadableStream
  return c.body(body, 200, {
    'content-type': CONTENT_TYPES[ext] ?? 'application/octet-stream',
    'content-length': String(info.size),
    // Artifacts never change once written, so the browser may keep them.
    'cache-control': 'private, max-age=31536000, immutable',
  })
}

export function outputRoutes(deps: AppDeps) {
  const { artifacts, ratings } = deps.store
  const artifactOr404 = (id: string) => {
    const a = artifacts.get(id)
    if (!a) throw notFound(`artifact "${id}"`)
    return a
  }
  return new Hono()
    .get('/artifacts/:id', async (c) => {
      const a = artifactOr404(params(c, IdParam).id)
      return sendFile(c, deps.paths.root, a.path)
    })
    .get('/artifacts/:id/thumb', async (c) => {
      const a = artifactOr404(params(c, IdParam).id)
      return sendFile(c, deps.paths.root, a.thumbPath ?? a.path)
    })
    .get('/artifacts/:id/meta', async (c) => {
      const a = artifactOr404(params(c, IdParam).id)
      let parameters: string | null = null
      if (a.kind === 'image') {
        const chunks = readTextChunks(await readFile(inside(deps.paths.root, ...a.path.split('/'))).catch(() => new Uint8Array()))
        parameters = chunks.ok ? chunks.value.parameters ?? null : null
      }
      return c.json({ artifact: { ...artifactRef(a), kind: a.kind, runId: a.runId, createdAt: a.createdAt }, parameters, jobId: a.jobId, rating: ratings.get('image', a.artifactId)?.rating ?? null })
    })
    .get('/nodes/:graphId/:stageId/latest', (c) => {
      const { graphId, stageId } = params(c, NodeOutputsParam)
      const { limit } = query(c, LimitQuery)
      const latest = artifacts.latestOfStage(stageId, graphId, limit ?? 8)
      const imageRatings = ratings.many('image', latest.map((a) => a.artifactId))
      return c.json({ artifacts: latest.map((a) => ({ ...artifactRef(a), kind: a.kind, rating: imageRatings.get(a.artifactId) ?? null })) })
    })
    .put('/ratings', async (c) => {
      const body = await jsonBody(c, RatingRequest)
      const exists = body.targetKind === 'job' ? deps.store.queue.get(body.targetId) : artifacts.get(body.targetId)
      if (!exists) throw notFound(`${body.targetKind} "${body.targetId}"`)
      await deps.executor.rate(body.targetKind, body.targetId, body.rating)
      return c.json({ rating: body })
    })
    .get('/learning/favourites', (c) => c.json(deps.executor.favourites()))
    .get('/learning/last-config', (c) => c.json({ configs: deps.executor.lastConfigs() }))
}
