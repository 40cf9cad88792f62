/** Typed wrappers for the gallery and pruning routes (docs/api.md "Gallery", "Pruning"). */
import {
  DeleteResult, GalleryPageResponse, GalleryRunsResponse, PruneCacheResult, StageChainResponse, UsageResponse,
} from '../../../engine/api/gallery.ts'
import { request } from '../api/client.ts'

const enc = encodeURIComponent

/** The filters as the gallery holds them: empty strings are "any". */
export interface GalleryFilters {
  graphId: string
  runId: string
  packId: string
  model: string
  sampler: string
  rating: string
  state: string
  /** yyyy-mm-dd, inclusive days. */
  from: string
  to: string
  q: string
}

export const NO_FILTERS: GalleryFilters = { graphId: '', runId: '', packId: '', model: '', sampler: '', rating: '', state: '', from: '', to: '', q: '' }

/** The query string of the filters: days become a [from, next day of to) range in local time. */
export function filterQuery(f: GalleryFilters): URLSearchParams {
  const q = new URLSearchParams()
  for (const k of ['graphId', 'runId', 'packId', 'model', 'sampler', 'rating', 'state', 'q'] as const) if (f[k].trim() !== '') q.set(k, f[k].trim())
  if (f.from) q.set('from', new Date(`${f.from}T00:00:00`).toISOString())
  if (f.to) {
    const end = new Date(`${f.to}T00:00:00`)
    end.setDate(end.getDate() + 1)
    q.set('to', end.toISOString())
  }
  return q
}

export function getGalleryRuns(f: GalleryFilters, signal?: AbortSignal) {
  return request(GalleryRunsResponse, `/gallery/runs?${filterQuery(f)}`, { signal })
}

export function getGalleryPage(f: GalleryFilters, sort: 'date' | 'rating', offset: number, limit: number, signal?: AbortSignal) {
  const q = filterQuery(f)
  q.set('sort', sort)
  q.set('offset', String(offset))
  q.set('limit', String(limit))
  return request(GalleryPageResponse, `/gallery/images?${q}`, { signal })
}

export const getStageChain = (id: string) => request(StageChainResponse, `/gallery/images/${enc(id)}/chain`)
export const getUsage = (signal?: AbortSignal) => request(UsageResponse, '/storage/usage', { signal })

/** What a delete forgets besides the files (docs/api.md "Pruning"); both off by default. */
export interface ForgetOptions { forgetRatings?: boolean; forgetLearning?: boolean }
export const deleteImages = (artifactIds: string[], forget: ForgetOptions = {}) =>
  request(DeleteResult, '/prune/images', { method: 'POST', body: { artifactIds, ...forget } })
export const deleteRun = (runId: string, forget: ForgetOptions = {}) =>
  request(DeleteResult, `/prune/runs/${enc(runId)}`, { method: 'POST', body: { ...forget } })
export const keepRated = (runId: string, minRating: number, forget: ForgetOptions = {}) =>
  request(DeleteResult, `/prune/runs/${enc(runId)}/keep-rated`, { method: 'POST', body: { minRating, ...forget } })
export const pruneStageCache = (body: { olderThanDays?: number; maxMB?: number }) =>
  request(PruneCacheResult, '/prune/stage-cache', { method: 'POST', body })

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MB`
  return `${(n / 1024 ** 3).toFixed(2)} GB`
}
