/** An in-process publish/subscribe bus for ServerEvents; the SSE route and tests subscribe to it. */
import type { ServerEvent } from '../../engine/api/events.ts'

export interface EventBus {
  publish(event: ServerEvent): void
  subscribe(listener: (event: ServerEvent) => void): () => void
}

export function createEventBus(): EventBus {
  const listeners = new Set<(event: ServerEvent) => void>()
  return {
    publish(event) {
      for (const listener of listeners) {
        // One broken subscriber (a closed SSE stream) must not stop the others.
        try { listener(event) } catch { /* the subscriber handles its own errors */ }
      }
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => { listeners.delete(listener) }
    },
  }
}
