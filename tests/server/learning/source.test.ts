/**
 * The learning source reads thousands of jobs without holding the server's one thread: it yields
 * to the event loop between pages (a dispatch or an SSE write waiting meanwhile runs), and still
 * answers every matching job once, in the order they finished.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createLearningSource } from '../../../server/learning/source.ts'
import { openStore, type Store } from '../../../server/queue/index.ts'

let store: Store
/** 1,600 finished jobs over three graphs, inserted out of finishing order; every 50th failed, every 5th rated. */
function seed(): void {
  const db = store.db
  db.prepare(`INSERT INTO runs (run_id, graph_id, graph_hash, created_at, run_json) VALUES ('r', 'g', 'h', '2026-01-01T00:00:00.000Z', '{}')`).run()
  const job = db.prepare(`INSERT INTO jobs (job_id, run_id, run_index, state, position, model, created_at, finished_at, finished_seq, graph_id, pack_id, prompt, seed, stages, spec_json)
    VALUES (?, 'r', ?, ?, ?, 'm', '2026-01-01T00:00:00.000Z', ?, ?, ?, NULL, 'p', ?, '["t"]', ?)`)
  const rate = db.prepare(`INSERT INTO ratings (target_kind, target_id, rating, at) VALUES ('job', ?, ?, '2026-01-02T00:00:00.000Z')`)
  db.transaction(() => {
    for (let i = 0; i < 1600; i++) {
      const id = `job-${String(i).padStart(5, '0')}`
      // Finishing order differs from insertion order (a retried job finishes late).
      const finished = new Date(Date.parse('2026-01-01T00:00:00.000Z') + ((i * 7919) % 1600) * 1000).toISOString()
      const spec = { seed: i, packId: null, rowIndex: 0, prompt: 'p', loras: [], randomizerSummary: { slots: {}, sweeps: {} },
        plan: { stages: [{ stageId: 't', kind: 'txt2img', config: { values: { cfg_scale: 3 + (i % 5) } } }] } }
      job.run(id, i, i % 50 === 7 ? 'failed' : 'succeeded', i, finished, i, `graph-${i % 3}`, i, JSON.stringify(spec))
      if (i % 5 === 0) rate.run(id, 1 + (i % 4))
    }
  })()
}
beforeEach(() => {
  store = openStore(':memory:')
  seed()
})
afterEach(() => store.close())

describe('learning source at a few thousand jobs', () => {
  it('lets other work run before it answers', async () => {
    const order: string[] = []
    const answer = createLearningSource(store.db).jobs({}).then(() => order.push('answer'))
    setImmediate(() => order.push('other work'))
    await answer
    expect(order).toEqual(['other work', 'answer'])
  })

  it('answers every matching job once, in the order they finished', async () => {
    const source = createLearningSource(store.db)
    const all = await source.jobs({})
    expect(all).toHaveLength(1600)
    expect(new Set(all.map((j) => j.jobId)).size).toBe(1600)
    const times = all.map((j) => j.finishedAt!)
    expect(times).toEqual([...times].sort())
    const graph1 = await source.jobs({ graphId: 'graph-1' })
    expect(graph1.map((j) => j.jobId)).toEqual(all.filter((j) => j.graphId === 'graph-1').map((j) => j.jobId))
    expect(all.filter((j) => j.outcome === 'failed').length).toBe(32)
    expect(all.reduce((n, j) => n + j.ratings.length, 0)).toBe(320)
  })
})
