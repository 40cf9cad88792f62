/** The simulator's own control routes (never faulted, never behind auth). */
import { HttpError } from '../errors.ts'
import { validateFaults } from '../faults.ts'
import type { Route } from '../server.ts'
import type { SimFaults } from '../types.ts'
import type { Socket } from 'node:net'
import { SimResourceLists } from '../catalog.ts'

export interface SimControl {
  setFaults(f: Partial<SimFaults>, keep?: Socket): void
  faults(): SimFaults
  setOptions(o: { stepMs?: number; modelSwitchMs?: number }): void
  resetStats(): void
  setResources(lists: SimResourceLists): void
}

export function simRoutes(control: SimControl): Route[] {
  return [
    { method: 'GET', path: '/sim/stats', auth: false, handle: ({ state }) => state.stats() },
    {
      method: 'POST', path: '/sim/reset-stats', auth: false, handle: () => {
        control.resetStats()
        return null
      },
    },
    {
      method: 'POST', path: '/sim/control', auth: false,
      handle: async ({ json, req, state }) => {
        const body = (await json()) as Record<string, unknown>
        if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'expected a JSON object')
        const bad = validateFaults(body)
        if (bad) throw new HttpError(400, bad)
        for (const k of ['stepMs', 'modelSwitchMs'] as const) {
          if (k in body && (typeof body[k] !== 'number' || (body[k] as number) < 0)) throw new HttpError(400, `${k} must be a number >= 0`)
        }
        let resources: SimResourceLists | undefined
        if ('resources' in body) {
          const parsed = SimResourceLists.safeParse(body.resources)
          if (!parsed.success) throw new HttpError(400, `resources: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`)
          resources = parsed.data
        }
        const { stepMs, modelSwitchMs, ...rest } = body as Partial<SimFaults> & { stepMs?: number; modelSwitchMs?: number }
        const faults: Partial<SimFaults> = {}
        for (const k of ['errorRate', 'hangRate', 'dropRate', 'down', 'seed'] as const) if (k in rest) (faults as Record<string, unknown>)[k] = rest[k]
        control.setFaults(faults, req.socket)
        control.setOptions({ ...(stepMs !== undefined ? { stepMs } : {}), ...(modelSwitchMs !== undefined ? { modelSwitchMs } : {}) })
        if (resources) control.setResources(resources)
        return { faults: control.faults(), stepMs: state.config.stepMs, modelSwitchMs: state.config.modelSwitchMs }
      },
    },
  ]
}
