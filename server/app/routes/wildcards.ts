/**
 * /api/wildcards: every wildcard file with the values `__name__` draws from; and editing them in
 * the app (files, folders) with where each is used. Names hold `/`, so they travel in the query
 * or the body, never in the path.
 */
import { Hono } from 'hono'
import { WildcardDeleteQuery, WildcardFolderBody, WildcardNameQuery, WildcardSaveBody } from '../../../engine/api/library-edit.ts'
import type { LibraryStore } from '../../library/store.ts'
import { jsonBody, query } from '../validate.ts'

export function wildcardRoutes(deps: { library: LibraryStore }) {
  const files = deps.library.wildcardFiles
  return new Hono()
    .get('/', async (c) => c.json({ wildcards: await deps.library.wildcards() }))
    .get('/usage', async (c) => c.json({ usage: await files.usage() }))
    .get('/file', async (c) => {
      const { name } = query(c, WildcardNameQuery)
      return c.json({ source: await files.source(name) })
    })
    .put('/file', async (c) => {
      const { name, text, ...guard } = await jsonBody(c, WildcardSaveBody)
      return c.json(await files.save(name, text, guard))
    })
    .delete('/file', async (c) => {
      const { name, ...guard } = query(c, WildcardDeleteQuery)
      return c.json(await files.remove(name, guard))
    })
    .get('/folders', async (c) => c.json({ folders: await files.folders() }))
    .post('/folders', async (c) => {
      const { name } = await jsonBody(c, WildcardFolderBody)
      return c.json(await files.createFolder(name), 201)
    })
    .delete('/folders', async (c) => {
      const { name } = query(c, WildcardNameQuery)
      return c.json(await files.removeFolder(name))
    })
}
