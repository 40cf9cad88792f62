/**
 * Shared set-up for the executor tests: a temp data folder, a real SQLite store, the simulated
 * WebUI over loopback, the example graphs compiled with the bundled library, and an event log.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ServerEvent } from '../../../engine/api/events.ts'
import { compile } from '../../../engine/compile/compile.ts'
import type { RunSpec } from '../../../engine/compile/spec.ts'
import { dataPaths, type DataPaths } from '../../../server/data/paths.ts'
import { createEventBus, type EventBus } from '../../../server/events/bus.ts'
import { createExecutor, type Executor, type ExecutorOptionsInput } from '../../../server/exec/index.ts'
import { libraryContext, readLibrary } from '../../../server/library/read-library.ts'
import { openStore, type Store } from '../../../server/queue/index.ts'
import { startSimulator, type SimHandle, type SimOptions } from '../../../server/sim/index.ts'

export const GRAPHS = join(import.meta.dirname, '../../../graphs')

export async function compileExample(name: string, runSeed = 1, mutate?: (graph: Record<string, unknown>) => void): Promise<RunSpec> {
  const lib = await readLibrary(GRAPHS)
  const graph = JSON.parse(await readFile(join(GRAPHS, `${name}.json`), 'utf8')) as Record<string, unknown>
  mutate?.(graph)
  const { run, errors } = compile(graph, { ...libraryContext(lib), runSeed, now: new Date().toISOString() })
  if (!run || errors.length) throw new Error(`${name} does not compile: ${JSON.stringify(errors)}`)
  return run
}

export interface Harness {
  dir: string
  paths: DataPaths
  store: Store
  bus: EventBus
  events: ServerEvent[]
  sims: SimHandle[]
  exec: Executor
  close(): Promise<void>
}

export async function harness(opts: { sims?: SimOptions[]; options?: ExecutorOptionsInput } = {}): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'snf-exec-'))
  const paths = dataPaths(dir)
  const store = openStore(':memory:')
  const bus = createEventBus()
  const events: ServerEvent[] = []
  bus.subscribe((e) => events.push(e))
  const sims = await Promise.all((opts.sims ?? [{}]).map((o) => startSimulator({ stepMs: 1, modelSwitchMs: 5, ...o })))
  const exec = createExecutor({
    paths,
    store,
    bus,
    webuiUrls: sims.map((s) => s.url),
    simulated: true,
    options: { healthIntervalMs: 200, healthTimeoutMs: 1_000, retryBaseDelayMs: 10, stallMs: 5_000, ...opts.options },
  })
  return {
    dir, paths, store, bus, events, sims, exec,
    async close() {
      await exec.stop()
      await Promise.all(sims.map((s) => s.close()))
      store.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

/** Resolves with the first event matching `pred` (already seen ones count). */
export function waitFor<T extends ServerEvent>(h: Harness, pred: (e: ServerEvent) => e is T, timeoutMs?: number): Promise<T>
export function waitFor(h: Harness, pred: (e: ServerEvent) => boolean, timeoutMs?: number): Promise<ServerEvent>
export function waitFor(h: Harness, pred: (e: ServerEvent) => boolean, timeoutMs = 20_000): Promise<ServerEvent> {
  const seen = h.events.find(pred)
  if (seen) return Promise.resolve(seen)
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => { off(); reject(new Error('timed out waiting for an event')) }, timeoutMs)
    const off = h.bus.subscribe((e) => {
      if (pred(e)) { clearTimeout(t); off(); resolve(e) }
    })
  })
}

export function until(cond: () => boolean, timeoutMs = 20_000, stepMs = 10): Promise<void> {
  const start = Date.now()
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      if (cond()) return resolve()
      if (Date.now() - start > timeoutMs) return reject(new Error('condition not met in time'))
      setTimeout(tick, stepMs)
    }
    tick()
  })
}
