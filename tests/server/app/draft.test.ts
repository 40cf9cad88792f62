/**
 * The job draft: (graph, packs) entries collected, snapshotted when added (seeds, variants,
 * sweeps drawn then), stored in the data folder so a reload (or a restarted server) sees them,
 * submitted together (appended, or first with "run now") exactly as previewed.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { api, start } from './helpers.ts'

const servers: { close(): Promise<void> }[] = []
afterEach(async () => { for (const s of servers.splice(0)) await s.close() })
const boot = async (dataDir?: string) => {
  const s = await start(dataDir ? { dataDir } : {})
  servers.push(s)
  return s
}
type Server = Awaited<ReturnType<typeof boot>>
const add = (s: Server, json: unknown) => api(s, '/api/draft/entries', { method: 'POST', json })

describe('the job draft', () => {
  it('keeps entries in the data folder across a restart and submits exactly the jobs it snapshotted', async () => {
    const s = await boot()
    expect((await api(s, '/api/draft')).body).toEqual({ version: 1, entries: [] })
    const a = await add(s, { graphId: 'landscape', packs: [{ packId: 'portraits', rows: [0] }, { packId: 'studio' }] })
    expect(a.status).toBe(201)
    expect(a.body.entry.runs.map((r: { packIds: string[] }) => r.packIds)).toEqual([['portraits'], ['studio']])
    const b = await add(s, { graphId: 'learning-sweep', packs: [{ packId: 'studio' }, { packId: 'portraits', rows: [1] }], split: 'one' })
    expect(b.body.draft.entries).toHaveLength(2)
    expect(b.body.entry.runs).toHaveLength(1)
    // Human-readable in the data folder; a new server process on the same folder sees the same draft.
    const file = join(s.dataDir, 'job-draft.json')
    expect(readFileSync(file, 'utf8')).toMatch(/^\{\n {2}"version": 1,/)
    const before = (await api(s, '/api/draft')).body
    await s.close()
    servers.length = 0
    const again = await boot(s.dataDir)
    expect((await api(again, '/api/draft')).body).toEqual(before)

    const expected = before.entries.flatMap((e: { runs: { runId: string; jobIds: string[] }[] }) => e.runs)
    const sub = await api(again, '/api/draft/submit', { method: 'POST', json: {} })
    expect(sub.status).toBe(201)
    expect(sub.body.runs.map((r: { runId: string; jobIds: string[] }) => [r.runId, r.jobIds])).toEqual(expected.map((r: { runId: string; jobIds: string[] }) => [r.runId, r.jobIds]))
    expect(sub.body.totals.jobs).toBe(expected.reduce((n: number, r: { jobIds: string[] }) => n + r.jobIds.length, 0))
    for (const r of expected) expect((await api(again, `/api/runs/${r.runId}`)).status).toBe(200)
    expect((await api(again, '/api/draft')).body.entries).toEqual([])
    await api(again, '/api/queue/cancel', { method: 'POST', json: {} })
  }, 60_000)

  it('"run now" puts the draft before what is already queued', async () => {
    const s = await boot()
    await api(s, '/api/queue/pause', { method: 'POST' })
    const queued = await api(s, '/api/runs', { method: 'POST', json: { graphId: 'learning-sweep', packs: [{ packId: 'studio' }] } })
    expect(queued.status).toBe(201)
    await add(s, { graphId: 'learning-sweep', packs: [{ packId: 'portraits', rows: [2] }] })
    const sub = await api(s, '/api/draft/submit', { method: 'POST', json: { front: true } })
    expect(sub.status).toBe(201)
    const order = (await api(s, '/api/queue')).body.jobs.filter((j: { state: string }) => j.state === 'queued').map((j: { runId: string }) => j.runId)
    expect(order[0]).toBe(sub.body.runs[0].runId)
    expect(order.at(-1)).toBe(queued.body.runs[0].runId)
    await api(s, '/api/queue/cancel', { method: 'POST', json: {} })
  }, 60_000)

  it('refuses to submit an entry whose pack changed since it was added, keeping the draft', async () => {
    const s = await boot()
    await add(s, { graphId: 'learning-sweep', packs: [{ packId: 'studio' }] })
    const config = (await api(s, '/api/packs/studio/config')).body.config
    expect((await api(s, '/api/packs/studio/config', { method: 'PUT', json: { config: { ...config, txt2img: { ...(config.txt2img ?? {}), width: 640 } } } })).status).toBe(200)
    const sub = await api(s, '/api/draft/submit', { method: 'POST', json: {} })
    expect(sub.status).toBe(409)
    expect(sub.body.error).toMatch(/draft entry 1 .* would not run what was previewed/)
    expect((await api(s, '/api/queue')).body.counts.queued).toBe(0)
    const draft = (await api(s, '/api/draft')).body
    expect(draft.entries).toHaveLength(1)
    expect((await api(s, `/api/draft/entries/${draft.entries[0].id}`, { method: 'DELETE' })).body.entries).toEqual([])
  })

  it('answers bad input with a 4xx naming the field, and never overwrites a broken draft file', async () => {
    const s = await boot()
    expect((await add(s, { graphId: 'nope', packs: [{ packId: 'studio' }] })).body.problems[0].path).toBe('body.graphId')
    expect((await add(s, { graphId: 'landscape', packs: [] })).body.problems[0].path).toBe('body.packs')
    expect((await add(s, { graphId: 'landscape', packs: [{ packId: 'gone' }] })).body.problems[0].path).toBe('body.packs.0.packId')
    expect((await api(s, '/api/draft/entries/nope', { method: 'DELETE' })).status).toBe(404)
    const empty = await api(s, '/api/draft/submit', { method: 'POST', json: {} })
    expect([empty.status, empty.body.error]).toEqual([400, 'the job draft is empty'])
    expect(existsSync(join(s.dataDir, 'job-draft.json'))).toBe(false)
    writeFileSync(join(s.dataDir, 'job-draft.json'), '{ "version": 1, "entries": [ oops')
    const read = await api(s, '/api/draft')
    expect([read.status, read.body.error]).toEqual([409, expect.stringMatching(/job-draft\.json has a problem; fix the file or delete it/)])
    expect((await add(s, { graphId: 'learning-sweep', packs: [{ packId: 'studio' }] })).status).toBe(409)
    expect(readFileSync(join(s.dataDir, 'job-draft.json'), 'utf8')).toBe('{ "version": 1, "entries": [ oops')
  })
})
