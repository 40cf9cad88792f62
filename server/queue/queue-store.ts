/**
 * The persistent queue (QueueStore in types.ts) on better-sqlite3. Every mutation is one
 * transaction, and every state change is a conditional UPDATE on the state it expects
 * (`WHERE state = 'running'`), so two callers racing on a job cannot both win: a job cancelled
 * while running stays cancelled when its worker later reports success, and no job is ever
 * completed twice. Listeners are told after the transaction commits.
 *
 * Claim order is (priority DESC, position ASC, rowid ASC); see affinity.ts for how a backend
 * picks within it and positions.ts for how positions are assigned.
 */
import type { Database } from 'better-sqlite3'
import type { JobState, QueueJobSummary, QueueSnapshot } from '../../engine/api/events.ts'
import type { RunSpec } from '../../engine/compile/spec.ts'
import { pickIndex } from './affinity.ts'
import { createHistory } from './history.ts'
import { applyEdit, modelOf, stageIdsOf, SUMMARY_COLUMNS, toQueuedJob, toSummary, type JobRow, type SummaryRow } from './job-rows.ts'
import { createPositions } from './positions.ts'
import { AFFINITY_WINDOW, QueueError, type QueuedJob, type QueueStore, type RunRecord } from './types.ts'

export interface QueueStoreOptions {
  /** ISO timestamp source; tests pin it. */
  now?: () => string
  /** Where a listener's exception goes: it must not undo or hide a committed change. */
  onListenerError?: (err: unknown) => void
}

const ORDER = 'ORDER BY priority DESC, position ASC, rowid ASC'

/** How many queued jobs a snapshot lists (the rest are counted). */
export const SNAPSHOT_QUEUED_LIMIT = 500

