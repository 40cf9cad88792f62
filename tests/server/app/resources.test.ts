/**
 * Resource names over real HTTP, against simulated WebUIs whose installed lists differ: a name no
 * WebUI has is refused at submit (where A1111 would silently use whatever is loaded), aliases go
 * out canonical, jobs go only to a WebUI that has what they need, a job none can serve is refused,
 * a job whose WebUI lost a resource after submit fails before its first request, and no setting
 * (the VAE) leaks from one run into the next.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type SimHandle } from '../../../server/sim/index.ts'
import { readTextChunks } from '../../../server/png/chunks.ts'
import { api, start, waitForIdle } from './helpers.ts'

type Server = Awaited<ReturnType<typeof start>>

/** A: the default lists. B: other checkpoints and VAEs (first listed = loaded). */
let simA: SimHandle
let simB: SimHandle
const servers: Server[] = []
beforeAll(async () => {
  simA = await startSimulator({ stepMs: 0, modelSwitchMs: 1 })
  simB = await startSimulator({
    stepMs: 0, modelSwitchMs: 1,
    resources: { checkpoints: ['SDXL/juggernautXL_ragnarokBy.safetensors', 'v1-5-pruned-emaonly.safetensors'], vaes: ['vae-ft-mse-840000-ema-pruned.safetensors'] },
  })
})
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
  simB.setResources({ checkpoints: ['SDXL/juggernautXL_ragnarokBy.safetensors', 'v1-5-pruned-emaonly.safetensors'] })
})
afterAll(async () => {
  await simA.close()
  await simB.close()
})

async function serverOn(...sims: SimHandle[]): Promise<Server> {
  const s = await start({ webuiUrls: sims.map((x) => x.url) })
  servers.push(s)
  return s
}

const graph = (params: Record<string, unknown>, id = 'g-res') => ({
  version: 1, id, name: id, description: '', tags: [], viewport: { x: 0, y: 0, zoom: 1 }, edges: [],
  nodes: [{ id: 't', kind: 'txt2img', position: { x: 0, y: 0 }, label: 'Portrait', params: { prompt: 'a cat', steps: 2, width: 64, height: 64, ...params } }],
})

const txt2imgCalls = (sim: SimHandle): number => sim.stats().requests['/sdapi/v1/txt2img'] ?? 0

async function finishedRun(server: Server, runId: string) {
  await waitForIdle(server)
  return (await api(server, `/api/runs/${runId}`)).body as { jobs: { jobId: string; state: string; backend: string | null; lastError: string | null }[]; artifacts: { artifactId: string }[] }
}

async function infotextOf(server: Server, artifactId: string): Promise<string> {
  const meta = await api(server, `/api/artifacts/${artifactId}/meta`)
  return meta.body.parameters as string
}

describe('a name no WebUI has is refused before anything is sent', () => {
  it('400 naming node, field and the nearest name; A1111 itself would have answered 200 with another model', async () => {
    const server = await serverOn(simB)
    const before = txt2imgCalls(simB)
    const r = await api(server, '/api/runs', { method: 'POST', json: { graph: graph({ model: 'juggernautXL_ragnarok' }) } })
    expect(r.status).toBe(400)
    expect(r.body.problems).toEqual([{
      path: 'graph.nodes.t.model',
      message: 'Portrait: checkpoint "juggernautXL_ragnarok" is not on the WebUI. Did you mean "SDXL/juggernautXL_ragnarokBy.safetensors"?',
    }])
    const preview = await api(server, '/api/compile', { method: 'POST', json: { graph: graph({ model: 'sdxl/sd_xl_base_1.0.safetensors' }) } })
    expect(preview.body.errors).toEqual([expect.objectContaining({ code: 'unknown-resource', nodeId: 't', field: 'model' })])
    expect(txt2imgCalls(simB)).toBe(before)

    // What the WebUI does with such a request when nobody checks: 200, made on the loaded model.
    const direct = await fetch(`${simB.url}/sdapi/v1/txt2img`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'a cat', steps: 1, width: 32, height: 32, override_settings: { sd_model_checkpoint: 'sdxl/sd_xl_base_1.0.safetensors' } }),
    })
    expect(direct.status).toBe(200)
    const image = Buffer.from(((await direct.json()) as { images: string[] }).images[0]!, 'base64')
    const text = readTextChunks(image)
    expect(text.ok && text.value.parameters).toContain('Model: juggernautXL_ragnarokBy')
  })

  it('an alias in another letter case goes out canonical, so the WebUI really switches to it', async () => {
    const server = await serverOn(simB)
    const r = await api(server, '/api/runs', { method: 'POST', json: { graph: graph({ model: 'V1-5-PRUNED-EMAONLY' }) } })
    expect(r.status).toBe(201)
    const run = await finishedRun(server, r.body.runId)
    expect(run.jobs.map((j) => j.state)).toEqual(['succeeded'])
    expect(await infotextOf(server, run.artifacts[0]!.artifactId)).toContain('Model: v1-5-pruned-emaonly')
  })
})

