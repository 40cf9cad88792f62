import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore, QueueError, type QueueStore, type Store } from '../../../server/queue/index.ts'
import { batchRun, ids, memoryStore, runOfModels, wideRun } from './helpers.ts'

let store: Store
let q: QueueStore
beforeEach(() => { store = memoryStore(); q = store.queue })
afterEach(() => store.close())

const queueIds = (): string[] => ids(q.snapshot({ finishedLimit: 0 }).jobs)
function expectQueueError(fn: () => unknown, code: QueueError['code']): void {
  let thrown: unknown
  try { fn() } catch (err) { thrown = err }
  expect(thrown).toBeInstanceOf(QueueError)
  expect((thrown as QueueError).code).toBe(code)
}

describe('submit and snapshot', () => {
  it('keeps runs and their jobs in submission order, each job stored with its spec', () => {
    const a = batchRun(3, 1)
    const b = batchRun(2, 2)
    q.submit(a)
    q.submit(b)
    expect(queueIds()).toEqual([...ids(a.jobs), ...ids(b.jobs)])
    const job = q.get(a.jobs[1]!.jobId)!
    expect(job.spec).toEqual(a.jobs[1])
    expect(job).toMatchObject({ state: 'queued', attempts: 0, passedOver: 0, model: 'A', backend: null, runId: a.runId })
    expect(ids(q.jobsOfRun(b.runId))).toEqual(ids(b.jobs))
    const run = q.getRun(a.runId)!
    expect(run.graphId).toBe('g1')
    expect(run.run).toEqual((({ jobs: _, ...rest }) => rest)(a))
    expect(q.summary(a.jobs[0]!.jobId)).toMatchObject({ prompt: 'a lighthouse at dusk', seed: a.jobs[0]!.seed, stages: ['t'], model: 'A', state: 'queued' })
    expect(q.get('nope')).toBeUndefined()
    expect(q.summary('nope')).toBeUndefined()
    expect(q.getRun('nope')).toBeUndefined()
  })

  it('puts a run submitted with front before everything, keeping its own job order', () => {
    const a = batchRun(2, 1)
    const b = batchRun(3, 2)
    const c = batchRun(2, 3)
    q.submit(a)
    q.submit(b, { front: true })
    q.submit(c, { front: true })
    expect(queueIds()).toEqual([...ids(c.jobs), ...ids(b.jobs), ...ids(a.jobs)])
  })

  it('orders by priority before position', () => {
    const a = batchRun(2, 1)
    const b = batchRun(2, 2)
    q.submit(a)
    q.submit(b, { priority: 5 })
    expect(queueIds()).toEqual([...ids(b.jobs), ...ids(a.jobs)])
    expect(q.claim('b1', null)!.jobId).toBe(b.jobs[0]!.jobId)
  })

  it('refuses a job id already stored and stores nothing of that run', () => {
    const a = batchRun(2, 1)
    q.submit(a)
    const before = q.snapshot()
    // Same graph and run seed → same job ids, under a new run id.
    const again = { ...batchRun(2, 1), runId: 'run-other' }
    expectQueueError(() => q.submit(again), 'conflict')
    expect(q.getRun('run-other')).toBeUndefined()
    expectQueueError(() => q.submit(a), 'conflict')
    // One new job and one stored: still all or nothing.
    const mixed = { ...batchRun(1, 9), runId: 'run-mixed' }
    mixed.jobs = [...mixed.jobs, a.jobs[0]!]
    expectQueueError(() => q.submit(mixed), 'conflict')
    expect(q.get(mixed.jobs[0]!.jobId)).toBeUndefined()
    expect(q.snapshot()).toEqual(before)
  })

  it('stores a 10,000-job run in order, or none of it when its last job conflicts', () => {
    // Timing belongs to tests/bench; this checks the bulk path's result and its atomicity.
    const many = wideRun(100, 100, 1)
    expect(many.jobs).toHaveLength(10_000)
    const first = batchRun(1, 99)
    q.submit(first)
    const clash = { ...wideRun(100, 100, 2), runId: 'run-clash' }
    clash.jobs = [...clash.jobs, first.jobs[0]!]
    expectQueueError(() => q.submit(clash), 'conflict')
    expect(q.snapshot().jobs).toHaveLength(1)
    q.submit(many)
    const snap = q.snapshot({ finishedLimit: 0, queuedLimit: 20_000 })
    expect(snap.jobs).toHaveLength(10_001)
    expect(snap.counts).toEqual({ queued: 10_001, running: 0, succeeded: 0, failed: 0, cancelled: 0 })
    // The default snapshot lists the first 500 queued jobs and counts the rest.
    expect(q.snapshot().jobs.map((j) => j.jobId)).toEqual(snap.jobs.slice(0, 500).map((j) => j.jobId))
    expect(ids(snap.jobs.slice(1))).toEqual(ids(many.jobs))
    expect(ids(q.jobsOfRun(many.runId))).toEqual(ids(many.jobs))
    expect(q.getRun('run-clash')).toBeUndefined()
  })

  it('snapshot lists running (oldest claim first), then queued in claim order, then newest finished up to the limit', () => {
    const run = batchRun(6, 1)
    const [j0, j1, j2, j3, j4, j5] = ids(run.jobs) as [string, string, string, string, string, string]
    q.submit(run)
    q.claim('b1', 'A') // j0
    q.claim('b2', 'A') // j1
    q.claim('b3', 'A') // j2
    q.succeed(j0)
    q.fail(j1, 'boom', 't')
    const snap = q.snapshot({ finishedLimit: 1 })
    expect(snap.paused).toBe(false)
    expect(ids(snap.jobs)).toEqual([j2, j3, j4, j5, j1])
    expect(ids(q.snapshot().jobs)).toEqual([j2, j3, j4, j5, j1, j0])
  })
})

