/**
 * Learning data: one line per finished job in `learning/learning_log.jsonl`, ratings appended to
 * `learning/ratings.jsonl` and indexed (RatingIndex, last write wins), favourites ranked by rated
 * outcomes, and the last effective stage configs offered as defaults for new nodes.
 *
 * Favourites use a shrunk (Bayesian) mean per value:
 *
 *     score = (sum of ratings + M · PRIOR) / (count + M),   M = 5, PRIOR = 2.5
 *
 * Every value starts as if it had M ratings at the middle of the 0–5 scale, so evidence has to
 * accumulate before a value climbs: one 5-star image scores (5 + 12.5) / 6 ≈ 2.92 while fifty
 * 4-star ones score (200 + 12.5) / 55 ≈ 3.86. The prior is the scale's midpoint rather than the
 * global mean on purpose: people rate what they like, so the global mean sits near 4, and a
 * prior that high would let a single 5 outrank fifty 4s ((5 + 20) / 6 ≈ 4.17 > 4).
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { FavouriteEntry, FavouritesResponse } from '../../engine/api/http.ts'
import type { JobSpec } from '../../engine/compile/spec.ts'
import { writeJsonAtomic } from '../data/atomic.ts'
import type { DataPaths } from '../data/paths.ts'
import { StorageFailure } from '../data/storage.ts'
import type { Database } from '../queue/db.ts'
import type { PendingLines } from '../queue/pending-lines.ts'
import { QueueError, type ArtifactStore, type QueuedJob, type QueueStore, type RatingIndex, type RatingRecord } from '../queue/types.ts'
import type { LineWriter } from './line-writer.ts'
import type { GeneratedJob } from './run-job.ts'
import { measuresOfLine, StageTimes } from './stage-times.ts'
import { LastConfigs, RatingLine, type LearningLine, type OutputRef } from './types.ts'

/** The JSONL files, relative to the data folder (as pending_lines names them). */
export const LEARNING_LOG = 'learning/learning_log.jsonl'
export const RATINGS_LOG = 'learning/ratings.jsonl'

export const FAVOURITE_M = 5
export const FAVOURITE_PRIOR = 2.5

/** The shrunk mean of `count` ratings adding up to `sum`. */
export function shrunkMean(sum: number, count: number, m = FAVOURITE_M, prior = FAVOURITE_PRIOR): number {
  return (sum + m * prior) / (count + m)
}

type Dimension = keyof FavouritesResponse

/** What a rating says something about: the job's generation settings (its root stage). */
function dimensions(spec: JobSpec): Record<Dimension, string | number | undefined> {
  const v = spec.plan.stages[0]!.config.values as Record<string, unknown>
  const str = (x: unknown): string | undefined => (typeof x === 'string' && x !== '' ? x : undefined)
  const num = (x: unknown): number | undefined => (typeof x === 'number' ? x : undefined)
  return {
    models: str(v.model),
    samplers: str(v.sampler_name),
    schedulers: str(v.scheduler),
    cfg: num(v.cfg_scale),
    steps: num(v.steps),
  }
}

export class Learning {
  private last: LastConfigs = {}
  /** Measured time per image of each stage kind (the queue's ETA), from this log. */
  readonly stageTimes = new StageTimes()
  private readonly logFile: string
  private readonly lastFile: string
  /** Serialises writes of last_configs.json so an older job never overwrites a newer one. */
  private lastWrite: Promise<void> = Promise.resolve()

  constructor(
    paths: DataPaths,
    private readonly store: { db: Database; queue: QueueStore; artifacts: ArtifactStore; ratings: RatingIndex; pendingLines: PendingLines },
    private readonly lines: LineWriter,
  ) {
    this.logFile = join(paths.learning, 'learning_log.jsonl')
    this.lastFile = join(paths.learning, 'last_configs.json')
  }

  /** Reads the stored last configs (a missing or broken file means none yet). */
  async load(): Promise<void> {
    await this.stageTimes.loadLogTail(this.logFile)
    try {
      const parsed = LastConfigs.safeParse(JSON.parse(await readFile(this.lastFile, 'utf8')))
      if (parsed.success) this.last = parsed.data
    } catch {
      // first start
    }
  }

  /** The learning-log line of a succeeded job (stored with its success, then appended). */
  static line(job: QueuedJob, backend: string, result: GeneratedJob, outputs: OutputRef[], finishedAt: string, durationMs: number): LearningLine {
    const spec = job.spec
    const line: LearningLine = {
      schema: 'stablenew-flow.learning.v1',
      jobId: job.jobId,
      runId: job.runId,
      graphId: spec.graphId,
      variantIndex: spec.variantIndex,
      variantTotal: spec.variantTotal,
      batchIndex: spec.batchIndex,
      batchTotal: spec.batchTotal,
      packId: spec.packId,
      rowIndex: spec.rowIndex,
      prompt: spec.prompt,
      negativePrompt: spec.negativePrompt,
      seed: spec.seed,
      stages: spec.plan.stages.map((s) => ({ stageId: s.stageId, kind: s.kind, config: s.config.values })),
      randomizer: spec.randomizerSummary,
      loras: spec.loras,
      embeddings: spec.embeddings,
      outputs,
      stageTimings: result.stages.map((s) => s.timing),
      startedAt: result.startedAt,
      finishedAt,
      durationMs,
      backend,
    }
    return line
  }