describe('routing across WebUIs with different lists', () => {
  it('sends every job to the WebUI that has its checkpoint', async () => {
    const server = await serverOn(simA, simB)
    const onlyB = await api(server, '/api/runs', { method: 'POST', json: { graph: graph({ model: 'SDXL/juggernautXL_ragnarokBy.safetensors', batch_runs: 4 }, 'g-b') } })
    const onlyA = await api(server, '/api/runs', { method: 'POST', json: { graph: graph({ model: 'dreamshaper_8', batch_runs: 4 }, 'g-a') } })
    expect([onlyB.status, onlyA.status]).toEqual([201, 201])
    const b = await finishedRun(server, onlyB.body.runId)
    const a = await finishedRun(server, onlyA.body.runId)
    expect(b.jobs.map((j) => [j.state, j.backend])).toEqual(Array(4).fill(['succeeded', 'webui-2']))
    expect(a.jobs.map((j) => [j.state, j.backend])).toEqual(Array(4).fill(['succeeded', 'webui-1']))
  })

  it('refuses a job that needs resources no single WebUI has', async () => {
    const server = await serverOn(simA, simB)
    const r = await api(server, '/api/runs', { method: 'POST', json: { graph: graph({ model: 'SDXL/juggernautXL_ragnarokBy.safetensors', vae: 'sdxl_vae.safetensors' }) } })
    expect(r.status).toBe(400)
    expect(r.body.problems).toHaveLength(1)
    expect(r.body.problems[0].path).toBe('graph.nodes.t.model')
    expect(r.body.problems[0].message).toMatch(/webui-1 lacks checkpoint "SDXL\/juggernautXL_ragnarokBy\.safetensors".*webui-2 lacks VAE "sdxl_vae\.safetensors"/)
  })
})

describe('lists that change between submit and dispatch', () => {
  it('the job fails before its first request, saying what is missing and offering a refresh', async () => {
    const server = await serverOn(simB)
    await api(server, '/api/queue/pause', { method: 'POST' })
    const r = await api(server, '/api/runs', { method: 'POST', json: { graph: graph({ model: 'v1-5-pruned-emaonly.safetensors' }) } })
    expect(r.status).toBe(201)
    simB.setResources({ checkpoints: ['SDXL/juggernautXL_ragnarokBy.safetensors'] })
    await api(server, '/api/resources/refresh', { method: 'POST' })
    const before = txt2imgCalls(simB)
    await api(server, '/api/queue/resume', { method: 'POST' })
    const run = await finishedRun(server, r.body.runId)
    expect(run.jobs[0]!.state).toBe('failed')
    expect(run.jobs[0]!.lastError).toContain('checkpoint "v1-5-pruned-emaonly.safetensors"')
    expect(run.jobs[0]!.lastError).toContain('POST /api/resources/refresh')
    expect(txt2imgCalls(simB)).toBe(before)
  })
})

describe('state isolation', () => {
  it('a run that chose no VAE gets the checkpoint\'s own, whatever an earlier run or another client left loaded', async () => {
    const server = await serverOn(simA)
    const withVae = await api(server, '/api/runs', { method: 'POST', json: { graph: graph({ model: 'v1-5-pruned-emaonly.safetensors', vae: 'sdxl_vae.safetensors' }, 'g-vae') } })
    const a = await finishedRun(server, withVae.body.runId)
    expect(await infotextOf(server, a.artifacts[0]!.artifactId)).toContain('VAE: sdxl_vae')

    const without = await api(server, '/api/runs', { method: 'POST', json: { graph: graph({ model: 'v1-5-pruned-emaonly.safetensors' }, 'g-novae') } })
    const b = await finishedRun(server, without.body.runId)
    expect(await infotextOf(server, b.artifacts[0]!.artifactId)).not.toMatch(/VAE/)

    // Another client sets a VAE and a clip skip on the WebUI between our runs.
    await fetch(`${simA.url}/sdapi/v1/options`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sd_vae: 'kl-f8-anime2.ckpt', CLIP_stop_at_last_layers: 3 }) })
    const again = await api(server, '/api/runs', { method: 'POST', json: { graph: graph({ model: 'v1-5-pruned-emaonly.safetensors', seed: 5 }, 'g-novae2') } })
    const c = await finishedRun(server, again.body.runId)
    const text = await infotextOf(server, c.artifacts[0]!.artifactId)
    expect(text).not.toMatch(/VAE/)
    expect(text).not.toMatch(/Clip skip/)
  })
})
