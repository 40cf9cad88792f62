/** Typed wrappers for the endpoints of docs/api.md the editor uses this round. */
import { z } from 'zod'
import {
  FavouritesResponse, LastConfigResponse, GraphListResponse, GraphSaveResponse, HealthResponse, LibraryContextResponse, ResourcesResponse,
} from '../../../engine/api/http.ts'
import { parseGraph } from '../../../engine/graph/migrations.ts'
import type { Graph } from '../../../engine/graph/schema.ts'
import { ApiError, request } from './client.ts'

export const getHealth = (signal?: AbortSignal) => request(HealthResponse, '/health', { signal })
export const getLibraryContext = (signal?: AbortSignal) => request(LibraryContextResponse, '/library/context', { signal })
export const getResources = (signal?: AbortSignal) => request(ResourcesResponse, '/resources', { signal })
export const refreshResources = () => request(ResourcesResponse, '/resources/refresh', { method: 'POST' })
export const getFavourites = (signal?: AbortSignal) => request(FavouritesResponse, '/learning/favourites', { signal })
export const getLastConfigs = (signal?: AbortSignal) => request(LastConfigResponse, '/learning/last-config', { signal })
export const listGraphs = (signal?: AbortSignal) => request(GraphListResponse, '/graphs', { signal })

/** Graph documents go through the engine's migrations, so an older saved graph opens in a newer editor. */
export async function getGraph(id: string, signal?: AbortSignal): Promise<Graph> {
  const raw = await request(z.unknown(), `/graphs/${encodeURIComponent(id)}`, { signal })
  const parsed = parseGraph(raw)
  if (!parsed.ok) throw new ApiError(`Graph "${id}" could not be read: ${parsed.problems.map((p) => `${p.path} ${p.message}`).join('; ')}`, 200, parsed.problems)
  return parsed.graph
}

/** An explicit Save: one version on the server, with an optional label. */
export const saveGraph = (graph: Graph, label?: string) =>
  request(GraphSaveResponse, `/graphs/${encodeURIComponent(graph.id)}${label?.trim() ? `?label=${encodeURIComponent(label.trim())}` : ''}`, { method: 'PUT', body: graph })
/** The editor's background save: the server coalesces these into one snapshot per window. */
export const autosaveGraph = (graph: Graph, keepalive = false) =>
  request(GraphSaveResponse, `/graphs/${encodeURIComponent(graph.id)}?autosave=1`, { method: 'PUT', body: graph, keepalive })
