/**
 * The queue survives anything: a server killed with SIGKILL in the middle of a run, then started
 * again on the same data folder, completes every job exactly once.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { api, example, tempDataDir, waitForIdle } from './helpers.ts'

const children: ChildProcess[] = []
afterEach(() => { for (const c of children) c.kill('SIGKILL') })

function serve(dataDir: string, stepMs: number): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/server/app/fixtures/serve.ts'], {
    env: { ...process.env, DATA_DIR: dataDir, STEP_MS: String(stepMs) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  return new Promise((resolve, reject) => {
    let out = ''
    let err = ''
    child.stdout!.on('data', (d) => {
      out += d
      const m = /READY (\S+)/.exec(out)
      if (m) resolve({ url: m[1]!, child })
    })
    child.stderr!.on('data', (d) => { err += d })
    child.on('exit', (code) => reject(new Error(`server exited (${code}) before it was ready: ${err}`)))
  })
}

describe('a server killed mid-run', () => {
  it('completes every job exactly once after a restart', async () => {
    const dataDir = tempDataDir()
    const first = await serve(dataDir, 20)
    const run = await api(first, '/api/runs', { method: 'POST', json: { graph: example('video') } })
    expect(run.status).toBe(201)
    const jobIds: string[] = run.body.jobIds
    expect(jobIds).toHaveLength(12)
    // Wait until some jobs are done and one is running, then kill without warning.
    for (let i = 0; i < 400; i++) {
      const counts = (await api(first, '/api/queue')).body.counts
      if (counts.succeeded >= 3 && counts.running >= 1) break
      await new Promise((r) => setTimeout(r, 20))
    }
    const atKill = (await api(first, '/api/queue')).body.counts
    expect(atKill.succeeded).toBeGreaterThanOrEqual(3)
    expect(atKill.succeeded).toBeLessThan(12)
    first.child.kill('SIGKILL')
    await new Promise((r) => first.child.once('exit', r))

    const second = await serve(dataDir, 2)
    await waitForIdle(second, 60_000)
    const states = await Promise.all(jobIds.map(async (id) => (await api(second, `/api/jobs/${id}`)).body.job.state))
    expect(states).toEqual(jobIds.map(() => 'succeeded'))

    // Exactly once: one learning-log line and one image per job, one video for the run.
    const log = readFileSync(join(dataDir, 'learning', 'learning_log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    const perJob = new Map<string, number>()
    for (const line of log) perJob.set(line.jobId, (perJob.get(line.jobId) ?? 0) + 1)
    expect([...perJob.keys()].sort()).toEqual([...jobIds].sort())
    expect([...perJob.values()].every((n) => n === 1)).toBe(true)
    const runInfo = await api(second, `/api/runs/${run.body.runId}`)
    const images = runInfo.body.artifacts
    expect(new Set(images.map((a: { jobId: string }) => a.jobId)).size).toBe(12)
    expect(images).toHaveLength(12)
    // The video is encoded after the last frame's job, off the queue's critical path: wait for it.
    const videosNow = () => readdirSync(join(dataDir, 'outputs', run.body.runId)).filter((f) => f === 'clip.mp4')
    for (let i = 0; i < 300 && videosNow().length === 0; i++) await new Promise((r) => setTimeout(r, 50))
    expect(videosNow()).toEqual(['clip.mp4'])
  }, 90_000)
})
