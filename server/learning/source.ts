/**
 * The finished jobs and their ratings, read straight from the queue database (the index of the
 * learning log and ratings.jsonl: the same facts, already queryable), for insights and the CSV
 * export. A rating of 0 is a cleared rating and does not count.
 *
 * Reading every job's spec costs about 40 ms per thousand jobs (parse + fields), seconds at
 * 100,000, and the server has one thread that also feeds the WebUIs: the jobs are read in pages,
 * yielding to the event loop between them, so an insights request never holds up a dispatch.
 */
import type { JobSpec } from '../../engine/compile/spec.ts'
import { jobFields, type JobFields } from '../../engine/learning/fields.ts'
import type { JobOutcome } from '../../engine/learning/insights.ts'
import type { Database } from '../queue/db.ts'

export interface LearningFilter {
  graphId?: string | undefined
  packId?: string | undefined
  model?: string | undefined
  /** ISO time: jobs that finished at or after it. */
  since?: string | undefined
}

export interface RatedTarget { targetKind: 'job' | 'image'; targetId: string; rating: number }

export interface LearningJob {
  jobId: string
  runId: string
  graphId: string
  packId: string | null
  outcome: JobOutcome
  error: string | null
  finishedAt: string | null
  fields: JobFields
  ratings: RatedTarget[]
}

interface JobRow { rowid: number; job_id: string; run_id: string; graph_id: string; pack_id: string | null; state: JobOutcome; last_error: string | null; finished_at: string | null; spec_json: string }

/** Jobs per page: a page is a few tens of milliseconds of work. */
const PAGE = 500

export function createLearningSource(db: Database) {
  const jobs = db.prepare<Record<string, string | number | null>, JobRow>(`SELECT rowid, job_id, run_id, graph_id, pack_id, state, last_error, finished_at, spec_json FROM jobs
    WHERE state IN ('succeeded', 'failed', 'cancelled')
      AND (@graphId IS NULL OR graph_id = @graphId) AND (@packId IS NULL OR pack_id = @packId)
      AND (@model IS NULL OR model = @model) AND (@since IS NULL OR finished_at >= @since)
      -- Jobs whose learning the user forgot when deleting them (gallery/prune.ts forgetLearning).
      AND NOT EXISTS (SELECT 1 FROM forgotten_jobs f WHERE f.job_id = jobs.job_id)
      AND rowid > @after
    ORDER BY rowid LIMIT @limit`)
  const ratings = db.prepare<[], { job_id: string; target_kind: 'job' | 'image'; target_id: string; rating: number }>(`
    SELECT target_id AS job_id, target_kind, target_id, rating FROM ratings WHERE target_kind = 'job' AND rating > 0
    UNION ALL
    SELECT a.job_id, r.target_kind, r.target_id, r.rating FROM ratings r JOIN artifacts a ON a.artifact_id = r.target_id
      WHERE r.target_kind = 'image' AND r.rating > 0
    UNION ALL
    -- A deleted image's kept rating still counts for its job (gallery/prune.ts keeps a tombstone).
    SELECT d.job_id, r.target_kind, r.target_id, r.rating FROM ratings r JOIN removed_artifacts d ON d.artifact_id = r.target_id
      WHERE r.target_kind = 'image' AND r.rating > 0 AND NOT EXISTS (SELECT 1 FROM artifacts a WHERE a.artifact_id = r.target_id)`)

  const ratingsByJob = (): Map<string, RatedTarget[]> => {
    const byJob = new Map<string, RatedTarget[]>()
    for (const r of ratings.all()) {
      const list = byJob.get(r.job_id) ?? []
      list.push({ targetKind: r.target_kind, targetId: r.target_id, rating: r.rating })
      byJob.set(r.job_id, list)
    }
    return byJob
  }

  /** Every matching job to `visit`, a page at a time (in the order they were queued), yielding between pages. */
  async function each(filter: LearningFilter, visit: (job: LearningJob, rowid: number) => void): Promise<void> {
    const byJob = ratingsByJob()
    const where = {
      graphId: filter.graphId ?? null,
      packId: filter.packId ?? null,
      model: filter.model ?? null,
      since: filter.since === undefined ? null : new Date(filter.since).toISOString(),
      limit: PAGE,
    }
    for (let after = 0; ;) {
      const rows = jobs.all({ ...where, after })
      for (const r of rows) {
        visit({
          jobId: r.job_id,
          runId: r.run_id,
          graphId: r.graph_id,
          packId: r.pack_id,
          outcome: r.state,
          error: r.last_error,
          finishedAt: r.finished_at,
          // Stored by the queue from a parsed JobSpec (job-rows.ts reads it the same way).
          fields: jobFields(JSON.parse(r.spec_json) as JobSpec),
          ratings: byJob.get(r.job_id) ?? [],
        }, r.rowid)
      }
      if (rows.length < PAGE) return
      after = rows.at(-1)!.rowid
      await new Promise<void>((resolve) => setImmediate(resolve))
    }
  }

  return {
    each,
    /** Every matching job, in the order they finished. */
    async jobs(filter: LearningFilter): Promise<LearningJob[]> {
      const out: { job: LearningJob; rowid: number }[] = []
      await each(filter, (job, rowid) => out.push({ job, rowid }))
      out.sort((a, b) => (a.job.finishedAt ?? '').localeCompare(b.job.finishedAt ?? '') || a.rowid - b.rowid)
      return out.map((o) => o.job)
    },
  }
}
export type LearningSource = ReturnType<typeof createLearningSource>
