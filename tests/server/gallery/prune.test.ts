/**
 * Pruning's safety rules on a real store and real files: a live job's images are never touched,
 * a file another image (a cache hit) still uses is kept, a failed delete leaves the image whole,
 * and a delete a crash interrupted is settled at the next start.
 */
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dataPaths, type DataPaths } from '../../../server/data/paths.ts'
import { Pruner } from '../../../server/gallery/prune.ts'
import { createGallery } from '../../../server/gallery/query.ts'
import { openStore, type ArtifactRecord, type Store } from '../../../server/queue/index.ts'
import { batchRun } from '../queue/helpers.ts'

let dir: string
let paths: DataPaths
let store: Store
let pruner: Pruner

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'flow-prune-'))
  paths = dataPaths(dir)
  store = openStore(paths.database)
  pruner = new Pruner(paths, store.db, store.pendingLines)
})
afterEach(() => { store.close(); rmSync(dir, { recursive: true, force: true }) })

/** An image row with its PNG and thumbnail on disk. `file` lets two rows share one file (a cache hit). */
function image(id: string, jobId: string, runId: string, file = id): ArtifactRecord {
  const folder = join(dir, 'outputs', runId)
  mkdirSync(folder, { recursive: true })
  writeFileSync(join(folder, `${file}.png`), 'png bytes')
  writeFileSync(join(folder, `${file}.thumb.webp`), 'webp')
  const a: ArtifactRecord = { artifactId: id, jobId, runId, stageId: 't', index: 0, kind: 'image', path: `outputs/${runId}/${file}.png`, thumbPath: `outputs/${runId}/${file}.thumb.webp`, width: 8, height: 8, createdAt: new Date().toISOString() }
  store.artifacts.add(a)
  return a
}
const onDisk = (a: ArtifactRecord) => existsSync(join(dir, a.path)) && existsSync(join(dir, a.thumbPath!))

describe('pruning safety', () => {
  it('never touches the images of a running job, and deletes them once it has finished', async () => {
    const run = batchRun(2, 1)
    store.queue.submit(run)
    const job = store.queue.claim('b0', null)!
    const a = image('a-1', job.jobId, run.runId)
    const r = await pruner.deleteRun(run.runId)
    expect(r.deleted).toEqual([])
    expect(r.skipped).toEqual([{ artifactId: 'a-1', reason: 'its job is running' }])
    expect(onDisk(a)).toBe(true)
    expect(store.artifacts.get('a-1')).toBeDefined()
    store.queue.succeed(job.jobId)
    expect((await pruner.deleteImages(['a-1'])).deleted).toEqual(['a-1'])
    expect(onDisk(a)).toBe(false)
  })

  it('keeps a file another image still uses (a stage-cache hit), and removes it with its last image', async () => {
    const run = batchRun(2, 1)
    store.queue.submit(run)
    for (let i = 0; i < 2; i++) store.queue.succeed(store.queue.claim('b0', null)!.jobId)
    const first = image('a-1', run.jobs[0]!.jobId, run.runId, 'shared')
    image('a-2', run.jobs[1]!.jobId, run.runId, 'shared')
    store.cache.store('key', ['a-1'])
    const r = await pruner.deleteImages(['a-1'])
    expect(r).toMatchObject({ deleted: ['a-1'], files: 0 })
    expect(onDisk(first)).toBe(true)
    // The cache entry named the deleted image: it can never hit again, so it is gone.
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM stage_cache').get()).toEqual({ n: 0 })
    expect((await pruner.deleteImages(['a-2'])).files).toBe(2)
    expect(onDisk(first)).toBe(false)
  })

  it('leaves the image whole when its row cannot be deleted (files renamed back)', async () => {
    const run = batchRun(1, 1)
    store.queue.submit(run)
    store.queue.succeed(store.queue.claim('b0', null)!.jobId)
    const a = image('a-1', run.jobs[0]!.jobId, run.runId)
    store.db.exec(`CREATE TRIGGER no_delete BEFORE DELETE ON artifacts BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`)
    await expect(pruner.deleteImages(['a-1'])).rejects.toThrow(/disk I\/O error/)
    expect(onDisk(a)).toBe(true)
    expect(createGallery(store.db).image('a-1')).toBeDefined()
  })

  it('settles a delete a crash interrupted: back if the row is there, gone if not', async () => {
    const run = batchRun(2, 1)
    store.queue.submit(run)
    const kept = image('a-1', run.jobs[0]!.jobId, run.runId)
    const folder = join(dir, 'outputs', run.runId)
    renameSync(join(dir, kept.path), join(folder, '.a-1.png.deleting'))
    writeFileSync(join(folder, '.gone.png.deleting'), 'x')
    expect(await pruner.recoverInterrupted()).toBe(2)
    expect(onDisk(kept)).toBe(true)
    expect(existsSync(join(folder, '.gone.png.deleting'))).toBe(false)
  })

  it('prunes the stage cache by age', async () => {
    let now = '2026-11-01T00:00:00.000Z'
    const cache = store.cache
    const aged = new Pruner(paths, store.db, store.pendingLines, () => now)
    store.db.prepare(`INSERT INTO stage_cache (cache_key, artifact_ids, created_at) VALUES ('old', '[]', '2026-10-01T00:00:00.000Z'), ('new', '[]', '2026-10-30T00:00:00.000Z')`).run()
    expect(await aged.pruneCache({ olderThanDays: 7, dryRun: true })).toEqual({ dryRun: true, removed: 1, remaining: 1, remainingBytes: 0 })
    expect(cache.lookup('old')).toEqual([])
    expect(await aged.pruneCache({ olderThanDays: 7 })).toMatchObject({ removed: 1, remaining: 1 })
    expect(cache.lookup('old')).toBeUndefined()
    now = '2026-12-01T00:00:00.000Z'
    expect(await aged.pruneCache({ olderThanDays: 7 })).toMatchObject({ removed: 1, remaining: 0 })
  })
})
