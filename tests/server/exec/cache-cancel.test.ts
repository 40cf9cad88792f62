/**
 * The stage cache (a second identical run sends nothing to the WebUI), cancel of a running job
 * (the WebUI is interrupted, the job ends cancelled, never succeeded) and stop (in-flight jobs go
 * back to the queue).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { compileExample, harness, until, waitFor, type Harness } from './helpers.ts'

let h: Harness | undefined
afterEach(async () => {
  await h?.close()
  h = undefined
})

const GENERATION = ['/sdapi/v1/txt2img', '/sdapi/v1/img2img', '/sdapi/v1/extra-single-image']
const generationRequests = (h: Harness): number => GENERATION.reduce((n, p) => n + (h.sims[0]!.stats().requests[p] ?? 0), 0)

/** Portrait (txt2img → ADetailer → upscale) with a pinned seed, so two runs send equal requests. */
const pinnedPortrait = (runSeed: number) => compileExample('portrait', runSeed, (g) => {
  const txt = (g.nodes as { id: string; params: Record<string, unknown> }[]).find((n) => n.id === 'txt')!
  txt.params.seed = 4242
})

describe('stage cache', () => {
  it('a second identical run reuses every stage and sends no generation request', async () => {
    h = await harness()
    await h.exec.start()
    const first = await pinnedPortrait(1)
    h.store.queue.submit(first)
    await h.exec.idle()
    const sent = generationRequests(h)
    expect(sent).toBe(first.totals.webuiCalls)

    // Another run (other job ids), same graph and seeds: everything comes from the cache.
    const second = await pinnedPortrait(2)
    expect(second.jobs[0]!.jobId).not.toBe(first.jobs[0]!.jobId)
    h.store.queue.submit(second)
    await h.exec.idle()
    expect(generationRequests(h)).toBe(sent)
    expect(h.store.queue.jobsOfRun(second.runId).every((j) => j.state === 'succeeded')).toBe(true)

    // The new jobs own artifact rows that point at the first run's files.
    const a1 = h.store.artifacts.ofRun(first.runId)
    const a2 = h.store.artifacts.ofRun(second.runId)
    expect(a2).toHaveLength(a1.length)
    expect(new Set(a2.map((a) => a.path))).toEqual(new Set(a1.map((a) => a.path)))
    expect(a2.every((a) => second.jobs.some((j) => j.jobId === a.jobId))).toBe(true)
    const cachedStages = h.events.filter((e) => e.type === 'stage-done' && second.jobs.some((j) => j.jobId === e.jobId))
    expect(cachedStages.length).toBe(second.jobs.length * 3)
    expect(cachedStages.every((e) => e.type === 'stage-done' && e.cached)).toBe(true)
  })
})

describe('cancel', () => {
  it('interrupts the WebUI, ends the job cancelled and never completes it; the next job runs', async () => {
    h = await harness({ sims: [{ stepMs: 25 }] })
    await h.exec.start()
    const run = await compileExample('learning-sweep', 3)
    h.store.queue.submit(run)
    const target = run.jobs[0]!.jobId
    // Wait until the WebUI is sampling it.
    await waitFor(h, (e) => e.type === 'progress' && e.jobId === target && e.step > 0)
    await h.exec.cancelJob(target)
    await h.exec.idle()
    expect(h.sims[0]!.stats().requests['/sdapi/v1/interrupt']).toBeGreaterThanOrEqual(1)
    expect(h.store.queue.get(target)!.state).toBe('cancelled')
    expect(h.events.some((e) => e.type === 'job-done' && e.jobId === target)).toBe(false)
    expect(h.store.artifacts.ofJob(target)).toEqual([])
    // The interrupt hit the cancelled job only: every other job finished.
    expect(run.jobs.slice(1).map((j) => h!.store.queue.get(j.jobId)!.state)).toEqual(run.jobs.slice(1).map(() => 'succeeded'))
  })

  it('a job cancelled while it waits behind another in the WebUI is stopped when its turn comes', async () => {
    h = await harness({ sims: [{ stepMs: 25 }] })
    await h.exec.start()
    const run = await compileExample('learning-sweep', 4)
    h.store.queue.submit(run)
    const [first, second] = run.jobs.map((j) => j.jobId)
    await waitFor(h, (e) => e.type === 'progress' && e.jobId === first && e.step > 0)
    // The second slot has sent its request, which waits in the WebUI's queue.
    await until(() => h!.store.queue.get(second!)!.state === 'running')
    await h.exec.cancelJob(second!)
    await h.exec.idle()
    expect(h.store.queue.get(first!)!.state).toBe('succeeded')
    expect(h.store.queue.get(second!)!.state).toBe('cancelled')
    expect(h.store.artifacts.ofJob(first!)).toHaveLength(1)
  })
})

describe('stop', () => {
  it('sends in-flight jobs back to the queue, and a new executor finishes them', async () => {
    h = await harness({ sims: [{ stepMs: 25 }] })
    await h.exec.start()
    const run = await compileExample('learning-sweep', 5)
    h.store.queue.submit(run)
    await waitFor(h, (e) => e.type === 'progress' && e.step > 0)
    await h.exec.stop()
    const states = run.jobs.map((j) => h!.store.queue.get(j.jobId)!.state)
    expect(states).not.toContain('running')
    expect(states).toContain('queued')
    await h.exec.start()
    await h.exec.idle()
    expect(run.jobs.map((j) => h!.store.queue.get(j.jobId)!.state)).toEqual(run.jobs.map(() => 'succeeded'))
  })
})
