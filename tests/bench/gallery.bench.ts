/**
 * Gallery queries at 100,000 images (issue 12 §1): every page query, cursor or offset, with the
 * common filter combinations, answers in < 50 ms (best of repeated runs, count included, as the
 * API route runs it). Also the run list the editor lays its grid out from.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { dataPaths } from '../../server/data/paths.ts'
import { startServer } from '../../server/start.ts'
import { openStore } from '../../server/queue/index.ts'
import { createGallery } from '../../server/gallery/query.ts'
import type { GalleryFilter } from '../../engine/api/gallery.ts'
import { atMost, bestOf, type BenchFigure } from './harness.ts'
import { seedGallery, SEED_MODELS } from './gallery-seed.ts'

const IMAGES = 100_000
const TARGET_MS = 50

export async function bench(): Promise<BenchFigure[]> {
  return [...queryFigures(), ...(await httpFigures())]
}

function queryFigures(): BenchFigure[] {
  const store = openStore(':memory:')
  try {
    const t0 = performance.now()
    const seed = seedGallery(store.db, IMAGES)
    const seedMs = performance.now() - t0
    const gallery = createGallery(store.db)
    const middleRun = seed.runIds[Math.floor(seed.runIds.length / 2)]!
    const cases: [string, GalleryFilter, { sort?: 'date' | 'rating'; deep?: boolean; offset?: number }][] = [
      ['first page, no filter', {}, {}],
      ['page 500 by cursor, no filter', {}, { deep: true }],
      ['offset 90,000', {}, { offset: 90_000 }],
      ['graph', { graphId: 'graph-1' }, { deep: true }],
      ['run', { runId: middleRun }, {}],
      ['pack + model', { packId: 'animals', model: SEED_MODELS[2] }, { deep: true }],
      ['sampler + state failed', { sampler: 'DDIM', state: 'failed' }, {}],
      ['unrated', { rating: 'unrated' }, { deep: true }],
      ['rating 4+', { rating: '4+' }, {}],
      ['sort by rating', {}, { sort: 'rating', deep: true }],
      ['date range (one day)', { from: '2026-01-01T12:00:00.000Z', to: '2026-01-02T12:00:00.000Z' }, {}],
      ['prompt text', { q: 'sailor' }, {}],
      ['prompt text, rare (22 images)', { q: '#4242' }, {}],
      ['prompt text + rating 3+', { q: 'sailor', rating: '3+' }, {}],
      ['prompt text + graph', { q: 'fox', graphId: 'graph-2' }, {}],
    ]
    const figures: BenchFigure[] = []
    for (const [name, filter, o] of cases) {
      // "deep": the cursor of the page 500 pages in (or the last full page, for a filter with fewer).
      let cursor: string | undefined
      if (o.deep) {
        const pages = Math.min(500, Math.floor(gallery.page(filter, { limit: 1 }).total / 100) - 1)
        for (let i = 0; i < pages; i++) cursor = gallery.page(filter, { sort: o.sort, cursor, limit: 100 }).nextCursor ?? undefined
      }
      const ms = bestOf(() => {
        const p = gallery.page(filter, { sort: o.sort, cursor, offset: o.offset, limit: 100 })
        if (p.images.length === 0) throw new Error(`gallery bench case "${name}" matched nothing`)
      }, { minMs: 300, minRuns: 5 })
      figures.push(atMost(`gallery page (100 images + total) at 100k: ${name}`, ms, 'ms', TARGET_MS))
    }
    const runsMs = bestOf(() => gallery.runs({}), { minMs: 300, minRuns: 5 })
    figures.push(atMost('gallery run list (1,000 runs with counts) at 100k', runsMs, 'ms', TARGET_MS))
    const runsFilteredMs = bestOf(() => gallery.runs({ model: SEED_MODELS[1], rating: '3+' }), { minMs: 300, minRuns: 5 })
    figures.push(atMost('gallery run list, model + rating 3+, at 100k', runsFilteredMs, 'ms', TARGET_MS))
    figures.push(atMost('seeding 100k artifact rows (with triggers)', seedMs, 'ms', 60_000))
    return figures
  } finally {
    store.close()
  }
}

/**
 * The same through the real server over HTTP (validation, query, JSON): a data folder seeded with
 * 100,000 images, the median of 20 requests each (a request's time includes the loopback round trip).
 */
async function httpFigures(): Promise<BenchFigure[]> {
  const dir = await mkdtemp(join(tmpdir(), 'flow-gallery-bench-'))
  const seeded = openStore(dataPaths(dir).database)
  const seed = seedGallery(seeded.db, IMAGES)
  seeded.close()
  const server = await startServer({ host: '127.0.0.1', port: 0, dataDir: dir, webuiUrls: [], sim: { stepMs: 1, modelSwitchMs: 1 }, log: () => {} })
  try {
    const get = async (path: string): Promise<number> => {
      const t0 = performance.now()
      const res = await fetch(server.url + path)
      const body = (await res.json()) as { images?: unknown[]; runs?: unknown[] }
      if (!res.ok || (body.images ?? body.runs ?? []).length === 0) throw new Error(`gallery bench: ${path} answered ${res.status}`)
      return performance.now() - t0
    }
    const median = async (path: string) => {
      await get(path)
      const times: number[] = []
      for (let i = 0; i < 20; i++) times.push(await get(path))
      return times.sort((a, b) => a - b)[10]!
    }
    const deep = createGalleryCursor(dir, seed.runIds.length)
    return [
      atMost('GET /api/gallery/images (100 images) at 100k, first page', await median('/api/gallery/images?limit=100'), 'ms', TARGET_MS),
      atMost('GET /api/gallery/images at 100k, graph, by cursor 300 pages in', await median(`/api/gallery/images?limit=100&graphId=graph-1&cursor=${await deep}`), 'ms', TARGET_MS),
      atMost('GET /api/gallery/images at 100k, prompt text + rating 3+', await median('/api/gallery/images?limit=100&q=sailor&rating=3%2B'), 'ms', TARGET_MS),
      atMost('GET /api/gallery/runs at 100k (1,000 runs)', await median('/api/gallery/runs'), 'ms', TARGET_MS),
    ]
  } finally {
    await server.close()
    await rm(dir, { recursive: true, force: true })
  }
}

/** A cursor 300 pages into graph-1's images, read from the seeded file directly. */
async function createGalleryCursor(dir: string, _runs: number): Promise<string> {
  const store = openStore(dataPaths(dir).database)
  try {
    const gallery = createGallery(store.db)
    let cursor: string | undefined
    for (let i = 0; i < 300; i++) cursor = gallery.page({ graphId: 'graph-1' }, { cursor, limit: 100 }).nextCursor ?? cursor
    return cursor!
  } finally {
    store.close()
  }
}
