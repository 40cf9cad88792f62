/**
 * The gallery and pruning routes on a real server with the simulated WebUI: a real run's images
 * listed, rated, chained, deleted (files gone, ratings kept in learning/ratings.jsonl), and the
 * 4xx answers naming the field.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, example, start, waitForIdle } from './helpers.ts'

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 25))
  if (!check()) throw new Error(`timed out waiting for ${what}`)
}

type Server = Awaited<ReturnType<typeof start>>
let server: Server
let runA: string
let runB: string

async function run(graph: unknown): Promise<string> {
  const r = await api(server, '/api/runs', { method: 'POST', json: { graph } })
  expect(r.status).toBe(201)
  return r.body.runId
}

beforeAll(async () => {
  server = await start()
  runA = await run(example('portrait'))
  await waitForIdle(server)
  runB = await run(example('portrait'))
  await waitForIdle(server)
}, 60_000)
afterAll(async () => { await server?.close() })

const images = async (q = ''): Promise<any> => (await api(server, `/api/gallery/images${q}`)).body
const fileOf = (a: { runId: string }, name: string) => join(server.dataDir, 'outputs', a.runId, name)

describe('gallery listing', () => {
  it('lists every image grouped by run, newest run first, with the run list and counts', async () => {
    const page = await images()
    expect(page.total).toBe(18)
    expect(page.images.slice(0, 9).every((i: any) => i.runId === runB)).toBe(true)
    expect(page.images.slice(9).every((i: any) => i.runId === runA)).toBe(true)
    expect(page.images[0]).toMatchObject({ graphId: 'portrait', state: 'succeeded', rating: null })
    const runs = (await api(server, '/api/gallery/runs')).body
    expect(runs).toMatchObject({ total: 18, runs: [{ runId: runB, count: 9, graphId: 'portrait' }, { runId: runA, count: 9 }] })
  })

  it('pages by cursor without gaps or repeats, and offset pages agree', async () => {
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const p: any = await images(`?limit=4${cursor ? `&cursor=${cursor}` : ''}`)
      seen.push(...p.images.map((i: any) => i.artifactId))
      cursor = p.nextCursor
    } while (cursor)
    const all = (await images('?limit=100')).images.map((i: any) => i.artifactId)
    expect(seen).toEqual(all)
    expect(new Set(seen).size).toBe(18)
    expect((await images('?offset=8&limit=4')).images.map((i: any) => i.artifactId)).toEqual(all.slice(8, 12))
  })

  it('a rating is shown at once in the gallery, the node outputs and the image meta (one store)', async () => {
    const first = (await images()).images[0]
    expect((await api(server, '/api/ratings', { method: 'PUT', json: { targetKind: 'image', targetId: first.artifactId, rating: 4 } })).status).toBe(200)
    expect((await images()).images[0].rating).toBe(4)
    expect((await images('?rating=4')).images.map((i: any) => i.artifactId)).toEqual([first.artifactId])
    expect((await images('?rating=unrated')).total).toBe(17)
    const node = (await api(server, `/api/nodes/portrait/${first.stageId}/latest?limit=50`)).body
    expect(node.artifacts.find((a: any) => a.artifactId === first.artifactId).rating).toBe(4)
    expect((await api(server, `/api/artifacts/${first.artifactId}/meta`)).body.rating).toBe(4)
    // 0 clears: unrated again everywhere.
    await api(server, '/api/ratings', { method: 'PUT', json: { targetKind: 'image', targetId: first.artifactId, rating: 0 } })
    expect((await images()).images[0].rating).toBeNull()
    expect((await images('?rating=unrated')).total).toBe(18)
  })

  it('filters by run, model, sampler, state, prompt text and date', async () => {
    expect((await images(`?runId=${runA}`)).total).toBe(9)
    const one = (await images()).images[0]
    expect((await images(`?model=${encodeURIComponent(one.model)}`)).total).toBeGreaterThan(0)
    expect((await images(`?sampler=${encodeURIComponent(one.sampler)}`)).total).toBeGreaterThan(0)
    expect((await images('?sampler=nope')).total).toBe(0)
    expect((await images('?state=succeeded')).total).toBe(18)
    expect((await images('?state=failed')).total).toBe(0)
    const word = one.prompt.split(/\W+/).find((w: string) => w.length > 3)
    expect((await images(`?q=${encodeURIComponent(word.toUpperCase())}`)).total).toBeGreaterThan(0)
    expect((await images('?q=%25')).total).toBe(0) // % is literal text, not a wildcard
    expect((await images('?to=2000-01-01')).total).toBe(0)
    expect((await images('?from=2000-01-01')).total).toBe(18)
  })

  it('shows the stage chain of an upscaled image: txt2img → ADetailer → upscale, each with its image', async () => {
    const up = (await images()).images.find((i: any) => i.stageId === 'up')
    const chain = (await api(server, `/api/gallery/images/${up.artifactId}/chain`)).body
    expect(chain.stages.map((s: any) => s.kind)).toEqual(['txt2img', 'adetailer', 'upscale'])
    expect(chain.stages.every((s: any) => s.image && s.image.jobId === up.jobId)).toBe(true)
    expect(chain.stages[2].image.artifactId).toBe(up.artifactId)
  })

  it('answers bad queries with 400 naming the field', async () => {
    for (const [q, path] of [['?rating=6', 'query.rating'], ['?limit=0', 'query.limit'], ['?from=yesterday', 'query.from'], ['?cursor=abc', 'query.cursor'],
      ['?cursor=abc&offset=1', 'query.cursor'], ['?sort=size', 'query.sort'], ['?colour=red', 'query']] as const) {
      const r = await api(server, `/api/gallery/images${q}`)
      expect(r.status, q).toBe(400)
      expect(r.body.problems.map((p: any) => p.path).join(' '), q).toContain(path)
    }
    expect((await api(server, '/api/gallery/images/nope/chain')).status).toBe(404)
  })
})

describe('pruning', () => {
  it('reports disk usage per run and in total', async () => {
    const u = (await api(server, '/api/storage/usage')).body
    expect(u.runs.map((r: any) => r.runId).sort()).toEqual([runA, runB].sort())
    expect(u.runs.every((r: any) => r.bytes > 0 && r.files >= 18)).toBe(true)
    expect(u.totalBytes).toBeGreaterThanOrEqual(u.outputsBytes + u.databaseBytes)
    expect(u.thumbnailsBytes).toBeGreaterThan(0)
  })

  it('deletes selected images atomically: files gone, rating kept in ratings.jsonl; dry run changes nothing', async () => {
    const [a, b] = (await images(`?runId=${runB}`)).images
    await api(server, '/api/ratings', { method: 'PUT', json: { targetKind: 'image', targetId: a.artifactId, rating: 5 } })
    const dry = await api(server, '/api/prune/images', { method: 'POST', json: { artifactIds: [a.artifactId, b.artifactId], dryRun: true } })
    expect(dry.body).toMatchObject({ dryRun: true, deleted: [a.artifactId, b.artifactId], skipped: [] })
    expect(dry.body.files).toBe(4)
    expect((await images(`?runId=${runB}`)).total).toBe(9)
    const meta = (await api(server, `/api/runs/${runB}`)).body.artifacts
    expect(meta).toHaveLength(9)
    const files = readdirSync(join(server.dataDir, 'outputs', runB))
    const del = await api(server, '/api/prune/images', { method: 'POST', json: { artifactIds: [a.artifactId, b.artifactId] } })
    expect(del.status).toBe(200)
    expect(del.body.freedBytes).toBe(dry.body.freedBytes)
    expect((await images(`?runId=${runB}`)).total).toBe(7)
    expect(readdirSync(join(server.dataDir, 'outputs', runB)).length).toBe(files.length - 4)
    expect((await api(server, `/api/artifacts/${a.artifactId}`)).status).toBe(404)
    const ratings = readFileSync(join(server.dataDir, 'learning/ratings.jsonl'), 'utf8')
    expect(ratings).toContain(`"targetId":"${a.artifactId}","rating":5`)
  })

  it('keeps only rated ≥ N of a run', async () => {
    const keep = (await images(`?runId=${runB}`)).images[0]
    await api(server, '/api/ratings', { method: 'PUT', json: { targetKind: 'image', targetId: keep.artifactId, rating: 4 } })
    const r = await api(server, `/api/prune/runs/${runB}/keep-rated`, { method: 'POST', json: { minRating: 4 } })
    expect(r.body.deleted).toHaveLength(6)
    expect((await images(`?runId=${runB}`)).images.map((i: any) => i.artifactId)).toEqual([keep.artifactId])
  })

  it('deletes a run: its files are gone, its ratings stay in the learning log, the favourites and the insights', async () => {
    const imgs = (await images(`?runId=${runA}`)).images
    await api(server, '/api/ratings', { method: 'PUT', json: { targetKind: 'image', targetId: imgs[0].artifactId, rating: 3 } })
    const before = (await api(server, '/api/learning/favourites')).body
    const insights = (await api(server, '/api/learning/insights?graphId=portrait')).body
    const r = await api(server, `/api/prune/runs/${runA}`, { method: 'POST', json: {} })
    expect(r.status).toBe(200)
    expect(r.body.deleted).toHaveLength(9)
    expect(existsSync(join(server.dataDir, 'outputs', runA))).toBe(false)
    expect(existsSync(fileOf(imgs[0], 'x'))).toBe(false)
    expect((await images(`?runId=${runA}`)).total).toBe(0)
    expect(readFileSync(join(server.dataDir, 'learning/ratings.jsonl'), 'utf8')).toContain(`"targetId":"${imgs[0].artifactId}","rating":3`)
    expect((await api(server, '/api/learning/favourites')).body).toEqual(before)
    expect((await api(server, '/api/learning/insights?graphId=portrait')).body).toEqual(insights)
    // The run's jobs stay in History (their images are gone).
    expect((await api(server, `/api/history?graphId=portrait`)).body.total).toBe(6)
    // Without forgetLearning the run's learning lines stay.
    expect(readFileSync(join(server.dataDir, 'learning/learning_log.jsonl'), 'utf8')).toContain(`"runId":"${runA}"`)
  })

  it('forgetRatings clears the ratings (rating-0 lines written at once) of the images, and of the jobs of a deleted run', async () => {
    const keep = (await images(`?runId=${runB}`)).images[0]
    const r = await api(server, '/api/prune/images', { method: 'POST', json: { artifactIds: [keep.artifactId], forgetRatings: true } })
    expect(r.body.deleted).toEqual([keep.artifactId])
    const lastRatingOf = (id: string) => readFileSync(join(server.dataDir, 'learning/ratings.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.targetId === id).at(-1)?.rating
    await until(() => lastRatingOf(keep.artifactId) === 0, 'the rating-0 line')
    const other = await run(example('portrait'))
    await waitForIdle(server)
    const job = (await api(server, `/api/runs/${other}`)).body.jobs[0].jobId
    await api(server, '/api/ratings', { method: 'PUT', json: { targetKind: 'job', targetId: job, rating: 5 } })
    expect((await api(server, `/api/prune/runs/${other}`, { method: 'POST', json: { forgetRatings: true } })).body.deleted).toHaveLength(9)
    await until(() => lastRatingOf(job) === 0, "the job's rating-0 line")
    expect((await api(server, `/api/jobs/${job}`)).body.rating).toBeNull()
  }, 30_000)

  it('forgetLearning removes the deleted run’s lines from learning_log.jsonl (every other line byte for byte) and its jobs stop counting in insights, favourites and the CSV', async () => {
    const gone = await run(example('portrait'))
    await waitForIdle(server)
    const jobs: string[] = (await api(server, `/api/runs/${gone}`)).body.jobs.map((j: any) => j.jobId)
    // Rated, so the run counts in every learning view before it is forgotten.
    await api(server, '/api/ratings', { method: 'PUT', json: { targetKind: 'job', targetId: jobs[0], rating: 5 } })
    const insightsBefore = (await api(server, '/api/learning/insights?graphId=portrait')).body
    const csv = async () => (await fetch(`${server.url}/api/learning/export.csv`)).text()
    expect(await csv()).toContain(jobs[0])
    const favouritesBefore = (await api(server, '/api/learning/favourites')).body
    const logFile = join(server.dataDir, 'learning/learning_log.jsonl')
    const linesOf = (text: string) => text.split('\n').filter((l) => l.includes(`"runId":"${gone}"`))
    await until(() => linesOf(readFileSync(logFile, 'utf8')).length === jobs.length, "the run's learning lines")
    const before = readFileSync(logFile, 'utf8')
    const others = before.split('\n').filter((l) => !l.includes(`"runId":"${gone}"`)).join('\n')
    const r = await api(server, `/api/prune/runs/${gone}`, { method: 'POST', json: { forgetLearning: true } })
    expect(r.status).toBe(200)
    expect(r.body.forgottenJobs).toEqual([...jobs].sort())
    expect(r.body.learningLinesRemoved).toBe(jobs.length)
    expect(readFileSync(logFile, 'utf8')).toBe(others)
    const insightsAfter = (await api(server, '/api/learning/insights?graphId=portrait')).body
    expect(insightsAfter.jobs).toBe(insightsBefore.jobs - jobs.length)
    expect(insightsAfter.ratings).toBe(insightsBefore.ratings - 1)
    expect(await csv()).not.toContain(jobs[0])
    const count = (f: any) => f.models.reduce((n: number, e: any) => n + e.count, 0)
    expect(count((await api(server, '/api/learning/favourites')).body)).toBe(count(favouritesBefore) - 1)
    // Still in History: forgetting learning is not deleting the job.
    expect((await api(server, `/api/jobs/${jobs[0]}`)).status).toBe(200)
  }, 30_000)

  it('an image used as img2img source: kept while a queued job starts from it; once deleted, a graph naming it is refused at submit (400 naming the field)', async () => {
    const own = await run(example('portrait'))
    await waitForIdle(server)
    const source = (await images(`?runId=${own}`)).images[0].artifactId
    const graph = { version: 3, id: 'from-image', name: 'From an image', description: '', tags: [], viewport: { x: 0, y: 0, zoom: 1 }, nodes: [{ id: 'redo', kind: 'img2img', position: { x: 0, y: 0 }, params: { prompt_adjust: 'a watercolour', sourceImage: source, denoising_strength: 0.5, steps: 4 } }], edges: [] }
    await api(server, '/api/queue/pause', { method: 'POST' })
    let queued: string
    try {
      const r = await api(server, '/api/runs', { method: 'POST', json: { graph } })
      expect(r.status, JSON.stringify(r.body)).toBe(201)
      queued = r.body.runId
      const kept = await api(server, '/api/prune/images', { method: 'POST', json: { artifactIds: [source] } })
      expect(kept.body.deleted).toEqual([])
      expect(kept.body.skipped).toEqual([{ artifactId: source, reason: 'a queued or running job starts from it (its img2img source)' }])
    } finally {
      await api(server, '/api/queue/resume', { method: 'POST' })
    }
    await waitForIdle(server)
    expect((await api(server, `/api/runs/${queued}`)).body.jobs.map((j: any) => j.state)).toEqual(['succeeded'])
    expect((await api(server, '/api/prune/images', { method: 'POST', json: { artifactIds: [source] } })).body.deleted).toEqual([source])
    const refused = await api(server, '/api/runs', { method: 'POST', json: { graph } })
    expect(refused.status).toBe(400)
    expect(refused.body.problems).toContainEqual({ path: 'graph.nodes.redo.sourceImage', message: expect.stringContaining(`"${source}" is no longer in the data folder`) })
  }, 30_000)

  it('refuses unknown runs and images (404) and bad bodies (400 naming the field)', async () => {
    expect((await api(server, '/api/prune/runs/nope', { method: 'POST', json: {} })).status).toBe(404)
    expect((await api(server, '/api/prune/images', { method: 'POST', json: { artifactIds: ['nope'] } })).status).toBe(404)
    const bad = await api(server, `/api/prune/runs/${runB}/keep-rated`, { method: 'POST', json: { minRating: 9 } })
    expect(bad.status).toBe(400)
    expect(bad.body.problems[0].path).toBe('body.minRating')
    const cache = await api(server, '/api/prune/stage-cache', { method: 'POST', json: {} })
    expect(cache.status).toBe(400)
    expect(cache.body.problems[0].path).toBe('body.olderThanDays')
  })

  it('prunes the stage cache by size', async () => {
    await run(example('portrait'))
    await waitForIdle(server)
    const u = (await api(server, '/api/storage/usage')).body
    expect(u.stageCache.entries).toBeGreaterThan(0)
    const r = await api(server, '/api/prune/stage-cache', { method: 'POST', json: { maxMB: 0 } })
    expect(r.body).toMatchObject({ removed: u.stageCache.entries, remaining: 0, remainingBytes: 0 })
    expect((await api(server, '/api/storage/usage')).body.stageCache.entries).toBe(0)
  })
})
