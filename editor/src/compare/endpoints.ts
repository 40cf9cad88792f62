/** Typed wrappers of the compare and insights routes (docs/api.md "Compare and insights"). */
import { CompareResponse, InsightsResponse } from '../../../engine/api/learning.ts'
import { request } from '../api/client.ts'

const enc = encodeURIComponent

export const getCompare = (runId: string, signal?: AbortSignal) => request(CompareResponse, `/runs/${enc(runId)}/compare`, { signal })
export const getCompareJobs = (jobIds: readonly string[], signal?: AbortSignal) => request(CompareResponse, `/compare?jobIds=${enc(jobIds.join(','))}`, { signal })

const query = (q: Record<string, string | undefined>): string => {
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') p.set(k, v)
  const s = p.toString()
  return s ? `?${s}` : ''
}

/** The grid PNG (GET /api/runs/:runId/grid, or /api/compare/grid for selected jobs), as a link the browser downloads. */
export const gridPngUrl = (source: { runId: string } | { jobIds: readonly string[] }, q: { x: string; y?: string | undefined; z?: string | undefined; zValue?: string | undefined; stage?: string | undefined }) =>
  'runId' in source ? `/api/runs/${enc(source.runId)}/grid${query(q)}` : `/api/compare/grid${query({ jobIds: source.jobIds.join(','), ...q })}`

export interface InsightsFilter { graphId?: string; packId?: string; model?: string; since?: string }

export const getInsights = (f: InsightsFilter, signal?: AbortSignal) => request(InsightsResponse, `/learning/insights${query({ ...f })}`, { signal })
export const insightsCsvUrl = (f: InsightsFilter) => `/api/learning/export.csv${query({ ...f })}`
