/**
 * Storage errors without mounts (so they run on any Linux CI): `learning/ratings.jsonl` made a
 * symlink to /dev/full, where every write fails with ENOSPC as on a full disk. A rating answers
 * 507 naming the file relative to the data folder and saying the rating is kept; the line waits
 * in the queue database (counted in /api/health) and is appended once the file can be written.
 * tests/server/reliability/ does the same on real full and read-only file systems.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { api, example, start, waitForIdle } from './helpers.ts'

const servers: { close(): Promise<void> }[] = []
afterEach(async () => { for (const s of servers.splice(0)) await s.close() })

describe('a rating whose file cannot be written', () => {
  it.runIf(existsSync('/dev/full'))('answers 507 naming the file, keeps the rating, and writes the line later', async () => {
    const server = await start({ executor: { lineRetryMs: 100 } })
    servers.push(server)
    const run = await api(server, '/api/runs', { method: 'POST', json: { graph: example('portrait') } })
    await waitForIdle(server)
    const jobId: string = run.body.jobIds[0]
    const file = join(server.dataDir, 'learning', 'ratings.jsonl')
    symlinkSync('/dev/full', file)

    const rated = await api(server, '/api/ratings', { method: 'PUT', json: { targetKind: 'job', targetId: jobId, rating: 5 } })
    expect(rated.status).toBe(507)
    expect(rated.body.error).toBe('storage: cannot write learning/ratings.jsonl: the disk is full (ENOSPC); the rating is saved in the queue database and will be added to learning/ratings.jsonl when the folder is writable again')
    expect((await api(server, `/api/jobs/${jobId}`)).body.rating).toBe(5)
    const health = (await api(server, '/api/health')).body
    expect(health.storage.pendingLines).toBe(1)
    expect(health.storage.lastWriteError).toMatch(/^cannot write learning\/ratings\.jsonl: the disk is full \(ENOSPC\); 1 line\(s\) kept/)

    rmSync(file)
    for (let i = 0; i < 100 && (await api(server, '/api/health')).body.storage.pendingLines > 0; i++) await new Promise((r) => setTimeout(r, 50))
    expect(readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l))).toMatchObject([{ targetKind: 'job', targetId: jobId, rating: 5 }])
    expect((await api(server, '/api/health')).body.storage).toMatchObject({ pendingLines: 0, lastWriteError: null })
  }, 30_000)

  it.runIf(existsSync('/dev/full'))('a job that succeeds while its learning line cannot be written keeps the line until it can', async () => {
    const server = await start({ executor: { lineRetryMs: 100 } })
    servers.push(server)
    mkdirSync(join(server.dataDir, 'learning'), { recursive: true })
    const file = join(server.dataDir, 'learning', 'learning_log.jsonl')
    symlinkSync('/dev/full', file)
    const run = await api(server, '/api/runs', { method: 'POST', json: { graph: example('portrait') } })
    await waitForIdle(server)
    const jobIds: string[] = run.body.jobIds
    const states = await Promise.all(jobIds.map(async (id) => (await api(server, `/api/jobs/${id}`)).body.job.state))
    expect(states).toEqual(jobIds.map(() => 'succeeded'))
    const health = (await api(server, '/api/health')).body.storage
    expect(health.pendingLines).toBe(jobIds.length)
    expect(health.lastWriteError).toMatch(/^cannot write learning\/learning_log\.jsonl: the disk is full \(ENOSPC\)/)

    rmSync(file)
    for (let i = 0; i < 100 && (await api(server, '/api/health')).body.storage.pendingLines > 0; i++) await new Promise((r) => setTimeout(r, 50))
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l).jobId as string)
    expect(lines.sort()).toEqual([...jobIds].sort())
  }, 30_000)
})
