/**
 * Insights given job by job (the server streams pages of jobs) equal insights computed from the
 * whole list at once with varyingFields, the reference: same fields, values, counts, means and
 * intervals, missing fields counted as null, on random job sets.
 */
import { describe, expect, it } from 'vitest'
import { createInsightsAccumulator, MAX_UNGROUPED_VALUES, type InsightField, type InsightJob } from '../../../engine/learning/insights.ts'
import { valueKey, varyingFields, type FieldValue } from '../../../engine/learning/fields.ts'
import { summarize } from '../../../engine/learning/stats.ts'
import { createRng } from '../../../engine/util/rng.ts'

/** The whole-list computation as insights first shipped it. */
function reference(jobs: readonly InsightJob[]): InsightField[] {
  const fields = varyingFields(jobs.map((j) => j.fields)).filter((f) => !(f.values.length > MAX_UNGROUPED_VALUES && f.values.length === jobs.length))
  return fields.map((f) => {
    const values = f.values.map((value) => {
      const mine = jobs.filter((j) => valueKey(j.fields[f.key] ?? null) === valueKey(value))
      return { value, ...summarize(mine.flatMap((j) => j.ratings)), jobs: mine.length, failed: mine.filter((j) => j.outcome === 'failed').length, cancelled: mine.filter((j) => j.outcome === 'cancelled').length }
    })
    const means = values.filter((v) => v.mean !== null).map((v) => v.mean!)
    return { key: f.key, numeric: f.numeric, rated: values.reduce((s, v) => s + v.count, 0), spread: means.length >= 2 ? Math.round((Math.max(...means) - Math.min(...means)) * 1000) / 1000 : null, values }
  }).sort((a, b) => (b.spread ?? -1) - (a.spread ?? -1) || b.rated - a.rated)
}

function randomJobs(seed: number): InsightJob[] {
  const r = createRng(seed)
  const rng = () => r.next()
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!
  const n = 1 + Math.floor(rng() * 60)
  const values: Record<string, readonly FieldValue[]> = {
    'txt2img.cfg_scale': [4, 5, 6, 7.5], 'txt2img.sampler_name': ['Euler a', 'DPM++ 2M'], 'lora.detail': [0.4, 0.8, null],
    'slot.mood': ['calm', 'stormy', '1'], mixed: [1, '1', true, null], constant: ['same'],
  }
  return Array.from({ length: n }, (_, i) => {
    const fields: Record<string, FieldValue> = { seed: seed * 1000 + i }
    for (const [k, vs] of Object.entries(values)) if (rng() < 0.8) fields[k] = pick(vs)
    const ratings = Array.from({ length: Math.floor(rng() * 3) }, () => 1 + Math.floor(rng() * 5))
    return { fields, ratings, outcome: pick(['succeeded', 'succeeded', 'failed', 'cancelled'] as const) }
  })
}

describe('insights given job by job', () => {
  it('equal the whole-list computation on 300 random job sets', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const jobs = randomJobs(seed)
      const acc = createInsightsAccumulator()
      for (const j of jobs) acc.add(j)
      expect(acc.result(), `seed ${seed}`).toEqual(reference(jobs))
    }
  })
})
