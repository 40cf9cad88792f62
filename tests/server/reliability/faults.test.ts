/**
 * WebUIs that misbehave, as separate processes: two simulators failing 10 % of requests, dropping
 * 5 % of connections and hanging 2 %; every job ends (succeeded, or failed with a sentence), none
 * is left queued or running. And a WebUI killed with SIGKILL mid-run: the other one finishes its
 * jobs.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { alive, api, cleanup, example, killHard, startServerProcess, startSim, tempDir, waitUntil } from './harness.ts'
import { recordReliability } from './summary.ts'

afterEach(cleanup)

type Job = { jobId: string; state: string; lastError: string | null }

async function submit(server: { url: string }, graph: string): Promise<string> {
  const run = await api(server, '/api/runs', { method: 'POST', json: { graph: example(graph) } })
  expect(run.status).toBe(201)
  return run.body.runId
}

async function jobsOf(server: { url: string }, runIds: string[]): Promise<Job[]> {
  return (await Promise.all(runIds.map(async (id) => (await api(server, `/api/runs/${id}`)).body.jobs as Job[]))).flat()
}

describe('faulty WebUIs', () => {
  it('10 % errors, 5 % drops, 2 % hangs on two WebUIs: every job ends', async () => {
    const flags = ['--error-rate', '0.1', '--drop-rate', '0.05', '--hang-rate', '0.02']
    const sims = await Promise.all([startSim([...flags, '--fault-seed', '11']), startSim([...flags, '--fault-seed', '23'])])
    const server = await startServerProcess({ dataDir: tempDir(), webuiUrls: sims.map((s) => s.url), executor: { stallMs: 1_500, maxAttempts: 4 } })
    const runIds = [await submit(server, 'video'), await submit(server, 'portrait')]
    const jobs = await waitUntil(async () => {
      const all = await jobsOf(server, runIds)
      return all.every((j) => j.state === 'succeeded' || j.state === 'failed') ? all : undefined
    }, 'every job to end', 90_000, 200)
    const failed = jobs.filter((j) => j.state === 'failed')
    for (const j of failed) expect(j.lastError).toMatch(/^Stage ".+" \(\w+\) failed: .+/)
    expect(jobs.filter((j) => j.state === 'succeeded').length).toBeGreaterThan(jobs.length / 2)
    expect(alive(server)).toBe(true)
    recordReliability({
      check: 'faulty WebUIs (2 sim processes)',
      faultsSurvived: `10 % errors, 5 % drops, 2 % hangs: ${jobs.length}/${jobs.length} jobs ended (${jobs.length - failed.length} succeeded, ${failed.length} failed with a reason)`,
    })
  }, 120_000)

  it('a WebUI killed mid-run: the other one finishes every job', async () => {
    const sims = await Promise.all([startSim(['--step-ms', '5']), startSim(['--step-ms', '5'])])
    const server = await startServerProcess({ dataDir: tempDir(), webuiUrls: sims.map((s) => s.url) })
    const runIds = [await submit(server, 'video')]
    await waitUntil(async () => (await jobsOf(server, runIds)).filter((j) => j.state === 'succeeded').length >= 3, 'three jobs done')
    await killHard(sims[0]!)
    const jobs = await waitUntil(async () => {
      const all = await jobsOf(server, runIds)
      return all.every((j) => j.state === 'succeeded' || j.state === 'failed') ? all : undefined
    }, 'every job to end', 60_000)
    expect(jobs.map((j) => j.state)).toEqual(jobs.map(() => 'succeeded'))
    const backends = (await api(server, '/api/backends')).body.backends as { url: string; state: string }[]
    expect(backends.filter((b) => b.state === 'down')).toHaveLength(1)
    expect(alive(server)).toBe(true)
    recordReliability({ check: 'WebUI SIGKILLed mid-run', faultsSurvived: `1 of 2 WebUIs killed after 3 jobs: ${jobs.length}/${jobs.length} succeeded on the other` })
  }, 90_000)
})
