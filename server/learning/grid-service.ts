/**
 * A run's grid as PNG bytes, from the store and the data folder: used by the API route and by
 * `flow grid` alike, so both draw the same picture. Problems name the query field (x, y, z,
 * zValue, stage, cell) for a 400.
 */
import type { CompareResponse, GridQuery } from '../../engine/api/learning.ts'
import { inside } from '../data/paths.ts'
import { cellArtifact, planGrid, type CompareStore } from './compare.ts'
import { gridSize, MAX_SIDE, renderGridPng, type GridCell } from './grid-png.ts'

export type GridOutcome =
  | { ok: true; png: Buffer }
  | { ok: false; field: string; message: string }

export const DEFAULT_CELL = 256
/** Each cell is a decode and a resize: past this the picture takes minutes and nobody can read it. */
export const MAX_CELLS = 2500

/** The grid of a run's (or a selection's) compare data. */
export async function makeGrid(store: CompareStore, dataRoot: string, data: CompareResponse, q: GridQuery): Promise<GridOutcome> {
  const plan = planGrid(data, q)
  if (!plan.ok) return { ok: false, field: plan.field, message: plan.message }
  const columns = plan.layout.x.values.length
  const rows = plan.layout.y?.values.length ?? 1
  if (columns * rows > MAX_CELLS) {
    const field = plan.layout.y && rows > columns ? 'y' : 'x'
    return { ok: false, field, message: `the grid would have ${columns} × ${rows} cells, over ${MAX_CELLS}; "${field === 'x' ? plan.layout.x.key : plan.layout.y!.key}" has ${Math.max(columns, rows)} values: choose a field with fewer, or compare a selection of jobs` }
  }
  const cell = q.cell ?? DEFAULT_CELL
  const size = gridSize(plan.layout, cell)
  if (size.width > MAX_SIDE || size.height > MAX_SIDE) {
    return { ok: false, field: 'cell', message: `the grid would be ${size.width}×${size.height} px, over ${MAX_SIDE}; choose a smaller cell` }
  }
  const jobs = new Map(data.jobs.map((j) => [j.jobId, j]))
  const cells = plan.layout.cells[plan.zIndex]!
  const png = await renderGridPng({
    layout: plan.layout,
    zIndex: plan.zIndex,
    cell,
    cellAt(yi, xi): GridCell {
      const ids = cells[yi]![xi]!
      if (ids.length === 0) return { text: 'no job' }
      const job = jobs.get(ids[0]!)!
      const art = cellArtifact(job, q.stage)
      const record = art && store.artifacts.get(art.artifactId)
      if (!record) return { text: job.state === 'succeeded' ? 'no image' : job.state }
      return { file: inside(dataRoot, ...record.path.split('/')), more: ids.length - 1 }
    },
  })
  return { ok: true, png }
}