export function createQueueStore(db: Database, opts: QueueStoreOptions = {}): QueueStore {
  const now = opts.now ?? (() => new Date().toISOString())
  const onListenerError = opts.onListenerError ?? ((err) => console.error('queue listener failed:', err))
  const positions = createPositions(db)
  const history = createHistory(db)
  const listeners = new Set<() => void>()

  const s = {
    runExists: db.prepare<[string], { one: number }>(`SELECT 1 AS one FROM runs WHERE run_id = ?`),
    jobExists: db.prepare<[string], { one: number }>(`SELECT 1 AS one FROM jobs WHERE job_id = ?`),
    insertRun: db.prepare(`INSERT INTO runs (run_id, graph_id, graph_hash, created_at, run_json)
      VALUES (@run_id, @graph_id, @graph_hash, @created_at, @run_json)`),
    insertJob: db.prepare(`INSERT INTO jobs (job_id, run_id, run_index, state, position, priority, model, created_at,
        graph_id, pack_id, prompt, seed, stages, spec_json)
      VALUES (@job_id, @run_id, @run_index, 'queued', @position, @priority, @model, @created_at,
        @graph_id, @pack_id, @prompt, @seed, @stages, @spec_json)`),
    getJob: db.prepare<[string], JobRow>(`SELECT ${SUMMARY_COLUMNS}, spec_json FROM jobs WHERE job_id = ?`),
    getSummary: db.prepare<[string], SummaryRow>(`SELECT ${SUMMARY_COLUMNS} FROM jobs WHERE job_id = ?`),
    getState: db.prepare<[string], { state: JobState; priority: number }>(`SELECT state, priority FROM jobs WHERE job_id = ?`),
    getRun: db.prepare<[string], { run_id: string; graph_id: string; graph_hash: string; created_at: string; run_json: string }>(
      `SELECT run_id, graph_id, graph_hash, created_at, run_json FROM runs WHERE run_id = ?`),
    jobsOfRun: db.prepare<[string], JobRow>(`SELECT ${SUMMARY_COLUMNS}, spec_json FROM jobs WHERE run_id = ? ORDER BY run_index`),
    running: db.prepare<[], SummaryRow>(`SELECT ${SUMMARY_COLUMNS} FROM jobs WHERE state = 'running' ORDER BY started_at, rowid`),
    queued: db.prepare<[number], SummaryRow>(`SELECT ${SUMMARY_COLUMNS} FROM jobs WHERE state = 'queued' ${ORDER} LIMIT ?`),
    counts: db.prepare<[], { state: string; n: number }>(`SELECT state, COUNT(*) AS n FROM jobs GROUP BY state`),
    finished: db.prepare<[number], SummaryRow>(`SELECT ${SUMMARY_COLUMNS} FROM jobs WHERE finished_seq IS NOT NULL ORDER BY finished_seq DESC LIMIT ?`),
    window: db.prepare<[number], { rowid: number; job_id: string; model: string; passed_over: number }>(
      `SELECT rowid, job_id, model, passed_over FROM jobs WHERE state = 'queued' ${ORDER} LIMIT ?`),
    bumpPassedOver: db.prepare<[number]>(`UPDATE jobs SET passed_over = passed_over + 1 WHERE rowid = ?`),
    start: db.prepare<[string, string, number]>(`UPDATE jobs SET state = 'running', backend = ?, started_at = ?,
      finished_at = NULL, attempts = attempts + 1 WHERE rowid = ? AND state = 'queued'`),
    jobIdOfRow: db.prepare<[number], JobRow>(`SELECT ${SUMMARY_COLUMNS}, spec_json FROM jobs WHERE rowid = ?`),
    // A success clears the error of an earlier, transient attempt: the job's outcome is what counts.
    finish: db.prepare<[JobState, string, string | null, string | null, string]>(`UPDATE jobs SET state = ?, finished_at = ?,
      last_error = ?, failed_stage = ?,
      finished_seq = (SELECT IFNULL(MAX(finished_seq), 0) + 1 FROM jobs)
      WHERE job_id = ? AND state = 'running'`),
    cancel: db.prepare<[string, string]>(`UPDATE jobs SET state = 'cancelled', finished_at = ?,
      finished_seq = (SELECT IFNULL(MAX(finished_seq), 0) + 1 FROM jobs)
      WHERE job_id = ? AND state IN ('queued', 'running')`),
    liveJobs: db.prepare<[], { job_id: string; run_id: string; state: JobState; started_at: string | null }>(`SELECT job_id, run_id, state, started_at FROM jobs WHERE state IN ('queued', 'running') ${ORDER}`),
    liveJobsOfRun: db.prepare<[string], { job_id: string; state: JobState }>(`SELECT job_id, state FROM jobs WHERE run_id = ? AND state IN ('queued', 'running') ${ORDER}`),
    requeue: db.prepare<[string, string]>(`UPDATE jobs SET state = 'queued', last_error = ?, backend = NULL, started_at = NULL
      WHERE job_id = ? AND state = 'running'`),
    retry: db.prepare<[number, string]>(`UPDATE jobs SET state = 'queued', position = ?, passed_over = 0, backend = NULL,
      failed_stage = NULL, started_at = NULL, finished_at = NULL, finished_seq = NULL
      WHERE job_id = ? AND state IN ('failed', 'cancelled')`),
    // A job run again makes new learning: the user forgot its earlier record, not this one.
    unforget: db.prepare<[string]>(`DELETE FROM forgotten_jobs WHERE job_id = ?`),
    setPlace: db.prepare<[number, number, string]>(`UPDATE jobs SET position = ?, priority = ? WHERE job_id = ?`),
    // Two queries: SQLite answers a lone MIN or MAX from the end of jobs_claim, not both at once.
    queuedMaxPriority: db.prepare<[], { p: number | null }>(`SELECT MAX(priority) AS p FROM jobs WHERE state = 'queued'`),
    queuedMinPriority: db.prepare<[], { p: number | null }>(`SELECT MIN(priority) AS p FROM jobs WHERE state = 'queued'`),
    saveEdit: db.prepare<[string, string, number, string, string]>(`UPDATE jobs SET prompt = ?, spec_json = ?, seed = ?, model = ?
      WHERE job_id = ? AND state = 'queued'`),
    recover: db.prepare(`UPDATE jobs SET state = 'queued', backend = NULL, started_at = NULL WHERE state = 'running'`),
    getMeta: db.prepare<[string], { value: string }>(`SELECT value FROM meta WHERE key = ?`),
    deleteMeta: db.prepare<[string]>(`DELETE FROM meta WHERE key = ?`),
    insertVideo: db.prepare<[string, string, string]>(`INSERT INTO videos (run_id, stage_id, state, updated_at) VALUES (?, ?, 'waiting', ?) ON CONFLICT DO NOTHING`),
    setMeta: db.prepare<[string, string]>(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`),
  }

  function changed(): void {
    for (const listener of [...listeners]) {
      try { listener() } catch (err) { onListenerError(err) }
    }
  }

  /** Runs `fn` in an IMMEDIATE transaction (the write lock up front, so a second process waits
   * instead of failing mid-way), then notifies when `fn` says something changed. */
  function mutate<T>(fn: () => { result: T; changed: boolean }): T {
    const out = db.transaction(fn).immediate()
    if (out.changed) changed()
    return out.result
  }

  function stateOf(jobId: string): { state: JobState; priority: number } {
    const row = s.getState.get(jobId)
    if (row === undefined) throw new QueueError('not-found', `No job ${jobId} in the queue.`)
    return row
  }

  function requireQueued(jobId: string, action: string): { state: JobState; priority: number } {
    const row = stateOf(jobId)
    if (row.state !== 'queued') throw new QueueError('bad-state', `Job ${jobId} is ${row.state}; only a queued job can be ${action}.`)
    return row
  }

  /**
   * Why the server paused the queue itself (a full disk, an unwritable folder). Kept in memory as
   * well as in `meta`: when the disk is full the pause must hold even if it cannot be stored.
   */
  let heldReason: string | null = null
  const storedReason = (): string | null => s.getMeta.get('paused_reason')?.value ?? null
  const isPaused = (): boolean => heldReason !== null || s.getMeta.get('paused')?.value === '1'
  const pausedReason = (): string | null => heldReason ?? (isPaused() ? storedReason() : null)

  const store: QueueStore = {
    submit(run: RunSpec, submitOpts = {}) {
      const priority = submitOpts.priority ?? 0
      if (!Number.isSafeInteger(priority)) throw new RangeError(`priority must be an integer, got ${priority}`)
      const { jobs, ...rest } = run
      mutate(() => {
        if (s.runExists.get(run.runId)) throw new QueueError('conflict', `Run ${run.runId} is already in the queue.`)
        const seen = new Set<string>()
        for (const job of jobs) {
          if (seen.has(job.jobId) || s.jobExists.get(job.jobId)) throw new QueueError('conflict', `Job ${job.jobId} is already in the queue.`)
          seen.add(job.jobId)
        }
        const at = now()
        s.insertRun.run({ run_id: run.runId, graph_id: run.graphId, graph_hash: run.graphHash, created_at: at, run_json: JSON.stringify(rest) })
        // Each video stage is a durable work item from the start (exec/video.ts makes it).
        for (const v of run.videos) s.insertVideo.run(run.runId, v.stageId, at)
        const first = submitOpts.front ? positions.front(jobs.length) : positions.back()
        jobs.forEach((job, i) => {
          s.insertJob.run({
            job_id: job.jobId, run_id: run.runId, run_index: i, position: first + i, priority,
            model: modelOf(job), created_at: at, graph_id: job.graphId, pack_id: job.packId,
            prompt: job.prompt, seed: job.seed, stages: JSON.stringify(stageIdsOf(job)), spec_json: JSON.stringify(job),
          })
        })
        return { result: undefined, changed: true }
      })
    },

    snapshot({ finishedLimit = 50, queuedLimit = SNAPSHOT_QUEUED_LIMIT } = {}) {
      // Claim order: what is running (it was claimed first, oldest claim first), then what will be.
      // The queued part is capped: a 10,000-job run must not make every change a megabyte event;
      // `counts` still tells the whole story.
      const live = db.transaction(() => ({
        paused: isPaused(),
        reason: pausedReason(),
        counts: s.counts.all(),
        rows: [...s.running.all(), ...s.queued.all(Math.max(0, Math.floor(queuedLimit))), ...s.finished.all(Math.max(0, Math.floor(finishedLimit)))],
      }))()
      const counts = { queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0 }
      for (const { state, n } of live.counts) if (state in counts) counts[state as keyof typeof counts] = n
      const snapshot: QueueSnapshot = { paused: live.paused, ...(live.reason ? { pausedReason: live.reason } : {}), counts, jobs: live.rows.map(toSummary) }
      return snapshot
    },

    summary(jobId): QueueJobSummary | undefined {
      const row = s.getSummary.get(jobId)
      return row && toSummary(row)
    },

    get(jobId): QueuedJob | undefined {
      const row = s.getJob.get(jobId)
      return row && toQueuedJob(row)
    },

    getRun(runId): RunRecord | undefined {
      const row = s.getRun.get(runId)
      if (row === undefined) return undefined
      return { runId: row.run_id, graphId: row.graph_id, graphHash: row.graph_hash, createdAt: row.created_at, run: JSON.parse(row.run_json) as RunRecord['run'] }
    },

    jobsOfRun(runId) {
      return s.jobsOfRun.all(runId).map(toQueuedJob)
    },

    claim(backendId, loadedModel, { onlySameModel = false, accept } = {}) {
      return mutate(() => {
        if (isPaused()) return { result: null, changed: false }
        // With routing, look further: the first jobs may all belong to other backends.
        let window = s.window.all(accept ? AFFINITY_WINDOW * 8 : AFFINITY_WINDOW)
        if (accept) window = window.filter((r) => accept(r.job_id)).slice(0, AFFINITY_WINDOW)
        if (window.length === 0) return { result: null, changed: false }
        const pick = pickIndex(window.map((r) => ({ model: r.model, passedOver: r.passed_over })), loadedModel)
        const picked = window[pick]!
        if (onlySameModel && picked.model !== '' && picked.model !== loadedModel) return { result: null, changed: false }
        for (let i = 0; i < pick; i++) s.bumpPassedOver.run(window[i]!.rowid)
        const rowid = window[pick]!.rowid
        s.start.run(backendId, now(), rowid)
        return { result: toQueuedJob(s.jobIdOfRow.get(rowid)!), changed: true }
      })
    },

    succeed(jobId, alongside) {
      return mutate(() => {
        const ok = s.finish.run('succeeded', now(), null, null, jobId).changes === 1
        // What must be recorded with the success (its learning line) commits with it or not at all.
        if (ok) alongside?.()
        return { result: ok, changed: ok }
      })
    },

    fail(jobId, error, stageId) {
      return mutate(() => {
        const ok = s.finish.run('failed', now(), error, stageId, jobId).changes === 1
        return { result: ok, changed: ok }
      })
    },

    requeue(jobId, error) {
      return mutate(() => {
        const ok = s.requeue.run(error, jobId).changes === 1
        return { result: ok, changed: ok }
      })
    },

    cancel(jobId) {
      return mutate(() => {
        const { state } = stateOf(jobId)
        if (state !== 'queued' && state !== 'running') throw new QueueError('bad-state', `Job ${jobId} already ${state}; it cannot be cancelled.`)
        s.cancel.run(now(), jobId)
        return { result: state, changed: true }
      })
    },

    liveJobs() {
      return s.liveJobs.all().map((j) => ({ jobId: j.job_id, runId: j.run_id, state: j.state, startedAt: j.started_at }))
    },

    cancelAll(runId) {
      return mutate(() => {
        const live = runId === undefined ? s.liveJobs.all() : s.liveJobsOfRun.all(runId)
        const at = now()
        // In claim order, so the history lists them as the queue showed them.
        for (const j of live) s.cancel.run(at, j.job_id)
        return { result: { cancelled: live.map((j) => j.job_id), running: live.filter((j) => j.state === 'running').map((j) => j.job_id) }, changed: live.length > 0 }
      })
    },

    retry(jobId) {
      mutate(() => {
        const { state } = stateOf(jobId)
        if (state !== 'failed' && state !== 'cancelled') throw new QueueError('bad-state', `Job ${jobId} is ${state}; only a failed or cancelled job can be retried.`)
        s.retry.run(positions.back(), jobId)
        s.unforget.run(jobId)
        return { result: undefined, changed: true }
      })
    },

    move(jobId, target) {
      mutate(() => {
        const self = requireQueued(jobId, 'moved')
        let position: number
        let priority = self.priority
        if ('to' in target) {
          // "Front" means "runs next", so the job also takes the highest queued priority
          // (and "back" the lowest); within a priority, position decides.
          if (target.to === 'front') { priority = Math.max(priority, s.queuedMaxPriority.get()?.p ?? priority); position = positions.front(1) }
          else { priority = Math.min(priority, s.queuedMinPriority.get()?.p ?? priority); position = positions.back() }
        } else {
          const anchorId = 'before' in target ? target.before : target.after
          if (anchorId === jobId) return { result: undefined, changed: false }
          // Before/after another job means next to it in claim order, hence its priority.
          priority = requireQueued(anchorId, 'a move target').priority
          position = 'before' in target ? positions.before(anchorId, jobId) : positions.after(anchorId, jobId)
        }
        s.setPlace.run(position, priority, jobId)
        return { result: undefined, changed: true }
      })
    },

    edit(jobId, edit) {
      return mutate(() => {
        requireQueued(jobId, 'edited')
        const current = toQueuedJob(s.getJob.get(jobId)!)
        const spec = applyEdit(current.spec, edit)
        s.saveEdit.run(spec.prompt, JSON.stringify(spec), spec.seed, modelOf(spec), jobId)
        return { result: toQueuedJob(s.getJob.get(jobId)!), changed: true }
      })
    },

    pause(reason) {
      // Already paused for this very reason: nothing changes and nobody is told (a worker woken
      // by the notification would check again and pause again, forever).
      if (reason !== undefined && heldReason === reason) return
      if (reason !== undefined) heldReason = reason
      try {
        mutate(() => {
          const was = s.getMeta.get('paused')?.value === '1'
          s.setMeta.run('paused', '1')
          if (reason !== undefined) s.setMeta.run('paused_reason', reason)
          return { result: undefined, changed: !was || reason !== undefined }
        })
      } catch (e) {
        // Paused by the server (a full disk): the pause holds in memory even if it cannot be stored.
        if (reason === undefined) throw e
        changed()
      }
    },

    resume() {
      const wasHeld = heldReason !== null
      heldReason = null
      try {
        mutate(() => {
          const was = isPaused() || wasHeld
          s.setMeta.run('paused', '0')
          s.deleteMeta.run('paused_reason')
          return { result: undefined, changed: was }
        })
      } catch (e) {
        if (wasHeld) changed()
        throw e
      }
    },

    isPaused,
    pausedReason,

    recover() {
      return mutate(() => {
        const n = s.recover.run().changes
        return { result: n, changed: n > 0 }
      })
    },

    history: (filter) => history(filter),

    onChange(listener) {
      // Wrapped so the same function subscribed twice gets two independent subscriptions.
      const entry = () => listener()
      listeners.add(entry)
      return () => { listeners.delete(entry) }
    },
  }
  return store
}
