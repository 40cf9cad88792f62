/**
 * Gallery queries at scale (20,000 seeded images): cursor paging walks every match exactly once
 * in order, offset pages agree with it, and each filter returns exactly the images the seed's
 * rules say (computed here independently from the seeded rows, not from the gallery's SQL).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { GalleryFilter } from '../../../engine/api/gallery.ts'
import { createGallery, type Gallery } from '../../../server/gallery/query.ts'
import { openStore, type Store } from '../../../server/queue/index.ts'
import { seedGallery, SEED_MODELS } from '../../bench/gallery-seed.ts'

const N = 20_000
let store: Store
let gallery: Gallery
interface Truth { id: string; run: string; graph: string; pack: string | null; model: string; sampler: string; state: string; prompt: string; rating: number; at: string }
let truth: Truth[]

beforeAll(() => {
  store = openStore(':memory:')
  seedGallery(store.db, N)
  gallery = createGallery(store.db)
  // The ground truth straight from the jobs/ratings tables, joined here (the gallery reads its copies).
  truth = store.db.prepare(`SELECT a.artifact_id AS id, a.run_id AS run, j.graph_id AS graph, j.pack_id AS pack, j.model AS model,
      json_extract(j.spec_json, '$.plan.stages[0].config.values.sampler_name') AS sampler, j.state AS state, j.prompt AS prompt,
      IFNULL(r.rating, 0) AS rating, a.created_at AS at
    FROM artifacts a JOIN jobs j ON j.job_id = a.job_id LEFT JOIN ratings r ON r.target_kind = 'image' AND r.target_id = a.artifact_id`).all() as Truth[]
}, 60_000)
afterAll(() => store.close())

function walk(filter: GalleryFilter, sort: 'date' | 'rating' = 'date'): string[] {
  const out: string[] = []
  let cursor: string | undefined
  for (;;) {
    const p = gallery.page(filter, { sort, cursor, limit: 500 })
    out.push(...p.images.map((i) => i.artifactId))
    if (p.nextCursor === null) return out
    cursor = p.nextCursor
  }
}

const sorted = (ids: string[]) => [...ids].sort()

describe('gallery queries at 20,000 images', () => {
  it('cursor pages cover every image once, newest run first, and offset pages agree', () => {
    const all = walk({})
    expect(all).toHaveLength(N)
    expect(new Set(all).size).toBe(N)
    const runOf = new Map(truth.map((t) => [t.id, t.run]))
    const runOrder = [...new Set(all.map((id) => runOf.get(id)!))]
    expect(runOrder).toEqual([...runOrder].sort().reverse())
    expect(gallery.page({}, { offset: 12_345, limit: 50 }).images.map((i) => i.artifactId)).toEqual(all.slice(12_345, 12_395))
  })

  it.each<[string, GalleryFilter, (t: Truth) => boolean]>([
    ['graph', { graphId: 'graph-1' }, (t) => t.graph === 'graph-1'],
    ['pack + model', { packId: 'animals', model: SEED_MODELS[2] }, (t) => t.pack === 'animals' && t.model === SEED_MODELS[2]],
    ['sampler + failed', { sampler: 'DDIM', state: 'failed' }, (t) => t.sampler === 'DDIM' && t.state === 'failed'],
    ['unrated', { rating: 'unrated' }, (t) => t.rating === 0],
    ['exactly 3', { rating: '3' }, (t) => t.rating === 3],
    ['4 or more', { rating: '4+' }, (t) => t.rating >= 4],
    ['date range', { from: '2026-01-01T01:00:00.000Z', to: '2026-01-01T02:00:00.000Z' }, (t) => t.at >= '2026-01-01T01:00:00.000Z' && t.at < '2026-01-01T02:00:00.000Z'],
    ['prompt text, any case', { q: 'SAILOR' }, (t) => t.prompt.toLowerCase().includes('sailor')],
    ['prompt text + graph', { q: 'fox', graphId: 'graph-2' }, (t) => t.prompt.includes('fox') && t.graph === 'graph-2'],
    // Few matches: read from the prompt index's set instead of row by row (query.ts TextMode).
    ['rare prompt text', { q: '#4242' }, (t) => t.prompt.includes('#4242')],
    ['rare prompt text + rating', { q: '#42', rating: '2+' }, (t) => t.prompt.includes('#42') && t.rating >= 2],
  ])('filter: %s', (_, filter, keep) => {
    const want = truth.filter(keep).map((t) => t.id)
    expect(want.length).toBeGreaterThan(0)
    const got = walk(filter)
    expect(sorted(got)).toEqual(sorted(want))
    expect(gallery.page(filter, { limit: 1 }).total).toBe(want.length)
    const runs = gallery.runs(filter)
    expect(runs.total).toBe(want.length)
    expect(runs.runs.reduce((s, r) => s + r.count, 0)).toBe(want.length)
  })

  it('sorts by rating, best first, every image once', () => {
    const byRating = walk({}, 'rating')
    expect(byRating).toHaveLength(N)
    const ratings = byRating.map((id) => gallery.image(id)!.rating ?? 0)
    expect(ratings).toEqual([...ratings].sort((a, b) => b - a))
    expect(ratings[0]).toBe(5)
  })

  it('refuses a cursor of another sort', () => {
    const c = gallery.page({}, { limit: 10 }).nextCursor!
    expect(() => gallery.page({}, { sort: 'rating', cursor: c })).toThrow(/sort=rating/)
  })
})
