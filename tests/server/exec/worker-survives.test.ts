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
    // Held: nothing is claimed while the database is refused, however long it lasts.
    await new Promise((r) => setTimeout(r, 300))
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
