/**
 * Tiny benchmark harness: every benchmark reports figures measured in the same run, and each
 * figure says which target it is held to. `npm run bench` prints them and exits 1 if one misses.
 */
export interface BenchFigure {
  name: string
  value: number
  unit: string
  /** Human-readable target, e.g. ">= 50000". */
  target: string
  ok: boolean
}

/** Runs fn repeatedly for at least minMs (after one warm-up call) and returns the best ms per call. */
export function bestOf(fn: () => void, { minMs = 1000, minRuns = 3 } = {}): number {
  fn()
  let best = Infinity
  let runs = 0
  const start = performance.now()
  while (runs < minRuns || performance.now() - start < minMs) {
    const t0 = performance.now()
    fn()
    const dt = performance.now() - t0
    if (dt < best) best = dt
    runs++
  }
  return best
}

export function atLeast(name: string, value: number, unit: string, min: number): BenchFigure {
  return { name, value, unit, target: `>= ${min}`, ok: value >= min }
}

export function atMost(name: string, value: number, unit: string, max: number): BenchFigure {
  return { name, value, unit, target: `<= ${max}`, ok: value <= max }
}
