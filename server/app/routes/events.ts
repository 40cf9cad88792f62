/**
 * `/api/events`: one SSE stream per editor. A client that connects mid-run first gets the current
 * state (queue snapshot, backends, progress of running jobs), then every event as it happens.
 * Each client's unsent events are bounded (server/events/outbox.ts): one that falls behind is
 * disconnected and reconnects to the current state, instead of growing the server's memory.
 */
import { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import type { ServerEvent } from '../../../engine/api/events.ts'
import { EventOutbox } from '../../events/outbox.ts'
import type { AppDeps } from '../deps.ts'

/** A comment line keeps proxies and browsers from closing an idle stream. */
const KEEPALIVE_MS = 15_000

export function eventRoutes(deps: AppDeps) {
  return new Hono().get('/events', (c) =>
    streamSSE(c, async (stream) => {
      const outbox = new EventOutbox()
      const initial: ServerEvent[] = [
        { type: 'queue', snapshot: deps.store.queue.snapshot() },
        ...deps.executor.backends().map((backend): ServerEvent => ({ type: 'backend', backend })),
        ...deps.executor.currentProgress(),
      ]
      for (const event of initial) outbox.push(event)
      let inFlight = 0
      let open = true
      let wake: (() => void) | null = null
      const unregister = deps.streams.add(() => outbox.bytes + inFlight)
      const unsubscribe = deps.bus.subscribe((event) => {
        if (!open) return
        if (!outbox.push(event)) return drop()
        wake?.()
      })
      /** The client stopped reading: free its events and close the socket, which a pending write may be stuck on. */
      function drop(): void {
        open = false
        outbox.clear()
        deps.streams.noteDropped()
        ;(c.env as { outgoing?: { destroy(): void } } | undefined)?.outgoing?.destroy()
        stream.abort()
        wake?.()
      }
      stream.onAbort(() => { open = false; wake?.() })
      try {
        while (open) {
          const frame = outbox.shift()
          if (frame) {
            inFlight = frame.bytes
            await stream.write(frame.text)
            inFlight = 0
            continue
          }
          await new Promise<void>((resolve) => {
            wake = resolve
            setTimeout(resolve, KEEPALIVE_MS).unref?.()
          })
          wake = null
          if (outbox.length === 0 && open) await stream.write(': keep-alive\n\n')
        }
      } finally {
        inFlight = 0
        outbox.clear()
        unsubscribe()
        unregister()
      }
    }))
}
