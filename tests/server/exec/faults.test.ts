/**
 * Backends failing: one going down mid-run (its jobs requeued and finished by the other, and used
 * again once it is back), a WebUI that hangs (the stall detector fails the stage with a clear
 * error within the stall time, and the next job runs once the fault clears), and model affinity
 * over an interleaved queue.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { FAIRNESS_BOUND } from '../../../server/queue/index.ts'
import { compileExample, harness, until, waitFor, type Harness } from './helpers.ts'

let h: Harness | undefined
afterEach(async () => {
  await h?.close()
  h = undefined
})

describe('a backend going down mid-run', () => {
  it('requeues its jobs (never fails them), the other backend finishes them, and it is used again when back', async () => {
    h = await harness({ sims: [{ stepMs: 20 }, { stepMs: 20 }], options: { healthIntervalMs: 100 } })
    await h.exec.start()
    const run = await compileExample('portrait', 21)
    h.store.queue.submit(run)
    // Take webui-1 down while it is in the middle of a job.
    await waitFor(h, (e) => e.type === 'progress' && h!.store.queue.get(e.jobId)?.backend === 'webui-1')
    h.sims[0]!.setFaults({ down: true })
    await waitFor(h, (e) => e.type === 'backend' && e.backend.id === 'webui-1' && e.backend.state === 'down')
    await h.exec.idle()
    const jobs = h.store.queue.jobsOfRun(run.runId)
    expect(jobs.map((j) => j.state)).toEqual(jobs.map(() => 'succeeded'))
    expect(h.events.some((e) => e.type === 'job-failed')).toBe(false)
    // The interrupted jobs were requeued (a second attempt) and finished on webui-2.
    const retried = jobs.filter((j) => j.attempts > 1)
    expect(retried.length).toBeGreaterThan(0)
    expect(retried.every((j) => j.backend === 'webui-2')).toBe(true)

    // Back up: the health loop notices, and the next run uses it again.
    h.sims[0]!.setFaults({ down: false })
    await waitFor(h, (e) => e.type === 'backend' && e.backend.id === 'webui-1' && e.backend.state === 'up' && h!.events.indexOf(e) > 0 &&
      h!.events.slice(0, h!.events.indexOf(e)).some((d) => d.type === 'backend' && d.backend.id === 'webui-1' && d.backend.state === 'down'))
    const again = await compileExample('portrait', 22)
    h.store.queue.submit(again)
    await h.exec.idle()
    const used = new Set(h.store.queue.jobsOfRun(again.runId).map((j) => j.backend))
    expect(used.has('webui-1')).toBe(true)
    expect(h.store.queue.jobsOfRun(again.runId).every((j) => j.state === 'succeeded')).toBe(true)
  }, 40_000)
})

describe('a hanging WebUI', () => {
  it('fails the stage with a stall error within the stall time; the next job runs after the fault clears', async () => {
    const stallMs = 800
    // Health checks would hang too and mark the backend down (requeue, not fail); keep them out of this test.
    h = await harness({ options: { stallMs, maxAttempts: 1, healthIntervalMs: 60_000 } })
    await h.exec.start()
    h.sims[0]!.setFaults({ hangRate: 1 })
    const run = await compileExample('learning-sweep', 31)
    const first = { ...run, jobs: run.jobs.slice(0, 1), videos: [] }
    const t0 = Date.now()
    h.store.queue.submit(first)
    const failed = await waitFor(h, (e) => e.type === 'job-failed')
    const elapsed = Date.now() - t0
    // The stall fires at stallMs; asking the hung WebUI to interrupt is bounded at 2 s.
    expect(elapsed).toBeLessThan(stallMs + 3_000)
    expect(failed).toMatchObject({ jobId: first.jobs[0]!.jobId, stageId: 'txt' })
    expect(failed.type === 'job-failed' && failed.error).toMatch(/Stage "[^"]+" \(txt2img\) failed: .*(made no progress|stopped answering)/)
    expect(h.store.queue.get(first.jobs[0]!.jobId)).toMatchObject({ state: 'failed', failedStage: 'txt' })

    h.sims[0]!.setFaults({ hangRate: 0 })
    const second = { ...run, runId: `${run.runId}-b`, jobs: run.jobs.slice(1, 2).map((j) => ({ ...j, runId: `${run.runId}-b` })), videos: [] }
    h.store.queue.submit(second)
    await h.exec.idle()
    expect(h.store.queue.get(second.jobs[0]!.jobId)!.state).toBe('succeeded')
  })

  it('retries a retryable failure up to maxAttempts, then fails with the WebUI message', async () => {
    h = await harness({ options: { maxAttempts: 2, healthIntervalMs: 60_000 } })
    await h.exec.start()
    h.sims[0]!.setFaults({ errorRate: 1 })
    const run = await compileExample('learning-sweep', 32)
    const one = { ...run, jobs: run.jobs.slice(0, 1), videos: [] }
    h.store.queue.submit(one)
    const failed = await waitFor(h, (e) => e.type === 'job-failed')
    expect(failed.type === 'job-failed' && failed.error).toMatch(/CUDA out of memory/)
    expect(h.store.queue.get(one.jobs[0]!.jobId)).toMatchObject({ state: 'failed', attempts: 2 })
    h.sims[0]!.setFaults({ errorRate: 0 })
  })
})

describe('model affinity', () => {
  it('an interleaved queue over three models switches each model in at most once, within the fairness bound', async () => {
    h = await harness({ sims: [{ stepMs: 1, modelSwitchMs: 20 }] })
    await h.exec.start()
    const models = ['v1-5-pruned-emaonly.safetensors', 'dreamshaper_8.safetensors', 'realisticVisionV60B1_v51HyperVAE.safetensors']
    const runs = await Promise.all(models.map((m, i) => compileExample('video', 40 + i, (g) => {
      g.id = `video-${i}`
      const nodes = g.nodes as { id: string; params: Record<string, unknown> }[]
      Object.assign(nodes.find((n) => n.id === 'txt')!.params, { model: m, batch_runs: 6, steps: 4 })
      g.nodes = nodes
      g.edges = (g.edges as { target: string }[]).filter((e) => e.target !== 'clip')
      g.nodes = nodes.filter((n) => n.id !== 'clip')
    })))
    h.store.queue.pause()
    for (let i = 0; i < 6; i++) {
      for (const r of runs) {
        const job = r.jobs[i]!
        const runId = `${r.runId}-${i}`
        h.store.queue.submit({ ...r, runId, jobs: [{ ...job, runId }], videos: [] })
      }
    }
    h.sims[0]!.resetStats()
    h.store.queue.resume()
    await h.exec.idle()
    const jobs = runs.flatMap((r) => r.jobs.map((j) => h!.store.queue.get(j.jobId)!))
    expect(jobs.every((j) => j.state === 'succeeded')).toBe(true)
    // The sim starts with models[0] loaded: one switch to each of the two others.
    expect(h.sims[0]!.stats().modelSwitches).toBeLessThanOrEqual(2)
    expect(Math.max(...jobs.map((j) => j.passedOver))).toBeLessThanOrEqual(FAIRNESS_BOUND)
    await until(() => h!.exec.backends()[0]!.loadedModel !== null)
    expect(models).toContain(h.exec.backends()[0]!.loadedModel)
  })
})

describe('a failing ffmpeg', () => {
  it('publishes video-failed with its exit code and last stderr lines, and adds no video artifact', async () => {
    // Node is not ffmpeg: it rejects ffmpeg's first option on stderr and exits non-zero.
    h = await harness({ options: { ffmpegPath: process.execPath } })
    await h.exec.start()
    const run = await compileExample('video', 51, (g) => {
      const txt = (g.nodes as { id: string; params: Record<string, unknown> }[]).find((n) => n.id === 'txt')!
      Object.assign(txt.params, { batch_runs: 3, steps: 4 })
    })
    h.store.queue.submit(run)
    const failed = await waitFor(h, (e) => e.type === 'video-failed')
    expect(failed.type === 'video-failed' && failed.error).toMatch(/^ffmpeg exited with code \d+:\n.*bad option/s)
    await h.exec.idle()
    expect(h.store.artifacts.ofRun(run.runId).some((a) => a.kind === 'video')).toBe(false)
    expect(h.store.queue.jobsOfRun(run.runId).every((j) => j.state === 'succeeded')).toBe(true)
  })
})
