/**
 * /api/graphs: graph documents and their earlier versions (docs/api.md "Library").
 * Handlers are chained so the editor's `hc<AppType>` sees every path and answer.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import { GraphSaveQuery, IdParams, VersionParams } from '../../../engine/api/library.ts'
import type { LibraryStore } from '../../library/store.ts'
import { jsonBody, params, query } from '../validate.ts'

export function graphRoutes(deps: { library: LibraryStore }) {
  const graphs = deps.library.graphs
  return new Hono()
    .get('/', async (c) => c.json({ graphs: await graphs.list() }))
    .get('/:id', async (c) => {
      const { id } = params(c, IdParams)
      return c.json(await graphs.read(id))
    })
    .put('/:id', async (c) => {
      const { id } = params(c, IdParams)
      const { autosave, label } = query(c, GraphSaveQuery)
      // The graph is migrated and validated by the store (parseGraph), which names every field.
      const body = await jsonBody(c, z.unknown())
      return c.json(await graphs.save(id, body, { autosave: autosave === '1', ...(label ? { label } : {}) }))
    })
    .delete('/:id', async (c) => {
      const { id } = params(c, IdParams)
      return c.json(await graphs.remove(id))
    })
    .get('/:id/versions', async (c) => {
      const { id } = params(c, IdParams)
      return c.json({ versions: await graphs.versions(id) })
    })
    .get('/:id/versions/:version', async (c) => {
      const { id, version } = params(c, VersionParams)
      return c.json(await graphs.readVersion(id, version))
    })
    .post('/:id/versions/:version/restore', async (c) => {
      const { id, version } = params(c, VersionParams)
      return c.json(await graphs.restore(id, version))
    })
}
