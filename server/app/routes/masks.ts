/** Inpaint masks (docs/api.md "Masks"): upload a PNG, list them, read one's bytes or facts. */
import { Hono } from 'hono'
import { MaskIdParam, MaskUploadRequest } from '../../../engine/api/masks.ts'
import { listMasks, MaskRejected, readMask, readMaskInfo, saveMask } from '../../library/masks.ts'
import type { AppDeps } from '../deps.ts'
import { badRequest, notFound } from '../problems.ts'
import { jsonBody, params } from '../validate.ts'

export function maskRoutes(deps: Pick<AppDeps, 'paths' | 'now'>) {
  return new Hono()
    .post('/masks', async (c) => {
      const body = await jsonBody(c, MaskUploadRequest)
      try {
        const { info, created } = await saveMask(deps.paths, body.image, deps.now())
        return c.json({ mask: info }, created ? 201 : 200)
      } catch (e) {
        if (e instanceof MaskRejected) throw badRequest(`body.image: ${e.message}`, [{ path: 'body.image', message: e.message }])
        throw e
      }
    })
    .get('/masks', async (c) => c.json({ masks: await listMasks(deps.paths) }))
    .get('/masks/:id', async (c) => {
      const { id } = params(c, MaskIdParam)
      const bytes = await readMask(deps.paths, id)
      if (!bytes) throw notFound(`mask "${id}"`)
      // An id names fixed pixels (it is their hash), so the browser may keep it.
      return c.body(new Uint8Array(bytes), 200, { 'content-type': 'image/png', 'content-length': String(bytes.length), 'cache-control': 'private, max-age=31536000, immutable' })
    })
    .get('/masks/:id/info', async (c) => {
      const { id } = params(c, MaskIdParam)
      const info = await readMaskInfo(deps.paths, id)
      if (!info) throw notFound(`mask "${id}"`)
      return c.json({ mask: info })
    })
}
