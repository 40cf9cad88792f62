/**
 * `/api/events`: one SSE stream per editor. A client that connects mid-run first gets the current
 * state (queue snapshot, backends, progress of running jobs), then every event as it happens.
 */
import { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import type { ServerEvent } from '../../../engine/api/events.ts'
import type { AppDeps } from '../deps.ts'

/** A comment line keeps proxies and browsers from closing an idle stream. */
const KEEPALIVE_MS = 15_000

export function eventRoutes(deps: AppDeps) {
  return new Hono().get('/events', (c) =>
    streamSSE(c, async (stream) => {
      const pending: ServerEvent[] = [
        { type: 'queue', snapshot: deps.store.queue.snapshot() },
        ...deps.executor.backends().map((backend): ServerEvent => ({ type: 'backend', backend })),
        ...deps.executor.currentProgress(),
      ]
      let wake: (() => void) | null = null
      const unsubscribe = deps.bus.subscribe((event) => {
        pending.push(event)
        wake?.()
      })
      let open = true
      stream.onAbort(() => { open = false; wake?.() })
      try {
        while (open) {
          while (pending.length > 0 && open) await stream.writeSSE({ data: JSON.stringify(pending.shift()) })
          if (!open) break
          await new Promise<void>((resolve) => {
            wake = resolve
            setTimeout(resolve, KEEPALIVE_MS).unref?.()
          })
          wake = null
          if (pending.length === 0 && open) await stream.write(': keep-alive\n\n')
        }
      } finally {
        unsubscribe()
      }
    }))
}
