/**
 * Issue 11 §1 over real HTTP: a bad generation setting is a 400 naming its exact field, an
 * unknown prompt style is refused like any unknown WebUI name, and a Forge-only setting is refused
 * when every WebUI is A1111 (and accepted once a Forge WebUI is there).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type SimHandle } from '../../../server/sim/index.ts'
import { api, start, waitForIdle } from './helpers.ts'

type Server = Awaited<ReturnType<typeof start>>

let a1111: SimHandle
let forge: SimHandle
const servers: Server[] = []
beforeAll(async () => {
  ;[a1111, forge] = await Promise.all([startSimulator({ stepMs: 0, modelSwitchMs: 1 }), startSimulator({ stepMs: 0, modelSwitchMs: 1, flavor: 'forge' })])
})
afterEach(async () => { await Promise.all(servers.splice(0).map((s) => s.close())) })
afterAll(async () => { await Promise.all([a1111.close(), forge.close()]) })

async function serverOn(...sims: SimHandle[]): Promise<Server> {
  const s = await start({ webuiUrls: sims.map((x) => x.url) })
  servers.push(s)
  // Routing by flavour needs every backend's flavour: wait until each has been detected.
  for (let i = 0; i < 200; i++) {
    const b = (await api(s, '/api/backends')).body.backends as { flavor: string | null }[]
    if (b.length === sims.length && b.every((x) => x.flavor !== null)) return s
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error('backend flavours were never detected')
}

const graph = (params: Record<string, unknown>, id = 'g-gen') => ({
  version: 1, id, name: id, description: '', tags: [], viewport: { x: 0, y: 0, zoom: 1 }, edges: [],
  nodes: [{ id: 't', kind: 'txt2img', position: { x: 0, y: 0 }, label: 'Portrait', params: { prompt: 'a cat', steps: 2, width: 64, height: 64, ...params } }],
})

describe('generation settings at submit', () => {
  it('an out-of-range setting is a 400 naming the exact field', async () => {
    const server = await serverOn(a1111)
    const r = await api(server, '/api/runs', { method: 'POST', json: { graph: graph({ subseed_strength: 2 }) } })
    expect(r.status).toBe(400)
    expect(r.body.problems).toContainEqual({ path: 'graph.nodes.t.subseed_strength', message: 'txt2img "Portrait": subseed_strength must be at most 1.' })
  })

  it('an unknown style is refused with the nearest names; a known one runs', async () => {
    const server = await serverOn(a1111)
    const bad = await api(server, '/api/runs', { method: 'POST', json: { graph: graph({ styles: ['Watercolour'] }) } })
    expect(bad.status).toBe(400)
    expect(JSON.stringify(bad.body)).toMatch(/styles\.0.*prompt style \\"Watercolour\\" is not on the WebUI\. Did you mean \\"Watercolor\\"/)
    const ok = await api(server, '/api/runs', { method: 'POST', json: { graph: graph({ styles: ['Watercolor'] }, 'g-ok') } })
    expect(ok.status).toBe(201)
  })

  it('a Forge-only setting is refused when every WebUI is A1111, and runs on Forge when one is there', async () => {
    const onlyA = await serverOn(a1111)
    const r = await api(onlyA, '/api/runs', { method: 'POST', json: { graph: graph({ distilled_cfg_scale: 3 }) } })
    expect(r.status).toBe(400)
    expect(r.body.problems).toEqual([{ path: 'graph.nodes.t.distilled_cfg_scale', message: expect.stringContaining('is a Forge setting, and every WebUI here is A1111') }])
    // The editor learns the same from /api/resources, so it shows the problem before Run.
    expect((await api(onlyA, '/api/resources')).body.flavors).toEqual(['a1111'])
    await onlyA.close()
    servers.splice(0)
    const both = await serverOn(a1111, forge)
    const ok = await api(both, '/api/runs', { method: 'POST', json: { graph: graph({ distilled_cfg_scale: 3, batch_runs: 3 }) } })
    expect(ok.status).toBe(201)
    await waitForIdle(both)
    const run = (await api(both, `/api/runs/${ok.body.runId}`)).body as { jobs: { state: string; backend: string }[] }
    expect(run.jobs.map((j) => [j.state, j.backend])).toEqual(Array(3).fill(['succeeded', 'webui-2']))
  })
})
