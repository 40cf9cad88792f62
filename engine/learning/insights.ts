/**
 * Learning insights: for each field that varied across the jobs, the mean rating of each value
 * with its count and 95% interval, and how often jobs with that value failed or were cancelled.
 * Fields are ranked by how much their values' means differ: what mattered comes first.
 */
import { compareValues, valueKey, type FieldValue, type JobFields } from './fields.ts'
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

interface Bucket { value: FieldValue; ratings: Map<number, number>; jobs: number; failed: number; cancelled: number }

const emptyBucket = (value: FieldValue): Bucket => ({ value, ratings: new Map(), jobs: 0, failed: 0, cancelled: 0 })

function addJob(b: Bucket, job: InsightJob): void {
  b.jobs++
  if (job.outcome === 'failed') b.failed++
  if (job.outcome === 'cancelled') b.cancelled++
  for (const r of job.ratings) b.ratings.set(r, (b.ratings.get(r) ?? 0) + 1)
}

/** The rating list a bucket's counts stand for (ratings are few distinct numbers, so counts are exact). */
function ratingList(counts: ReadonlyMap<number, number>): number[] {
  const out: number[] = []
  for (const [r, n] of [...counts].sort((a, b) => a[0] - b[0])) for (let i = 0; i < n; i++) out.push(r)
  return out
}

/**
 * Insights over jobs given one at a time: the server streams thousands of jobs through it page by
 * page instead of holding them all. A field a job lacks counts as null for that job (a LoRA only
 * some jobs use), as in varyingFields; those jobs are found at the end as all jobs minus the ones
 * that had the field.
 */
export function createInsightsAccumulator() {
  const all = emptyBucket(null)
  /** Per field, in first-seen order: how many jobs had it, and a bucket per value. */
  const byKey = new Map<string, { present: number; buckets: Map<string, Bucket> }>()
  return {
    add(job: InsightJob): void {
      addJob(all, job)
      for (const key in job.fields) {
        const value = job.fields[key] ?? null
        let k = byKey.get(key)
        if (!k) byKey.set(key, (k = { present: 0, buckets: new Map() }))
        k.present++
        const vk = valueKey(value)
        let b = k.buckets.get(vk)
        if (!b) k.buckets.set(vk, (b = emptyBucket(value)))
        addJob(b, job)
      }
    },
    result(): InsightField[] {
      const out: InsightField[] = []
      for (const [key, k] of byKey) {
        const buckets = [...k.buckets.values()]
        if (k.present < all.jobs) {
          // The jobs without this field: everything minus what the field's buckets hold.
          const missing = emptyBucket(null)
          missing.jobs = all.jobs - k.present
          missing.failed = all.failed - buckets.reduce((s, b) => s + b.failed, 0)
          missing.cancelled = all.cancelled - buckets.reduce((s, b) => s + b.cancelled, 0)
          for (const [r, n] of all.ratings) missing.ratings.set(r, n - buckets.reduce((s, b) => s + (b.ratings.get(r) ?? 0), 0))
          const explicitNull = k.buckets.get(valueKey(null))
          if (explicitNull) {
            explicitNull.jobs += missing.jobs
            explicitNull.failed += missing.failed
            explicitNull.cancelled += missing.cancelled
            for (const [r, n] of missing.ratings) explicitNull.ratings.set(r, (explicitNull.ratings.get(r) ?? 0) + n)
          } else {
            buckets.push(missing)
          }
        }
        if (buckets.length < 2) continue
        // Every job its own value (random seeds, distinct prompts): groups nothing.
        if (buckets.length > MAX_UNGROUPED_VALUES && buckets.length === all.jobs) continue
        buckets.sort((a, b) => compareValues(a.value, b.value))
        const values = buckets.map((b) => ({ value: b.value, ...summarize(ratingList(b.ratings)), jobs: b.jobs, failed: b.failed, cancelled: b.cancelled }))
        const means = values.filter((v) => v.mean !== null).map((v) => v.mean!)
        out.push({
          key,
          numeric: buckets.every((b) => typeof b.value === 'number'),
          rated: values.reduce((s, v) => s + v.count, 0),
          spread: means.length >= 2 ? Math.round((Math.max(...means) - Math.min(...means)) * 1000) / 1000 : null,
          values,
        })
      }
      return out.sort((a, b) => (b.spread ?? -1) - (a.spread ?? -1) || b.rated - a.rated)
    },
  }
}

export function computeInsights(jobs: readonly InsightJob[]): InsightField[] {
  const acc = createInsightsAccumulator()
  for (const j of jobs) acc.add(j)
  return acc.result()
}
