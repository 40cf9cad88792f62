/** Typed wrappers for running, the queue, history, outputs and ratings (docs/api.md). */
import { z } from 'zod'
import { QueueJobSummary, QueueSnapshot } from '../../../engine/api/events.ts'
import {
  ArtifactMetaResponse, HistoryResponse, NodeOutputsResponse, RatingResponse, RunCreatedResponse, RunDetailResponse, VideoRetryResponse,
} from '../../../engine/api/http.ts'
import type { HistoryQuery, JobEditRequest, MoveRequest } from '../../../engine/api/runs.ts'
import { parseGraph } from '../../../engine/graph/migrations.ts'
import type { Graph } from '../../../engine/graph/schema.ts'
import { CancelAllResponse, QueueEtaResponse } from '../../../engine/api/queue-extras.ts'
import { ApiError, request } from './client.ts'

const enc = encodeURIComponent

/** `runSeed`: the preview's, so the queue gets exactly the jobs (seeds, draws) the preview shows. */
export const submitRun = (graph: Graph, front: boolean, runSeed?: number) =>
  request(RunCreatedResponse, '/runs', { method: 'POST', body: { graph, front, ...(runSeed !== undefined ? { runSeed } : {}) } })
export const getQueue = () => request(QueueSnapshot, '/queue')
export const pauseQueue = () => request(QueueSnapshot, '/queue/pause', { method: 'POST' })
export const resumeQueue = () => request(QueueSnapshot, '/queue/resume', { method: 'POST' })
export const cancelJob = (jobId: string) => request(QueueJobSummary, `/jobs/${enc(jobId)}/cancel`, { method: 'POST' })
/** Makes a failed video again (202; 409 while its frames' jobs have not all succeeded). */
export const retryVideo = (runId: string, stageId: string) =>
  request(VideoRetryResponse, `/runs/${enc(runId)}/videos/${enc(stageId)}/retry`, { method: 'POST' })
export const retryJob = (jobId: string) => request(QueueJobSummary, `/jobs/${enc(jobId)}/retry`, { method: 'POST' })
export const moveJob = (jobId: string, target: MoveRequest) => request(QueueSnapshot, `/jobs/${enc(jobId)}/move`, { method: 'POST', body: target })
export const editJob = (jobId: string, edit: JobEditRequest) => request(QueueJobSummary, `/jobs/${enc(jobId)}`, { method: 'PATCH', body: edit })
export const getJobSpec = (jobId: string) =>
  request(z.object({ spec: z.object({ prompt: z.string(), negativePrompt: z.string(), seed: z.int(), plan: z.object({ stages: z.array(z.object({ stageId: z.string(), kind: z.string(), config: z.object({ values: z.record(z.string(), z.unknown()) }) })) }) }) }), `/jobs/${enc(jobId)}`)

/** Filters as the history panel holds them; empty ones are left out of the query. */
export function getHistory(filter: { [K in keyof HistoryQuery]?: string | number | undefined }, signal?: AbortSignal) {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(filter)) if (v !== undefined && v !== '') q.set(k, String(v))
  const s = q.toString()
  return request(HistoryResponse, `/history${s ? `?${s}` : ''}`, { signal })
}

/** The graph a run was made from, through the engine's migrations. */
export async function getRunGraph(runId: string): Promise<Graph> {
  const detail = await request(RunDetailResponse, `/runs/${enc(runId)}`)
  const parsed = parseGraph(detail.run.run.graph)
  if (!parsed.ok) throw new ApiError(`The graph of run "${runId}" could not be read.`, 200, parsed.problems)
  return parsed.graph
}

export const getNodeOutputs = (graphId: string, stageId: string, limit = 8, signal?: AbortSignal) =>
  request(NodeOutputsResponse, `/nodes/${enc(graphId)}/${enc(stageId)}/latest?limit=${limit}`, { signal })
export const getArtifactMeta = (id: string) => request(ArtifactMetaResponse, `/artifacts/${enc(id)}/meta`)
export const rate = (targetKind: 'job' | 'image', targetId: string, rating: number) =>
  request(RatingResponse, '/ratings', { method: 'PUT', body: { targetKind, targetId, rating } })

export const artifactUrl = (id: string) => `/api/artifacts/${enc(id)}`
export const thumbUrl = (id: string) => `/api/artifacts/${enc(id)}/thumb`

export const cancelAll = (runId?: string) => request(CancelAllResponse, '/queue/cancel', { method: 'POST', body: runId ? { runId } : {} })
export const getQueueEta = (signal?: AbortSignal) => request(QueueEtaResponse, '/queue/eta', { signal })
