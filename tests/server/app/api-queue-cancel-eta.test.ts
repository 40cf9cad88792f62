/**
 * Cancel all (POST /api/queue/cancel) and the queue's ETA (GET /api/queue/eta) against the real
 * server and the simulated WebUI: no ETA before anything was measured, a measured one after a run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { QueueEtaResponse } from '../../../engine/api/queue-extras.ts'
import { api, example, start, waitForIdle } from './helpers.ts'

type Server = Awaited<ReturnType<typeof start>>
let server: Server

beforeAll(async () => { server = await start({ sim: { stepMs: 1, modelSwitchMs: 1 } }) })
afterAll(async () => { await server?.close() })

const live = (snap: { jobs: { state: string }[] }) => snap.jobs.filter((j) => j.state === 'queued' || j.state === 'running').length

describe('queue ETA and cancel all', () => {
  it('has no ETA ("null", never a guess) before any stage was measured', async () => {
    await api(server, '/api/queue/pause', { method: 'POST' })
    const run = await api(server, '/api/runs', { method: 'POST', json: { graph: example('portrait'), runSeed: 1 } })
    expect(run.status).toBe(201)
    const eta = QueueEtaResponse.parse((await api(server, '/api/queue/eta')).body)
    expect(eta).toMatchObject({ remainingMs: null, runs: { [run.body.runId]: null }, perImage: {} })
  })

  it('estimates from the measured stage times once jobs have finished', async () => {
    await api(server, '/api/queue/resume', { method: 'POST' })
    await waitForIdle(server)
    await api(server, '/api/queue/pause', { method: 'POST' })
    const run = await api(server, '/api/runs', { method: 'POST', json: { graph: example('portrait'), runSeed: 2 } })
    const eta = QueueEtaResponse.parse((await api(server, '/api/queue/eta')).body)
    // Portrait: txt2img → ADetailer → upscale, one image each, three jobs.
    for (const kind of ['txt2img', 'adetailer', 'upscale']) expect(eta.perImage[kind]!.samples).toBe(3)
    const perJob = eta.perImage.txt2img!.ms + eta.perImage.adetailer!.ms + eta.perImage.upscale!.ms
    expect(eta.runs[run.body.runId]).toBeCloseTo((3 * perJob) / eta.backends, 6)
    expect(eta.remainingMs).toBeCloseTo((3 * perJob) / eta.backends, 6)
    expect(eta.remainingMs!).toBeGreaterThan(0)
  })

  it('cancels one run, then everything, in one request each', async () => {
    const other = await api(server, '/api/runs', { method: 'POST', json: { graph: example('learning-sweep'), runSeed: 3 } })
    let snap = (await api(server, '/api/queue')).body
    expect(live(snap)).toBe(3 + 6)
    const one = await api(server, '/api/queue/cancel', { method: 'POST', json: { runId: other.body.runId } })
    expect(one.status).toBe(200)
    expect(one.body.cancelled).toBe(6)
    expect(live(one.body.snapshot)).toBe(3)
    const all = await api(server, '/api/queue/cancel', { method: 'POST', json: {} })
    expect(all.body).toMatchObject({ cancelled: 3 })
    expect(all.body.snapshot.counts).toMatchObject({ queued: 0, running: 0 })
    snap = (await api(server, '/api/queue')).body
    expect(snap.counts.cancelled).toBe(9)
    // Nothing live: the ETA is zero, not unknown.
    expect((await api(server, '/api/queue/eta')).body.remainingMs).toBe(0)
  })

  it('refuses an unknown run and bad bodies, naming the field', async () => {
    const unknown = await api(server, '/api/queue/cancel', { method: 'POST', json: { runId: 'run-nope' } })
    expect(unknown.status).toBe(404)
    expect(unknown.body.problems[0].path).toBe('body.runId')
    const bad = await api(server, '/api/queue/cancel', { method: 'POST', json: { runId: '../x' } })
    expect(bad.status).toBe(400)
    expect(bad.body.problems[0].path).toBe('body.runId')
    const extra = await api(server, '/api/queue/cancel', { method: 'POST', json: { all: true } })
    expect(extra.status).toBe(400)
  })
})
