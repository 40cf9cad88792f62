/**
 * Deleting outputs (issue 12 §4): selected images, whole runs, "keep only rated ≥ N", and the
 * stage cache by age/size. Rules:
 *
 * - Atomic per image: its files are first renamed aside (`.<name>.deleting`), then its row goes in
 *   one transaction; if that fails the files are renamed back, else they are unlinked. An image is
 *   never half gone (row without file, or file gone with the row still listed).
 * - Never touches a live job's files: images of a queued or running job, and frames of a run whose
 *   video is still waiting or encoding, are skipped with the reason.
 * - A file another image row still uses (a stage-cache hit reuses files, it does not copy them)
 *   is kept until its last row goes.
 * - Ratings and learning lines are kept: the rating stays in the index and in
 *   learning/ratings.jsonl, and a tombstone remembers the image's job so it still counts for
 *   that job's settings. `forgetRatings` clears them instead (a rating-0 line, as clearing a
 *   star does, and the index row removed). `forgetLearning` also removes the lines of the jobs that
 *   are gone (every job of a deleted run; for images, each job left with no image) from
 *   learning/learning_log.jsonl, through `forgetLines` (the server's line writer, so appends and
 *   the rewrite never overlap; the CLI passes one only when it holds the rewrite lock,
 *   data/writer-lock.ts). Every other line stays byte for byte.
 */
