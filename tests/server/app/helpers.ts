/** Starting a real server (real HTTP, real SQLite, in-process simulated WebUI) on a temp data folder. */
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startServer, type RunningServer, type StartOptions } from '../../../server/start.ts'
import type { ServerEvent } from '../../../engine/api/events.ts'

export const tempDataDir = (): string => mkdtempSync(join(tmpdir(), 'sf-app-'))

export async function start(over: Partial<StartOptions> = {}): Promise<RunningServer & { dataDir: string }> {
  const dataDir = over.dataDir ?? tempDataDir()
  const server = await startServer({
    host: '127.0.0.1', port: 0, dataDir, webuiUrls: [],
    sim: { stepMs: 1, modelSwitchMs: 1 },
    log: () => {},
    ...over,
  })
  return { ...server, dataDir }
}

export const example = (name: string): unknown => JSON.parse(readFileSync(`graphs/${name}.json`, 'utf8'))

export async function api(server: { url: string }, path: string, init: RequestInit & { json?: unknown } = {}): Promise<{ status: number; body: any }> {
  const { json, ...rest } = init
  const res = await fetch(server.url + path, {
    ...rest,
    // Like the editor: every state-changing request says JSON, body or not (the server requires it).
    headers: { ...(json !== undefined || (rest.method ?? 'GET') !== 'GET' ? { 'content-type': 'application/json' } : {}), ...(rest.headers ?? {}) },
    body: json !== undefined ? JSON.stringify(json) : rest.body,
  })
  const text = await res.text()
  let body: unknown = text
  try { body = JSON.parse(text) } catch { /* not JSON */ }
  return { status: res.status, body }
}

/** Reads the SSE stream until `until` returns true for the events seen so far (or the timeout). */
export async function collectEvents(server: { url: string }, until: (events: ServerEvent[]) => boolean, timeoutMs = 20_000): Promise<ServerEvent[]> {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), timeoutMs)
  const events: ServerEvent[] = []
  try {
    const res = await fetch(server.url + '/api/events', { signal: controller.signal })
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader()
    let buffer = ''
    for (;;) {
      const { value, done } = await reader.read()
      if (done) break
      buffer += value
      let cut: number
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut)
        buffer = buffer.slice(cut + 2)
        const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n')
        if (data) events.push(JSON.parse(data))
      }
      if (until(events)) break
    }
  } catch (e) {
    if ((e as Error).name !== 'AbortError') throw e
  } finally {
    clearTimeout(timer)
    controller.abort()
  }
  return events
}

/** Polls until the queue has no queued or running job. */
export async function waitForIdle(server: { url: string }, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const { body } = await api(server, '/api/queue')
    if (body.counts.queued === 0 && body.counts.running === 0) return
    if (Date.now() > end) throw new Error(`queue not idle after ${timeoutMs} ms: ${JSON.stringify(body.counts)}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}
