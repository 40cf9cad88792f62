/**
 * A client that opens the event stream and never reads (a frozen tab, a stuck proxy) must not
 * grow the server's memory without bound: its unsent events stay under a per-client budget, it
 * is dropped once it falls behind, a client that does read gets every event meanwhile, and a new
 * connection starts again from the current state. Real sockets against the real server.
 */
import { connect, type Socket } from 'node:net'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ServerEvent } from '../../../engine/api/events.ts'
import { CLIENT_BUFFER_LIMIT_BYTES } from '../../../server/events/outbox.ts'
import { collectEvents, start } from '../app/helpers.ts'
import { recordReliability } from './summary.ts'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void
const heapMb = (): number => { gc(); gc(); return process.memoryUsage().heapUsed / 1024 / 1024 }

type Server = Awaited<ReturnType<typeof start>>
let server: Server
beforeAll(async () => { server = await start() })
afterAll(async () => { await server?.close() })

/** Opens /api/events on a raw socket and never reads from it. */
function stalledClient(url: string): Promise<Socket> {
  const { hostname, port, host } = new URL(url)
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => {
      socket.write(`GET /api/events HTTP/1.1\r\nHost: ${host}\r\nAccept: text/event-stream\r\n\r\n`)
      socket.pause()
      resolve(socket)
    })
    socket.on('error', () => { /* reset by the server when it drops us: expected */ })
    socket.once('error', reject)
  })
}

/** Reads the stream and counts `job-failed` events without keeping them (so the heap measures the server). */
async function countingReader(url: string, until: number, timeoutMs: number): Promise<number> {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), timeoutMs)
  let count = 0
  try {
    const res = await fetch(url + '/api/events', { signal: controller.signal })
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader()
    let tail = ''
    while (count < until) {
      const { value, done } = await reader.read()
      if (done) break
      const text = tail + value
      count += text.split('"type":"job-failed"').length - 1
      tail = text.slice(-40)
      if (tail.includes('"type":"job-failed"')) tail = tail.slice(tail.lastIndexOf('"type":"job-failed"') + 1)
    }
  } catch (e) {
    if ((e as Error).name !== 'AbortError') throw e
  } finally {
    clearTimeout(timer)
    controller.abort()
  }
  return count
}

const EVENTS = 400
const EVENT_BYTES = 64 * 1024
// A distinct 64 KB string per event, like the distinct snapshots and previews real events carry.
const bigEvent = (i: number): ServerEvent => ({ type: 'job-failed', jobId: `job-${i}`, runId: 'r', stageId: null, error: `${i}:`.padEnd(EVENT_BYTES, 'x') })

describe('a stalled event-stream client', () => {
  it('is held to a bounded buffer and dropped, while a reading client gets everything', async () => {
    const reader = countingReader(server.url, EVENTS, 60_000)
    const stalled = await stalledClient(server.url)
    for (let i = 0; i < 100 && server.streams.stats().clients < 2; i++) await new Promise((r) => setTimeout(r, 20))
    expect(server.streams.stats().clients).toBe(2)

    const heapBefore = heapMb()
    let maxBuffered = 0
    // 400 × 64 KB = 25 MB of events, paced so that a client which reads keeps up.
    for (let i = 0; i < EVENTS; i++) {
      server.bus.publish(bigEvent(i))
      maxBuffered = Math.max(maxBuffered, server.streams.stats().bufferedBytes)
      if (i % 8 === 7) await new Promise((r) => setTimeout(r, 2))
    }
    const received = await reader
    const heapGrowth = heapMb() - heapBefore
    console.log(`[sse] stalled client: max buffered ${(maxBuffered / 1024 / 1024).toFixed(2)} MB, heap growth ${heapGrowth.toFixed(1)} MB while 25 MB was published`)

    expect(received).toBe(EVENTS)
    expect(heapGrowth).toBeLessThan(8)
    // Two clients' budgets at most, plus the frame each is writing.
    expect(maxBuffered).toBeLessThanOrEqual(2 * CLIENT_BUFFER_LIMIT_BYTES + 2 * (EVENT_BYTES + 200))
    const stats = server.streams.stats()
    expect(stats.dropped).toBe(1)
    for (let i = 0; i < 100 && server.streams.stats().clients > 0; i++) await new Promise((r) => setTimeout(r, 20))
    expect(server.streams.stats()).toMatchObject({ clients: 0, bufferedBytes: 0 })
    stalled.destroy()

    // Reconnecting starts from the current state.
    const again = await collectEvents(server, (ev) => ev.some((e) => e.type === 'queue'), 10_000)
    expect(again[0]!.type).toBe('queue')
    recordReliability({ check: 'stalled SSE client (never reads)', faultsSurvived: `25 MB published: held ≤ ${(maxBuffered / 1024 / 1024).toFixed(1)} MB, heap +${heapGrowth.toFixed(1)} MB, dropped and reconnected` })
  }, 60_000)

  it('keeps only the newest queue snapshot and progress for a slow client instead of dropping it', async () => {
    const stalled = await stalledClient(server.url)
    for (let i = 0; i < 100 && server.streams.stats().clients < 1; i++) await new Promise((r) => setTimeout(r, 20))
    const dropsBefore = server.streams.stats().dropped
    const snapshot = { paused: false, counts: { queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0 }, jobs: [] }
    for (let i = 0; i < 3000; i++) {
      server.bus.publish({ type: 'queue', snapshot: { ...snapshot, counts: { ...snapshot.counts, queued: i } } })
      server.bus.publish({ type: 'progress', jobId: 'j', stageId: 's', progress: i / 3000, step: i, steps: 3000, etaSeconds: 1, preview: 'p'.repeat(4000) })
    }
    const stats = server.streams.stats()
    expect(stats.dropped).toBe(dropsBefore)
    expect(stats.clients).toBe(1)
    expect(stats.bufferedBytes).toBeLessThan(64 * 1024)
    stalled.destroy()
  })
})

describe('EventOutbox', () => {
  it('holds one frame per state key however many replace it, and refuses past its budget', async () => {
    const { EventOutbox } = await import('../../../server/events/outbox.ts')
    const box = new EventOutbox(10_000)
    for (let i = 0; i < 100_000; i++) box.push({ type: 'progress', jobId: 'j', stageId: 's', progress: 0, step: i, steps: 1, etaSeconds: 0, preview: null })
    expect(box.length).toBe(1)
    expect((box as unknown as { frames: unknown[] }).frames.length).toBeLessThan(600)
    expect(box.shift()!.text).toContain('"step":99999')
    expect(box.shift()).toBeUndefined()
    let accepted = 0
    while (box.push({ type: 'job-done', jobId: `j${accepted}`, runId: 'r' })) accepted++
    expect(box.bytes).toBeLessThanOrEqual(10_000)
    expect(accepted).toBeGreaterThan(50)
    box.clear()
    expect(box.push({ type: 'job-failed', jobId: 'big', runId: 'r', stageId: null, error: 'e'.repeat(50_000) })).toBe(true) // one always fits
  })
})
