/**
 * Load check (issue #9 §3): 200 editors on the event stream plus 50 API requests a second for a
 * few seconds, while a run executes, against the real server process. Every request must
 * succeed and every stream must stay open and see the whole run.
 */
import { request, type ClientRequest } from 'node:http'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { example } from '../app/helpers.ts'
import { raw } from '../app/raw-http.ts'
import { spawnServer, type ServerProcess } from './server-process.ts'
import { recordReliability } from './summary.ts'

const CLIENTS = 200
const RATE = 50
const SECONDS = 4
let bytesIn = 0

let server: ServerProcess | undefined
const streams: ClientRequest[] = []
afterAll(async () => {
  for (const s of streams) s.destroy()
  await server?.stop()
})

interface StreamClient { events: number; jobsDone: Set<string>; sawQueue: boolean; error: string | null; ended: boolean }

function openStream(url: string): Promise<StreamClient> {
  const { hostname, port, host } = new URL(url)
  const client: StreamClient = { events: 0, jobsDone: new Set(), sawQueue: false, error: null, ended: false }
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port: Number(port), path: '/api/events', agent: false, headers: { host, accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`event stream answered ${res.statusCode}`))
      let buffer = ''
      res.setEncoding('utf8')
      res.on("data", (chunk: string) => {
        bytesIn += chunk.length
        buffer += chunk
        let cut: number
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut)
          buffer = buffer.slice(cut + 2)
          if (!block.startsWith('data: ')) continue
          client.events++
          // Only the type and job id matter here; a full parse of every preview × 200 clients would make this process the bottleneck.
          if (block.startsWith('data: {"type":"queue"')) client.sawQueue = true
          const done = /^data: \{"type":"job-done","jobId":"([^"]+)"/.exec(block)
          if (done) client.jobsDone.add(done[1]!)
        }
      })
      res.on('end', () => { client.ended = true })
      res.on('error', (e) => { client.error = e.message })
      resolve(client)
    })
    req.on('error', (e) => { client.error = e.message; reject(e) })
    req.end()
    streams.push(req)
  })
}

describe('load', () => {
  it(`holds ${CLIENTS} event streams and ${RATE} requests a second during a run`, async () => {
    server = await spawnServer({ DATA_DIR: mkdtempSync(join(tmpdir(), 'sf-load-')) })
    const url = server.url
    const clients: StreamClient[] = []
    for (let i = 0; i < CLIENTS; i += 20) clients.push(...(await Promise.all(Array.from({ length: 20 }, () => openStream(url)))))

    const json = { 'content-type': 'application/json' }
    const graph = example('portrait')
    const run = await raw(url, '/api/runs', { method: 'POST', headers: json, body: JSON.stringify({ graph, runSeed: 1 }) })
    expect(run.status).toBe(201)
    const jobIds: string[] = run.body.jobIds

    const requests: (() => Promise<{ status: number }>)[] = [
      () => raw(url, '/api/queue'),
      () => raw(url, '/api/health'),
      () => raw(url, '/api/graphs'),
      () => raw(url, '/api/history?limit=5'),
      () => raw(url, `/api/jobs/${jobIds[0]}`),
      () => raw(url, '/api/compile', { method: 'POST', headers: json, body: JSON.stringify({ graph, runSeed: 2 }) }),
    ]
    const statuses: (number | string)[] = []
    const latencies: number[] = []
    const pending: Promise<void>[] = []
    const started = Date.now()
    for (let i = 0; i < RATE * SECONDS; i++) {
      // Paced to the wall clock: request i leaves at i / RATE seconds.
      const due = started + (i * 1000) / RATE
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()))
      const t0 = Date.now()
      pending.push(requests[i % requests.length]!().then(
        (res) => { statuses.push(res.status); latencies.push(Date.now() - t0) },
        (e: Error) => { statuses.push(e.message) },
      ))
    }
    await Promise.all(pending)
    const sent = Date.now() - started

    // Every stream sees the whole run.
    const deadline = Date.now() + 60_000
    while (Date.now() < deadline && clients.some((c) => jobIds.some((id) => !c.jobsDone.has(id)))) await new Promise((r) => setTimeout(r, 100))
    latencies.sort((a, b) => a - b)
    const p95 = latencies[Math.floor(latencies.length * 0.95)] ?? 0
    const complete = clients.filter((c) => c.sawQueue && jobIds.every((id) => c.jobsDone.has(id)) && !c.error && !c.ended).length
    const ok = statuses.filter((s) => s === 200 || s === 201).length
    console.log(`[load] ${CLIENTS} streams, ${statuses.length} requests in ${(sent / 1000).toFixed(1)} s: ${ok} ok, p95 ${p95} ms; ${complete}/${CLIENTS} streams saw the whole run (machine shared); streams received ${(bytesIn / 1e6).toFixed(1)} MB`)

    recordReliability({ check: 'load: SSE clients + API requests during a run', loadHeld: `${CLIENTS} SSE + ${RATE} req/s × ${SECONDS} s: ${ok}/${statuses.length} ok, ${complete}/${CLIENTS} streams complete` })
    expect(statuses.filter((s) => s !== 200 && s !== 201)).toEqual([])
    expect(complete).toBe(CLIENTS)
    expect(server.exited()).toBe(false)
    expect(server.stderr().split('\n').filter((l) => l.includes('unexpected error'))).toEqual([])
  }, 120_000)
})
