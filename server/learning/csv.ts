/**
 * Ratings + settings as CSV (RFC 4180): one row per rating (a job with several rated images has
 * several rows), and one row with an empty rating for each job nobody rated, failed and
 * cancelled ones included with their error, so a spreadsheet can count failures per setting too.
 * Columns: the job's identity and outcome, the rating, then every field (sorted).
 */
import type { LearningJob } from './source.ts'

const FIXED = ['jobId', 'runId', 'graphId', 'packId', 'outcome', 'error', 'finishedAt', 'targetKind', 'targetId', 'rating'] as const

/**
 * A text cell a spreadsheet would run as a formula (=, +, -, @, tab or CR first: a prompt like
 * `=HYPERLINK(…)` or `-cat` from someone else's pack) gets a leading `'`, as OWASP advises for CSV
 * injection. Only text: numbers (a seed of -1, a CFG) are written as they are.
 */
const FORMULA_START = /^[=+\-@\t\r]/

function cell(v: unknown): string {
  if (v === null || v === undefined) return ''
  const s = typeof v === 'string' && FORMULA_START.test(v) ? `'${v}` : String(v)
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export function learningCsv(jobs: readonly LearningJob[]): string {
  const keys = [...new Set(jobs.flatMap((j) => Object.keys(j.fields)))].sort()
  const lines = [[...FIXED, ...keys].map(cell).join(',')]
  for (const j of jobs) {
    const base = [j.jobId, j.runId, j.graphId, j.packId, j.outcome, j.error, j.finishedAt]
    const settings = keys.map((k) => j.fields[k])
    const rated = j.ratings.length > 0 ? j.ratings : [null]
    for (const r of rated) lines.push([...base, r?.targetKind, r?.targetId, r?.rating, ...settings].map(cell).join(','))
  }
  return lines.join('\r\n') + '\r\n'
}
