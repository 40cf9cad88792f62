/**
 * Schema 3 on a file written by schema 2: existing images get their gallery columns (run date,
 * graph, model, sampler, prompt, state, rating) from the rows they belong to, and the triggers
 * keep them right afterwards (a rating, a job's state).
 */
import Database from 'better-sqlite3'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { createGallery } from '../../../server/gallery/query.ts'
import { MIGRATIONS } from '../../../server/queue/db.ts'
import { openStore } from '../../../server/queue/index.ts'
import { tempDir } from '../queue/helpers.ts'

let tmp: ReturnType<typeof tempDir>
beforeEach(() => { tmp = tempDir() })
afterEach(() => tmp.cleanup())

it('fills the gallery columns of images stored before schema 3', () => {
  const raw = new Database(tmp.file)
  raw.exec(MIGRATIONS[0]!)
  raw.exec(MIGRATIONS[1]!)
  raw.pragma('user_version = 2')
  raw.exec(`INSERT INTO runs VALUES ('r1', 'g1', 'h', '2026-03-01T00:00:00.000Z', '{}');
    INSERT INTO jobs (job_id, run_id, run_index, state, position, model, created_at, graph_id, pack_id, prompt, seed, stages, spec_json)
      VALUES ('j1', 'r1', 0, 'succeeded', 1, 'm.safetensors', '2026-03-01T00:00:00.000Z', 'g1', 'animals', 'a fox', 1, '["t"]',
        '{"plan":{"stages":[{"config":{"values":{"sampler_name":"DDIM"}}}]}}');
    INSERT INTO artifacts (artifact_id, job_id, run_id, stage_id, idx, kind, path, thumb_path, width, height, created_at)
      VALUES ('a1', 'j1', 'r1', 't', 0, 'image', 'outputs/r1/a1.png', NULL, 8, 8, '2026-03-01T00:00:05.000Z'),
             ('a2', 'j1', 'r1', 't', 1, 'image', 'outputs/r1/a2.png', NULL, 8, 8, '2026-03-01T00:00:06.000Z');
    INSERT INTO ratings VALUES ('image', 'a1', 4, '2026-03-02T00:00:00.000Z');`)
  raw.close()

  const store = openStore(tmp.file)
  try {
    const gallery = createGallery(store.db)
    expect(gallery.image('a1')).toMatchObject({ graphId: 'g1', packId: 'animals', model: 'm.safetensors', sampler: 'DDIM', prompt: 'a fox', state: 'succeeded', rating: 4 })
    expect(gallery.runs({})).toEqual({ total: 2, runs: [{ runId: 'r1', createdAt: '2026-03-01T00:00:00.000Z', graphId: 'g1', count: 2 }] })
    // Kept right from now on by the triggers.
    store.ratings.set({ targetKind: 'image', targetId: 'a2', rating: 2, at: '2026-03-03T00:00:00.000Z' })
    expect(gallery.page({ rating: '2' }).images.map((i) => i.artifactId)).toEqual(['a2'])
    store.db.prepare(`UPDATE jobs SET state = 'failed' WHERE job_id = 'j1'`).run()
    expect(gallery.page({ state: 'failed' }).total).toBe(2)
  } finally {
    store.close()
  }
})
