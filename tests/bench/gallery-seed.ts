/**
 * Seeds a store with `images` artifact rows the way real runs leave them: runs of 100 images
 * (50 jobs × 2 stages), three graphs, two packs, four models, three samplers, every fifth image
 * rated, a few failed jobs. Straight SQL inserts (a real run of 100,000 images would take hours);
 * the migration's triggers fill the gallery columns exactly as they do for real rows.
 * Shared by the gallery benchmark and the API tests at scale.
 */
import type { Database } from 'better-sqlite3'

export const SEED_MODELS = ['dreamshaper_8.safetensors', 'v1-5-pruned-emaonly.safetensors', 'sdxl_base.safetensors', 'juggernaut.safetensors']
export const SEED_SAMPLERS = ['Euler a', 'DPM++ 2M', 'DDIM']
const PROMPTS = ['a lighthouse at dusk', 'a fox in the snow', 'portrait of an old sailor', 'a red bicycle leaning on a wall', 'a castle on a hill']

export interface SeedInfo {
  runIds: string[]
  /** Images per run. */
  perRun: number
  start: number
}

/** `images` must be a multiple of 100. Times start at 2026-01-01 and advance one second per image. */
export function seedGallery(db: Database, images: number): SeedInfo {
  const perRun = 100
  const jobsPerRun = perRun / 2
  const start = Date.parse('2026-01-01T00:00:00.000Z')
  const runIds: string[] = []
  const insRun = db.prepare(`INSERT INTO runs (run_id, graph_id, graph_hash, created_at, run_json) VALUES (?, ?, 'h', ?, '{}')`)
  const insJob = db.prepare(`INSERT INTO jobs (job_id, run_id, run_index, state, position, model, created_at, finished_at, finished_seq,
      graph_id, pack_id, prompt, seed, stages, spec_json) VALUES (@job_id, @run_id, @run_index, @state, @position, @model, @at, @at, @seq,
      @graph_id, @pack_id, @prompt, 1, '["t","u"]', @spec)`)
  const insArt = db.prepare(`INSERT INTO artifacts (artifact_id, job_id, run_id, stage_id, idx, kind, path, thumb_path, width, height, created_at)
    VALUES (?, ?, ?, ?, 0, 'image', ?, ?, 512, 512, ?)`)
  const insRating = db.prepare(`INSERT INTO ratings (target_kind, target_id, rating, at) VALUES ('image', ?, ?, ?)`)
  db.transaction(() => {
    let seq = 0
    for (let r = 0; r < images / perRun; r++) {
      const runId = `run-${String(r).padStart(5, '0')}`
      runIds.push(runId)
      const graphId = `graph-${r % 3}`
      const runAt = new Date(start + r * perRun * 1000).toISOString()
      insRun.run(runId, graphId, runAt)
      for (let j = 0; j < jobsPerRun; j++) {
        const n = r * jobsPerRun + j
        const jobId = `job-${String(n).padStart(7, '0')}`
        const model = SEED_MODELS[n % SEED_MODELS.length]!
        const sampler = SEED_SAMPLERS[n % SEED_SAMPLERS.length]!
        const spec = JSON.stringify({ plan: { stages: [{ config: { values: { sampler_name: sampler, model } } }] } })
        const at = new Date(start + (r * perRun + j * 2) * 1000).toISOString()
        insJob.run({
          job_id: jobId, run_id: runId, run_index: j, state: n % 50 === 7 ? 'failed' : 'succeeded', position: n, model, at, seq: ++seq,
          graph_id: graphId, pack_id: r % 2 === 0 ? 'animals' : null, prompt: `${PROMPTS[n % PROMPTS.length]} #${n}`, spec,
        })
        for (const [s, stage] of ['t', 'u'].entries()) {
          const id = `a-${String(n * 2 + s).padStart(8, '0')}`
          const made = new Date(start + (r * perRun + j * 2 + s) * 1000).toISOString()
          insArt.run(id, jobId, runId, stage, `outputs/${runId}/${id}.png`, `outputs/${runId}/${id}.thumb.webp`, made)
          if ((n * 2 + s) % 5 === 0) insRating.run(id, 1 + ((n * 2 + s) % 25) / 5, made)
        }
      }
    }
  })()
  return { runIds, perRun, start }
}
