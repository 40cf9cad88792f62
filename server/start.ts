/**
 * Composition root: opens the data folder, the store and the library, starts the WebUI backends
 * (or the built-in simulated WebUI when none is configured), the executor and the HTTP server.
 * `npm start`, the end-to-end tests and the benchmarks all start the server through here.
 */
import { serve, type ServerType } from '@hono/node-server'
import { randomInt } from 'node:crypto'
import { createApp } from './app/app.ts'
import { publishQueueChanges } from './app/queue-events.ts'
import { checkBind } from './app/security.ts'
import { dataPaths } from './data/paths.ts'
import { MB } from './data/storage.ts'
import { createEventBus, type EventBus } from './events/bus.ts'
import { createStreamRegistry, type StreamRegistry } from './events/outbox.ts'
import { createExecutor, type ExecutorOptionsInput } from './exec/index.ts'
import { createLibraryStore } from './library/store.ts'
import { Pruner } from './gallery/prune.ts'
import { openStore } from './queue/index.ts'
import { startSimulator, type SimHandle, type SimOptions } from './sim/index.ts'
import type { ServerConfig } from './config.ts'

export const VERSION = '0.1.0'

export interface StartOptions extends ServerConfig {
  /** The built editor to serve at / (omit to serve the API only). */
  editorDir?: string
  /** Settings of the built-in simulated WebUI, used when no WebUI URL is configured. */
  sim?: SimOptions
  executor?: ExecutorOptionsInput
  log?: (line: string) => void
}

export interface RunningServer {
  url: string
  simulated: boolean
  sim: SimHandle | null
  /** The event bus every SSE client listens to. */
  bus: EventBus
  /** Event-stream clients, their buffered bytes and drops (for tests and diagnostics). */
  streams: StreamRegistry
  /** Every API route as `METHOD /path` pattern (for the route fuzzer). */
  routes: { method: string; path: string }[]
  close(): Promise<void>
}

export async function startServer(opts: StartOptions): Promise<RunningServer> {
  const log = opts.log ?? ((line: string) => console.log(line))
  checkBind(opts.host, opts.token)
  const paths = dataPaths(opts.dataDir)
  const library = createLibraryStore(paths)
  const seeded = await library.seedExamples()
  if (seeded.seeded) log(`[data] new library in ${paths.library}, with the example graphs, packs and presets`)
  const store = openStore(paths.database)
  const recovered = store.queue.recover()
  if (recovered > 0) log(`[queue] ${recovered} job(s) left running by the last stop are queued again`)
  const undeleted = await new Pruner(paths, store.db, store.pendingLines).recoverInterrupted()
  if (undeleted > 0) log(`[data] ${undeleted} image file(s) a stop interrupted mid-delete are settled`)

  let sim: SimHandle | null = null
  let webuiUrls = opts.webuiUrls
  if (webuiUrls.length === 0) {
    sim = await startSimulator({ host: '127.0.0.1', port: 0, stepMs: 25, modelSwitchMs: 400, ...opts.sim })
    webuiUrls = [sim.url]
    log(`[webui] no WEBUI_URL set: using the built-in SIMULATED WebUI at ${sim.url} (images are synthetic)`)
  }
  const bus = createEventBus()
  const floor = opts.minFreeMB !== undefined ? { minFreeBytes: opts.minFreeMB * MB } : {}
  const executor = createExecutor({ paths, store, bus, webuiUrls, simulated: sim !== null, options: { ...floor, ...opts.executor } })
  const stopQueueEvents = publishQueueChanges(store.queue, bus)
  await executor.start()

  // The real port is known once listening (PORT=0 picks a free one); the Host check reads it then.
  let boundPort = opts.port
  const site = { boundHost: opts.host, port: () => boundPort, allowedHosts: opts.allowedHosts ?? [], allowedOrigins: opts.allowedOrigins ?? [] }
  const streams = createStreamRegistry()
  const app = createApp({
    paths, library, libraryContext: () => library.compileContext(), store, executor, bus, site, streams,
    info: { version: VERSION, simulated: sim !== null }, token: opts.token, editorDir: opts.editorDir,
    now: () => new Date().toISOString(), randomSeed: () => randomInt(0, 4294967294),
    async packProblems(packId) {
      const pack = (await library.packs.list()).find((p) => p.id === packId)
      return pack && pack.problems.length > 0 ? pack.problems.map((p) => `library/${p.file}${p.line !== undefined ? ` line ${p.line}` : ''}: ${p.message}`) : null
    },
  })
  let server: ServerType
  try {
    server = await new Promise<ServerType>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, hostname: opts.host, port: opts.port }, () => resolve(s))
      // A port already in use (another instance on this data folder?) must stop the start, not
      // leave a server that never listens while its workers run the queue.
      s.once('error', reject)
    })
  } catch (e) {
    stopQueueEvents()
    await executor.stop()
    store.close()
    await sim?.close()
    const code = (e as NodeJS.ErrnoException).code
    throw new Error(code === 'EADDRINUSE' ? `${opts.host}:${opts.port} is already in use (is StableNew Flow already running? set PORT to use another port)` : `cannot listen on ${opts.host}:${opts.port}: ${(e as Error).message}`)
  }
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : opts.port
  boundPort = port
  const url = `http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${port}`

  let closed = false
  return {
    url,
    simulated: sim !== null,
    sim,
    bus,
    streams,
    routes: app.routes.filter((r) => r.method !== 'ALL').map((r) => ({ method: r.method, path: r.path })),
    async close() {
      if (closed) return
      closed = true
      // SSE streams never end by themselves; close them so the server can stop.
      ;(server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      stopQueueEvents()
      await executor.stop()
      store.close()
      await sim?.close()
    },
  }
}
