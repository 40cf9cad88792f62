import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, example, start, waitForIdle } from './helpers.ts'

type Server = Awaited<ReturnType<typeof start>>
let server: Server

// Slow generations (40 steps × 15 ms) so jobs stay queued long enough to be moved and cancelled.
beforeAll(async () => { server = await start({ sim: { stepMs: 15, modelSwitchMs: 1 } }) })
afterAll(async () => { await server?.close() })

const ids = (snapshot: { jobs: { jobId: string; state: string }[] }, state = 'queued') => snapshot.jobs.filter((j) => j.state === state).map((j) => j.jobId)

describe('queue control through the API', () => {
  it('pauses, reorders, edits, cancels (queued and running), retries and resumes', async () => {
    expect((await api(server, '/api/queue/pause', { method: 'POST' })).body.paused).toBe(true)
    const run = await api(server, '/api/runs', { method: 'POST', json: { graph: example('learning-sweep'), runSeed: 1 } })
    expect(run.status).toBe(201)
    const [a, b, c, d] = run.body.jobIds as string[]
    let snap = (await api(server, '/api/queue')).body
    expect(ids(snap)).toEqual(run.body.jobIds)

    snap = (await api(server, `/api/jobs/${d}/move`, { method: 'POST', json: { to: 'front' } })).body
    expect(ids(snap).slice(0, 2)).toEqual([d, a])
    snap = (await api(server, `/api/jobs/${a}/move`, { method: 'POST', json: { after: c } })).body
    expect(ids(snap).slice(0, 4)).toEqual([d, b, c, a])

    const edited = await api(server, `/api/jobs/${b}`, { method: 'PATCH', json: { prompt: 'a red perfume bottle', steps: 12 } })
    expect(edited.body).toMatchObject({ jobId: b, prompt: 'a red perfume bottle' })
    const spec = (await api(server, `/api/jobs/${b}`)).body.spec
    expect(spec.plan.stages[0].config.values.steps).toBe(12)
    expect((await api(server, `/api/jobs/${c}`)).body.spec.plan.stages[0].config.values.steps).toBe(25)

    expect((await api(server, `/api/jobs/${c}/cancel`, { method: 'POST' })).body.state).toBe('cancelled')
    expect((await api(server, `/api/jobs/${c}/move`, { method: 'POST', json: { to: 'front' } })).status).toBe(409)
    expect((await api(server, `/api/jobs/${c}/retry`, { method: 'POST' })).body.state).toBe('queued')

    // A running job: resume, wait until it runs, cancel it — the WebUI is interrupted and it never succeeds.
    await api(server, '/api/queue/resume', { method: 'POST' })
    let running: string | undefined
    for (let i = 0; i < 200 && !running; i++) {
      running = ids((await api(server, '/api/queue')).body, 'running')[0]
      if (!running) await new Promise((r) => setTimeout(r, 10))
    }
    expect(running).toBeDefined()
    expect((await api(server, `/api/jobs/${running}/cancel`, { method: 'POST' })).body.state).toBe('cancelled')
    expect((await api(server, `/api/jobs/${running}`, { method: 'PATCH', json: { seed: 1 } })).status).toBe(409)
    await waitForIdle(server)
    expect((await api(server, `/api/jobs/${running}`)).body.job.state).toBe('cancelled')
    const finalStates = await Promise.all(run.body.jobIds.map(async (id: string) => (await api(server, `/api/jobs/${id}`)).body.job.state))
    expect(finalStates.filter((s) => s === 'succeeded')).toHaveLength(5)
  })
})

describe('bad requests get a 4xx naming the field, and change nothing', () => {
  const cases: [string, string, string, unknown, number, string][] = [
    ['malformed JSON', 'POST', '/api/runs', '{"graph":', 400, 'body'],
    ['graph of the wrong type', 'POST', '/api/compile', { graph: 1, runSeed: 'x' }, 400, 'body.runSeed'],
    ['unknown body field', 'POST', '/api/runs', { graph: {}, colour: 'red' }, 400, 'body'],
    ['graph with errors', 'POST', '/api/runs', { graph: { ...(example('portrait') as object), nodes: (example('portrait') as { nodes: { id: string }[] }).nodes.map((n) => (n.id === 'txt' ? { ...n, params: { steps: 999 } } : n)) } }, 400, 'graph.nodes.txt.steps'],
    ['not a graph at all', 'POST', '/api/runs', { graph: 'hello' }, 400, 'graph'],
    ['unknown job', 'GET', '/api/jobs/nope123', undefined, 404, ''],
    ['traversal job id', 'GET', '/api/jobs/..%2F..%2Fetc%2Fpasswd', undefined, 400, 'params.jobId'],
    ['traversal artifact id', 'GET', '/api/artifacts/%2e%2e%2f%2e%2e%2fetc%2fpasswd', undefined, 400, 'params.id'],
    ['unknown artifact', 'GET', '/api/artifacts/a-0000', undefined, 404, ''],
    ['rating out of range', 'PUT', '/api/ratings', { targetKind: 'image', targetId: 'a-1', rating: 6 }, 400, 'body.rating'],
    ['rating of a missing image', 'PUT', '/api/ratings', { targetKind: 'image', targetId: 'a-1', rating: 3 }, 404, ''],
    ['move with two targets', 'POST', '/api/jobs/abc/move', { to: 'front', before: 'x' }, 400, 'body'],
    ['edit with nothing to change', 'PATCH', '/api/jobs/abc', {}, 400, 'body'],
    ['edit with a negative seed', 'PATCH', '/api/jobs/abc', { seed: -5 }, 400, 'body.seed'],
    ['history limit not a number', 'GET', '/api/history?limit=ten', undefined, 400, 'query.limit'],
    ['history with an unknown filter', 'GET', '/api/history?colour=red', undefined, 400, 'query'],
    ['unknown route', 'GET', '/api/frobnicate', undefined, 404, ''],
  ]

  it.each(cases)('%s', async (_name, method, path, body, status, field) => {
    const before = JSON.stringify((await api(server, '/api/queue')).body)
    const res = await api(server, path, { method, ...(typeof body === 'string' ? { body, headers: { 'content-type': 'application/json' } } : body !== undefined ? { json: body } : {}) })
    expect(res.status).toBe(status)
    expect(typeof res.body.error).toBe('string')
    if (field) expect(res.body.problems.map((p: { path: string }) => p.path)).toContain(field)
    expect(JSON.stringify((await api(server, '/api/queue')).body)).toBe(before)
  })

  it('refuses an oversized body with 413', async () => {
    const res = await api(server, '/api/compile', { method: 'POST', json: { graph: { pad: 'x'.repeat(9 * 1024 * 1024) } } })
    expect(res.status).toBe(413)
    expect(res.body.problems[0].path).toBe('body')
  })
})
