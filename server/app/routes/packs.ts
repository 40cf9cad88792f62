/**
 * /api/packs: prompt packs (parsed from their TXT and sidecar) and their bound config, which is
 * the sidecar's `preset_data` (docs/api.md "Library").
 */
import { Hono } from 'hono'
import { IdParams, PackConfigBody } from '../../../engine/api/library.ts'
import type { LibraryStore } from '../../library/store.ts'
import { jsonBody, params } from '../validate.ts'

export function packRoutes(deps: { library: LibraryStore }) {
  const packs = deps.library.packs
  return new Hono()
    .get('/', async (c) => c.json({ packs: await packs.list() }))
    .get('/:id', async (c) => {
      const { id } = params(c, IdParams)
      return c.json(await packs.read(id))
    })
    .get('/:id/config', async (c) => {
      const { id } = params(c, IdParams)
      return c.json({ config: await packs.readConfig(id) })
    })
    .put('/:id/config', async (c) => {
      const { id } = params(c, IdParams)
      const { config } = await jsonBody(c, PackConfigBody)
      return c.json({ config: await packs.writeConfig(id, config) })
    })
}
