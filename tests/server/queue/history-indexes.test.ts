import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ArtifactRecord, QueueStore, Store } from '../../../server/queue/index.ts'
import { batchRun, ids, memoryStore, packRun } from './helpers.ts'

let store: Store
let q: QueueStore
beforeEach(() => { store = memoryStore(); q = store.queue })
afterEach(() => store.close())

/** Claims and finishes every queued job in claim order with the given outcome per job. */
function runAll(outcome: (jobId: string, i: number) => 'succeed' | 'fail' | 'cancel'): string[] {
  const finished: string[] = []
  for (let i = 0; ; i++) {
    const job = q.claim('b0', null)
    if (job === null) return finished
    const o = outcome(job.jobId, i)
    if (o === 'succeed') q.succeed(job.jobId)
    else if (o === 'fail') q.fail(job.jobId, 'boom', 't')
    else q.cancel(job.jobId)
    finished.push(job.jobId)
  }
}

function artifact(id: string, jobId: string, runId: string, stageId: string, index: number, createdAt: string): ArtifactRecord {
  return { artifactId: id, jobId, runId, stageId, index, kind: 'image', path: `outputs/${runId}/${id}.png`, thumbPath: `outputs/${runId}/${id}.webp`, width: 512, height: 512, createdAt }
}

describe('history', () => {
  let g1: string[]
  let g2: string[]
  let packed: string[]
  beforeEach(() => {
    const a = batchRun(3, 1, { model: 'A', graphId: 'g1' })
    const b = batchRun(2, 2, { model: 'B', graphId: 'g2' })
    const p = packRun(3, { model: 'C', graphId: 'g3' })
    q.submit(a); q.submit(b); q.submit(p)
    g1 = ids(a.jobs); g2 = ids(b.jobs); packed = ids(p.jobs)
    runAll((_, i) => (i === 1 ? 'fail' : i === 3 ? 'cancel' : 'succeed'))
    q.submit(batchRun(1, 4)) // still queued: never in the history
  })

  it('lists finished jobs newest first with the total', () => {
    const all = [...g1, ...g2, ...packed].reverse()
    const page = q.history({})
    expect(ids(page.jobs)).toEqual(all)
    expect(page.total).toBe(8)
    expect(ids(q.history({ offset: 2, limit: 3 }).jobs)).toEqual(all.slice(2, 5))
    expect(q.history({ offset: 2, limit: 3 }).total).toBe(8)
    expect(q.history({ limit: 100_000 }).jobs).toHaveLength(8)
  })

  it('filters by graph, pack, model and state', () => {
    expect(ids(q.history({ graphId: 'g2' }).jobs)).toEqual([...g2].reverse())
    expect(ids(q.history({ packId: 'animals' }).jobs)).toEqual([...packed].reverse())
    expect(q.history({ packId: 'animals' }).jobs.map((j) => j.prompt)).toEqual(['a fox', 'a dog', 'a cat'])
    expect(ids(q.history({ model: 'A' }).jobs)).toEqual([...g1].reverse())
    expect(ids(q.history({ state: 'failed' }).jobs)).toEqual([g1[1]])
    expect(ids(q.history({ state: 'cancelled' }).jobs)).toEqual([g2[0]])
    expect(q.history({ state: 'queued' })).toEqual({ jobs: [], total: 0 })
    expect(q.history({ state: 'succeeded', model: 'B' })).toMatchObject({ total: 1, jobs: [{ jobId: g2[1] }] })
    expect(q.history({ graphId: 'nope' })).toEqual({ jobs: [], total: 0 })
  })

  it('filters by minimum rating, of the job or of any of its images, last rating winning', () => {
    const at = '2026-11-22T12:00:00.000Z'
    store.ratings.set({ targetKind: 'job', targetId: g1[0]!, rating: 5, at })
    store.ratings.set({ targetKind: 'job', targetId: g1[2]!, rating: 2, at })
    store.artifacts.add(artifact('img-b1', g2[1]!, 'r', 't', 0, at))
    store.ratings.set({ targetKind: 'image', targetId: 'img-b1', rating: 4, at })
    store.ratings.set({ targetKind: 'job', targetId: packed[0]!, rating: 4, at })
    store.ratings.set({ targetKind: 'job', targetId: packed[0]!, rating: 1, at })
    expect(ids(q.history({ minRating: 4 }).jobs)).toEqual([g2[1], g1[0]])
    expect(q.history({ minRating: 4 }).total).toBe(2)
    expect(ids(q.history({ minRating: 2 }).jobs)).toEqual([g2[1], g1[2], g1[0]])
    expect(ids(q.history({ minRating: 4, graphId: 'g1' }).jobs)).toEqual([g1[0]])
    expect(q.history({ minRating: 5.5 }).total).toBe(0)
  })
})

