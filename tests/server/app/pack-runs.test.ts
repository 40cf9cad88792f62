/**
 * POST /api/runs `{ graphId, packs, split }`: a saved graph runs on chosen packs without being
 * edited, one run per pack or one for all, each row under its own pack's bound config; the pack id
 * is on every job, so history filters by it. Bad input is a 4xx naming the exact field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, start, waitForIdle } from './helpers.ts'

let server: Awaited<ReturnType<typeof start>>
beforeAll(async () => { server = await start() })
afterAll(async () => { await server.close() })

const post = (json: unknown) => api(server, '/api/runs', { method: 'POST', json })
const widthOf = async (jobId: string) => {
  const { body } = await api(server, `/api/jobs/${jobId}`)
  return [body.spec.packId, body.spec.plan.stages[0].config.values.width, body.spec.plan.stages[0].config.provenance.width]
}

describe('running a saved graph on packs', () => {
  it('queues one run per pack, each job under its own pack, and leaves the saved graph as it was', async () => {
    const before = await api(server, '/api/graphs/landscape')
    const r = await post({ graphId: 'landscape', packs: [{ packId: 'portraits' }, { packId: 'landscapes', rows: [1] }, { packId: 'studio' }], split: 'per-pack', runSeed: 7 })
    expect(r.status).toBe(201)
    expect(r.body.runs.map((x: { packIds: string[] }) => x.packIds)).toEqual([['portraits'], ['landscapes'], ['studio']])
    expect(new Set(r.body.runs.map((x: { runId: string }) => x.runId)).size).toBe(3)
    const sum = r.body.runs.reduce((n: number, x: { totals: { jobs: number } }) => n + x.totals.jobs, 0)
    expect(r.body.totals.jobs).toBe(sum)
    // Each run's jobs carry that run's pack and its bound size (portraits 512 wide, landscapes 768).
    const [portraits, landscapes] = r.body.runs
    expect(await widthOf(portraits.jobIds[0])).toEqual(['portraits', 512, 'pack:portraits'])
    expect(await widthOf(landscapes.jobIds[0])).toEqual(['landscapes', 768, 'pack:landscapes'])
    const detail = await api(server, `/api/runs/${landscapes.runId}`)
    expect(detail.body.jobs.length).toBe(landscapes.totals.jobs)
    expect((await api(server, '/api/graphs/landscape')).body).toEqual(before.body)

    await waitForIdle(server, 60_000)
    const history = await api(server, '/api/history?packId=landscapes&limit=200')
    expect(history.status).toBe(200)
    expect(history.body.total).toBe(landscapes.totals.jobs)
  }, 90_000)

  it('queues one run for all packs with split "one": the same jobs, in pack order', async () => {
    const one = await post({ graphId: 'landscape', packs: [{ packId: 'studio' }, { packId: 'portraits', rows: [0, 2] }], split: 'one', runSeed: 9 })
    expect(one.status).toBe(201)
    expect(one.body.runs).toHaveLength(1)
    expect(one.body.runs[0].packIds).toEqual(['studio', 'portraits'])
    const jobs = (await api(server, `/api/runs/${one.body.runs[0].runId}`)).body.jobs as { jobId: string }[]
    const packs = await Promise.all(jobs.map(async (j) => (await widthOf(j.jobId))[0]))
    const studio = packs.filter((p) => p === 'studio').length
    expect(studio).toBeGreaterThan(0)
    expect(packs).toEqual([...Array(studio).fill('studio'), ...Array(packs.length - studio).fill('portraits')])
    expect(packs.length - studio).toBeGreaterThan(0)
    await api(server, '/api/queue/cancel', { method: 'POST', json: {} })
  })

  it('refuses bad input with a 4xx naming the exact field, and queues nothing', async () => {
    const queued = async () => (await api(server, '/api/queue')).body.counts.queued
    const start = await queued()
    const cases: [unknown, number, string][] = [
      [{ graphId: 'nope', packs: [{ packId: 'studio' }] }, 404, 'body.graphId'],
      [{ graphId: 'landscape', packs: [{ packId: 'studio' }, { packId: 'missing' }] }, 404, 'body.packs.1.packId'],
      [{ graphId: 'landscape', packs: [{ packId: 'studio' }, { packId: 'studio' }] }, 400, 'body.packs.1.packId'],
      [{ graphId: 'landscape', packs: [] }, 400, 'body.packs'],
      [{ graphId: 'landscape', packs: [{ packId: 'studio' }], split: 'each' }, 400, 'body.split'],
      [{ graphId: 'landscape', packs: [{ packId: 'studio', rows: [-1] }] }, 400, 'body.packs.0.rows.0'],
      [{ graphId: 'landscape', packs: [{ packId: 'studio' }], packNodeId: 'txt' }, 400, 'body.packNodeId'],
    ]
    for (const [body, status, path] of cases) {
      const r = await post(body)
      expect([JSON.stringify(body), r.status, r.body.problems?.[0]?.path]).toEqual([JSON.stringify(body), status, path])
    }
    // Portrait has no randomizer: the landscapes pack's [[slots]] cannot run there; the error names the pack.
    const bad = await post({ graphId: 'portrait', packs: [{ packId: 'studio' }, { packId: 'landscapes' }] })
    expect(bad.status).toBe(400)
    expect(bad.body.error).toMatch(/graph "portrait" on pack "landscapes" has \d+ problem/)
    expect(await queued()).toBe(start)
  })

  it('asks which pack node to substitute when the graph has several', async () => {
    const graph = (await api(server, '/api/graphs/learning-sweep')).body
    const extra = { ...graph, id: 'two-packs', nodes: [...graph.nodes, { id: 'pack2', kind: 'pack', position: { x: 0, y: 400 }, params: { packs: [{ packId: 'portraits', rows: [] }] } }] }
    expect((await api(server, '/api/graphs/two-packs', { method: 'PUT', json: extra })).status).toBeLessThan(300)
    const ask = await post({ graphId: 'two-packs', packs: [{ packId: 'studio' }] })
    expect(ask.status).toBe(400)
    expect(ask.body.problems[0]).toMatchObject({ path: 'body.packNodeId', message: expect.stringMatching(/2 pack nodes \("pack".*"pack2"\); say which one/) })
    const ok = await post({ graphId: 'two-packs', packs: [{ packId: 'studio' }], packNodeId: 'pack' })
    expect(ok.status).toBe(201)
    await api(server, '/api/queue/cancel', { method: 'POST', json: {} })
  })
})
