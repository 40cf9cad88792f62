/**
 * A graph from outside (an uploaded or dropped `.json`, or text pasted from the clipboard) →
 * a Graph of the current schema, migrated from whatever version it was saved with, or one
 * sentence naming what is wrong (the JSON error's position, or the first fields that do not fit).
 */
import { parseGraph } from '../../../engine/graph/migrations.ts'
import type { Graph } from '../../../engine/graph/schema.ts'

export type GraphImport = { ok: true; graph: Graph; migratedFrom: number } | { ok: false; message: string }

/** Whether a text looks like it is meant to be a graph (a JSON object with nodes), so a paste of other text is left alone. */
export function looksLikeGraph(text: string): boolean {
  const t = text.trimStart()
  return t.startsWith('{') && /"nodes"\s*:/.test(t)
}

export function readGraphText(text: string, source: string): GraphImport {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (e) {
    const why = e instanceof Error ? e.message.replace(/^JSON\.parse: /, '') : 'not JSON'
    return { ok: false, message: `${source} is not valid JSON (${why}).` }
  }
  const parsed = parseGraph(raw)
  if (!parsed.ok) {
    const shown = parsed.problems.slice(0, 3).map((p) => (p.path ? `${p.path}: ${p.message}` : p.message))
    const more = parsed.problems.length > 3 ? ` (and ${parsed.problems.length - 3} more)` : ''
    return { ok: false, message: `${source} is not a StableNew Flow graph — ${shown.join('; ')}${more}.` }
  }
  return { ok: true, graph: parsed.graph, migratedFrom: parsed.migratedFrom }
}