  /** A succeeded job's stage times count for the queue's ETA. */
  noteTimes(line: LearningLine): void {
    for (const m of measuresOfLine(line)) this.stageTimes.add(m)
  }

  /** Remembers the job's effective stage configs as the defaults for new nodes (last_configs.json). */
  async rememberConfigs(spec: JobSpec): Promise<void> {
    const next: LastConfigs = { ...this.last }
    for (const s of spec.plan.stages) next[s.kind] = s.config.values
    this.last = next
    this.lastWrite = this.lastWrite.then(() => writeJsonAtomic(this.lastFile, next)).catch(() => undefined)
    await this.lastWrite
  }

  /**
   * A rating 0–5 of a job or one image: appended to ratings.jsonl (the record a person can read
   * and that survives a lost database), then indexed. Unknown targets are refused.
   */
  async rate(targetKind: 'job' | 'image', targetId: string, rating: number): Promise<RatingRecord> {
    const record = RatingLine.parse({ targetKind, targetId, rating, at: new Date().toISOString() })
    const known = targetKind === 'job' ? this.store.queue.get(targetId) !== undefined : this.store.artifacts.get(targetId) !== undefined
    if (!known) throw new QueueError('not-found', `there is no ${targetKind === 'job' ? 'job' : 'image'} "${targetId}"`)
    // Indexed and queued for ratings.jsonl in one transaction: the line is never lost, even when
    // the file cannot be written now (it is appended once the folder is writable again).
    this.store.db.transaction(() => {
      this.store.ratings.set(record)
      this.store.pendingLines.add(RATINGS_LOG, JSON.stringify(record))
    }).immediate()
    try {
      await this.lines.flush(RATINGS_LOG)
    } catch (e) {
      if (e instanceof StorageFailure) {
        throw new StorageFailure(e.problem, `${e.message}; the rating is saved in the queue database and will be added to ${RATINGS_LOG} when the folder is writable again`)
      }
      throw e
    }
    return record
  }

  /**
   * Values of each setting ranked by the shrunk mean of the ratings of the jobs (and images)
   * made with them, best first. Each rating counts once, for the job it belongs to.
   */
  favourites(): FavouritesResponse {
    const acc: Record<Dimension, Map<string | number, { sum: number; count: number }>> = {
      models: new Map(), samplers: new Map(), schedulers: new Map(), cfg: new Map(), steps: new Map(),
    }
    const specs = new Map<string, JobSpec | undefined>()
    const specOf = (jobId: string): JobSpec | undefined => {
      if (!specs.has(jobId)) specs.set(jobId, this.store.queue.get(jobId)?.spec)
      return specs.get(jobId)
    }
    // Jobs whose learning the user forgot when deleting them (gallery/prune.ts forgetLearning).
    const forgotten = new Set(this.store.db.prepare<[], { job_id: string }>(`SELECT job_id FROM forgotten_jobs`).all().map((r) => r.job_id))
    for (const r of this.store.ratings.all()) {
      // 0 is how a rating is cleared (gallery key 0, the stars' toggle): no evidence either way.
      if (r.rating <= 0) continue
      // A deleted image's rating still speaks for its job's settings (gallery/prune.ts keeps a tombstone).
      const jobId = r.targetKind === 'job' ? r.targetId : this.store.artifacts.get(r.targetId)?.jobId ?? this.removedImageJob(r.targetId)
      const spec = jobId === undefined || forgotten.has(jobId) ? undefined : specOf(jobId)
      if (!spec) continue
      const dims = dimensions(spec)
      for (const d of Object.keys(acc) as Dimension[]) {
        const value = dims[d]
        if (value === undefined) continue
        const a = acc[d].get(value) ?? { sum: 0, count: 0 }
        a.sum += r.rating
        a.count++
        acc[d].set(value, a)
      }
    }
    const rank = (m: Map<string | number, { sum: number; count: number }>): FavouriteEntry[] =>
      [...m].map(([value, a]) => ({ value, score: Math.round(shrunkMean(a.sum, a.count) * 1000) / 1000, count: a.count }))
        .sort((x, y) => y.score - x.score || y.count - x.count || String(x.value).localeCompare(String(y.value)))
    return { models: rank(acc.models), samplers: rank(acc.samplers), schedulers: rank(acc.schedulers), cfg: rank(acc.cfg), steps: rank(acc.steps) }
  }

  private removedImageJob(artifactId: string): string | undefined {
    const row = this.store.db.prepare<[string], { job_id: string }>(`SELECT job_id FROM removed_artifacts WHERE artifact_id = ?`).get(artifactId)
    return row?.job_id
  }

  /**
   * The effective config of each stage kind from the latest finished job that had one: a job
   * without an upscale stage does not erase the upscale defaults the previous run left.
   */
  lastConfigs(): LastConfigs {
    return structuredClone(this.last)
  }
}
