/**
 * createApp(deps): the whole HTTP surface (docs/api.md) as one Hono app. Every route group is a
 * sub-app mounted under /api; `AppType` is exported so the editor can type its client.
 */
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { cors } from 'hono/cors'
import type { AppDeps } from './deps.ts'
import { errorHandlerFor } from './error-handler.ts'
import { ApiError } from './problems.ts'
import { requireToken } from './security.ts'
import { requestGuard, type UploadRoute } from './request-guard.ts'
import { serveEditor } from './static.ts'
import { eventRoutes } from './routes/events.ts'
import { galleryRoutes } from './routes/gallery.ts'
import { outputRoutes } from './routes/outputs.ts'
import { learningRoutes } from './routes/learning.ts'
import { queueRoutes } from './routes/queue.ts'
import { runRoutes } from './routes/runs.ts'
import { draftRoutes } from './routes/draft.ts'
import { webuiRoutes } from './routes/webui.ts'
import { uploadRoutes } from './routes/uploads.ts'
import { maskRoutes } from './routes/masks.ts'
import { libraryRouteGroups, type LibraryRouteDeps } from './routes/library-mount.ts'

/** Large enough for a 5,000-node graph, small enough that nobody can exhaust memory. */
export const MAX_BODY_BYTES = 8 * 1024 * 1024

/** Routes that accept a non-JSON body; the request guard lets their declared types through. */
export const UPLOAD_ROUTES: readonly UploadRoute[] = [
  { method: 'POST', path: /^\/api\/uploads$/, types: ['image/png'] },
]

export function createApp(deps: AppDeps & LibraryRouteDeps) {
  const api = new Hono()
  if (deps.token) api.use('*', requireToken(deps.token))
  api.use('*', bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => { throw new ApiError(413, `body: request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB`, [{ path: 'body', message: 'too large' }]) },
  }))
  const routes = api
    .route('/', runRoutes(deps))
    .route('/', draftRoutes(deps))
    .route('/', queueRoutes(deps))
    .route('/', outputRoutes(deps))
    .route('/', learningRoutes(deps))
    .route('/', webuiRoutes(deps))
    .route('/', eventRoutes(deps))
    .route('/', uploadRoutes(deps))
    .route('/', maskRoutes(deps))
    .route('/', galleryRoutes(deps))
  libraryRouteGroups(routes, deps)
  api.all('*', (c) => { throw new ApiError(404, `no API route ${c.req.method} ${c.req.path}`) })

  const app = new Hono()
  app.onError(errorHandlerFor(deps.paths.root))
  // Before anything else, for the API, the event stream, images and the editor files alike.
  app.use('*', requestGuard(deps.site, UPLOAD_ROUTES))
  // CORS only for origins the person listed; without ALLOWED_ORIGINS no CORS header is ever sent.
  if (deps.site.allowedOrigins.length > 0) {
    app.use('*', cors({ origin: [...deps.site.allowedOrigins], allowHeaders: ['content-type', 'authorization'], allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] }))
  }
  const typed = app.route('/api', routes)
  if (deps.editorDir) serveEditor(typed, deps.editorDir)
  return typed
}

export type AppType = ReturnType<typeof createApp>
