/**
 * Read-only folders, for real: parts of the data folder bind-mounted read-only (root ignores
 * chmod, not a read-only mount). Library writes and ratings answer 503 naming the file relative
 * to the data folder (no absolute path, no "the server hit a bug"); learning and rating lines are
 * kept in the queue database and written once the folder is writable again; a job whose images
 * cannot be written fails with the real cause and pauses the queue, so no more generations are
 * wasted, and the run finishes after the folder is fixed and the queue resumed.
 */
import { mkdirSync, readFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { alive, api, bindReadOnly, cleanup, example, startServerProcess, tempDir, unmount, waitUntil } from './harness.ts'
import { recordReliability } from './summary.ts'

afterEach(cleanup)

function skip(check: string, why: string): void {
  console.warn(`[reliability] skipped "${check}": ${why}`)
  recordReliability({ check, skipped: why })
}

const readLines = (file: string): any[] => existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : []

describe('read-only folders', () => {
  it('library writes answer 503 naming the file (data-relative), not 500', async () => {
    const check = 'read-only library/ (bind mount, ro)'
    const dataDir = tempDir()
    const server = await startServerProcess({ dataDir })
    const why = bindReadOnly(join(dataDir, 'library'))
    if (why) return skip(check, why)
    const before = (await api(server, '/api/graphs/portrait')).body
    const answers = [
      await api(server, '/api/presets/new-look', { method: 'PUT', json: { name: 'New look', config: {} } }),
      await api(server, '/api/graphs/portrait', { method: 'PUT', json: { ...before, name: 'Renamed' } }),
      await api(server, '/api/packs/portraits/config', { method: 'PUT', json: { config: {} } }),
      await api(server, '/api/presets/default', { method: 'PUT', json: { presetId: null } }),
    ]
    for (const a of answers) {
      expect(a.status, JSON.stringify(a.body)).toBe(503)
      expect(a.body.error).toMatch(/^storage: cannot write library\/\S+: the file system is read-only \(EROFS\)/)
      expect(a.body.error).not.toContain(dataDir)
    }
    expect(answers[0]!.body.error).toContain('library/presets/new-look.json')
    // Nothing changed, and the server is fine.
    expect((await api(server, '/api/graphs/portrait')).body).toEqual(before)
    expect(alive(server)).toBe(true)
    recordReliability({ check, badInputsTried: answers.length, count5xx: answers.filter((a) => a.status >= 500 && a.status !== 503).length, dataChanged: false })
  }, 60_000)

  it('an unwritable learning/ keeps learning and rating lines in the database and writes them when it is writable again', async () => {
    const check = 'read-only learning/ (lines kept, written later)'
    const dataDir = tempDir()
    mkdirSync(join(dataDir, 'learning'))
    const why = bindReadOnly(join(dataDir, 'learning'))
    if (why) return skip(check, why)
    const server = await startServerProcess({ dataDir, executor: { lineRetryMs: 200 } })
    const run = await api(server, '/api/runs', { method: 'POST', json: { graph: example('portrait') } })
    expect(run.status).toBe(201)
    const jobIds: string[] = run.body.jobIds
    await waitUntil(async () => (await api(server, `/api/runs/${run.body.runId}`)).body.jobs.every((j: { state: string }) => j.state === 'succeeded'), 'the run')
    const health = (await api(server, '/api/health')).body
    expect(health.storage.pendingLines).toBe(jobIds.length)
    expect(health.storage.lastWriteError).toMatch(/cannot write learning\/learning_log\.jsonl: the file system is read-only \(EROFS\)/)
    expect(health.storage.lastWriteError).not.toContain(dataDir)

    // A rating is refused as what it is (503), and kept.
    const rated = await api(server, '/api/ratings', { method: 'PUT', json: { targetKind: 'job', targetId: jobIds[0], rating: 4 } })
    expect(rated.status).toBe(503)
    expect(rated.body.error).toMatch(/cannot write learning\/ratings\.jsonl: the file system is read-only \(EROFS\).*the rating is saved in the queue database/)
    expect((await api(server, `/api/jobs/${jobIds[0]}`)).body.rating).toBe(4)

    unmount(join(dataDir, 'learning'))
    await waitUntil(async () => (await api(server, '/api/health')).body.storage.pendingLines === 0, 'the kept lines to be written', 10_000)
    const log = readLines(join(dataDir, 'learning', 'learning_log.jsonl'))
    expect(log.map((l) => l.jobId).sort()).toEqual([...jobIds].sort())
    expect(readLines(join(dataDir, 'learning', 'ratings.jsonl'))).toMatchObject([{ targetKind: 'job', targetId: jobIds[0], rating: 4 }])
    expect((await api(server, '/api/health')).body.storage.lastWriteError).toBeNull()
    recordReliability({ check, faultsSurvived: `${jobIds.length} learning lines + 1 rating kept while read-only, all written after`, dataChanged: false })
  }, 60_000)

  it('outputs/ becoming read-only mid-run: the job fails with the real cause, the queue pauses, and the run finishes after a resume', async () => {
    const check = 'read-only outputs/ mid-run (bind mount, ro)'
    const dataDir = tempDir()
    mkdirSync(join(dataDir, 'outputs'))
    const server = await startServerProcess({ dataDir, stepMs: 15 })
    const run = await api(server, '/api/runs', { method: 'POST', json: { graph: example('video') } })
    expect(run.status).toBe(201)
    const runId: string = run.body.runId
    const jobs = async () => (await api(server, `/api/runs/${runId}`)).body.jobs as { jobId: string; state: string; lastError: string | null }[]
    await waitUntil(async () => (await jobs()).filter((j) => j.state === 'succeeded').length >= 2, 'two frames')
    const why = bindReadOnly(join(dataDir, 'outputs'))
    if (why) return skip(check, why)
    const failed = await waitUntil(async () => (await jobs()).find((j) => j.state === 'failed'), 'a job to fail on the read-only folder')
    expect(failed.lastError).toMatch(new RegExp(`^Saving the outputs failed: cannot write outputs/${runId}/\\S+: the file system is read-only \\(EROFS\\)$`))
    const health = (await api(server, '/api/health')).body
    expect(health.queue.pausedReason).toMatch(/read-only \(EROFS\)\. Paused by the server so no more generations are lost; make outputs\/\S+ writable, then resume the queue\./)
    expect((await jobs()).filter((j) => j.state === 'failed').length).toBeLessThanOrEqual(4)
    expect((await jobs()).some((j) => j.state === 'queued')).toBe(true)

    unmount(join(dataDir, 'outputs'))
    await api(server, '/api/queue/resume', { method: 'POST' })
    for (const j of (await jobs()).filter((x) => x.state === 'failed')) await api(server, `/api/jobs/${j.jobId}/retry`, { method: 'POST' })
    await waitUntil(async () => (await jobs()).every((j) => j.state === 'succeeded'), 'every job after the resume', 60_000)
    expect(alive(server)).toBe(true)
    recordReliability({ check, faultsSurvived: 'outputs read-only after 2 of 12 jobs: failed with EROFS and paused; 12/12 after resume' })
  }, 90_000)
})
