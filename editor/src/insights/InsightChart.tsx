/**
 * One field's mean rating per value, drawn with uPlot (loaded on first use, so the editor's
 * initial bundle does not carry it): a line with the 95% interval as a band for numeric fields,
 * bars for categories.
 */
import { useEffect, useRef } from 'react'
import type { InsightsResponse } from '../../../engine/api/learning.ts'
import { valueLabel } from '../../../engine/learning/fields.ts'

type Field = InsightsResponse['fields'][number]

export function InsightChart({ field }: { field: Field }) {
  const box = useRef<HTMLDivElement>(null)
  useEffect(() => {
    let plot: { destroy(): void } | null = null
    let cancelled = false
    const rated = field.values.filter((v) => v.mean !== null && (!field.numeric || typeof v.value === 'number'))
    if (rated.length === 0) return
    void Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]).then(([{ default: uPlot }]) => {
      if (cancelled || !box.current) return
      const xs = field.numeric ? rated.map((v) => v.value as number) : rated.map((_, i) => i)
      const mean = rated.map((v) => v.mean)
      const lo = rated.map((v) => v.ci?.[0] ?? v.mean)
      const hi = rated.map((v) => v.ci?.[1] ?? v.mean)
      const accent = '#6ea8fe'
      const axisStyle = { stroke: '#8a93a6', grid: { stroke: 'rgba(138,147,166,0.15)' }, ticks: { stroke: 'rgba(138,147,166,0.3)' } }
      plot = new uPlot({
        width: 360,
        height: 180,
        legend: { show: false },
        cursor: { show: false },
        scales: { x: field.numeric ? { time: false } : { time: false, range: [-0.5, rated.length - 0.5] }, y: { range: [0, 5] } },
        axes: [
          field.numeric ? axisStyle : { ...axisStyle, splits: () => xs, values: (_u: unknown, ticks: number[]) => ticks.map((t) => valueLabel(rated[t]?.value ?? null).slice(0, 14)) },
          { ...axisStyle, label: 'mean rating' },
        ],
        series: field.numeric
          ? [{}, { label: 'mean', stroke: accent, width: 2, points: { show: true } }, { label: 'low', stroke: 'transparent' }, { label: 'high', stroke: 'transparent' }]
          : [{}, { label: 'mean', fill: 'rgba(110,168,254,0.55)', stroke: accent, paths: uPlot.paths.bars!({ size: [0.6, 60] }), points: { show: false } }],
        ...(field.numeric ? { bands: [{ series: [3, 2] as [number, number], fill: 'rgba(110,168,254,0.18)' }] } : {}),
      }, (field.numeric ? [xs, mean, lo, hi] : [xs, mean]) as never, box.current)
    })
    return () => { cancelled = true; plot?.destroy() }
  }, [field])
  return <div className="insight-chart" ref={box} aria-hidden="true" />
}
