/**
 * A full disk, for real: the data folder (or its outputs folder) on a size-limited tmpfs, filled
 * up while a run goes on. The server must not die (a `SqliteError: database or disk is full` out
 * of the worker loop used to end it), the job that hit it fails with the free space, the queue
 * pauses itself with the reason (in /api/health and the queue snapshot) and resumes when the user
 * says so; and no job starts while free space is below MIN_FREE_MB.
 */
import { closeSync, openSync, rmSync, writeSync } from 'node:fs'
import { mkdirSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { alive, api, cleanup, example, mountTmpfs, startServerProcess, tempDir, waitUntil } from './harness.ts'
import { recordReliability } from './summary.ts'

afterEach(cleanup)

/** Writes zeros into `file` until the file system refuses (ENOSPC): nothing is left. */
function fillUp(file: string): number {
  const fd = openSync(file, 'w')
  let written = 0
  try {
    for (const size of [1 << 20, 1 << 14, 1 << 12, 512, 1]) {
      const chunk = Buffer.alloc(size)
      for (;;) {
        try { written += writeSync(fd, chunk) } catch { break }
      }
    }
  } finally {
    closeSync(fd)
  }
  return written
}

function skip(check: string, why: string): void {
  console.warn(`[reliability] skipped "${check}": ${why}`)
  recordReliability({ check, skipped: why })
}

const DISK_FULL = /the disk is full \(\d+ MB free in DATA_DIR\)/

async function jobsOf(server: { url: string }, runId: string): Promise<{ jobId: string; state: string; lastError: string | null }[]> {
  return (await api(server, `/api/runs/${runId}`)).body.jobs
}

describe('a full disk', () => {
  it('ENOSPC mid-run: the server lives, the queue pauses with the reason, and a resume finishes every job', async () => {
    const check = 'full disk mid-run (data folder on a 40 MB tmpfs)'
    const dataDir = tempDir()
    const why = mountTmpfs(dataDir, 40)
    if (why) return skip(check, why)
    const server = await startServerProcess({ dataDir, minFreeMB: 0, stepMs: 15 })
    const run = await api(server, '/api/runs', { method: 'POST', json: { graph: example('video') } })
    expect(run.status).toBe(201)
    const runId: string = run.body.runId
    await waitUntil(async () => (await jobsOf(server, runId)).filter((j) => j.state === 'succeeded').length >= 2, 'two frames done')
    const filler = join(dataDir, 'filler.bin')
    fillUp(filler)

    // The server stays up and pauses the queue itself, saying why.
    const health = await waitUntil(async () => {
      const h = await api(server, '/api/health')
      return h.body.queue?.pausedReason ? h.body : undefined
    }, 'the queue to pause itself', 20_000)
    expect(health.queue.paused).toBe(true)
    expect(health.queue.pausedReason).toMatch(DISK_FULL)
    expect(health.queue.pausedReason).toMatch(/resume the queue/)
    expect(JSON.stringify(health.queue)).not.toContain(dataDir)
    expect((await api(server, '/api/queue')).body.pausedReason).toBe(health.queue.pausedReason)
    // Jobs that hit the full disk failed with the free space, not a stack trace or a path.
    const afterFull = await jobsOf(server, runId)
    for (const j of afterFull.filter((x) => x.state === 'failed')) {
      expect(j.lastError).toMatch(DISK_FULL)
      expect(j.lastError).not.toContain(dataDir)
    }
    // Paused means paused: nothing starts while the disk is full.
    await new Promise((r) => setTimeout(r, 500))
    expect(alive(server)).toBe(true)
    const stillPaused = await api(server, '/api/queue')
    expect(stillPaused.body.paused).toBe(true)

    // The user frees space and resumes; failed jobs are retried; every job ends succeeded.
    rmSync(filler)
    expect((await api(server, '/api/queue/resume', { method: 'POST' })).status).toBe(200)
    for (const j of (await jobsOf(server, runId)).filter((x) => x.state === 'failed')) {
      expect((await api(server, `/api/jobs/${j.jobId}/retry`, { method: 'POST' })).status).toBe(200)
    }
    const final = await waitUntil(async () => {
      const jobs = await jobsOf(server, runId)
      return jobs.every((j) => j.state === 'succeeded') ? jobs : undefined
    }, 'every job to succeed after the resume', 60_000)
    expect(final).toHaveLength(12)
    // Every succeeded job has its learning line (kept in the database while the disk was full).
    await waitUntil(() => {
      try {
        const lines = readFileSync(join(dataDir, 'learning', 'learning_log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).jobId)
        return new Set(lines).size === 12
      } catch { return false }
    }, 'twelve learning lines', 20_000)
    await waitUntil(() => readdirSync(join(dataDir, 'outputs', runId)).includes('clip.mp4'), 'the video', 30_000)
    expect(alive(server)).toBe(true)
    recordReliability({ check, faultsSurvived: `disk filled after 2 of 12 jobs; ${afterFull.filter((j) => j.state === 'failed').length} job(s) failed with the free space, queue paused itself, 12/12 succeeded after resume`, count5xx: 0, dataChanged: false })
  }, 120_000)

  it('a job whose images hit ENOSPC fails with "the disk is full (N MB free in DATA_DIR)"', async () => {
    const check = 'full outputs disk (outputs on a 4 MB tmpfs, filled)'
    const dataDir = tempDir()
    mkdirSync(join(dataDir, 'outputs'))
    const why = mountTmpfs(join(dataDir, 'outputs'), 4)
    if (why) return skip(check, why)
    fillUp(join(dataDir, 'outputs', 'filler.bin'))
    const server = await startServerProcess({ dataDir, minFreeMB: 0, stepMs: 10 })
    const run = await api(server, '/api/runs', { method: 'POST', json: { graph: example('video') } })
    expect(run.status).toBe(201)
    const failed = await waitUntil(async () => (await jobsOf(server, run.body.runId)).find((j) => j.state === 'failed'), 'a failed job', 30_000)
    expect(failed.lastError).toMatch(/^Saving the outputs failed: the disk is full \(0 MB free in DATA_DIR\)$/)
    const health = (await api(server, '/api/health')).body
    expect(health.queue.pausedReason).toMatch(/^the disk is full \(0 MB free in DATA_DIR\)\. Paused by the server/)
    // Only the jobs generated before the first write failed (the two in flight, a few more on a
    // loaded machine) were spent on the full disk; the rest wait in the queue.
    const jobs = await jobsOf(server, run.body.runId)
    const failedJobs = jobs.filter((j) => j.state === 'failed')
    for (const j of failedJobs) expect(j.lastError).toMatch(/^Saving the outputs failed: the disk is full \(0 MB free in DATA_DIR\)$/)
    expect(jobs.filter((j) => j.state === 'queued').length).toBeGreaterThan(0)
    expect(alive(server)).toBe(true)
    recordReliability({ check, faultsSurvived: 'image write ENOSPC: job failed with the free space, queue paused', count5xx: 0 })
  }, 60_000)

  it('below MIN_FREE_MB no job starts: the queue pauses with the floor named, and runs after space is freed and the user resumes', async () => {
    const check = 'free-space floor (MIN_FREE_MB=20 on a 40 MB tmpfs)'
    const dataDir = tempDir()
    const why = mountTmpfs(dataDir, 40)
    if (why) return skip(check, why)
    const server = await startServerProcess({ dataDir, minFreeMB: 20, stepMs: 1 })
    // Leave about 10 MB free: below the floor.
    const filler = join(dataDir, 'filler.bin')
    const fd = openSync(filler, 'w')
    writeSync(fd, Buffer.alloc(28 << 20))
    closeSync(fd)
    const run = await api(server, '/api/runs', { method: 'POST', json: { graph: example('portrait') } })
    expect(run.status).toBe(201)
    const health = await waitUntil(async () => {
      const h = (await api(server, '/api/health')).body
      return h.queue.pausedReason ? h : undefined
    }, 'the floor pause', 10_000)
    expect(health.queue.pausedReason).toMatch(/^only \d+ MB free in DATA_DIR, below the floor of 20 MB \(MIN_FREE_MB\): no job starts/)
    expect(health.storage).toMatchObject({ minFreeMB: 20 })
    expect(health.storage.freeMB).toBeLessThan(20)
    const jobs = await jobsOf(server, run.body.runId)
    expect(jobs.every((j) => j.state === 'queued')).toBe(true)

    // Resuming while still below the floor pauses again at once, with the same reason.
    await api(server, '/api/queue/resume', { method: 'POST' })
    await waitUntil(async () => (await api(server, '/api/queue')).body.pausedReason, 'the pause to come back')
    expect((await jobsOf(server, run.body.runId)).every((j) => j.state === 'queued')).toBe(true)

    rmSync(filler)
    await api(server, '/api/queue/resume', { method: 'POST' })
    await waitUntil(async () => (await jobsOf(server, run.body.runId)).every((j) => j.state === 'succeeded'), 'every job after the resume', 60_000)
    const after = (await api(server, '/api/health')).body
    expect(after.queue).toEqual({ paused: false, pausedReason: null })
    recordReliability({ check, faultsSurvived: 'no job started below the floor; all succeeded after freeing space and resuming' })
  }, 90_000)
})
