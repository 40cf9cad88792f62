/**
 * Mean, count and a 95% confidence interval of ratings. The interval uses Student's t, not 1.96:
 * most setting values have a handful of ratings, where the normal approximation is far too
 * narrow (n = 3 needs 4.30 standard errors, not 1.96).
 */

/** Two-sided 95% t quantiles (0.975) for 1–30 degrees of freedom. */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
  2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
  2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
]
/** Beyond 30: a few anchors, interpolated; the limit is the normal 1.96. */
const T975_TAIL: [number, number][] = [[30, 2.042], [40, 2.021], [60, 2.0], [120, 1.98], [1000, 1.962]]

export function tQuantile975(df: number): number {
  if (df < 1) return Number.NaN
  if (df <= 30) return T975[Math.floor(df) - 1]!
  for (let i = 1; i < T975_TAIL.length; i++) {
    const [d0, t0] = T975_TAIL[i - 1]!
    const [d1, t1] = T975_TAIL[i]!
    if (df <= d1) return t0 + ((t1 - t0) * (df - d0)) / (d1 - d0)
  }
  return 1.96
}

export interface Summary {
  count: number
  mean: number | null
  /** Sample standard deviation (n − 1); null below two values. */
  sd: number | null
  /** 95% interval of the mean, clamped to the 0–5 scale; null below two values. */
  ci: [number, number] | null
}

const round = (x: number): number => Math.round(x * 1000) / 1000

export function summarize(values: readonly number[], scale: [number, number] = [0, 5]): Summary {
  const n = values.length
  if (n === 0) return { count: 0, mean: null, sd: null, ci: null }
  const mean = values.reduce((a, b) => a + b, 0) / n
  if (n === 1) return { count: 1, mean: round(mean), sd: null, ci: null }
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1))
  const half = (tQuantile975(n - 1) * sd) / Math.sqrt(n)
  return {
    count: n,
    mean: round(mean),
    sd: round(sd),
    ci: [round(Math.max(scale[0], mean - half)), round(Math.min(scale[1], mean + half))],
  }
}
