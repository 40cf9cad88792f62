/**
 * "Suggest the next run": from the insights, randomizer sweeps that narrow each numeric field
 * around its best-rated value and keep the categorical values that are not clearly worse than
 * the best, each with the evidence in words. Every suggested value is checked against the
 * stage's schema (buildSweepAxes), so accepting a suggestion never makes an invalid graph.
 */
import { buildSweepAxes, type SweepProblem } from '../compile/sweeps.ts'
import type { Sweep } from '../nodes/randomizer.ts'
import { valueLabel, type FieldValue } from './fields.ts'
import type { InsightField, InsightValue } from './insights.ts'
import { tQuantile975 } from './stats.ts'

export interface SweepSuggestion {
  path: string
  values: FieldValue[]
  /** "txt2img.cfg_scale: 5 rated 4.1 ± 0.3 over 24 images; 9 rated 2.2 over 10 → 4, 5, 6" */
  evidence: string
}

const SWEEPABLE = /^(txt2img|img2img|adetailer|upscale)\.[a-z_][a-z0-9_.]*$/
/** The seed is not a setting to learn (and stage seeds are -1 by default). */
const NOT_LEARNED = /(^|\.)seed$/
export const MAX_SWEEPS = 8

function fmt(x: number): string {
  return String(Math.round(x * 100) / 100)
}

function describe(v: InsightValue): string {
  // The interval's half-width before clamping to the scale: the honest uncertainty.
  const half = v.sd !== null && v.count > 1 ? ` ± ${fmt((tQuantile975(v.count - 1) * v.sd) / Math.sqrt(v.count))}` : ''
  return `${valueLabel(v.value)} rated ${fmt(v.mean!)}${half} over ${v.count} image${v.count === 1 ? '' : 's'}`
}

const byMean = (a: InsightValue, b: InsightValue): number => b.mean! - a.mean! || b.count - a.count

/** Around the best: halfway to each rated neighbour, and half a step past an end it sits on. */
function narrowNumeric(rated: InsightValue[], best: InsightValue): number[] {
  const xs = rated.map((v) => v.value as number).sort((a, b) => a - b)
  const b = best.value as number
  const i = xs.indexOf(b)
  const prev = xs[i - 1]
  const next = xs[i + 1]
  const lo = prev !== undefined ? (prev + b) / 2 : next !== undefined ? b - (next - b) / 2 : b
  const hi = next !== undefined ? (b + next) / 2 : prev !== undefined ? b + (b - prev) / 2 : b
  const integers = xs.every((x) => Number.isInteger(x))
  const tidy = (x: number): number => (integers ? Math.round(x) : Math.round(x * 100) / 100)
  return [...new Set([tidy(lo), b, tidy(hi)])].sort((p, q) => p - q)
}

/** Values not clearly worse than the best: their interval reaches the best mean (or, unrated spread, within 0.25). */
function keepCategorical(rated: InsightValue[], best: InsightValue): FieldValue[] {
  const kept = rated.filter((v) => v === best || (v.ci ? v.ci[1] >= best.mean! : v.mean! >= best.mean! - 0.25))
  return kept.sort(byMean).slice(0, 3).map((v) => v.value)
}

export function suggestSweeps(fields: readonly InsightField[], max = 4): SweepSuggestion[] {
  const out: SweepSuggestion[] = []
  for (const f of fields) {
    if (out.length >= max) break
    if (!SWEEPABLE.test(f.key) || NOT_LEARNED.test(f.key)) continue
    const rated = f.values.filter((v) => v.mean !== null && v.value !== null)
    if (rated.length < 2) continue
    const ranked = [...rated].sort(byMean)
    const best = ranked[0]!
    const worst = ranked[ranked.length - 1]!
    const proposed = f.numeric ? narrowNumeric(rated, best) : keepCategorical(rated, best)
    // Nothing learned when every rated value is kept.
    if (!f.numeric && proposed.length === rated.length) continue
    const problems: SweepProblem[] = []
    const axes = buildSweepAxes(proposed.map((v) => ({ path: f.key, values: [v] })), problems)
    const values = axes.map((a) => a.values[0] as FieldValue)
    if (values.length === 0) continue
    out.push({
      path: f.key,
      values,
      evidence: `${f.key}: ${describe(best)}; ${describe(worst)} → ${values.map(valueLabel).join(', ')}`,
    })
  }
  return out
}

/**
 * The randomizer's sweeps with the suggestion applied: a sweep of the same path is replaced in
 * place, others are appended; those that would pass MAX_SWEEPS are returned as `dropped` so the
 * caller can say so.
 */
export function mergeSweeps(existing: readonly Sweep[], suggested: readonly { path: string; values: readonly unknown[] }[]): { sweeps: Sweep[]; dropped: string[] } {
  const sweeps = existing.map((s) => ({ ...s, values: [...s.values] }))
  const dropped: string[] = []
  for (const s of suggested) {
    const i = sweeps.findIndex((e) => e.path === s.path)
    if (i >= 0) sweeps[i] = { path: s.path, values: [...s.values] }
    else if (sweeps.length < MAX_SWEEPS) sweeps.push({ path: s.path, values: [...s.values] })
    else dropped.push(s.path)
  }
  return { sweeps, dropped }
}
