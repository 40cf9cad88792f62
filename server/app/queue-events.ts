/**
 * Publishes the queue snapshot on the event bus after changes, at most every THROTTLE_MS: a run of
 * ten thousand submits or a burst of claims becomes one message, and the last state always goes out.
 */
import type { EventBus } from '../events/bus.ts'
import type { QueueStore } from '../queue/types.ts'

const THROTTLE_MS = 100

export function publishQueueChanges(queue: QueueStore, bus: EventBus): () => void {
  let timer: NodeJS.Timeout | null = null
  let last = 0
  const send = (): void => {
    timer = null
    last = Date.now()
    bus.publish({ type: 'queue', snapshot: queue.snapshot() })
  }
  const unsubscribe = queue.onChange(() => {
    if (timer) return
    timer = setTimeout(send, Math.max(0, last + THROTTLE_MS - Date.now()))
  })
  return () => {
    unsubscribe()
    if (timer) clearTimeout(timer)
  }
}
