/**
 * Uploaded images: `POST /api/uploads` with a PNG body (Content-Type image/png) stores it in the
 * data folder and answers its id; `GET /api/uploads` lists them; `GET /api/uploads/:id` is the PNG.
 */
import { Hono } from 'hono'
import { MAX_UPLOAD_BYTES, UploadIdParam } from '../../../engine/api/uploads.ts'
import { listUploads, readUpload, saveUpload, UploadError } from '../../data/uploads.ts'
import type { AppDeps } from '../deps.ts'
import { ApiError, badRequest, notFound } from '../problems.ts'
import { params } from '../validate.ts'

export function uploadRoutes(deps: Pick<AppDeps, 'paths'>) {
  return new Hono()
    .post('/uploads', async (c) => {
      const bytes = Buffer.from(await c.req.arrayBuffer())
      if (bytes.length === 0) throw badRequest('body: empty; send the PNG file as the request body', [{ path: 'body', message: 'empty' }])
      if (bytes.length > MAX_UPLOAD_BYTES) throw new ApiError(413, `body: the image is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB`, [{ path: 'body', message: 'too large' }])
      try {
        return c.json({ upload: await saveUpload(deps.paths, bytes) }, 201)
      } catch (e) {
        if (e instanceof UploadError) throw badRequest(`body: ${e.message}`, [{ path: 'body', message: e.message }])
        throw e
      }
    })
    .get('/uploads', async (c) => c.json({ uploads: await listUploads(deps.paths) }))
    .get('/uploads/:id', async (c) => {
      const { id } = params(c, UploadIdParam)
      const u = await readUpload(deps.paths, id)
      if (!u) throw notFound(`upload "${id}"`)
      return c.body(new Uint8Array(u.bytes), 200, { 'content-type': 'image/png', 'cache-control': 'private, max-age=31536000, immutable' })
    })
}
