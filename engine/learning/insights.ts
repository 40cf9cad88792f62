/**
 * Learning insights: for each field that varied across the jobs, the mean rating of each value
 * with its count and 95% interval, and how often jobs with that value failed or were cancelled.
 * Fields are ranked by how much their values' means differ: what mattered comes first.
 */
import { valueKey, varyingFields, type FieldValue, type JobFields } from './fields.ts'
import { summarize, type Summary } from './stats.ts'

export type JobOutcome = 'succeeded' | 'failed' | 'cancelled'

export interface InsightJob {
  fields: JobFields
  /** Every rating given to the job or one of its images (each counts once). */
  ratings: number[]
  outcome: JobOutcome
}

export interface InsightValue extends Summary {
  value: FieldValue
  /** Jobs with this value, and of them how many failed / were cancelled. */
  jobs: number
  failed: number
  cancelled: number
}

export interface InsightField {
  key: string
  numeric: boolean
  /** Ratings counted across the field's values. */
  rated: number
  /** Highest minus lowest mean among rated values; null with fewer than two rated values. */
  spread: number | null
  values: InsightValue[]
}

/**
 * A field whose every job has its own value (random seeds, hundreds of distinct prompts) groups
 * nothing: past this many values it is left out of the insights (a grid can still use it).
 */
export const MAX_UNGROUPED_VALUES = 20

export function computeInsights(jobs: readonly InsightJob[]): InsightField[] {
  const fields = varyingFields(jobs.map((j) => j.fields)).filter((f) => !(f.values.length > MAX_UNGROUPED_VALUES && f.values.length === jobs.length))
  const out: InsightField[] = fields.map((f) => {
    const acc = new Map<string, { ratings: number[]; jobs: number; failed: number; cancelled: number }>()
    for (const v of f.values) acc.set(valueKey(v), { ratings: [], jobs: 0, failed: 0, cancelled: 0 })
    for (const j of jobs) {
      const a = acc.get(valueKey(j.fields[f.key] ?? null))!
      a.jobs++
      if (j.outcome === 'failed') a.failed++
      if (j.outcome === 'cancelled') a.cancelled++
      a.ratings.push(...j.ratings)
    }
    const values = f.values.map((value) => {
      const a = acc.get(valueKey(value))!
      return { value, ...summarize(a.ratings), jobs: a.jobs, failed: a.failed, cancelled: a.cancelled }
    })
    const means = values.filter((v) => v.mean !== null).map((v) => v.mean!)
    return {
      key: f.key,
      numeric: f.numeric,
      rated: values.reduce((s, v) => s + v.count, 0),
      spread: means.length >= 2 ? Math.round((Math.max(...means) - Math.min(...means)) * 1000) / 1000 : null,
      values,
    }
  })
  return out.sort((a, b) => (b.spread ?? -1) - (a.spread ?? -1) || b.rated - a.rated)
}