import { readdir, rename, rm, rmdir, stat, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { Database } from 'better-sqlite3'
import type { DeleteResult, PruneCacheResult } from '../../engine/api/gallery.ts'
import { inside, toDataRelative, type DataPaths } from '../data/paths.ts'
import type { PendingLines } from '../queue/pending-lines.ts'

/** learning/ratings.jsonl as pending_lines names it (exec/learning.ts RATINGS_LOG). */
const RATINGS_LOG = 'learning/ratings.jsonl'

export interface DeleteOptions { forgetRatings?: boolean; forgetLearning?: boolean; dryRun?: boolean }

/** Removes these jobs' lines from the learning log; resolves to how many went. */
export type ForgetLines = (jobIds: ReadonlySet<string>) => Promise<number>

interface Candidate { kind: string; artifact_id: string; job_id: string; run_id: string; path: string; thumb_path: string | null; job_state: string | null; rating: number }

export class PruneError extends Error {
  constructor(readonly code: 'not-found' | 'bad-request', message: string) { super(message) }
}

const LIVE = new Set(['queued', 'running'])

export class Pruner {
  private readonly s

  constructor(
    private readonly paths: DataPaths,
    private readonly db: Database,
    private readonly pendingLines: PendingLines,
    private readonly now: () => string = () => new Date().toISOString(),
    private readonly forgetLines: ForgetLines | null = null,
  ) {
    const cols = 'kind, artifact_id, job_id, run_id, path, thumb_path, job_state, rating'
    this.s = {
      byId: db.prepare<[string], Candidate>(`SELECT ${cols} FROM artifacts WHERE artifact_id = ?`),
      ofRun: db.prepare<[string], Candidate>(`SELECT ${cols} FROM artifacts WHERE run_id = ? ORDER BY created_at, artifact_id`),
      runExists: db.prepare<[string], { one: number }>(`SELECT 1 AS one FROM runs WHERE run_id = ?`),
      busyVideo: db.prepare<[string], { stage_id: string; state: string }>(`SELECT stage_id, state FROM videos WHERE run_id = ? AND state IN ('waiting', 'encoding') LIMIT 1`),
      usedElsewhere: db.prepare<[string, string, string], { one: number }>(
        `SELECT 1 AS one FROM artifacts WHERE (path = ? OR thumb_path = ?) AND artifact_id <> ? LIMIT 1`),
      remove: db.prepare<[string]>(`DELETE FROM artifacts WHERE artifact_id = ?`),
      tombstone: db.prepare<[string, string, string, string]>(`INSERT INTO removed_artifacts (artifact_id, job_id, run_id, removed_at) VALUES (?, ?, ?, ?)
        ON CONFLICT(artifact_id) DO UPDATE SET job_id = excluded.job_id, run_id = excluded.run_id, removed_at = excluded.removed_at`),
      ratingOf: db.prepare<[string], { rating: number }>(`SELECT rating FROM ratings WHERE target_kind = 'image' AND target_id = ?`),
      forgetRating: db.prepare<[string]>(`DELETE FROM ratings WHERE target_kind = 'image' AND target_id = ?`),
      // Cache entries naming an image that is gone can never hit (stage-cache.ts lookup); drop them.
      orphanedCache: db.prepare(`DELETE FROM stage_cache WHERE EXISTS (SELECT 1 FROM json_each(stage_cache.artifact_ids) j
        WHERE NOT EXISTS (SELECT 1 FROM artifacts a WHERE a.artifact_id = j.value))`),
      jobsOfRun: db.prepare<[string], { job_id: string }>(`SELECT job_id FROM jobs WHERE run_id = ?`),
      imagesOfJob: db.prepare<[string], { n: number }>(`SELECT COUNT(*) AS n FROM artifacts WHERE job_id = ?`),
      liveJobsOfRun: db.prepare<[string], { n: number }>(`SELECT COUNT(*) AS n FROM jobs WHERE run_id = ? AND state IN ('queued', 'running')`),
      // Images a queued or running job starts from (img2img sourceImage): its input, so kept.
      liveSources: db.prepare<[], { id: string }>(`SELECT DISTINCT json_extract(s.value, '$.sourceImage') AS id
        FROM jobs, json_each(jobs.spec_json, '$.plan.stages') s
        WHERE jobs.state IN ('queued', 'running') AND json_extract(s.value, '$.sourceImage') IS NOT NULL`),
      forgetJob: db.prepare<[string, string]>(`INSERT INTO forgotten_jobs (job_id, forgotten_at) VALUES (?, ?) ON CONFLICT(job_id) DO NOTHING`),
    }
  }

  async deleteImages(artifactIds: readonly string[], opts: DeleteOptions = {}): Promise<DeleteResult> {
    const found: Candidate[] = []
    const missing: string[] = []
    for (const id of new Set(artifactIds)) {
      const row = this.s.byId.get(id)
      if (row) found.push(row)
      else missing.push(id)
    }
    if (missing.length > 0) throw new PruneError('not-found', `no image ${missing.slice(0, 3).map((m) => `"${m}"`).join(', ')}${missing.length > 3 ? ` (and ${missing.length - 3} more)` : ''}`)
    this.requireForgetter(opts)
    return this.forgetEmptied(await this.deleteCandidates(found, opts), found, opts)
  }

  /** Every image and video of the run, its manifests, and its folder once empty. The run stays in History. */
  async deleteRun(runId: string, opts: DeleteOptions = {}): Promise<DeleteResult> {
    this.requireRun(runId)
    this.requireForgetter(opts)
    const result = await this.deleteCandidates(this.s.ofRun.all(runId), opts)
    if (result.skipped.length === 0 && this.s.liveJobsOfRun.get(runId)!.n === 0) {
      if (!result.dryRun) result.files += await this.removeRunLeftovers(runId)
      if (!result.dryRun && opts.forgetRatings) this.forgetJobRatings(runId)
      if (opts.forgetLearning) await this.forgetLearning(result, new Set(this.s.jobsOfRun.all(runId).map((j) => j.job_id)))
    }
    return result
  }

  /** Deletes the run's images rated below `minRating`, unrated ones included. */
  async keepRated(runId: string, minRating: number, opts: DeleteOptions = {}): Promise<DeleteResult> {
    this.requireRun(runId)
    const below = this.s.ofRun.all(runId).filter((c) => c.kind === 'image' && c.rating < minRating)
    this.requireForgetter(opts)
    return this.forgetEmptied(await this.deleteCandidates(below, opts), below, opts)
  }

  private requireForgetter(opts: DeleteOptions): void {
    if (opts.forgetLearning && !this.forgetLines) throw new PruneError('bad-request', 'forgetting learning lines needs the learning log\'s writer, which this process does not hold')
  }

  /** With forgetLearning: the jobs of deleted images that have no image left lose their learning lines. */
  private async forgetEmptied(result: DeleteResult, candidates: readonly Candidate[], opts: DeleteOptions): Promise<DeleteResult> {
    if (!opts.forgetLearning) return result
    const deleted = new Set(result.deleted)
    // A dry run deleted nothing: what would remain of a job is its images minus those it would lose.
    const going = new Map<string, number>()
    for (const c of candidates) if (deleted.has(c.artifact_id)) going.set(c.job_id, (going.get(c.job_id) ?? 0) + 1)
    const jobs = new Set<string>()
    for (const [jobId, n] of going) {
      const left = this.s.imagesOfJob.get(jobId)!.n - (result.dryRun ? n : 0)
      if (left === 0) jobs.add(jobId)
    }
    await this.forgetLearning(result, jobs)
    return result
  }

  /**
   * The jobs stop counting for insights, favourites and the CSV export first (forgotten_jobs), then
   * their lines leave the log: a failed rewrite leaves lines in a file nothing reads them from
   * again, never a job that still counts after the user said to forget it.
   */
  private async forgetLearning(result: DeleteResult, jobs: ReadonlySet<string>): Promise<void> {
    result.forgottenJobs = [...jobs].sort()
    result.learningLinesRemoved = 0
    if (result.dryRun || jobs.size === 0) return
    const at = this.now()
    this.db.transaction(() => { for (const id of jobs) this.s.forgetJob.run(id, at) })()
    result.learningLinesRemoved = await this.forgetLines!(jobs)
  }

  /**
   * Stage-cache entries older than `olderThanDays`, then the oldest ones until the distinct image
   * files the rest point at total ≤ `maxMB`. The cache owns no files (a hit reuses a run's outputs),
   * so this forgets requests, it frees no disk space by itself.
   */
  async pruneCache(opts: { olderThanDays?: number; maxMB?: number; dryRun?: boolean }): Promise<PruneCacheResult> {
    const entries = this.db.prepare(`SELECT cache_key, artifact_ids, created_at FROM stage_cache ORDER BY created_at DESC, cache_key`).all() as
      { cache_key: string; artifact_ids: string; created_at: string }[]
    const drop = new Set<string>()
    if (opts.olderThanDays !== undefined) {
      const cut = new Date(Date.parse(this.now()) - opts.olderThanDays * 86_400_000).toISOString()
      for (const e of entries) if (e.created_at < cut) drop.add(e.cache_key)
    }
    const pathOf = this.db.prepare<[string], { path: string }>(`SELECT path FROM artifacts WHERE artifact_id = ?`)
    const counted = new Set<string>()
    let kept = 0
    const limit = opts.maxMB === undefined ? Infinity : opts.maxMB * 1024 * 1024
    // Newest first: what was cached last is the likeliest to be asked again.
    for (const e of entries) {
      if (drop.has(e.cache_key)) continue
      let add = 0
      const files: string[] = []
      for (const id of JSON.parse(e.artifact_ids) as string[]) {
        const p = pathOf.get(id)?.path
        if (p === undefined || counted.has(p)) continue
        files.push(p)
        add += (await stat(join(this.paths.root, ...p.split('/'))).catch(() => undefined))?.size ?? 0
      }
      if (kept + add > limit) { drop.add(e.cache_key); continue }
      kept += add
      for (const f of files) counted.add(f)
    }
    if (!opts.dryRun && drop.size > 0) {
      const del = this.db.prepare<[string]>(`DELETE FROM stage_cache WHERE cache_key = ?`)
      this.db.transaction(() => { for (const k of drop) del.run(k) }).immediate()
    }
    return { dryRun: opts.dryRun ?? false, removed: drop.size, remaining: entries.length - drop.size, remainingBytes: kept }
  }

  /**
   * At start: files a crash left renamed aside mid-delete. If the image's row is still there the
   * delete never committed, so the file goes back; otherwise it finishes going. Returns how many.
   */
  async recoverInterrupted(): Promise<number> {
    const pathUsed = this.db.prepare<[string, string], { one: number }>(`SELECT 1 AS one FROM artifacts WHERE path = ? OR thumb_path = ? LIMIT 1`)
    let n = 0
    const walk = async (dir: string): Promise<void> => {
      for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
        const p = join(dir, e.name)
        if (e.isDirectory()) { await walk(p); continue }
        const m = /^\.(.+)\.deleting$/.exec(e.name)
        if (!m) continue
        const original = join(dir, m[1]!)
        const rel = toDataRelative(this.paths, original)
        if (pathUsed.get(rel, rel)) await rename(p, original)
        else await unlink(p)
        n++
      }
    }
    await walk(this.paths.outputs)
    return n
  }

  private requireRun(runId: string): void {
    if (!this.s.runExists.get(runId)) throw new PruneError('not-found', `run "${runId}" not found`)
  }

  private async deleteCandidates(candidates: readonly Candidate[], opts: DeleteOptions): Promise<DeleteResult> {
    const dryRun = opts.dryRun ?? false
    const result: DeleteResult = { dryRun, deleted: [], files: 0, freedBytes: 0, skipped: [] }
    const live = { busyRuns: new Map<string, string | null>(), sources: new Set(this.s.liveSources.all().map((r) => r.id)) }
    for (const c of candidates) {
      const why = this.whyKeep(c, live)
      if (why) { result.skipped.push({ artifactId: c.artifact_id, reason: why }); continue }
      const files = this.filesToRemove(c)
      const sizes = await Promise.all(files.map(async (f) => (await stat(f).catch(() => undefined))?.size))
      if (!dryRun) await this.deleteOne(c, files, opts.forgetRatings ?? false)
      result.deleted.push(c.artifact_id)
      result.files += sizes.filter((s) => s !== undefined).length
      result.freedBytes += sizes.reduce<number>((sum, s) => sum + (s ?? 0), 0)
    }
    if (!dryRun && result.deleted.length > 0) this.s.orphanedCache.run()
    return result
  }

  /** Why an image must stay: its job is live, a live job starts from it, or its run's video still needs its frames. */
  private whyKeep(c: Candidate, { busyRuns, sources }: { busyRuns: Map<string, string | null>; sources: ReadonlySet<string> }): string | null {
    if (c.job_state !== null && LIVE.has(c.job_state)) return `its job is ${c.job_state}`
    if (sources.has(c.artifact_id)) return 'a queued or running job starts from it (its img2img source)'
    if (!busyRuns.has(c.run_id)) {
      const v = this.s.busyVideo.get(c.run_id)
      busyRuns.set(c.run_id, v ? `video "${v.stage_id}" of this run is ${v.state === 'waiting' ? 'waiting for its frames' : 'being encoded'}` : null)
    }
    return busyRuns.get(c.run_id) ?? null
  }

  /** The image's files that no other row uses, as absolute paths inside the data folder. */
  private filesToRemove(c: Candidate): string[] {
    const rel = [...new Set([c.path, c.thumb_path].filter((p): p is string => p !== null))]
    return rel.filter((p) => !this.s.usedElsewhere.get(p, p, c.artifact_id)).map((p) => inside(this.paths.root, ...p.split('/')))
  }

  private async deleteOne(c: Candidate, files: readonly string[], forgetRatings: boolean): Promise<void> {
    const aside: [string, string][] = []
    try {
      for (const f of files) {
        const trash = join(dirname(f), `.${basename(f)}.deleting`)
        try {
          await rename(f, trash)
          aside.push([f, trash])
        } catch (e) {
          // Already gone from disk: only the row is left to remove.
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
        }
      }
      const at = this.now()
      this.db.transaction(() => {
        this.s.remove.run(c.artifact_id)
        if (forgetRatings) {
          if (this.s.ratingOf.get(c.artifact_id)) {
            this.s.forgetRating.run(c.artifact_id)
            this.pendingLines.add(RATINGS_LOG, JSON.stringify({ targetKind: 'image', targetId: c.artifact_id, rating: 0, at }))
          }
        } else {
          this.s.tombstone.run(c.artifact_id, c.job_id, c.run_id, at)
        }
      }).immediate()
    } catch (e) {
      for (const [f, trash] of aside.reverse()) await rename(trash, f).catch(() => undefined)
      throw e
    }
    for (const [, trash] of aside) await unlink(trash).catch(() => undefined)
  }

  /** With the whole run gone and forgetRatings: its jobs' own ratings are cleared too (rating-0 lines). */
  private forgetJobRatings(runId: string): void {
    const rated = this.db.prepare<[string], { target_id: string }>(`SELECT r.target_id FROM ratings r JOIN jobs j ON j.job_id = r.target_id
      WHERE r.target_kind = 'job' AND j.run_id = ?`).all(runId)
    const del = this.db.prepare<[string]>(`DELETE FROM ratings WHERE target_kind = 'job' AND target_id = ?`)
    const at = this.now()
    this.db.transaction(() => {
      for (const { target_id } of rated) {
        del.run(target_id)
        this.pendingLines.add(RATINGS_LOG, JSON.stringify({ targetKind: 'job', targetId: target_id, rating: 0, at }))
      }
    }).immediate()
  }

  /** The run's manifests and its folder, when nothing in it is used any more. Returns files removed. */
  private async removeRunLeftovers(runId: string): Promise<number> {
    const folder = inside(this.paths.outputs, runId)
    let removed = 0
    for (const { job_id } of this.s.jobsOfRun.all(runId)) {
      const manifest = join(folder, 'manifests', `${job_id}.json`)
      if (await rm(manifest).then(() => true, () => false)) removed++
    }
    // rmdir refuses a folder that is not empty: a file another run's cache hit uses stays.
    await rmdir(join(folder, 'manifests')).catch(() => undefined)
    await rmdir(folder).catch(() => undefined)
    return removed
  }
}
