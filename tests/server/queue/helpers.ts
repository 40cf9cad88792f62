/**
 * RunSpecs for queue tests, compiled from real graphs with the engine's fixtures, plus a store
 * with a pinned, ticking clock (so timestamps in assertions are exact).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { compile } from '../../../engine/compile/compile.ts'
import type { RunSpec } from '../../../engine/compile/spec.ts'
import { context, edge, graph, node, pack, packParams } from '../../engine/compile/fixtures.ts'
import { openStore, type Store } from '../../../server/queue/index.ts'

function compiled(g: ReturnType<typeof graph>, runSeed: number, ctx = context({ runSeed })): RunSpec {
  const { run, errors } = compile(g, ctx)
  if (run === null || errors.length > 0) throw new Error(`fixture graph does not compile: ${JSON.stringify(errors)}`)
  return run
}

/**
 * One job per entry of `models`, in that order: one txt2img root per job, each with its own
 * prompt and checkpoint. `runSeed` makes run and job ids distinct between calls.
 */
export function runOfModels(models: readonly string[], runSeed: number, graphId = 'g1'): RunSpec {
  const nodes = models.map((model, i) => node(`t${i}`, 'txt2img', { prompt: `prompt ${i}`, model }))
  const run = compiled(graph(nodes, [], { id: graphId }), runSeed)
  const got = run.jobs.map((j) => j.plan.stages[0]!.config.values['model'])
  if (JSON.stringify(got) !== JSON.stringify(models)) throw new Error(`fixture job order differs from node order: ${got.join(',')}`)
  return run
}

/** `count` jobs of one txt2img node (batch runs): the compiler gives them one shared plan object. */
export function batchRun(count: number, runSeed: number, opts: { model?: string; graphId?: string; prompt?: string } = {}): RunSpec {
  const t = node('t', 'txt2img', { prompt: opts.prompt ?? 'a lighthouse at dusk', model: opts.model ?? 'A', batch_runs: count, steps: 20, cfg_scale: 7 })
  return compiled(graph([t], [], { id: opts.graphId ?? 'g1' }), runSeed)
}

/** roots × batchRuns jobs from one graph: `roots` txt2img nodes, each run `batchRuns` times. */
export function wideRun(roots: number, batchRuns: number, runSeed: number): RunSpec {
  const nodes = Array.from({ length: roots }, (_, i) => node(`t${i}`, 'txt2img', { prompt: `prompt ${i}`, model: 'A', batch_runs: batchRuns }))
  return compiled(graph(nodes, []), runSeed)
}

/** One job per row of a three-row pack 'animals' (packId set on every job). */
export function packRun(runSeed: number, opts: { model?: string; graphId?: string } = {}): RunSpec {
  const animals = pack('animals', 'a cat\n\na dog\n\na fox\n')
  const g = graph([node('p', 'pack', packParams('animals')), node('t', 'txt2img', { model: opts.model ?? 'A' })], [edge('p', 't')], { id: opts.graphId ?? 'g1' })
  return compiled(g, runSeed, context({ runSeed, packs: { animals } }))
}

/** A clock that advances one second per reading, from a fixed start. */
export function tickingClock(start = Date.parse('2026-11-22T10:00:00.000Z')): () => string {
  let t = start
  return () => new Date((t += 1000)).toISOString()
}

export function memoryStore(): Store {
  return openStore(':memory:', { now: tickingClock() })
}

export function tempDir(): { dir: string; file: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'flow-queue-'))
  return { dir, file: join(dir, 'flow.sqlite'), cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

export const ids = (jobs: readonly { jobId: string }[]): string[] => jobs.map((j) => j.jobId)
