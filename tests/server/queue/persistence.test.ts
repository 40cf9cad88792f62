import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore, SCHEMA_VERSION } from '../../../server/queue/index.ts'
import { batchRun, ids, runOfModels, tempDir, tickingClock } from './helpers.ts'

let tmp: ReturnType<typeof tempDir>
beforeEach(() => { tmp = tempDir() })
afterEach(() => tmp.cleanup())

describe('persistence', () => {
  it('queue, order, paused flag, edits and ratings survive close and reopen', () => {
    const a = batchRun(3, 1)
    const b = runOfModels(['A', 'B'], 2)
    let store = openStore(tmp.file, { now: tickingClock() })
    store.queue.submit(a)
    store.queue.submit(b, { front: true })
    store.queue.move(a.jobs[2]!.jobId, { before: b.jobs[1]!.jobId })
    store.queue.edit(a.jobs[0]!.jobId, { prompt: 'edited', seed: 5 })
    // Order is now b0 (A), a2, b1 (B), a0, a1: a backend with B loaded takes b1, passing over two.
    expect(store.queue.claim('b1', 'B')!.jobId).toBe(b.jobs[1]!.jobId)
    store.queue.pause()
    store.ratings.set({ targetKind: 'job', targetId: a.jobs[1]!.jobId, rating: 4, at: '2026-11-22T11:00:00.000Z' })
    store.ratings.set({ targetKind: 'image', targetId: 'img-1', rating: 2, at: '2026-11-22T11:00:01.000Z' })
    store.ratings.set({ targetKind: 'image', targetId: 'img-1', rating: 5, at: '2026-11-22T11:00:02.000Z' })
    const before = store.queue.snapshot()
    const editedBefore = store.queue.get(a.jobs[0]!.jobId)
    store.close()

    store = openStore(tmp.file)
    try {
      expect(store.queue.snapshot()).toEqual(before)
      expect(store.queue.isPaused()).toBe(true)
      expect(store.queue.claim('b1', null)).toBeNull()
      expect(store.queue.get(a.jobs[0]!.jobId)).toEqual(editedBefore)
      expect(store.queue.get(b.jobs[0]!.jobId)!.passedOver).toBe(1)
      expect(store.queue.getRun(a.runId)!.run.graph).toEqual(a.graph)
      expect(store.ratings.get('job', a.jobs[1]!.jobId)!.rating).toBe(4)
      expect(store.ratings.get('image', 'img-1')).toEqual({ targetKind: 'image', targetId: 'img-1', rating: 5, at: '2026-11-22T11:00:02.000Z' })
      expect(store.ratings.all()).toHaveLength(2)
      store.queue.resume()
    } finally {
      store.close()
    }
    store = openStore(tmp.file)
    expect(store.queue.isPaused()).toBe(false)
    store.close()
  })

  it('recover after a crash re-queues running jobs at their place with their attempts, and nothing completes twice', () => {
    const run = batchRun(4, 1)
    const j = ids(run.jobs)
    let store = openStore(tmp.file)
    store.queue.submit(run)
    store.queue.claim('b1', 'A')
    store.queue.claim('b2', 'A')
    store.queue.succeed(j[1]!)
    // A crash: the process dies without closing (the WAL keeps what was committed).
    const crashed = store
    store = openStore(tmp.file)
    try {
      expect(store.queue.get(j[0]!)!.state).toBe('running')
      expect(store.queue.recover()).toBe(1)
      expect(ids(store.queue.snapshot({ finishedLimit: 0 }).jobs)).toEqual([j[0], j[2], j[3]])
      expect(store.queue.get(j[0]!)).toMatchObject({ state: 'queued', attempts: 1, backend: null })
      // The dead process's worker reporting late changes nothing.
      expect(crashed.queue.succeed(j[0]!)).toBe(false)
      expect(store.queue.claim('b1', 'A')).toMatchObject({ jobId: j[0], attempts: 2 })
      expect(store.queue.succeed(j[0]!)).toBe(true)
      expect(crashed.queue.succeed(j[0]!)).toBe(false)
      expect(store.queue.history({ state: 'succeeded' }).total).toBe(2)
    } finally {
      crashed.close()
      store.close()
    }
  })

  it('migrates a fresh file to the current schema with WAL and foreign keys, and refuses a newer one', () => {
    const store = openStore(tmp.file)
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(store.db.pragma('synchronous', { simple: true })).toBe(1)
    store.close()
    const raw = new Database(tmp.file)
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`)
    raw.close()
    expect(() => openStore(tmp.file)).toThrow(/newer version/)
  })
})
