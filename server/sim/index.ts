/**
 * A simulated AUTOMATIC1111 (or Forge) WebUI that speaks the real HTTP API over loopback:
 * lists, options, txt2img/img2img (with ADetailer), extras, progress, interrupt/skip, auth and
 * A1111's error bodies, with real deterministic PNGs, one FIFO queue lock, and injectable
 * latency, errors, hangs, drops and downtime. See shared/reference/webui-api.md.
 *
 * @example
 * const sim = await startSimulator({ stepMs: 1 })
 * await fetch(`${sim.url}/sdapi/v1/txt2img`, { method: 'POST', body: JSON.stringify({ prompt: 'a cat', steps: 20 }) })
 * await sim.close()
 */
import type { AddressInfo } from 'node:net'
import { FaultInjector } from './faults.ts'
import { createSimServer, parseAuth } from './server.ts'
import { SimState } from './state.ts'
import { listRoutes } from './routes/lists.ts'
import { optionRoutes } from './routes/options.ts'
import { controlRoutes } from './routes/control.ts'
import { generationRoutes } from './routes/generation.ts'
import { extrasRoutes } from './routes/extras.ts'
import { simRoutes } from './routes/sim.ts'
import { controlnetRoutes } from './routes/controlnet.ts'
import { SimResourceLists } from './catalog.ts'
import type { SimFaults, SimHandle, SimOptions } from './types.ts'

export type { SimFaults, SimFlavor, SimHandle, SimOptions, SimStats } from './types.ts'
export { SimResourceLists } from './catalog.ts'

export async function startSimulator(opts: SimOptions = {}): Promise<SimHandle> {
  const state = new SimState({
    flavor: opts.flavor ?? 'a1111',
    stepMs: opts.stepMs ?? 2,
    modelSwitchMs: opts.modelSwitchMs ?? 50,
    nowebui: opts.nowebui ?? false,
    controlnet: opts.controlnet ?? true,
  }, SimResourceLists.parse(opts.resources ?? {}))
  const faults = new FaultInjector(opts.faults)
  const auth = parseAuth(opts.auth)
  let sim: ReturnType<typeof createSimServer> | undefined
  const setFaults = (f: Partial<SimFaults>, keep?: import('node:net').Socket): void => {
    const wasDown = faults.current.down
    faults.set(f)
    if (f.down && !wasDown) sim?.dropConnections(keep)
  }
  const setOptions = (o: Partial<Pick<SimOptions, 'stepMs' | 'modelSwitchMs'>>): void => {
    if (o.stepMs !== undefined) state.config.stepMs = o.stepMs
    if (o.modelSwitchMs !== undefined) state.config.modelSwitchMs = o.modelSwitchMs
  }
  const routes = [
    ...listRoutes(state.config),
    ...controlnetRoutes(state.config),
    ...optionRoutes(),
    ...controlRoutes(),
    ...generationRoutes(state.config),
    ...extrasRoutes(state.config),
    ...simRoutes({ setFaults, faults: () => faults.current, setOptions, resetStats: () => state.resetStats(), setResources: (l) => state.catalog.set(l) }),
  ]
  sim = createSimServer(state, routes, { auth, faults })
  const host = opts.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    sim!.server.once('error', reject)
    sim!.server.listen(opts.port ?? 0, host, () => resolve())
  })
  const port = (sim.server.address() as AddressInfo).port
  const server = sim
  let closed: Promise<void> | undefined
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    stats: () => state.stats(),
    resetStats: () => state.resetStats(),
    setFaults: (f) => setFaults(f),
    setOptions,
    setResources: (l) => state.catalog.set(SimResourceLists.parse(l)),
    close: () => (closed ??= server.close()),
  }
}
