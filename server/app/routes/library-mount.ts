/** Mounts the library route groups (graphs, presets, packs, wildcards, library context) under /api. */
import type { Hono } from 'hono'
import type { LibraryStore } from '../../library/store.ts'
import { graphRoutes } from './graphs.ts'
import { presetRoutes } from './presets.ts'
import { packRoutes } from './packs.ts'
import { wildcardRoutes } from './wildcards.ts'
import { libraryRoutes } from './library.ts'

export interface LibraryRouteDeps {
  library: LibraryStore
}

export function libraryRouteGroups<T extends Hono>(api: T, deps: LibraryRouteDeps) {
  return api
    .route('/graphs', graphRoutes(deps))
    .route('/presets', presetRoutes(deps))
    .route('/packs', packRoutes(deps))
    .route('/wildcards', wildcardRoutes(deps))
    .route('/library', libraryRoutes(deps))
}
