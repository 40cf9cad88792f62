/** /api/wildcards: every wildcard file with the values `__name__` draws from. */
import { Hono } from 'hono'
import type { LibraryStore } from '../../library/store.ts'

export function wildcardRoutes(deps: { library: LibraryStore }) {
  return new Hono().get('/', async (c) => c.json({ wildcards: await deps.library.wildcards() }))
}
