/**
 * /api/packs: prompt packs (parsed from their TXT and sidecar) and their bound config, which is
 * the sidecar's `preset_data` (docs/api.md "Library"); and editing them in the app — the files
 * as stored, save, create, duplicate, rename, delete (docs/api.md "Editing packs and wildcards").
 */
import { Hono } from 'hono'
import { IdParams, PackConfigBody } from '../../../engine/api/library.ts'
import { GuardQuery, PackCreateBody, PackDuplicateBody, PackRenameBody, PackSaveBody } from '../../../engine/api/library-edit.ts'
import { graphsUsingPack } from '../../library/pack-edit.ts'
import type { LibraryStore } from '../../library/store.ts'
import { jsonBody, params, query } from '../validate.ts'

export function packRoutes(deps: { library: LibraryStore }) {
  const packs = deps.library.packs
  const files = deps.library.packFiles
  return new Hono()
    .get('/', async (c) => c.json({ packs: await packs.list() }))
    .post('/', async (c) => {
      const body = await jsonBody(c, PackCreateBody)
      return c.json({ source: await files.create(body) }, 201)
    })
    .get('/:id', async (c) => {
      const { id } = params(c, IdParams)
      return c.json(await packs.read(id))
    })
    .delete('/:id', async (c) => {
      const { id } = params(c, IdParams)
      const guard = query(c, GuardQuery)
      return c.json(await files.remove(id, guard))
    })
    .get('/:id/source', async (c) => {
      const { id } = params(c, IdParams)
      return c.json({ source: await files.source(id) })
    })
    .get('/:id/usage', async (c) => {
      const { id } = params(c, IdParams)
      await files.source(id)
      return c.json({ graphs: await graphsUsingPack(deps.library.paths, id) })
    })
    .put('/:id/source', async (c) => {
      const { id } = params(c, IdParams)
      const body = await jsonBody(c, PackSaveBody)
      return c.json(await files.save(id, body))
    })
    .post('/:id/duplicate', async (c) => {
      const { id } = params(c, IdParams)
      const { newId, name } = await jsonBody(c, PackDuplicateBody)
      return c.json({ source: await files.duplicate(id, newId, name) }, 201)
    })
    .post('/:id/rename', async (c) => {
      const { id } = params(c, IdParams)
      const { newId, ...guard } = await jsonBody(c, PackRenameBody)
      const source = await files.rename(id, newId, guard)
      return c.json({ source, graphsUsingOldId: newId === id ? [] : await graphsUsingPack(deps.library.paths, id) })
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
