/**
 * What a dropped PNG gives the editor: our own graph (the `stablenew:graph` chunk the server
 * writes into every output), or, for an A1111 image (only `parameters`), the params of a
 * txt2img node. Pure apart from reading the file.
 */
import { parseGraph } from '../../../engine/graph/migrations.ts'
import type { Graph } from '../../../engine/graph/schema.ts'
import { parseInfotext, txt2imgParamsFromInfotext } from './infotext.ts'
import { readPngText } from './text-chunks.ts'

export const GRAPH_CHUNK = 'stablenew:graph'

export const JOB_CHUNK = 'stablenew:job'

export type PngImport =
  /** `runSeed`: the seed of the run that made the image, when its job chunk says (see JobSpec.runSeed). */
  | { kind: 'graph'; graph: Graph; runSeed?: number }
  | { kind: 'a1111'; params: Record<string, unknown> }
  | { kind: 'none'; reason: string }

export function importFromChunks(chunks: Record<string, string>): PngImport {
  const graphText = chunks[GRAPH_CHUNK]
  if (graphText !== undefined) {
    let raw: unknown
    try {
      raw = JSON.parse(graphText)
    } catch {
      return { kind: 'none', reason: 'The graph stored in this PNG is not valid JSON.' }
    }
    const parsed = parseGraph(raw)
    if (parsed.ok) {
      const runSeed = runSeedOf(chunks[JOB_CHUNK])
      return { kind: 'graph', graph: parsed.graph, ...(runSeed !== undefined ? { runSeed } : {}) }
    }
    return { kind: 'none', reason: `The graph stored in this PNG cannot be opened: ${parsed.problems[0]?.message ?? 'invalid'}.` }
  }
  const parameters = chunks['parameters']
  if (parameters !== undefined && parameters.trim()) {
    return { kind: 'a1111', params: txt2imgParamsFromInfotext(parseInfotext(parameters)) }
  }
  return { kind: 'none', reason: 'This PNG has no StableNew Flow graph and no A1111 parameters.' }
}

/** The run seed in a job chunk, if it holds a sane one (a damaged chunk just leaves it out). */
function runSeedOf(jobText: string | undefined): number | undefined {
  if (jobText === undefined) return undefined
  try {
    const seed = (JSON.parse(jobText) as { runSeed?: unknown }).runSeed
    return Number.isInteger(seed) && (seed as number) >= 0 ? (seed as number) : undefined
  } catch {
    return undefined
  }
}

export async function importPng(file: Blob): Promise<PngImport> {
  const read = await readPngText(new Uint8Array(await file.arrayBuffer()))
  return read.ok ? importFromChunks(read.chunks) : { kind: 'none', reason: read.error }
}
