/** Typed wrappers of the compare and insights routes (docs/api.md "Compare and insights"). */
import { CompareResponse, InsightsResponse } from '../../../engine/api/learning.ts'
import { request } from '../api/client.ts'

const enc = encodeURIComponent

export const getCompare = (runId: string, signal?: AbortSignal) => request(CompareResponse, `/runs/${enc(runId)}/compare`, { signal })

const query = (q: Record<string, string | undefined>): string => {
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') p.set(k, v)
  const s = p.toString()
  return s ? `?${s}` : ''
}

/** The grid PNG (GET /api/runs/:runId/grid), as a link the browser downloads. */
export const gridPngUrl = (runId: string, q: { x: string; y?: string; z?: string; zValue?: string; stage?: string }) =>
  `/api/runs/${enc(runId)}/grid${query(q)}`

export interface InsightsFilter { graphId?: string; packId?: string; model?: string; since?: string }

export const getInsights = (f: InsightsFilter, signal?: AbortSignal) => request(InsightsResponse, `/learning/insights${query({ ...f })}`, { signal })
export const insightsCsvUrl = (f: InsightsFilter) => `/api/learning/export.csv${query({ ...f })}`
