/**
 * Seeded fault injection: each request draws one number from a seeded generator, so a test with
 * a fixed `seed` and rate sees the same requests fail on every run.
 */
import { createRng, type Rng } from '../../engine/util/rng.ts'
import type { SimFaults } from './types.ts'

export type FaultKind = 'none' | 'error' | 'hang' | 'drop'

export const DEFAULT_FAULTS: SimFaults = { errorRate: 0, hangRate: 0, dropRate: 0, down: false, seed: 1 }

export class FaultInjector {
  private faults: SimFaults
  private rng: Rng

  constructor(initial: Partial<SimFaults> = {}) {
    this.faults = { ...DEFAULT_FAULTS, ...initial }
    this.rng = createRng(this.faults.seed)
  }

  get current(): SimFaults {
    return { ...this.faults }
  }

  /** Updates the faults; a new `seed` restarts the draw sequence. */
  set(f: Partial<SimFaults>): void {
    this.faults = { ...this.faults, ...f }
    if (f.seed !== undefined) this.rng = createRng(f.seed)
  }

  /** Draws the fate of one request. No draw is spent while every rate is zero. */
  draw(): FaultKind {
    const { dropRate, hangRate, errorRate } = this.faults
    if (dropRate <= 0 && hangRate <= 0 && errorRate <= 0) return 'none'
    const u = this.rng.next()
    if (u < dropRate) return 'drop'
    if (u < dropRate + hangRate) return 'hang'
    if (u < dropRate + hangRate + errorRate) return 'error'
    return 'none'
  }
}

export function validateFaults(f: Record<string, unknown>): string | null {
  for (const k of ['errorRate', 'hangRate', 'dropRate'] as const) {
    if (k in f && (typeof f[k] !== 'number' || !((f[k] as number) >= 0 && (f[k] as number) <= 1))) return `${k} must be a number in [0, 1]`
  }
  if ('down' in f && typeof f.down !== 'boolean') return 'down must be a boolean'
  if ('seed' in f && (typeof f.seed !== 'number' || !Number.isInteger(f.seed))) return 'seed must be an integer'
  return null
}
