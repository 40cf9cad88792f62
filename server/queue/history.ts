/**
 * The history page: finished jobs, newest first, filtered and paged. The SQL is built from a
 * fixed set of clauses with bound parameters only, so no filter value ever becomes SQL text.
 */
import type { Database } from 'better-sqlite3'
import type { QueueJobSummary } from '../../engine/api/events.ts'
import { SUMMARY_COLUMNS, toSummary, type SummaryRow } from './job-rows.ts'
import type { HistoryFilter } from './types.ts'

export const HISTORY_MAX_LIMIT = 200
export const HISTORY_DEFAULT_LIMIT = 50

const FINISHED = new Set(['succeeded', 'failed', 'cancelled'])

export function createHistory(db: Database): (filter: HistoryFilter) => { jobs: QueueJobSummary[]; total: number } {
  // Statements are cached per combination of filters (at most 2^5), prepared on first use.
  const cache = new Map<string, { page: ReturnType<Database['prepare']>; count: ReturnType<Database['prepare']> }>()

  return (filter) => {
    const limit = clamp(filter.limit ?? HISTORY_DEFAULT_LIMIT, 1, HISTORY_MAX_LIMIT)
    const offset = Math.max(0, Math.floor(filter.offset ?? 0))
    // A non-finished state can never be in the history; answer without asking SQLite.
    if (filter.state !== undefined && !FINISHED.has(filter.state)) return { jobs: [], total: 0 }

    const where = ['finished_seq IS NOT NULL']
    const params: Record<string, unknown> = {}
    if (filter.graphId !== undefined) { where.push('graph_id = @graphId'); params['graphId'] = filter.graphId }
    if (filter.packId !== undefined) { where.push('pack_id = @packId'); params['packId'] = filter.packId }
    if (filter.model !== undefined) { where.push('model = @model'); params['model'] = filter.model }
    if (filter.state !== undefined) { where.push('state = @state'); params['state'] = filter.state }
    if (filter.minRating !== undefined) {
      // A job counts as rated ≥ n when the job itself is, or any image it produced is: people
      // rate whichever they looked at, and either means "this recipe gave something good".
      where.push(`(EXISTS (SELECT 1 FROM ratings r WHERE r.target_kind = 'job' AND r.target_id = jobs.job_id AND r.rating >= @minRating)
        OR EXISTS (SELECT 1 FROM artifacts a JOIN ratings r ON r.target_kind = 'image' AND r.target_id = a.artifact_id
                   WHERE a.job_id = jobs.job_id AND r.rating >= @minRating))`)
      params['minRating'] = filter.minRating
    }
    const key = Object.keys(params).join(',')
    let stmts = cache.get(key)
    if (stmts === undefined) {
      const clause = where.join(' AND ')
      stmts = {
        page: db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM jobs WHERE ${clause} ORDER BY finished_seq DESC LIMIT @limit OFFSET @offset`),
        count: db.prepare(`SELECT COUNT(*) AS n FROM jobs WHERE ${clause}`),
      }
      cache.set(key, stmts)
    }
    const rows = stmts.page.all({ ...params, limit, offset }) as SummaryRow[]
    const { n } = stmts.count.get(params) as { n: number }
    return { jobs: rows.map(toSummary), total: n }
  }
}

function clamp(n: number, lo: number, hi: number): number {
  if (!Number.isFinite(n)) return hi
  return Math.min(hi, Math.max(lo, Math.floor(n)))
}
