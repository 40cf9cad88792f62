/**
 * Compare grids of a run (data for the editor's grid view, and the grid as one PNG) and learning
 * insights (per-field rating table, sweep suggestions, CSV export). docs/api.md "Compare and insights".
 */
import { Hono } from 'hono'
import { GridQuery, InsightsQuery } from '../../../engine/api/learning.ts'
import { RunIdParam } from '../../../engine/api/runs.ts'
import { computeInsights } from '../../../engine/learning/insights.ts'
import { suggestSweeps } from '../../../engine/learning/suggest.ts'
import { inside } from '../../data/paths.ts'
import { cellArtifact, compareRun, planGrid } from '../../learning/compare.ts'
import { learningCsv } from '../../learning/csv.ts'
import { gridSize, MAX_SIDE, renderGridPng, type GridCell } from '../../learning/grid-png.ts'
import { createLearningSource } from '../../learning/source.ts'
import type { AppDeps } from '../deps.ts'
import { badRequest, notFound } from '../problems.ts'
import { params, query } from '../validate.ts'

export function learningRoutes(deps: AppDeps) {
  const source = createLearningSource(deps.store.db)
  const runData = (runId: string) => {
    const data = compareRun(deps.store, runId)
    if (!data) throw notFound(`run "${runId}"`)
    return data
  }
  return new Hono()
    .get('/runs/:runId/compare', (c) => c.json(runData(params(c, RunIdParam).runId)))
    .get('/runs/:runId/grid', async (c) => {
      const { runId } = params(c, RunIdParam)
      const q = query(c, GridQuery)
      const data = runData(runId)
      const plan = planGrid(data, q)
      if (!plan.ok) throw badRequest(`${plan.field}: ${plan.message}`, [{ path: `query.${plan.field}`, message: plan.message }])
      const cell = q.cell ?? 256
      const size = gridSize(plan.layout, cell)
      if (size.width > MAX_SIDE || size.height > MAX_SIDE) {
        throw badRequest(`cell: the grid would be ${size.width}×${size.height} px, over ${MAX_SIDE}; choose a smaller cell`, [{ path: 'query.cell', message: `grid over ${MAX_SIDE} px` }])
      }
      const jobs = new Map(data.jobs.map((j) => [j.jobId, j]))
      const artifacts = deps.store.artifacts
      const cells = plan.layout.cells[plan.zIndex]!
      const png = await renderGridPng({
        layout: plan.layout,
        zIndex: plan.zIndex,
        cell,
        cellAt(yi, xi): GridCell {
          const ids = cells[yi]![xi]!
          if (ids.length === 0) return { text: 'no job' }
          const job = jobs.get(ids[0]!)!
          const last = deps.store.queue.get(job.jobId)?.spec.plan.stages.at(-1)?.stageId
          const art = cellArtifact(job, q.stage, last)
          const record = art && artifacts.get(art.artifactId)
          if (!record) return { text: job.state === 'succeeded' ? 'no image' : job.state }
          return { file: inside(deps.paths.root, ...record.path.split('/')), more: ids.length - 1 }
        },
      })
      return c.body(new Uint8Array(png), 200, { 'content-type': 'image/png', 'content-length': String(png.length), 'cache-control': 'no-store' })
    })
    .get('/learning/insights', (c) => {
      const q = query(c, InsightsQuery)
      const jobs = source.jobs(q)
      const fields = computeInsights(jobs.map((j) => ({ fields: j.fields, outcome: j.outcome, ratings: j.ratings.map((r) => r.rating) })))
      return c.json({ jobs: jobs.length, ratings: jobs.reduce((s, j) => s + j.ratings.length, 0), fields, suggestions: suggestSweeps(fields) })
    })
    .get('/learning/export.csv', (c) => {
      const q = query(c, InsightsQuery)
      return c.body(learningCsv(source.jobs(q)), 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="ratings.csv"' })
    })
}