describe('artifacts', () => {
  it('stores records and reads them by id, job, run and latest of a stage within a graph', () => {
    const a = batchRun(2, 1, { graphId: 'g1' })
    const b = batchRun(1, 2, { graphId: 'g2' })
    q.submit(a); q.submit(b)
    const [a0, a1] = ids(a.jobs) as [string, string]
    const b0 = b.jobs[0]!.jobId
    const recs = [
      artifact('x3', a1, a.runId, 't', 0, '2026-11-22T10:00:03.000Z'),
      artifact('x1', a0, a.runId, 't', 0, '2026-11-22T10:00:01.000Z'),
      artifact('x2', a0, a.runId, 'u', 0, '2026-11-22T10:00:02.000Z'),
      artifact('y1', b0, b.runId, 't', 0, '2026-11-22T10:00:04.000Z'),
    ]
    recs.forEach((r) => store.artifacts.add(r))
    expect(store.artifacts.get('x1')).toEqual(recs[1])
    expect(store.artifacts.get('nope')).toBeUndefined()
    expect(store.artifacts.ofJob(a0).map((r) => r.artifactId)).toEqual(['x1', 'x2'])
    expect(store.artifacts.ofRun(a.runId).map((r) => r.artifactId)).toEqual(['x1', 'x2', 'x3'])
    expect(store.artifacts.latestOfStage('t', 'g1', 10).map((r) => r.artifactId)).toEqual(['x3', 'x1'])
    expect(store.artifacts.latestOfStage('t', 'g1', 1).map((r) => r.artifactId)).toEqual(['x3'])
    expect(store.artifacts.latestOfStage('t', 'g2', 10).map((r) => r.artifactId)).toEqual(['y1'])
    // A re-run writes the same id again: the record is replaced, not duplicated.
    store.artifacts.add({ ...recs[1]!, width: 1024, height: 1024 })
    expect(store.artifacts.ofJob(a0).map((r) => [r.artifactId, r.width])).toEqual([['x1', 1024], ['x2', 512]])
  })
})

describe('stage cache', () => {
  it('returns the ids only while every artifact is still indexed', () => {
    const run = batchRun(1, 1)
    q.submit(run)
    const j = run.jobs[0]!.jobId
    store.artifacts.add(artifact('c1', j, run.runId, 't', 0, '2026-11-22T10:00:00.000Z'))
    store.artifacts.add(artifact('c2', j, run.runId, 't', 1, '2026-11-22T10:00:00.000Z'))
    expect(store.cache.lookup('k')).toBeUndefined()
    store.cache.store('k', ['c1', 'c2'])
    expect(store.cache.lookup('k')).toEqual(['c1', 'c2'])
    store.cache.store('k2', ['c1', 'gone'])
    expect(store.cache.lookup('k2')).toBeUndefined()
    store.cache.store('k', ['c2'])
    expect(store.cache.lookup('k')).toEqual(['c2'])
  })
})

describe('ratings', () => {
  it('upserts (last write wins) and reads many at once', () => {
    const r = store.ratings
    r.set({ targetKind: 'job', targetId: 'j1', rating: 3, at: '2026-11-22T10:00:00.000Z' })
    r.set({ targetKind: 'job', targetId: 'j1', rating: 1, at: '2026-11-22T10:00:01.000Z' })
    r.set({ targetKind: 'image', targetId: 'j1', rating: 5, at: '2026-11-22T10:00:02.000Z' })
    expect(r.get('job', 'j1')).toEqual({ targetKind: 'job', targetId: 'j1', rating: 1, at: '2026-11-22T10:00:01.000Z' })
    expect(r.get('job', 'j2')).toBeUndefined()
    const manyIds = Array.from({ length: 1200 }, (_, i) => `m${i}`)
    manyIds.forEach((id, i) => r.set({ targetKind: 'image', targetId: id, rating: i % 6, at: '2026-11-22T10:00:03.000Z' }))
    const got = r.many('image', [...manyIds, 'j1', 'unknown'])
    expect(got.size).toBe(1201)
    expect(got.get('m1199')).toBe(1199 % 6)
    expect(got.get('j1')).toBe(5)
    expect(r.many('job', ['j1', 'm1'])).toEqual(new Map([['j1', 1]]))
    expect(r.all()).toHaveLength(1202)
    expect(() => r.set({ targetKind: 'job', targetId: 'j1', rating: 6, at: '2026-11-22T10:00:04.000Z' })).toThrow(RangeError)
    expect(r.get('job', 'j1')!.rating).toBe(1)
  })
})
