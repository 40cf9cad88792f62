/**
 * The example library shipped in `graphs/` (the same files a fresh server starts with), bundled
 * as raw text so the editor can compile and preview an example graph with no server at all.
 * Parsed with the engine's own pack and preset parsers, exactly as the server reads them.
 */
import type { LibraryContextResponse } from '../../../engine/api/http.ts'
import { parseGraph } from '../../../engine/graph/migrations.ts'
import type { Graph } from '../../../engine/graph/schema.ts'
import { Preset } from '../../../engine/library/preset.ts'
import { parsePack, type Pack } from '../../../engine/packs/index.ts'

const packTexts = import.meta.glob('../../../graphs/packs/*.txt', { query: '?raw', import: 'default', eager: true }) as Record<string, string>
const packSidecars = import.meta.glob('../../../graphs/packs/*.json', { query: '?raw', import: 'default', eager: true }) as Record<string, string>
const presetFiles = import.meta.glob('../../../graphs/presets/*.json', { import: 'default', eager: true }) as Record<string, unknown>
const wildcardTexts = import.meta.glob('../../../graphs/wildcards/**/*.txt', { query: '?raw', import: 'default', eager: true }) as Record<string, string>
const graphFiles = import.meta.glob('../../../graphs/*.json', { import: 'default', eager: true }) as Record<string, unknown>
import settings from '../../../graphs/settings.json'
import globalNegative from '../../../graphs/global_negative.txt?raw'

const baseName = (path: string, ext: string): string => path.slice(path.lastIndexOf('/') + 1, -ext.length)

export function exampleLibrary(): LibraryContextResponse {
  const packs: Record<string, Pack> = {}
  for (const [path, txt] of Object.entries(packTexts)) {
    const id = baseName(path, '.txt')
    const json = packSidecars[path.replace(/\.txt$/, '.json')]
    const result = parsePack({ id, txt, ...(json !== undefined ? { json } : {}) })
    if (result.ok) packs[id] = result.pack
  }
  const presets: Record<string, Preset> = {}
  for (const [path, raw] of Object.entries(presetFiles)) {
    const id = baseName(path, '.json')
    const parsed = Preset.safeParse({ ...(raw as object), id })
    if (parsed.success) presets[id] = parsed.data
  }
  const wildcardFiles: Record<string, string> = {}
  for (const [path, text] of Object.entries(wildcardTexts)) {
    wildcardFiles[path.slice(path.indexOf('/wildcards/') + '/wildcards/'.length, -'.txt'.length)] = text
  }
  const defaultPresetId = (settings as { defaultPresetId?: string }).defaultPresetId ?? null
  return { packs, presets, defaultPresetId, wildcardFiles, globalNegative: globalNegative.trim() }
}

/** The example graphs (every `graphs/*.json` that parses as a graph), by id. */
export function exampleGraphs(): Graph[] {
  const graphs: Graph[] = []
  for (const raw of Object.values(graphFiles)) {
    const parsed = parseGraph(raw)
    if (parsed.ok) graphs.push(parsed.graph)
  }
  return graphs.sort((a, b) => a.name.localeCompare(b.name))
}

export const FIRST_EXAMPLE_ID = 'portrait'
