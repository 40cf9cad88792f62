/** The WebUIs: merged resource lists, backend status, and the health answer. */
import { Hono } from 'hono'
import type { AppDeps } from '../deps.ts'

export function webuiRoutes(deps: AppDeps) {
  return new Hono()
    .get('/resources', async (c) => c.json(await deps.executor.resources()))
    .post('/resources/refresh', async (c) => c.json(await deps.executor.refreshResources()))
    .get('/backends', (c) => c.json({ backends: deps.executor.backends() }))
    .get('/health', async (c) => c.json({
      ok: true,
      version: deps.info.version,
      simulated: deps.info.simulated,
      backends: deps.executor.backends(),
      dataDir: deps.paths.root,
      // Why the queue is paused when the server paused it (a full disk, an unwritable folder).
      queue: { paused: deps.store.queue.isPaused(), pausedReason: deps.store.queue.pausedReason() },
      storage: await deps.executor.storage(),
    }))
}
