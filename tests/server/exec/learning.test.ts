/**
 * Ratings and favourites: ratings append to learning/ratings.jsonl and land in the index (last
 * write wins), unknown targets are refused, and favourites rank by the shrunk mean so one 5-star
 * image does not outrank fifty 4-star ones.
 */
import { LineWriter } from '../../../server/exec/line-writer.ts'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RunSpec } from '../../../engine/compile/spec.ts'
import { dataPaths, type DataPaths } from '../../../server/data/paths.ts'
import { FAVOURITE_M, FAVOURITE_PRIOR, Learning, shrunkMean } from '../../../server/exec/learning.ts'
import { openStore, QueueError, type Store } from '../../../server/queue/index.ts'
import { compileExample } from './helpers.ts'

let dir: string
let paths: DataPaths
let store: Store
let learning: Learning
let run: RunSpec

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'snf-learning-'))
  paths = dataPaths(dir)
  store = openStore(':memory:')
  learning = new Learning(paths, store, new LineWriter(paths, store.pendingLines, 60_000))
  // Six jobs sweeping sampler (Euler a / DPM++ 2M) × CFG (5 / 7 / 9).
  run = await compileExample('learning-sweep', 1)
  store.queue.submit(run)
})
afterEach(async () => {
  store.close()
  await rm(dir, { recursive: true, force: true })
})

const sampler = (jobId: string): string => run.jobs.find((j) => j.jobId === jobId)!.plan.stages[0]!.config.values.sampler_name as string

function addImages(jobId: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    const artifactId = `img-${jobId}-${i}`
    store.artifacts.add({
      artifactId, jobId, runId: run.runId, stageId: 'txt', index: i, kind: 'image', path: `outputs/x/${i}.png`,
      thumbPath: null, width: 8, height: 8, createdAt: new Date().toISOString(),
    })
    return artifactId
  })
}

describe('shrunk mean', () => {
  it('is (sum + m·prior) / (count + m) with the documented constants', () => {
    expect(FAVOURITE_M).toBe(5)
    expect(FAVOURITE_PRIOR).toBe(2.5)
    expect(shrunkMean(5, 1)).toBeCloseTo(17.5 / 6)
    expect(shrunkMean(200, 50)).toBeCloseTo(212.5 / 55)
    expect(shrunkMean(0, 0)).toBe(FAVOURITE_PRIOR)
  })
})

describe('ratings and favourites', () => {
  it('one 5-star image does not outrank fifty 4-star ones', async () => {
    const jobs = run.jobs.map((j) => j.jobId)
    const lucky = jobs.find((id) => sampler(id) !== sampler(jobs[0]!))!
    const steady = jobs[0]!
    await learning.rate('image', addImages(lucky, 1)[0]!, 5)
    for (const id of addImages(steady, 50)) await learning.rate('image', id, 4)

    const fav = learning.favourites()
    expect(fav.samplers.map((e) => e.value)).toEqual([sampler(steady), sampler(lucky)])
    expect(fav.samplers[0]).toEqual({ value: sampler(steady), score: Math.round(shrunkMean(200, 50) * 1000) / 1000, count: 50 })
    expect(fav.samplers[1]).toMatchObject({ count: 1 })
    expect(fav.models).toHaveLength(1)
    expect(fav.cfg.reduce((n, e) => n + e.count, 0)).toBe(51)
    expect(fav.steps[0]!.count).toBe(51)

    // Ten 5-star images of the other sampler do outrank the fifty 4s.
    for (const id of addImages(lucky, 10).slice(1)) await learning.rate('image', id, 5)
    await learning.rate('job', lucky, 5)
    expect(learning.favourites().samplers[0]!.value).toBe(sampler(lucky))
  })

  it('a cleared rating (0) is no rating: it neither counts nor drags a value down', async () => {
    const job = run.jobs[0]!.jobId
    const [kept, cleared] = addImages(job, 2)
    await learning.rate('image', kept!, 4)
    await learning.rate('image', cleared!, 3)
    await learning.rate('image', cleared!, 0)
    const fav = learning.favourites()
    expect(fav.samplers).toEqual([{ value: sampler(job), score: Math.round(shrunkMean(4, 1) * 1000) / 1000, count: 1 }])
  })

  it('appends every rating to ratings.jsonl, indexes the last one, refuses unknown targets and bad values', async () => {
    const job = run.jobs[0]!.jobId
    await learning.rate('job', job, 2)
    await learning.rate('job', job, 4)
    expect(store.ratings.get('job', job)?.rating).toBe(4)
    const lines = (await readFile(join(paths.learning, 'ratings.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l))
    expect(lines.map((l) => l.rating)).toEqual([2, 4])
    await expect(learning.rate('job', 'nope', 3)).rejects.toBeInstanceOf(QueueError)
    await expect(learning.rate('image', 'nope', 3)).rejects.toBeInstanceOf(QueueError)
    await expect(learning.rate('job', job, 6)).rejects.toThrow()
    await expect(learning.rate('job', job, 2.5)).rejects.toThrow()
  })
})
