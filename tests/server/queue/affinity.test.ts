import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AFFINITY_WINDOW, FAIRNESS_BOUND, type QueueStore, type Store } from '../../../server/queue/index.ts'
import { memoryStore, runOfModels } from './helpers.ts'

const interleaved = (n: number, models: readonly string[]): string[] => Array.from({ length: n }, (_, i) => models[i % models.length]!)
const maxPassedOver = (store: Store): number => (store.db.prepare('SELECT MAX(passed_over) AS m FROM jobs').get() as { m: number }).m

interface Trace {
  /** Model of each claimed job, in claim order, per backend. */
  claims: string[][]
  /** Per backend, how many times it switched to each model. */
  switches: Map<string, number>[]
  /** Highest passedOver seen after any claim. */
  maxPassedOver: number
}

/**
 * Backends take turns: on its turn a backend with no job claims one, a backend with a job
 * finishes it. The loaded model follows the jobs (a '' job leaves it as it is).
 */
function simulate(store: Store, loaded: (string | null)[], turns: (n: number) => number = (n) => n % loaded.length): Trace {
  const q = store.queue
  const running: (string | null)[] = loaded.map(() => null)
  const trace: Trace = { claims: loaded.map(() => []), switches: loaded.map(() => new Map()), maxPassedOver: 0 }
  for (let step = 0; step < 100_000; step++) {
    const b = turns(step)
    const current = running[b]
    if (current != null) { expect(q.succeed(current)).toBe(true); running[b] = null; continue }
    const job = q.claim(`b${b}`, loaded[b]!)
    if (job === null) {
      if (running.every((r) => r === null)) return trace
      continue
    }
    running[b] = job.jobId
    trace.claims[b]!.push(job.model)
    if (job.model !== '' && job.model !== loaded[b]) {
      trace.switches[b]!.set(job.model, (trace.switches[b]!.get(job.model) ?? 0) + 1)
      loaded[b] = job.model
    }
    trace.maxPassedOver = Math.max(trace.maxPassedOver, maxPassedOver(store))
  }
  throw new Error('simulation did not finish')
}

let store: Store
let q: QueueStore
beforeEach(() => { store = memoryStore(); q = store.queue })
afterEach(() => store.close())

