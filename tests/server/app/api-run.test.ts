import { readFileSync, existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readTextChunks } from '../../../server/png/chunks.ts'
import { api, collectEvents, example, start, waitForIdle } from './helpers.ts'

type Server = Awaited<ReturnType<typeof start>>
let server: Server

beforeAll(async () => { server = await start() })
afterAll(async () => { await server?.close() })

describe('a fresh server', () => {
  it('says it uses the simulated WebUI and has the example graphs in its library', async () => {
    const health = await api(server, '/api/health')
    expect(health.body).toMatchObject({ ok: true, simulated: true })
    expect(health.body.backends[0]).toMatchObject({ state: 'up', simulated: true })
    const graphs = await api(server, '/api/graphs')
    expect(graphs.body.graphs.map((g: { id: string }) => g.id).sort()).toEqual(['controlnet-inpaint', 'inpaint', 'landscape', 'learning-sweep', 'portrait', 'video'])
  })

  it('compiles exactly what it would run', async () => {
    const { status, body } = await api(server, '/api/compile', { method: 'POST', json: { graph: example('portrait'), runSeed: 3 } })
    expect(status).toBe(200)
    expect(body.errors).toEqual([])
    expect(body.run.totals).toEqual({ jobs: 3, webuiCalls: 9, images: 9, videos: 0 })
  })
})

describe('running the portrait example through the API', () => {
  let runId: string
  let jobIds: string[]

  it('queues it, streams progress and stage outputs, and finishes every job', async () => {
    const events = collectEvents(server, (ev) => ev.filter((e) => e.type === 'job-done').length >= 3)
    await new Promise((r) => setTimeout(r, 100)) // let the stream attach before the run starts
    const submitted = await api(server, '/api/runs', { method: 'POST', json: { graph: example('portrait') } })
    expect(submitted.status).toBe(201)
    expect(submitted.body.totals.jobs).toBe(3)
    runId = submitted.body.runId
    jobIds = submitted.body.jobIds
    const seen = await events
    const types = new Set(seen.map((e) => e.type))
    for (const t of ['queue', 'backend', 'job-start', 'stage-start', 'progress', 'stage-done', 'job-done']) expect(types).toContain(t)
    const stageDone = seen.filter((e) => e.type === 'stage-done')
    expect(stageDone).toHaveLength(9)
    await waitForIdle(server)
  })

  it('keeps every output with its recipe: PNG chunks, thumbnail, manifest, learning-log line', async () => {
    const run = await api(server, `/api/runs/${runId}`)
    expect(run.body.jobs.map((j: { state: string }) => j.state)).toEqual(['succeeded', 'succeeded', 'succeeded'])
    expect(run.body.artifacts).toHaveLength(9)
    const art = run.body.artifacts.find((a: { stageId: string }) => a.stageId === 'up')
    const png = await fetch(`${server.url}/api/artifacts/${art.artifactId}`)
    expect(png.headers.get('content-type')).toBe('image/png')
    const chunks = readTextChunks(new Uint8Array(await png.arrayBuffer()))
    expect(chunks.ok).toBe(true)
    if (chunks.ok) {
      expect(chunks.value.parameters).toMatch(/^\(masterpiece, best quality\)/)
      expect(JSON.parse(chunks.value['stablenew:graph']!).id).toBe('portrait')
      expect(JSON.parse(chunks.value['stablenew:job']!).jobId).toBe(art.jobId)
    }
    const thumb = await fetch(`${server.url}/api/artifacts/${art.artifactId}/thumb`)
    expect(thumb.headers.get('content-type')).toBe('image/webp')
    const outDir = join(server.dataDir, 'outputs', runId)
    expect(readdirSync(join(outDir, 'manifests')).sort()).toEqual(jobIds.map((id) => `${id}.json`).sort())
    const log = readFileSync(join(server.dataDir, 'learning', 'learning_log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    expect(log.filter((l) => l.runId === runId || l.run_id === runId)).toHaveLength(3)
  })

  it('shows the finished jobs in history and the node\'s latest outputs', async () => {
    const history = await api(server, '/api/history?graphId=portrait')
    expect(history.body.total).toBe(3)
    expect(history.body.jobs[0].thumbnails.length).toBe(3)
    const latest = await api(server, '/api/nodes/portrait/up/latest?limit=5')
    expect(latest.body.artifacts).toHaveLength(3)
    expect(latest.body.artifacts[0]).toMatchObject({ stageId: 'up', rating: null })
  })

  it('keeps a 4-star rating across a restart', async () => {
    const art = (await api(server, `/api/runs/${runId}`)).body.artifacts[0]
    expect((await api(server, '/api/ratings', { method: 'PUT', json: { targetKind: 'image', targetId: art.artifactId, rating: 4 } })).status).toBe(200)
    expect((await api(server, '/api/ratings', { method: 'PUT', json: { targetKind: 'job', targetId: jobIds[0], rating: 5 } })).status).toBe(200)
    await server.close()
    server = await start({ dataDir: server.dataDir })
    expect((await api(server, `/api/artifacts/${art.artifactId}/meta`)).body.rating).toBe(4)
    expect((await api(server, `/api/jobs/${jobIds[0]}`)).body.rating).toBe(5)
    const ratings = readFileSync(join(server.dataDir, 'learning', 'ratings.jsonl'), 'utf8').trim().split('\n')
    expect(ratings).toHaveLength(2)
    expect((await api(server, '/api/history?minRating=5')).body.jobs.map((j: { jobId: string }) => j.jobId)).toEqual([jobIds[0]])
  })

  it('serves a second identical run from the stage cache without asking the WebUI again', async () => {
    const before = server.sim!.stats().generations
    const again = await api(server, '/api/runs', { method: 'POST', json: { graph: example('learning-sweep'), runSeed: 11 } })
    expect(again.status).toBe(201)
    await waitForIdle(server)
    const afterFirst = server.sim!.stats().generations
    expect(afterFirst - before).toBe(6)
    // Same seeds (fixed), same payloads, new run seed → new job ids, zero generations.
    const third = await api(server, '/api/runs', { method: 'POST', json: { graph: example('learning-sweep'), runSeed: 12 } })
    expect(third.status).toBe(201)
    await waitForIdle(server)
    expect(server.sim!.stats().generations).toBe(afterFirst)
    const run = await api(server, `/api/runs/${third.body.runId}`)
    expect(run.body.jobs.every((j: { state: string }) => j.state === 'succeeded')).toBe(true)
    expect(existsSync(join(server.dataDir, 'outputs'))).toBe(true)
  })
})
