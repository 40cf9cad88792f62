import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { setTimeout as sleep } from 'node:timers/promises'
import type { SimHandle } from '../../../server/sim/index.ts'
import { get, post, withSim } from './helpers.ts'

let sim: SimHandle
beforeEach(async () => { sim = await withSim({ stepMs: 2 }) })
afterEach(() => sim.close())

const small = { width: 32, height: 32 }

describe('queue lock', () => {
  it('runs generation requests one at a time in arrival order', async () => {
    const done: { i: number; at: number }[] = []
    const fire = async (i: number) => {
      const r = await post(sim, '/sdapi/v1/txt2img', { ...small, steps: 30, seed: i })
      done.push({ i, at: performance.now() })
      return r
    }
    const started = performance.now()
    const p = [fire(0)]
    await sleep(5)
    p.push(fire(1))
    await sleep(5)
    p.push(fire(2))
    // A progress poll answers while the queue is full: before the first job is done, it sees it running.
    const polled = await get(sim, '/sdapi/v1/progress')
    expect(polled.status).toBe(200)
    expect(done).toEqual([])
    expect(polled.body.state.job_count).toBeGreaterThan(0)
    const replies = await Promise.all(p)
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200])
    expect(done.map((d) => d.i)).toEqual([0, 1, 2])
    // No overlap: serialised, the three jobs need at least three sampling times (3 × 30 × 2 ms)
    // from the first request to the last reply; in parallel they would all end after about one.
    // (Gaps between single replies are not compared: response delivery jitters on a loaded machine.)
    const wall = performance.now() - started
    expect(done[2]!.at - started).toBeGreaterThanOrEqual(3 * 30 * 2)
    const busy = sim.stats().busyMs
    expect(busy).toBeGreaterThanOrEqual(3 * 30 * 2)
    expect(busy).toBeLessThanOrEqual(wall + 1)
  })
})

describe('progress', () => {
  it('reports idle state', async () => {
    const r = await get(sim, '/sdapi/v1/progress?skip_current_image=false')
    expect(r.body).toMatchObject({ progress: 0, eta_relative: 0, current_image: null, textinfo: null })
    expect(Object.keys(r.body.state)).toEqual(['skipped', 'interrupted', 'stopping_generation', 'job', 'job_count', 'job_timestamp', 'job_no', 'sampling_step', 'sampling_steps'])
    expect(r.body.state.job_count).toBe(0)
  })

  it('shows sampling_step rising, the §2.6 progress, an ETA and a preview every 10 steps', async () => {
    const gen = post(sim, '/sdapi/v1/txt2img', { ...small, steps: 60, seed: 1 })
    const seen: any[] = []
    for (let i = 0; i < 40; i++) {
      await sleep(6)
      const r = await get(sim, '/sdapi/v1/progress')
      if (r.body.state.job_count > 0) seen.push(r.body)
    }
    await gen
    expect(seen.length).toBeGreaterThan(3)
    const steps = seen.map((s) => s.state.sampling_step)
    expect(steps).toEqual([...steps].sort((a, b) => a - b))
    expect(steps[steps.length - 1]).toBeGreaterThan(steps[0])
    for (const s of seen) {
      expect(s.state.job).toBe('scripts_txt2img')
      expect(s.state.sampling_steps).toBe(60)
      const expected = Math.min(1, 0.01 + s.state.job_no / s.state.job_count + s.state.sampling_step / s.state.sampling_steps / s.state.job_count)
      expect(s.progress).toBeCloseTo(expected, 10)
      expect(s.eta_relative).toBeGreaterThanOrEqual(0)
    }
    const withPreview = seen.find((s) => s.state.sampling_step >= 10)
    expect(typeof withPreview.current_image).toBe('string')
    const skipped = await get(sim, '/sdapi/v1/progress?skip_current_image=true')
    expect(skipped.body.current_image).toBeNull()
    // After the job only job/job_count reset.
    const after = (await get(sim, '/sdapi/v1/progress')).body
    expect(after.state).toMatchObject({ job: '', job_count: 0, sampling_step: 60, sampling_steps: 60 })
  })

  it('counts jobs per batch and per hires pass', async () => {
    const gen = post(sim, '/sdapi/v1/txt2img', { ...small, steps: 30, n_iter: 2, enable_hr: true, denoising_strength: 0.5, hr_scale: 1.5 })
    await sleep(20)
    const r = (await get(sim, '/sdapi/v1/progress')).body
    expect(r.state.job_count).toBe(4)
    expect(r.state.job).toMatch(/^Batch \d out of 2$/)
    await gen
  })
})

describe('interrupt and skip', () => {
  it('interrupt ends the generation early and still answers 200 with the image', async () => {
    const t = performance.now()
    const gen = post(sim, '/sdapi/v1/txt2img', { ...small, steps: 500, n_iter: 3, seed: 1 })
    await sleep(30)
    const i = await post(sim, '/sdapi/v1/interrupt')
    expect([i.status, i.body]).toEqual([200, {}])
    const r = await gen
    expect(r.status).toBe(200)
    expect(r.body.images).toHaveLength(1)
    // 3 batches × 500 steps would take 3 s; an interrupted one stops after the current step.
    expect(performance.now() - t).toBeLessThan(2500)
    expect((await get(sim, '/sdapi/v1/progress')).body.state.interrupted).toBe(true)
    // The next job starts clean.
    const next = await post(sim, '/sdapi/v1/txt2img', { ...small, steps: 3, n_iter: 2 })
    expect(next.body.images).toHaveLength(2)
  })

  it('skip ends only the current batch', async () => {
    const gen = post(sim, '/sdapi/v1/txt2img', { ...small, steps: 100, n_iter: 2, seed: 1 })
    await sleep(30)
    const s = await post(sim, '/sdapi/v1/skip')
    expect([s.status, s.text]).toEqual([200, 'null'])
    const t = performance.now()
    const r = await gen
    expect(r.body.images).toHaveLength(2)
    expect(performance.now() - t).toBeGreaterThanOrEqual(100 * 2 * 0.8)
  })
})
