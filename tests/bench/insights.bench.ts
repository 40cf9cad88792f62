/**
 * Learning insights at 20,000 finished jobs (issue 12 §3) with real JobSpecs: the request reads
 * every job's spec, seconds of work, on the thread that also feeds the WebUIs. The figure held is
 * the longest stretch the event loop was held during one request (a dispatch waiting meanwhile
 * waits at most that long), absolute and as a share of the request's time.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { compile } from '../../engine/compile/compile.ts'
import { dataPaths } from '../../server/data/paths.ts'
import { openStore } from '../../server/queue/index.ts'
import { startServer } from '../../server/start.ts'
import { atLeast, atMost, type BenchFigure } from './harness.ts'

const JOBS = 20_000
const SAMPLERS = ['Euler a', 'DPM++ 2M', 'DDIM']

async function seed(dir: string): Promise<void> {
  const graph = JSON.parse(await readFile('graphs/inpaint.json', 'utf8'))
  const compiled = compile(graph, { packs: {}, presets: {}, wildcards: { files: {} }, globalNegative: '', runSeed: 1, now: '2026-01-01T00:00:00.000Z' } as never)
  const spec = compiled.run?.jobs[0]
  if (!spec) throw new Error(`insights bench: the example graph did not compile: ${compiled.errors.map((e) => e.message).join('; ')}`)
  const store = openStore(dataPaths(dir).database)
  const db = store.db
  db.prepare(`INSERT INTO runs (run_id, graph_id, graph_hash, created_at, run_json) VALUES ('r', 'inpaint', 'h', '2026-01-01T00:00:00.000Z', '{}')`).run()
  const job = db.prepare(`INSERT INTO jobs (job_id, run_id, run_index, state, position, model, created_at, finished_at, finished_seq, graph_id, pack_id, prompt, seed, stages, spec_json)
    VALUES (?, 'r', ?, ?, ?, 'm', '2026-01-01T00:00:00.000Z', ?, ?, 'inpaint', NULL, 'p', ?, '[]', ?)`)
  const rate = db.prepare(`INSERT INTO ratings (target_kind, target_id, rating, at) VALUES ('job', ?, ?, '2026-01-02T00:00:00.000Z')`)
  db.transaction(() => {
    for (let i = 0; i < JOBS; i++) {
      const s = structuredClone(spec)
      s.jobId = `job-${i}`
      s.seed = i
      const values = s.plan.stages[0]!.config.values as Record<string, unknown>
      values.cfg_scale = 3 + (i % 8)
      values.sampler_name = SAMPLERS[i % 3]
      job.run(s.jobId, i, i % 40 === 3 ? 'failed' : 'succeeded', i, new Date(Date.parse('2026-01-01T00:00:00.000Z') + i * 1000).toISOString(), i, i, JSON.stringify(s))
      if (i % 3 === 0) rate.run(s.jobId, 1 + ((i * 7) % 5))
    }
  })()
  store.close()
}

export async function bench(): Promise<BenchFigure[]> {
  const dir = await mkdtemp(join(tmpdir(), 'flow-insights-bench-'))
  await seed(dir)
  const server = await startServer({ host: '127.0.0.1', port: 0, dataDir: dir, webuiUrls: [], sim: { stepMs: 1, modelSwitchMs: 1 }, log: () => {} })
  try {
    const once = async (): Promise<{ ms: number; longestHoldMs: number }> => {
      let last = performance.now()
      let longest = 0
      let running = true
      const tick = (): void => {
        const now = performance.now()
        longest = Math.max(longest, now - last)
        last = now
        if (running) setImmediate(tick)
      }
      setImmediate(tick)
      const t0 = performance.now()
      const res = await fetch(`${server.url}/api/learning/insights?graphId=inpaint`)
      const body = (await res.json()) as { jobs?: number; fields?: { key: string }[] }
      const ms = performance.now() - t0
      running = false
      if (!res.ok || body.jobs !== JOBS || !body.fields?.some((f) => f.key === 'txt2img.cfg_scale')) throw new Error(`insights bench: answered ${res.status} ${JSON.stringify(body).slice(0, 200)}`)
      return { ms, longestHoldMs: longest }
    }
    await once()
    const runs = [await once(), await once(), await once()].sort((a, b) => a.ms - b.ms)
    const mid = runs[1]!
    process.stdout.write(`  insights at ${JOBS.toLocaleString('en')} jobs: ${mid.ms.toFixed(0)} ms; event loop held at most ${mid.longestHoldMs.toFixed(1)} ms\n`)
    return [
      atMost(`GET /api/learning/insights at ${JOBS / 1000}k jobs: longest event-loop hold`, Math.round(mid.longestHoldMs * 10) / 10, 'ms', 100),
      atLeast(`GET /api/learning/insights at ${JOBS / 1000}k jobs: request time / longest hold`, Math.round((mid.ms / mid.longestHoldMs) * 10) / 10, '×', 10),
    ]
  } finally {
    await server.close()
    await rm(dir, { recursive: true, force: true })
  }
}
