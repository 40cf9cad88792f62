/**
 * No error in a worker ends the process: the queue database refusing every write (here through
 * SQLite's own `query_only`, which makes each write fail with SQLITE_READONLY, as a read-only or
 * full disk does) used to escape the worker loop as an unhandled rejection. Now the loop reports
 * it, the queue pauses itself with the reason (held in memory: the database cannot store it), and
 * once the database is writable again and the user resumes, every job finishes exactly once.
 * Runs everywhere (no mounts needed); tests/server/reliability/ does the same with a real full disk.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { compileExample, harness, type Harness } from './helpers.ts'

let h: Harness | undefined
afterEach(async () => { await h?.close(); h = undefined })

async function until(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('a worker whose queue database refuses writes', () => {
  it('survives, pauses the queue with the reason, and finishes every job after a resume', async () => {
    h = await harness({ sims: [{ stepMs: 4 }] })
    const { store, exec } = h
    await exec.start()
    const run = await compileExample('video')
    store.queue.submit(run)
    const succeeded = () => run.jobs.filter((j) => store.queue.get(j.jobId)?.state === 'succeeded').length
    await until(() => succeeded() >= 2, 'two jobs')

    store.db.pragma('query_only = 1')
    await until(() => store.queue.pausedReason() !== null, 'the queue to pause itself')
    expect(store.queue.pausedReason()).toMatch(/^cannot write stablenew\.sqlite: the database is read-only \(SQLITE_READONLY\)\. Paused by the server/)
    expect(store.queue.snapshot().pausedReason).toBe(store.queue.pausedReason())
    // Held: nothing is claimed while the database is refused, and the workers sleep (no
    // pause → wake → pause loop: the queue hardly changes while nothing can happen).
    let changes = 0
    const off = store.queue.onChange(() => { changes++ })
    await new Promise((r) => setTimeout(r, 300))
    off()
    expect(changes).toBeLessThanOrEqual(4)
    const duringOutage = succeeded()

    store.db.pragma('query_only = 0')
    store.queue.resume()
    await exec.idle()
    expect(run.jobs.map((j) => store.queue.get(j.jobId)?.state)).toEqual(run.jobs.map(() => 'succeeded'))
    expect(duringOutage).toBeLessThan(run.jobs.length)
    // Exactly once: one learning line per job.
    const lines = (await readFile(join(h.dir, 'learning', 'learning_log.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l).jobId)
    expect(lines.sort()).toEqual(run.jobs.map((j) => j.jobId).sort())
  }, 60_000)
})

describe('the free-space floor', () => {
  it('below it no job starts: the queue pauses once with the floor named, and stays quiet', async () => {
    h = await harness({ options: { minFreeBytes: Number.MAX_SAFE_INTEGER } })
    const { store, exec } = h
    await exec.start()
    const run = await compileExample('portrait')
    store.queue.submit(run)
    await until(() => store.queue.pausedReason() !== null, 'the floor pause')
    expect(store.queue.pausedReason()).toMatch(/^only \d+ MB free in DATA_DIR, below the floor of \d+ MB \(MIN_FREE_MB\): no job starts\. Free some space, then resume the queue\.$/)
    expect(run.jobs.every((j) => store.queue.get(j.jobId)?.state === 'queued')).toBe(true)
    let changes = 0
    const off = store.queue.onChange(() => { changes++ })
    await new Promise((r) => setTimeout(r, 300))
    expect(changes).toBe(0)
    // A resume while still below the floor: paused again at once, once.
    store.queue.resume()
    await until(() => store.queue.pausedReason() !== null, 'the pause to come back')
    await new Promise((r) => setTimeout(r, 300))
    off()
    expect(changes).toBeLessThanOrEqual(3)
    expect(run.jobs.every((j) => store.queue.get(j.jobId)?.state === 'queued')).toBe(true)
    expect((await exec.storage()).minFreeMB).toBeGreaterThan(1_000_000)
  }, 30_000)
})
