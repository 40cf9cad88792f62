/**
 * Compare grids and learning insights over real HTTP: the learning-sweep example (CFG 5/7/9 ×
 * two samplers) runs on the simulated WebUI; its grid PNG decodes at the size its layout says;
 * bad axes are 400s naming the query field; seeded ratings give known means; failed and
 * cancelled jobs leave learning-log lines with their error.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, example, start, waitForIdle } from './helpers.ts'

let server: Awaited<ReturnType<typeof start>>
let runId = ''
let jobIds: string[] = []

beforeAll(async () => {
  server = await start({ executor: { maxAttempts: 1, retryBaseDelayMs: 0 } })
  const r = await api(server, '/api/runs', { method: 'POST', json: { graph: example('learning-sweep'), runSeed: 3 } })
  expect(r.status).toBe(201)
  runId = r.body.runId
  jobIds = r.body.jobIds
  await waitForIdle(server)
}, 60_000)
afterAll(async () => { await server?.close() })

/** RFC 4180: quoted cells may hold commas, quotes (doubled) and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++ } else if (ch === '"') quoted = false
      else cell += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') { row.push(cell); cell = '' } else if (ch === '\r') continue
    else if (ch === '\n') { row.push(cell); rows.push(row); row = []; cell = '' } else cell += ch
  }
  return rows
}

async function png(path: string): Promise<{ status: number; type: string | null; bytes: Buffer }> {
  const res = await fetch(server.url + path)
  return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) }
}

describe('compare grid of a sweep run', () => {
  it('lists the fields that vary (CFG and sampler) and every job with its image', async () => {
    const { status, body } = await api(server, `/api/runs/${runId}/compare`)
    expect(status).toBe(200)
    expect(body.fields.map((f: { key: string }) => f.key)).toEqual(['txt2img.cfg_scale', 'txt2img.sampler_name'])
    expect(body.fields[0].values).toEqual([5, 7, 9])
    expect(body.jobs).toHaveLength(6)
    expect(body.jobs.every((j: { artifacts: unknown[] }) => j.artifacts.length === 1)).toBe(true)
    expect(body.stages).toEqual([{ stageId: 'txt', kind: 'txt2img', label: 'Generate' }])
  })

  it('exports the grid as one PNG with label margins: 3 columns × 2 rows of 128 px cells', async () => {
    const r = await png(`/api/runs/${runId}/grid?x=txt2img.cfg_scale&y=txt2img.sampler_name&cell=128`)
    expect(r.status).toBe(200)
    expect(r.type).toBe('image/png')
    const meta = await sharp(r.bytes).metadata()
    // left label column 128 (min 90, max 240, = cell) + 3 × (128 + 4) + 4; top 34 + 30 + 2 × (128 + 4) + 4.
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 128 + 3 * 132 + 4, 64 + 2 * 132 + 4])
    // The cells hold the images (not blank): the grid's pixels vary.
    const stats = await sharp(r.bytes).stats()
    expect(stats.channels[0]!.stdev).toBeGreaterThan(10)
  })

  it('refuses an axis that does not vary, naming the query field and the fields that do', async () => {
    const r = await api(server, `/api/runs/${runId}/grid?x=txt2img.cfg_scale&y=txt2img.steps`)
    expect(r.status).toBe(400)
    expect(r.body.problems[0].path).toBe('query.y')
    expect(r.body.error).toContain('txt2img.sampler_name')
    const z = await api(server, `/api/runs/${runId}/grid?x=txt2img.cfg_scale&z=txt2img.sampler_name`)
    expect([z.status, z.body.problems[0].path]).toEqual([400, 'query.zValue'])
    const zOk = await png(`/api/runs/${runId}/grid?x=txt2img.cfg_scale&z=txt2img.sampler_name&zValue=${encodeURIComponent('DPM++ 2M')}&cell=64`)
    expect(zOk.status).toBe(200)
    expect((await sharp(zOk.bytes).metadata()).width).toBe(3 * 68 + 4)
    const stage = await api(server, `/api/runs/${runId}/grid?x=txt2img.cfg_scale&stage=upscale`)
    expect([stage.status, stage.body.problems[0].path]).toEqual([400, 'query.stage'])
    const unknown = await api(server, '/api/runs/run-nope/grid?x=txt2img.cfg_scale')
    expect(unknown.status).toBe(404)
    const missing = await api(server, `/api/runs/${runId}/grid`)
    expect([missing.status, missing.body.problems[0].path]).toEqual([400, 'query.x'])
  })
})

describe('a selection of jobs', () => {
  it('compares the chosen jobs only, and draws their grid', async () => {
    const { body: run } = await api(server, `/api/runs/${runId}/compare`)
    // The four jobs with CFG 5 or 9.
    const picked = run.jobs.filter((j: { fields: Record<string, unknown> }) => j.fields['txt2img.cfg_scale'] !== 7).map((j: { jobId: string }) => j.jobId)
    const { status, body } = await api(server, `/api/compare?jobIds=${picked.join(',')}`)
    expect(status).toBe(200)
    expect([body.runId, body.graphId, body.jobs.length]).toEqual([null, 'learning-sweep', 4])
    expect(body.fields.find((f: { key: string }) => f.key === 'txt2img.cfg_scale').values).toEqual([5, 9])
    const grid = await png(`/api/compare/grid?jobIds=${picked.join(',')}&x=txt2img.cfg_scale&y=txt2img.sampler_name&cell=64`)
    expect(grid.status).toBe(200)
    expect((await sharp(grid.bytes).metadata()).width).toBe(90 + 2 * 68 + 4)
  })

  it('names an unknown or malformed job id', async () => {
    const unknown = await api(server, '/api/compare?jobIds=nope')
    expect([unknown.status, unknown.body.problems[0].path]).toEqual([404, 'query.jobIds'])
    const bad = await api(server, '/api/compare?jobIds=a,,b')
    expect([bad.status, bad.body.problems[0].path]).toEqual([400, 'query.jobIds.1'])
  })
})

describe('the stage a grid shows', () => {
  it('defaults to each job\'s last stage; stage= shows another (txt2img before ADetailer and upscale)', async () => {
    const r = await api(server, '/api/runs', { method: 'POST', json: { graph: example('portrait'), runSeed: 9 } })
    await waitForIdle(server)
    const { body } = await api(server, `/api/runs/${r.body.runId}/compare`)
    expect(body.jobs.map((j: { finalStage: string }) => j.finalStage)).toEqual(['up', 'up', 'up'])
    const x = body.fields[0].key
    const finals = await png(`/api/runs/${r.body.runId}/grid?x=${x}&cell=64`)
    const first = await png(`/api/runs/${r.body.runId}/grid?x=${x}&cell=64&stage=txt`)
    const last = await png(`/api/runs/${r.body.runId}/grid?x=${x}&cell=64&stage=up`)
    expect([finals.status, first.status]).toEqual([200, 200])
    expect(finals.bytes.equals(last.bytes)).toBe(true)
    expect(finals.bytes.equals(first.bytes)).toBe(false)
  }, 60_000)
})

describe('insights', () => {
  it('gives the mean, count and interval of seeded ratings per value, and a suggestion', async () => {
    const { body: cmp } = await api(server, `/api/runs/${runId}/compare`)
    // CFG 5 → 5 and 4, CFG 7 → 3 and 3, CFG 9 → 1 and 2 (one image each job).
    const want: Record<number, number[]> = { 5: [5, 4], 7: [3, 3], 9: [1, 2] }
    for (const j of cmp.jobs) {
      const rating = want[j.fields['txt2img.cfg_scale']]!.shift()!
      expect((await api(server, '/api/ratings', { method: 'PUT', json: { targetKind: 'image', targetId: j.artifacts[0].artifactId, rating } })).status).toBe(200)
    }
    const { status, body } = await api(server, '/api/learning/insights?graphId=learning-sweep')
    expect(status).toBe(200)
    expect([body.jobs, body.ratings]).toEqual([6, 6])
    const cfg = body.fields.find((f: { key: string }) => f.key === 'txt2img.cfg_scale')
    expect(cfg.values.map((v: { value: number; mean: number; count: number }) => [v.value, v.mean, v.count])).toEqual([[5, 4.5, 2], [7, 3, 2], [9, 1.5, 2]])
    // [5, 4]: sd 0.707, t(1) = 12.706 → ±6.35, clamped to the 0–5 scale.
    expect(cfg.values[0].ci).toEqual([0, 5])
    expect(body.fields[0].key).toBe('txt2img.cfg_scale')
    expect(body.suggestions[0]).toMatchObject({ path: 'txt2img.cfg_scale', values: [4, 5, 6] })
    expect(body.suggestions[0].evidence).toContain('5 rated 4.5')
  })

  it('filters (an unknown graph has nothing) and names a bad filter', async () => {
    expect((await api(server, '/api/learning/insights?graphId=other')).body).toMatchObject({ jobs: 0, fields: [] })
    const future = await api(server, '/api/learning/insights?since=2999-01-01')
    expect(future.body.jobs).toBe(0)
    const bad = await api(server, '/api/learning/insights?since=yesterday')
    expect([bad.status, bad.body.problems[0].path]).toEqual([400, 'query.since'])
  })

  it('exports ratings + settings as CSV, one row per rating', async () => {
    const res = await fetch(server.url + '/api/learning/export.csv?graphId=learning-sweep')
    expect(res.headers.get('content-type')).toContain('text/csv')
    const rows = parseCsv(await res.text())
    const head = rows[0]!
    expect(head.slice(0, 10)).toEqual(['jobId', 'runId', 'graphId', 'packId', 'outcome', 'error', 'finishedAt', 'targetKind', 'targetId', 'rating'])
    expect(rows).toHaveLength(7)
    const cfgCol = head.indexOf('txt2img.cfg_scale')
    const ratings = rows.slice(1).map((c) => [Number(c[cfgCol]), Number(c[9])]).sort()
    // The prompt has commas: it is quoted and comes back whole.
    expect(rows[1]![head.indexOf('prompt')]).toBe('(masterpiece, best quality), product photo, a glass perfume bottle on black velvet, dramatic rim light')
    expect(ratings).toEqual([[5, 4], [5, 5], [7, 3], [7, 3], [9, 1], [9, 2]])
  })
})

describe('learning-log lines for failed and cancelled jobs', () => {
  const withSteps = (steps: number) => {
    const g = example('learning-sweep') as { nodes: { id: string; params: Record<string, unknown> }[] }
    g.nodes.find((n) => n.id === 'txt')!.params.steps = steps
    return g
  }
  it('writes one line per failed job with its error and one per cancelled job', async () => {
    server.sim!.setFaults({ errorRate: 1 })
    // Other steps than the first run: its images are not in the stage cache, so the WebUI is asked (and fails).
    const failed = await api(server, '/api/runs', { method: 'POST', json: { graph: withSteps(21), runSeed: 4 } })
    await waitForIdle(server)
    server.sim!.setFaults({ errorRate: 0 })
    await api(server, '/api/queue/pause', { method: 'POST' })
    const cancelled = await api(server, '/api/runs', { method: 'POST', json: { graph: withSteps(22), runSeed: 5 } })
    await api(server, '/api/queue/cancel', { method: 'POST', json: { runId: cancelled.body.runId } })
    await api(server, '/api/queue/resume', { method: 'POST' })
    const read = () => readFileSync(join(server.dataDir, 'learning', 'learning_log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    // Lines are kept in the queue database at once and appended to the file right after.
    const end = Date.now() + 10_000
    while (read().filter((l) => l.runId === cancelled.body.runId).length < 6 && Date.now() < end) await new Promise((r) => setTimeout(r, 20))
    const lines = read()
    const of = (run: string) => lines.filter((l) => l.runId === run)
    expect(of(runId).every((l) => l.outcome === undefined && l.outputs.length === 1)).toBe(true)
    expect(of(failed.body.runId)).toHaveLength(6)
    expect(of(failed.body.runId).every((l) => l.outcome === 'failed' && typeof l.error === 'string' && l.error.length > 0 && l.stages[0].config.cfg_scale > 0)).toBe(true)
    expect(of(cancelled.body.runId).map((l) => l.outcome)).toEqual(Array(6).fill('cancelled'))
    // Insights count them per value: every CFG value failed once per sampler in the failed run.
    const { body } = await api(server, '/api/learning/insights?graphId=learning-sweep')
    const cfg5 = body.fields.find((f: { key: string }) => f.key === 'txt2img.cfg_scale').values[0]
    expect(cfg5).toMatchObject({ value: 5, jobs: 6, failed: 2, cancelled: 2, mean: 4.5 })
  }, 60_000)
})

describe('wildcard values in compare and insights', () => {
  /** Runs `pack` (one row) through a combinatorial randomizer into txt2img (2 batch runs). */
  async function runPack(s: Awaited<ReturnType<typeof start>>, graphId: string, txt: string): Promise<{ runId: string; jobs: { fields: Record<string, any>; artifacts: { artifactId: string }[] }[]; fields: { key: string; values: unknown[] }[] }> {
    expect((await api(s, '/api/packs', { method: 'POST', json: { id: graphId, name: graphId, txt } })).status).toBe(201)
    const g = {
      version: 1, id: graphId, name: graphId, description: '', tags: [],
      nodes: [
        { id: 'pack', kind: 'pack', position: { x: 0, y: 0 }, params: { packId: graphId, rows: [] } },
        { id: 'r', kind: 'randomizer', position: { x: 200, y: 0 }, params: { mode: 'combinatorial', maxVariants: 100, useMatrix: true, sweeps: [], seedMode: 'fixed', baseSeed: 7, drawSeed: -1 } },
        { id: 'txt', kind: 'txt2img', position: { x: 400, y: 0 }, params: { steps: 20, batch_runs: 2 } },
      ],
      edges: [
        { id: 'e1', source: 'pack', sourcePort: 'prompts', target: 'r', targetPort: 'prompts' },
        { id: 'e2', source: 'r', sourcePort: 'prompts', target: 'txt', targetPort: 'prompts' },
      ],
      viewport: { x: 0, y: 0, zoom: 1 },
    }
    const r = await api(s, '/api/runs', { method: 'POST', json: { graph: g, runSeed: 3 } })
    expect(r.status).toBe(201)
    await waitForIdle(s)
    const { body } = await api(s, `/api/runs/${r.body.runId}/compare`)
    return { runId: r.body.runId, ...body }
  }
  const rate = async (s: { url: string }, artifactId: string, rating: number) =>
    expect((await api(s, '/api/ratings', { method: 'PUT', json: { targetKind: 'image', targetId: artifactId, rating } })).status).toBe(200)
  const means = (body: { fields: { key: string; values: { value: unknown; mean: number; count: number }[] }[] }, key: string) =>
    body.fields.find((f) => f.key === key)!.values.map((v) => [v.value, v.mean, v.count])

  it('gives the mean rating per __colours__ value drawn, and offers wildcard.colours as a grid axis', async () => {
    const s = await start({ executor: { maxAttempts: 1, retryBaseDelayMs: 0 } })
    try {
      const cmp = await runPack(s, 'wildcard-flags', 'a __colours__ flag\n')
      expect(cmp.jobs).toHaveLength(6)
      expect(cmp.fields.find((f) => f.key === 'wildcard.colours')!.values).toEqual(['amber', 'crimson', 'teal'])
      const want: Record<string, number[]> = { crimson: [5, 4], teal: [3, 3], amber: [1, 2] }
      for (const j of cmp.jobs) {
        expect(j.fields.prompt).toBe(`a ${j.fields['wildcard.colours']} flag`)
        await rate(s, j.artifacts[0]!.artifactId, want[j.fields['wildcard.colours']]!.shift()!)
      }
      const { body } = await api(s, '/api/learning/insights?graphId=wildcard-flags')
      expect(means(body, 'wildcard.colours')).toEqual([['amber', 1.5, 2], ['crimson', 4.5, 2], ['teal', 3, 2]])
      // One column per value drawn: 3 × (64 + 4) + 4 (no Y axis, so no label column).
      const grid = await fetch(`${s.url}/api/runs/${cmp.runId}/grid?x=wildcard.colours&cell=64`)
      expect([grid.status, grid.headers.get('content-type')]).toEqual([200, 'image/png'])
      expect((await sharp(Buffer.from(await grid.arrayBuffer())).metadata()).width).toBe(3 * 68 + 4)
    } finally {
      await s.close()
    }
  }, 60_000)

  it('keeps apart jobs whose prompts read the same but drew different values', async () => {
    const s = await start({ executor: { maxAttempts: 1, retryBaseDelayMs: 0 } })
    try {
      expect((await api(s, '/api/wildcards/file', { method: 'PUT', json: { name: 'tone', text: 'red\nred red\n', expectedVersion: null } })).status).toBe(200)
      const cmp = await runPack(s, 'tones', '__tone__ __tone__ flag\n')
      expect(cmp.jobs).toHaveLength(8)
      expect(cmp.fields.find((f) => f.key === 'wildcard.tone')!.values).toEqual(['red + red', 'red + red red', 'red red + red', 'red red + red red'])
      // `red red red flag` twice, drawn two ways: rated 5 one way and 1 the other.
      const rating: Record<string, number> = { 'red + red': 3, 'red + red red': 5, 'red red + red': 1, 'red red + red red': 2 }
      for (const j of cmp.jobs) await rate(s, j.artifacts[0]!.artifactId, rating[j.fields['wildcard.tone']]!)
      const { body } = await api(s, '/api/learning/insights?graphId=tones')
      expect(means(body, 'wildcard.tone')).toEqual([['red + red', 3, 2], ['red + red red', 5, 2], ['red red + red', 1, 2], ['red red + red red', 2, 2]])
      expect(means(body, 'prompt')).toContainEqual(['red red red flag', 3, 4])
    } finally {
      await s.close()
    }
  }, 60_000)
})