describe('state machine', () => {
  let jobs: string[]
  beforeEach(() => { const run = batchRun(4, 1); q.submit(run); jobs = ids(run.jobs) })

  it('claim → succeed records backend, attempt and times', () => {
    const claimed = q.claim('b1', 'A')!
    expect(claimed).toMatchObject({ jobId: jobs[0], state: 'running', backend: 'b1', attempts: 1, startedAt: expect.any(String), finishedAt: null })
    expect(q.succeed(jobs[0]!)).toBe(true)
    expect(q.get(jobs[0]!)).toMatchObject({ state: 'succeeded', attempts: 1, backend: 'b1', lastError: null, finishedAt: expect.any(String) })
  })

  it('fail keeps the error and the stage', () => {
    q.claim('b1', 'A')
    expect(q.fail(jobs[0]!, 'HTTP 422: bad sampler', 't')).toBe(true)
    expect(q.get(jobs[0]!)).toMatchObject({ state: 'failed', lastError: 'HTTP 422: bad sampler', failedStage: 't' })
  })

  it('requeue puts a running job back at its old place with the attempt counted', () => {
    q.claim('b1', 'A')
    expect(q.requeue(jobs[0]!, 'backend down')).toBe(true)
    expect(q.get(jobs[0]!)).toMatchObject({ state: 'queued', attempts: 1, backend: null, startedAt: null, lastError: 'backend down' })
    expect(queueIds()).toEqual(jobs)
    expect(q.claim('b2', 'A')).toMatchObject({ jobId: jobs[0], attempts: 2, backend: 'b2' })
  })

  it('succeed, fail and requeue refuse jobs that are not running', () => {
    for (const fn of [() => q.succeed(jobs[0]!), () => q.fail(jobs[0]!, 'x', null), () => q.requeue(jobs[0]!, 'x'), () => q.succeed('nope')]) {
      expect(fn()).toBe(false)
    }
    expect(q.get(jobs[0]!)!.state).toBe('queued')
    q.claim('b1', 'A')
    q.succeed(jobs[0]!)
    expect(q.succeed(jobs[0]!)).toBe(false)
    expect(q.fail(jobs[0]!, 'late', 't')).toBe(false)
    expect(q.requeue(jobs[0]!, 'late')).toBe(false)
    expect(q.get(jobs[0]!)).toMatchObject({ state: 'succeeded', lastError: null, failedStage: null })
  })

  it('a job cancelled while running stays cancelled when its worker reports back', () => {
    q.claim('b1', 'A')
    expect(q.cancel(jobs[0]!)).toBe('running')
    expect(q.succeed(jobs[0]!)).toBe(false)
    expect(q.fail(jobs[0]!, 'interrupted', 't')).toBe(false)
    expect(q.requeue(jobs[0]!, 'interrupted')).toBe(false)
    expect(q.get(jobs[0]!)).toMatchObject({ state: 'cancelled', lastError: null })
    expect(q.history({ state: 'succeeded' }).total).toBe(0)
  })

  it('cancel of a queued job returns queued; finished or unknown jobs are refused', () => {
    expect(q.cancel(jobs[1]!)).toBe('queued')
    expect(q.get(jobs[1]!)!.state).toBe('cancelled')
    expectQueueError(() => q.cancel(jobs[1]!), 'bad-state')
    q.claim('b1', 'A')
    q.succeed(jobs[0]!)
    expectQueueError(() => q.cancel(jobs[0]!), 'bad-state')
    q.claim('b1', 'A')
    q.fail(jobs[2]!, 'x', null)
    expectQueueError(() => q.cancel(jobs[2]!), 'bad-state')
    expectQueueError(() => q.cancel('nope'), 'not-found')
  })

  it('retry puts a failed or cancelled job at the back, attempts kept', () => {
    q.claim('b1', 'A')
    q.fail(jobs[0]!, 'boom', 't')
    q.cancel(jobs[1]!)
    q.retry(jobs[0]!)
    q.retry(jobs[1]!)
    expect(queueIds()).toEqual([jobs[2], jobs[3], jobs[0], jobs[1]])
    expect(q.get(jobs[0]!)).toMatchObject({ state: 'queued', attempts: 1, failedStage: null, finishedAt: null, backend: null })
    expect(q.history({}).total).toBe(0)
  })

  it('retry refuses queued, running and succeeded jobs', () => {
    expectQueueError(() => q.retry(jobs[1]!), 'bad-state')
    q.claim('b1', 'A')
    expectQueueError(() => q.retry(jobs[0]!), 'bad-state')
    q.succeed(jobs[0]!)
    expectQueueError(() => q.retry(jobs[0]!), 'bad-state')
    expectQueueError(() => q.retry('nope'), 'not-found')
  })

  it('pause blocks claim until resume', () => {
    q.pause()
    expect(q.isPaused()).toBe(true)
    expect(q.claim('b1', 'A')).toBeNull()
    expect(q.snapshot().paused).toBe(true)
    expect(q.get(jobs[0]!)!.state).toBe('queued')
    q.resume()
    expect(q.isPaused()).toBe(false)
    expect(q.claim('b1', 'A')!.jobId).toBe(jobs[0])
  })

  it('claim returns null when nothing is queued', () => {
    for (let i = 0; i < 4; i++) q.claim('b1', 'A')
    expect(q.claim('b1', 'A')).toBeNull()
  })

  it('recover re-queues running jobs with their attempts', () => {
    q.claim('b1', 'A')
    q.claim('b2', 'A')
    q.succeed(jobs[1]!)
    expect(q.recover()).toBe(1)
    expect(q.get(jobs[0]!)).toMatchObject({ state: 'queued', attempts: 1, backend: null })
    expect(q.recover()).toBe(0)
  })
})

