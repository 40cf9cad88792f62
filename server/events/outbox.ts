/**
 * Per-client buffering for the event stream. A client that stops reading (a frozen tab, a
 * stalled proxy) must not make the server hold every event for it forever, so each client has an
 * outbox with a byte budget:
 *
 * - a queue snapshot replaces any unsent one, and a progress event replaces the unsent one of the
 *   same job stage: both are "current state", only the newest matters;
 * - when the unsent events would exceed the budget, the client has fallen behind: it is dropped
 *   (its connection closed). EventSource reconnects by itself and starts again from the current
 *   state, which the stream always sends first.
 *
 * The registry counts clients, their buffered bytes and the drops, for tests and diagnostics.
 */
import type { ServerEvent } from '../../engine/api/events.ts'

/** Several queue snapshots of a long queue (~300 KB each) plus progress previews. */
export const CLIENT_BUFFER_LIMIT_BYTES = 2 * 1024 * 1024

interface Frame { key: string | null; text: string; bytes: number; replaced: boolean }

/** Replaced frames are removed from the list once they outnumber this (and the live ones). */
const COMPACT_AFTER = 256

/** Events that describe current state, keyed so a newer one replaces an unsent older one. */
function stateKey(event: ServerEvent): string | null {
  if (event.type === 'queue') return 'queue'
  if (event.type === 'progress') return `progress:${event.jobId}:${event.stageId}`
  return null
}

/** One serialisation per event, however many clients it goes to. */
const serialised = new WeakMap<ServerEvent, string>()
function frameText(event: ServerEvent): string {
  let text = serialised.get(event)
  if (text === undefined) {
    text = `data: ${JSON.stringify(event)}\n\n`
    serialised.set(event, text)
  }
  return text
}

export class EventOutbox {
  private frames: Frame[] = []
  /** The unsent frame of each state key; a replaced frame stays in `frames`, skipped and counted as 0 bytes. */
  private latest = new Map<string, Frame>()
  private total = 0
  private live = 0

  constructor(private readonly limit = CLIENT_BUFFER_LIMIT_BYTES) {}

  /** Queues an event; false when the client has fallen too far behind and must be dropped. */
  push(event: ServerEvent): boolean {
    const key = stateKey(event)
    const older = key === null ? undefined : this.latest.get(key)
    if (older) {
      older.replaced = true
      older.text = ''
      this.total -= older.bytes
      this.live--
      if (this.frames.length - this.live > COMPACT_AFTER + this.live) this.frames = this.frames.filter((f) => !f.replaced)
    }
    const text = frameText(event)
    const bytes = Buffer.byteLength(text)
    // One event always fits, however large, so a big snapshot cannot lock every client out.
    if (this.live > 0 && this.total + bytes > this.limit) return false
    const frame: Frame = { key, text, bytes, replaced: false }
    this.frames.push(frame)
    if (key !== null) this.latest.set(key, frame)
    this.total += bytes
    this.live++
    return true
  }

  /** The next frame to write (`data: …\n\n`), with its size. */
  shift(): { text: string; bytes: number } | undefined {
    for (;;) {
      const frame = this.frames.shift()
      if (!frame) return undefined
      if (frame.replaced) continue
      if (frame.key !== null) this.latest.delete(frame.key)
      this.total -= frame.bytes
      this.live--
      return frame
    }
  }

  get bytes(): number { return this.total }
  get length(): number { return this.live }

  clear(): void {
    this.frames = []
    this.latest.clear()
    this.total = 0
    this.live = 0
  }
}

export interface StreamStats {
  /** Connected event-stream clients. */
  clients: number
  /** Bytes the server holds for them, unsent events plus the frame being written. */
  bufferedBytes: number
  /** Clients dropped for falling behind since the start. */
  dropped: number
}

export interface StreamRegistry {
  /** Registers a client; `buffered` reports its bytes. Returns the unregister function. */
  add(buffered: () => number): () => void
  noteDropped(): void
  stats(): StreamStats
}

export function createStreamRegistry(): StreamRegistry {
  const clients = new Set<() => number>()
  let dropped = 0
  return {
    add(buffered) {
      clients.add(buffered)
      return () => { clients.delete(buffered) }
    },
    noteDropped() { dropped++ },
    stats() {
      let bufferedBytes = 0
      for (const b of clients) bufferedBytes += b()
      return { clients: clients.size, bufferedBytes, dropped }
    },
  }
}
