import { afterEach, describe, expect, it } from 'vitest'
import type { SimHandle } from '../../../server/sim/index.ts'
import { get, post, withSim } from './helpers.ts'

const open: SimHandle[] = []
async function sim(opts: Parameters<typeof withSim>[0] = {}): Promise<SimHandle> {
  const s = await withSim(opts)
  open.push(s)
  return s
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()))
})

const fails = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p
    return 'answered'
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } }
    return err.name === 'TimeoutError' ? 'timeout' : (err.cause?.code ?? err.name)
  }
}

describe('fault injection', () => {
  it('errorRate → 500 with an A1111 error body', async () => {
    const s = await sim({ faults: { errorRate: 1 } })
    const r = await get(s, '/sdapi/v1/sd-models')
    expect(r.status).toBe(500)
    expect(r.body).toEqual({ error: 'RuntimeError', detail: '', body: '', errors: expect.stringContaining('out of memory') })
    s.setFaults({ errorRate: 0 })
    expect((await get(s, '/sdapi/v1/sd-models')).status).toBe(200)
  })

  it('draws are seeded: the same seed gives the same failures', async () => {
    const pattern = async (): Promise<number[]> => {
      const s = await sim({ faults: { errorRate: 0.5, seed: 42 } })
      const out: number[] = []
      for (let i = 0; i < 16; i++) out.push((await get(s, '/sdapi/v1/samplers')).status)
      return out
    }
    const a = await pattern()
    expect(a).toEqual(await pattern())
    expect(a).toContain(500)
    expect(a).toContain(200)
  })

  it('hangRate → no answer until close, and close still returns promptly', async () => {
    const s = await sim({ faults: { hangRate: 1 } })
    const outcome = await fails(fetch(s.url + '/sdapi/v1/progress', { signal: AbortSignal.timeout(150) }))
    expect(outcome).toBe('timeout')
    const pending = fetch(s.url + '/sdapi/v1/progress').catch(() => 'closed')
    await new Promise((r) => setTimeout(r, 30))
    const t = performance.now()
    await s.close()
    expect(performance.now() - t).toBeLessThan(1000)
    expect(await pending).toBe('closed')
  })

  it('dropRate → the socket is destroyed without a response', async () => {
    const s = await sim({ faults: { dropRate: 1 } })
    const outcome = await fails(fetch(s.url + '/sdapi/v1/txt2img', { method: 'POST', body: '{}' }))
    expect(['ECONNRESET', 'UND_ERR_SOCKET']).toContain(outcome)
    expect(s.stats().requests['/sdapi/v1/txt2img']).toBe(1)
  })

  it('down refuses every request (control routes excepted) until up again', async () => {
    const s = await sim()
    expect((await get(s, '/sdapi/v1/sd-models')).status).toBe(200)
    const c = await post(s, '/sim/control', { down: true })
    expect(c.status).toBe(200)
    expect(c.body.faults.down).toBe(true)
    for (let i = 0; i < 3; i++) expect(['ECONNRESET', 'UND_ERR_SOCKET']).toContain(await fails(fetch(s.url + '/sdapi/v1/sd-models')))
    // An in-flight generation dies with the server.
    s.setFaults({ down: false })
    const gen = fails(fetch(s.url + '/sdapi/v1/txt2img', { method: 'POST', body: JSON.stringify({ steps: 200, width: 16, height: 16 }) }))
    await new Promise((r) => setTimeout(r, 40))
    s.setFaults({ down: true })
    expect(['ECONNRESET', 'UND_ERR_SOCKET']).toContain(await gen)
    await post(s, '/sim/control', { down: false })
    expect((await get(s, '/sdapi/v1/sd-models')).status).toBe(200)
  })

  it('/sim/control sets latency and rejects bad values; /sim/stats reports busy time', async () => {
    const s = await sim()
    const bad = await post(s, '/sim/control', { errorRate: 2 })
    expect(bad.status).toBe(400)
    expect((await post(s, '/sim/control', { stepMs: -1 })).status).toBe(400)
    const ok = await post(s, '/sim/control', { stepMs: 5, modelSwitchMs: 1 })
    expect(ok.body).toMatchObject({ stepMs: 5, modelSwitchMs: 1 })
    const t = performance.now()
    await post(s, '/sdapi/v1/txt2img', { steps: 10, width: 16, height: 16 })
    expect(performance.now() - t).toBeGreaterThanOrEqual(45)
    const stats = (await get(s, '/sim/stats')).body
    expect(stats.busyMs).toBeGreaterThanOrEqual(45)
    expect(stats.generations).toBe(1)
    s.setOptions({ stepMs: 0 })
    const before = s.stats().busyMs
    await post(s, '/sdapi/v1/txt2img', { steps: 10, width: 16, height: 16 })
    // With no per-step latency the second generation adds only encoding time, far below 10 × 5 ms.
    expect(s.stats().busyMs - before).toBeLessThan(45)
    await post(s, '/sim/reset-stats')
    expect(s.stats().generations).toBe(0)
  })
})

describe('keep-alive', () => {
  it('serves several requests over one connection', async () => {
    const s = await sim()
    const { Agent, request } = await import('node:http')
    const agent = new Agent({ keepAlive: true, maxSockets: 1 })
    const ports = new Set<number>()
    for (let i = 0; i < 3; i++) {
      await new Promise<void>((resolve, reject) => {
        const req = request(s.url + '/sdapi/v1/samplers', { agent }, (res) => {
          ports.add(res.socket.localPort!)
          res.resume()
          res.on('end', resolve)
        })
        req.on('error', reject)
        req.end()
      })
    }
    agent.destroy()
    expect(ports.size).toBe(1)
  })
})
