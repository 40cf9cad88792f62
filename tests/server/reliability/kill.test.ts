/**
 * SIGKILL of the server process at the moments that matter: while a stage runs on the WebUI,
 * right after a stage's images arrived (between stages), and while ffmpeg encodes a run's video.
 * A restart on the same data folder finishes every job exactly once (one learning line and one
 * set of images per job), makes the video that was interrupted, and leaves no partial or temp
 * file behind.
 */
import { readdirSync, readFileSync, watch } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { api, cleanup, collectEvents, example, killHard, startServerProcess, tempDir, waitUntil, type Proc } from './harness.ts'
import { recordReliability } from './summary.ts'

afterEach(cleanup)

/** Every file under outputs/ (recursively), relative. */
function outputFiles(dataDir: string): string[] {
  try {
    return readdirSync(join(dataDir, 'outputs'), { recursive: true }).map(String)
  } catch {
    return []
  }
}

/** Restarts on the data folder and checks: every job succeeded once, no partial/temp file left. */
async function restartAndCheck(dataDir: string, runId: string, jobIds: string[], opts: { video?: boolean } = {}): Promise<Proc> {
  const server = await startServerProcess({ dataDir, stepMs: 2 })
  const states = await waitUntil(async () => {
    const jobs = (await api(server, `/api/runs/${runId}`)).body.jobs as { jobId: string; state: string }[]
    return jobs.every((j) => j.state === 'succeeded' || j.state === 'failed') ? jobs.map((j) => j.state) : undefined
  }, 'every job to end after the restart', 60_000)
  expect(states).toEqual(jobIds.map(() => 'succeeded'))
  if (opts.video) {
    await waitUntil(() => outputFiles(dataDir).includes(join(runId, 'clip.mp4')), 'the video after the restart', 30_000)
    const run = (await api(server, `/api/runs/${runId}`)).body
    expect(run.videos).toMatchObject([{ stageId: 'clip', state: 'done', error: null }])
  }
  await waitUntil(async () => (await api(server, '/api/health')).body.storage.pendingLines === 0, 'learning lines written')
  const lines = readFileSync(join(dataDir, 'learning', 'learning_log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).jobId as string)
  expect(lines.sort()).toEqual([...jobIds].sort())
  const leftovers = outputFiles(dataDir).filter((f) => /\.partial\.|\.tmp$/.test(f))
  expect(leftovers).toEqual([])
  return server
}

describe('SIGKILL of the server', () => {
  it('during a stage: a restart finishes every job exactly once', async () => {
    const dataDir = tempDir()
    const first = await startServerProcess({ dataDir, stepMs: 30 })
    const run = await api(first, '/api/runs', { method: 'POST', json: { graph: example('portrait') } })
    expect(run.status).toBe(201)
    const events = await collectEvents(first, (es) => es.some((e) => e.type === 'progress' && e.step > 0), 20_000)
    expect(events.some((e) => e.type === 'progress')).toBe(true)
    await killHard(first)
    await restartAndCheck(dataDir, run.body.runId, run.body.jobIds)
    recordReliability({ check: 'SIGKILL during a stage', faultsSurvived: `${run.body.jobIds.length}/${run.body.jobIds.length} jobs exactly once after restart` })
  }, 90_000)

  it('between stages: a restart finishes every job exactly once', async () => {
    const dataDir = tempDir()
    const first = await startServerProcess({ dataDir, stepMs: 10 })
    const run = await api(first, '/api/runs', { method: 'POST', json: { graph: example('portrait') } })
    expect(run.status).toBe(201)
    // The root stage's images are in; the next stage (ADetailer) has not finished.
    await collectEvents(first, (es) => es.some((e) => e.type === 'stage-done'), 20_000)
    await killHard(first)
    await restartAndCheck(dataDir, run.body.runId, run.body.jobIds)
    recordReliability({ check: 'SIGKILL between stages', faultsSurvived: `${run.body.jobIds.length}/${run.body.jobIds.length} jobs exactly once after restart` })
  }, 90_000)

  it('during the video encode: the restart removes the partial file and makes the video', async () => {
    const dataDir = tempDir()
    const first = await startServerProcess({ dataDir, stepMs: 1 })
    const run = await api(first, '/api/runs', { method: 'POST', json: { graph: example('video') } })
    expect(run.status).toBe(201)
    const runId: string = run.body.runId
    const folder = join(dataDir, 'outputs', runId)
    await waitUntil(() => outputFiles(dataDir).some((f) => f.startsWith(runId)), 'the run folder')
    // Kill the moment ffmpeg creates its output: `.clip.partial.mp4`.
    let sawPartial = false
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => { w.close(); reject(new Error('ffmpeg never started')) }, 60_000)
      const w = watch(folder, (_, name) => {
        if (!sawPartial && String(name).startsWith('.clip.partial.')) {
          sawPartial = true
          first.child.kill('SIGKILL')
          clearTimeout(timer)
          w.close()
          resolve()
        }
      })
    })
    await killHard(first)
    expect(readdirSync(folder)).not.toContain('clip.mp4')
    await restartAndCheck(dataDir, runId, run.body.jobIds, { video: true })
    recordReliability({ check: 'SIGKILL during video (ffmpeg)', faultsSurvived: 'partial removed, video made on restart, 12/12 jobs once' })
  }, 90_000)
})
