/** /api/library: the whole compile context, so the editor can compile in the browser. */
import { Hono } from 'hono'
import type { LibraryStore } from '../../library/store.ts'

export function libraryRoutes(deps: { library: LibraryStore }) {
  return new Hono().get('/context', async (c) => c.json(await deps.library.context()))
}
