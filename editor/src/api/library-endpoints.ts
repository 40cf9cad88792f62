/** Typed wrappers for the library routes beyond graph open/save: versions, presets, packs, wildcards. */
import { z } from 'zod'
import {
  ApplyToPacksResponse, DefaultPresetResponse, Deleted, GraphSaveResponse, GraphVersionListResponse, PackConfigBody,
  PackListResponse, PackReadResponse, PresetListResponse, WildcardListResponse,
} from '../../../engine/api/library.ts'
import type { ConfigLayer } from '../../../engine/config/stages.ts'
import { parseGraph } from '../../../engine/graph/migrations.ts'
import type { Graph } from '../../../engine/graph/schema.ts'
import { Preset } from '../../../engine/library/preset.ts'
import { ApiError, request } from './client.ts'

const enc = encodeURIComponent

export const deleteGraph = (id: string) => request(Deleted, `/graphs/${enc(id)}`, { method: 'DELETE' })
export const listGraphVersions = (id: string) => request(GraphVersionListResponse, `/graphs/${enc(id)}/versions`)
export const restoreGraphVersion = (id: string, version: number) => request(GraphSaveResponse, `/graphs/${enc(id)}/versions/${version}/restore`, { method: 'POST' })
export async function getGraphVersion(id: string, version: number): Promise<Graph> {
  const parsed = parseGraph(await request(z.unknown(), `/graphs/${enc(id)}/versions/${version}`))
  if (!parsed.ok) throw new ApiError(`Version ${version} of "${id}" could not be read.`, 200, parsed.problems)
  return parsed.graph
}

export const listPresets = () => request(PresetListResponse, '/presets')
export const savePreset = (id: string, body: { name: string; description?: string; config: ConfigLayer }) =>
  request(Preset, `/presets/${enc(id)}`, { method: 'PUT', body })
export const deletePreset = (id: string) => request(Deleted, `/presets/${enc(id)}`, { method: 'DELETE' })
export const setDefaultPreset = (presetId: string | null) => request(DefaultPresetResponse, '/presets/default', { method: 'PUT', body: { presetId } })
export const applyPresetToPacks = (id: string, packIds: string[]) =>
  request(ApplyToPacksResponse, `/presets/${enc(id)}/apply-to-packs`, { method: 'POST', body: { packIds } })

export const listPacks = () => request(PackListResponse, '/packs')
export const getPack = (id: string) => request(PackReadResponse, `/packs/${enc(id)}`)
export const getPackConfig = (id: string) => request(PackConfigBody, `/packs/${enc(id)}/config`)
export const putPackConfig = (id: string, config: ConfigLayer) => request(PackConfigBody, `/packs/${enc(id)}/config`, { method: 'PUT', body: { config } })

export const listWildcards = () => request(WildcardListResponse, '/wildcards')