describe('model affinity with a fairness bound', () => {
  it('one backend, 30 jobs A,B,C,A,B,C…: one switch per model, nobody passed over more than the bound', () => {
    q.submit(runOfModels(interleaved(30, ['A', 'B', 'C']), 1))
    const trace = simulate(store, ['A'])
    expect(trace.claims[0]).toEqual([...interleaved(10, ['A']), ...interleaved(10, ['B']), ...interleaved(10, ['C'])])
    expect(Object.fromEntries(trace.switches[0]!)).toEqual({ B: 1, C: 1 })
    // The first C is passed over by A2…A10 and B2…B10.
    expect(trace.maxPassedOver).toBe(18)
    expect(trace.maxPassedOver).toBeLessThanOrEqual(FAIRNESS_BOUND)
    expect(q.history({ state: 'succeeded' }).total).toBe(30)
  })

  it.each([
    ['all start with A loaded', ['A', 'A', 'A', 'A']],
    ['all start with nothing loaded', [null, null, null, null]],
    ['start with A, B, C and nothing', ['A', 'B', 'C', null]],
  ])('four backends taking turns (%s): at most one switch per model per backend', (_, start) => {
    q.submit(runOfModels(interleaved(30, ['A', 'B', 'C']), 1))
    const trace = simulate(store, [...start])
    for (const perModel of trace.switches) for (const [, n] of perModel) expect(n).toBe(1)
    expect(trace.claims.flat().sort()).toEqual(interleaved(30, ['A', 'B', 'C']).sort())
    expect(trace.maxPassedOver).toBeLessThanOrEqual(FAIRNESS_BOUND)
    expect(q.history({ state: 'succeeded' }).total).toBe(30)
  })

  it('takes a job passed over FAIRNESS_BOUND times next, even with matching jobs behind it', () => {
    const run = runOfModels(['B', ...interleaved(FAIRNESS_BOUND + 5, ['A'])], 1)
    q.submit(run)
    const b = run.jobs[0]!.jobId
    for (let i = 1; i <= FAIRNESS_BOUND; i++) {
      expect(q.claim('b0', 'A')!.model).toBe('A')
      expect(q.get(b)!.passedOver).toBe(i)
    }
    expect(q.claim('b0', 'A')!.jobId).toBe(b)
    expect(q.get(b)!.passedOver).toBe(FAIRNESS_BOUND)
    expect(q.claim('b0', 'B')!.model).toBe('A')
  })

  it('a job that needs no particular model ("") fits any backend', () => {
    const run = runOfModels(['B', '', 'A'], 1)
    q.submit(run)
    expect(q.claim('b0', 'A')!.jobId).toBe(run.jobs[1]!.jobId)
    expect(q.get(run.jobs[0]!.jobId)!.passedOver).toBe(1)
    expect(q.get(run.jobs[2]!.jobId)!.passedOver).toBe(0)
  })

  it('with nothing loaded, or no match in the window, takes the head and passes over no one', () => {
    const run = runOfModels([...interleaved(AFFINITY_WINDOW, ['B']), 'A'], 1)
    q.submit(run)
    expect(q.claim('b0', 'A')!.jobId).toBe(run.jobs[0]!.jobId)
    expect(q.claim('b0', null)!.jobId).toBe(run.jobs[1]!.jobId)
    expect(maxPassedOver(store)).toBe(0)
  })

  it('property: passedOver never exceeds the bound and every job is claimed exactly once', () => {
    // Uniform sequences, and skewed ones (mostly A, which the backends tend to have loaded) where
    // rare models wait behind long runs of A and the bound has to step in.
    const uniform = fc.array(fc.constantFrom('A', 'B', 'C', 'D', ''), { minLength: 1, maxLength: 120 })
    const skewed = fc.array(fc.oneof({ weight: 15, arbitrary: fc.constant('A') }, { weight: 1, arbitrary: fc.constantFrom('B', 'C', '') }), { minLength: 40, maxLength: 200 })
    const loaded = fc.oneof(fc.constant('A'), fc.constantFrom('B', 'C', 'D'), fc.constant(null))
    let reachedBound = 0
    fc.assert(
      fc.property(
        fc.oneof(uniform, skewed),
        fc.array(loaded, { minLength: 1, maxLength: 5 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 40 }),
        (sequence, start, schedule) => {
          const local = memoryStore()
          try {
            const run = runOfModels(sequence, 1)
            local.queue.submit(run)
            const trace = simulate(local, [...start], (n) => schedule[n % schedule.length]! % start.length)
            expect(trace.maxPassedOver).toBeLessThanOrEqual(FAIRNESS_BOUND)
            if (trace.maxPassedOver === FAIRNESS_BOUND) reachedBound++
            expect(trace.claims.flat()).toHaveLength(sequence.length)
            // attempts counts claims: exactly one each, and each ended succeeded.
            const attempts = local.db.prepare(`SELECT job_id AS id, attempts, state FROM jobs`).all() as { id: string; attempts: number; state: string }[]
            expect(attempts).toHaveLength(sequence.length)
            for (const a of attempts) expect(a).toMatchObject({ attempts: 1, state: 'succeeded' })
          } finally {
            local.close()
          }
        },
      ),
      { numRuns: 80 },
    )
    // The property must have exercised the bound itself, not only easy queues.
    expect(reachedBound).toBeGreaterThan(0)
  })
})

describe('a second job in flight', () => {
  let store: Store
  beforeEach(() => { store = memoryStore() })
  afterEach(() => store.close())

  it('joins only if it runs on the same model, and then changes nothing', () => {
    store.queue.submit(runOfModels(['A', 'B', 'A', ''], 1))
    const first = store.queue.claim('b1', 'A')!
    expect(first.model).toBe('A')
    const second = store.queue.claim('b1', 'A', { onlySameModel: true })!
    expect(second.model).toBe('A')
    const third = store.queue.claim('b1', 'A', { onlySameModel: true })!
    expect(third.model).toBe('')
    const before = JSON.stringify(store.queue.snapshot())
    expect(store.queue.claim('b1', 'A', { onlySameModel: true })).toBeNull()
    expect(JSON.stringify(store.queue.snapshot())).toBe(before)
    expect(store.queue.claim('b1', 'A')!.model).toBe('B')
  })
})

describe('claims filtered by resources (routing)', () => {
  it('a backend takes only jobs it accepts, and does not count the others as passed over', () => {
    const store = memoryStore()
    try {
      const run = runOfModels(['A', 'B', 'A', 'B'], 1)
      store.queue.submit(run)
      const onlyB = new Set(run.jobs.filter((j) => j.plan.stages[0]!.config.values.model === 'B').map((j) => j.jobId))
      const accept = (id: string): boolean => onlyB.has(id)
      const first = store.queue.claim('b2', 'A', { accept })!
      expect(first.model).toBe('B')
      expect(store.queue.claim('b2', 'B', { accept })!.model).toBe('B')
      expect(store.queue.claim('b2', 'B', { accept })).toBeNull()
      expect(maxPassedOver(store)).toBe(0)
      expect(store.queue.claim('b1', 'A')!.model).toBe('A')
    } finally {
      store.close()
    }
  })
})
