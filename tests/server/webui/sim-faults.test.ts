/** Hangs, drops, injected 500s and downtime from the simulator's fault injector. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type SimHandle } from '../../../server/sim/index.ts'
import { createWebuiClient, type WebuiClient, type WebuiResult } from '../../../server/webui/index.ts'

const small = { prompt: 'x', steps: 4, width: 64, height: 64 }
const fast = { retryBaseDelayMs: 5, retryMaxDelayMs: 20 }

function must<T>(r: WebuiResult<T>): T {
  if (!r.ok) throw new Error(`${r.error.kind}: ${r.error.message}`)
  return r.data
}

describe('faults', () => {
  let sim: SimHandle
  let webui: WebuiClient
  beforeAll(async () => {
    sim = await startSimulator({ stepMs: 1 })
    webui = createWebuiClient({ baseUrl: sim.url, pollMs: 500, requestTimeoutMs: 2_000, ...fast })
  })
  afterAll(async () => {
    await webui.close()
    await sim.close()
  })

  it('a hung generation is caught by the stall detector within stallMs, then the next call succeeds', async () => {
    const stallMs = 1_000
    sim.setFaults({ hangRate: 1 })
    const t0 = Date.now()
    const r = await webui.txt2img(small, { stallMs })
    const took = Date.now() - t0
    sim.setFaults({ hangRate: 0 })
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error).toMatchObject({ kind: 'stalled', retryable: true, endpoint: 'POST /sdapi/v1/txt2img' })
      // The progress endpoint hangs too, so the message says it stopped answering.
      expect(r.error.message).toContain('stopped answering progress checks')
    }
    expect(took).toBeGreaterThanOrEqual(stallMs - 50)
    // stallMs, plus at most the bounded interrupt attempt (2 s) and scheduling slack on a loaded
    // CI machine: the point is "bounded, not hanging", which a hang would exceed by far.
    expect(took).toBeLessThan(stallMs + 4_000)
    const next = must(await webui.txt2img(small, { stallMs }))
    expect(next.images).toHaveLength(1)
  })

  it('without interrupt-on-stall the stall is reported right at stallMs', async () => {
    sim.setFaults({ hangRate: 1 })
    const t0 = Date.now()
    const r = await webui.img2img({ ...small, init_images: ['aGk='] }, { stallMs: 800, interruptOnStall: false })
    const took = Date.now() - t0
    sim.setFaults({ hangRate: 0 })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.kind).toBe('stalled')
    // Right at stallMs, give or take a poll interval and scheduling slack on a loaded machine.
    expect(took).toBeLessThan(800 + 1_500)
  })

  it('dropped connections are retried for GETs', async () => {
    sim.setFaults({ dropRate: 0.3, seed: 11 })
    sim.resetStats()
    const c = createWebuiClient({ baseUrl: sim.url, retries: 8, ...fast })
    try {
      for (let i = 0; i < 12; i++) expect((await c.samplers()).ok).toBe(true)
      expect(sim.stats().requests['/sdapi/v1/samplers']).toBeGreaterThan(12)
    } finally {
      sim.setFaults({ dropRate: 0 })
      await c.close()
    }
  })

  it('a dropped generation is not resent (it may have started)', async () => {
    sim.setFaults({ dropRate: 1 })
    sim.resetStats()
    try {
      const r = await webui.txt2img(small, { stallMs: 2_000 })
      expect(r.ok).toBe(false)
      if (!r.ok) expect(r.error).toMatchObject({ kind: 'connection', retryable: true })
      expect(sim.stats().requests['/sdapi/v1/txt2img']).toBe(1)
    } finally {
      sim.setFaults({ dropRate: 0 })
    }
  })

  it('injected 500s (out of memory) are retried for GETs', async () => {
    sim.setFaults({ errorRate: 0.5, seed: 3 })
    sim.resetStats()
    const c = createWebuiClient({ baseUrl: sim.url, retries: 8, ...fast })
    try {
      for (let i = 0; i < 6; i++) expect((await c.upscalers()).ok).toBe(true)
      expect(sim.stats().requests['/sdapi/v1/upscalers']).toBeGreaterThan(6)
    } finally {
      sim.setFaults({ errorRate: 0 })
      await c.close()
    }
  })

  it('a down server gives a retryable connection error', async () => {
    sim.setFaults({ down: true })
    try {
      const a = await webui.sdModels()
      expect(a.ok).toBe(false)
      if (!a.ok) expect(a.error).toMatchObject({ kind: 'connection', retryable: true })
      const h = await webui.health()
      expect(h.ok).toBe(false)
      if (!h.ok) expect(h.error.kind).toBe('connection')
    } finally {
      sim.setFaults({ down: false })
    }
    expect((await webui.sdModels()).ok).toBe(true)
  })
})

it('a server that is gone: connection refused, retryable, said plainly', async () => {
  const sim = await startSimulator()
  const url = sim.url
  await sim.close()
  const c = createWebuiClient({ baseUrl: url, retries: 1, ...fast })
  try {
    for (const r of [await c.sdModels(), await c.txt2img(small, { stallMs: 2_000 }), await c.health()]) {
      expect(r.ok).toBe(false)
      if (!r.ok) {
        expect(r.error).toMatchObject({ kind: 'connection', retryable: true })
        expect(r.error.message).toBe(`Cannot reach the WebUI at ${url}: connection refused (is it running?)`)
      }
    }
  } finally {
    await c.close()
  }
})
