/**
 * Compare grids of a run (data for the editor's grid view, and the grid as one PNG) and learning
 * insights (per-field rating table, sweep suggestions, CSV export). docs/api.md "Compare and insights".
 */
import { Hono, type Context } from 'hono'
import { GridQuery, InsightsQuery, SelectionGridQuery, SelectionQuery } from '../../../engine/api/learning.ts'
import { RunIdParam } from '../../../engine/api/runs.ts'
import { createInsightsAccumulator } from '../../../engine/learning/insights.ts'
import { suggestSweeps } from '../../../engine/learning/suggest.ts'
import { compareRun, compareSelection } from '../../learning/compare.ts'
import { learningCsv } from '../../learning/csv.ts'
import { makeGrid, type GridOutcome } from '../../learning/grid-service.ts'
import { createLearningSource } from '../../learning/source.ts'
import type { AppDeps } from '../deps.ts'
import { ApiError, badRequest, notFound } from '../problems.ts'
import { params, query } from '../validate.ts'

function gridResponse(c: Context, r: GridOutcome): Response {
  if (!r.ok) throw badRequest(`${r.field}: ${r.message}`, [{ path: `query.${r.field}`, message: r.message }])
  return c.body(new Uint8Array(r.png), 200, { 'content-type': 'image/png', 'content-length': String(r.png.length), 'cache-control': 'no-store' })
}

export function learningRoutes(deps: AppDeps) {
  const source = createLearningSource(deps.store.db)
  const runData = (runId: string) => {
    const data = compareRun(deps.store, runId)
    if (!data) throw notFound(`run "${runId}"`)
    return data
  }
  const selectionData = (jobIds: string[]) => {
    const data = compareSelection(deps.store, jobIds)
    if ('unknown' in data) throw new ApiError(404, `job "${data.unknown}" not found`, [{ path: 'query.jobIds', message: `no job "${data.unknown}"` }])
    return data
  }
  return new Hono()
    .get('/runs/:runId/compare', (c) => c.json(runData(params(c, RunIdParam).runId)))
    .get('/runs/:runId/grid', async (c) => {
      const { runId } = params(c, RunIdParam)
      const q = query(c, GridQuery)
      return gridResponse(c, await makeGrid(deps.store, deps.paths.root, runData(runId), q))
    })
    .get('/compare', (c) => c.json(selectionData(query(c, SelectionQuery).jobIds)))
    .get('/compare/grid', async (c) => {
      const { jobIds, ...q } = query(c, SelectionGridQuery)
      return gridResponse(c, await makeGrid(deps.store, deps.paths.root, selectionData(jobIds), q))
    })
    .get('/learning/insights', async (c) => {
      const q = query(c, InsightsQuery)
      // Streamed: a page of jobs at a time goes into the sums, none is held (source.ts).
      const acc = createInsightsAccumulator()
      let jobs = 0
      let ratings = 0
      await source.each(q, (j) => {
        jobs++
        ratings += j.ratings.length
        acc.add({ fields: j.fields, outcome: j.outcome, ratings: j.ratings.map((r) => r.rating) })
      })
      const fields = acc.result()
      return c.json({ jobs, ratings, fields, suggestions: suggestSweeps(fields) })
    })
    .get('/learning/export.csv', async (c) => {
      const q = query(c, InsightsQuery)
      return c.body(learningCsv(await source.jobs(q)), 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="ratings.csv"' })
    })
}
