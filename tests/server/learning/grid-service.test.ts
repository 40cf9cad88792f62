/** The grid refuses a picture nobody could read (too many cells, too many pixels) before drawing anything, naming the axis. */
import { describe, expect, it } from 'vitest'
import type { CompareResponse } from '../../../engine/api/learning.ts'
import { makeGrid, MAX_CELLS } from '../../../server/learning/grid-service.ts'

/** `n` jobs, each its own seed, two samplers: nothing is drawn, so no store or files are needed. */
function data(n: number): CompareResponse {
  const jobs = Array.from({ length: n }, (_, i) => ({
    jobId: `j${i}`, state: 'succeeded', finalStage: 't', artifacts: [],
    fields: { seed: i, 'txt2img.sampler_name': i % 2 ? 'A' : 'B' },
  }))
  return { runId: 'r', graphId: 'g', stages: [{ stageId: 't', kind: 'txt2img', label: 'T' }], fields: [], jobs }
}

describe('grid limits', () => {
  it('refuses more cells than MAX_CELLS, naming the axis with the most values', async () => {
    const r = await makeGrid({} as never, '/nowhere', data(MAX_CELLS), { x: 'txt2img.sampler_name', y: 'seed' })
    expect(r).toMatchObject({ ok: false, field: 'y' })
    expect(!r.ok && r.message).toContain(`"seed" has ${MAX_CELLS} values`)
  })
  it('refuses a picture wider than 16384 px, naming the cell size', async () => {
    const r = await makeGrid({} as never, '/nowhere', data(100), { x: 'seed', cell: 1024 })
    expect(r).toMatchObject({ ok: false, field: 'cell' })
  })
})