describe('onChange', () => {
  it('fires synchronously once per mutation and not for refused or empty ones; unsubscribe stops it', () => {
    const run = batchRun(2, 1)
    let calls = 0
    const off = q.onChange(() => { calls++ })
    q.submit(run)
    expect(calls).toBe(1)
    q.claim('b1', 'A'); expect(calls).toBe(2)
    q.succeed(run.jobs[0]!.jobId); expect(calls).toBe(3)
    q.succeed(run.jobs[0]!.jobId); expect(calls).toBe(3)
    q.pause(); expect(calls).toBe(4)
    q.claim('b1', 'A'); expect(calls).toBe(4)
    q.resume(); expect(calls).toBe(5)
    q.edit(run.jobs[1]!.jobId, { steps: 5 }); expect(calls).toBe(6)
    q.move(run.jobs[1]!.jobId, { to: 'back' }); expect(calls).toBe(7)
    q.cancel(run.jobs[1]!.jobId); expect(calls).toBe(8)
    q.retry(run.jobs[1]!.jobId); expect(calls).toBe(9)
    expect(() => q.retry(run.jobs[1]!.jobId)).toThrow(QueueError)
    expect(calls).toBe(9)
    off()
    q.cancel(run.jobs[1]!.jobId)
    expect(calls).toBe(9)
  })

  it('a throwing listener neither undoes the change nor stops the others', () => {
    const errors: unknown[] = []
    const local = openStore(':memory:', { onListenerError: (err) => errors.push(err) })
    try {
      let second = 0
      local.queue.onChange(() => { throw new Error('listener bug') })
      local.queue.onChange(() => { second++ })
      local.queue.submit(runOfModels(['A'], 1))
      expect(second).toBe(1)
      expect(errors).toEqual([new Error('listener bug')])
      expect(local.queue.snapshot().jobs).toHaveLength(1)
    } finally {
      local.close()
    }
  })
})
