/**
 * The document model of the editor (docs/editor.md "Documents"), pure so it is unit-tested:
 * - A graph gets its own id when it is created (New, import, PNG drop, duplicate, a past run's
 *   graph); Save, Save as and rename never change it, so its runs, outputs and ratings (keyed by
 *   graph id on the server) stay with it.
 * - The open document is mirrored in one browser record (`stablenew:document`): its id, where it
 *   lives (`library` or `local`), whether it has changes the library does not have, and its
 *   content. A reload reopens exactly that document with those changes; opening another document
 *   replaces the record, so a discarded draft never comes back.
 */
import { z } from 'zod'
import { parseGraph } from '../../../engine/graph/migrations.ts'
import { GRAPH_VERSION, Id, type Graph } from '../../../engine/graph/schema.ts'

export type GraphOrigin = 'library' | 'local'

export const NEW_GRAPH_NAME = 'Untitled'
export const DOCUMENT_KEY = 'stablenew:document'
/** Keys of the model before documents had ids (one shared draft); read once, then removed. */
export const LEGACY_KEYS = { draft: 'stablenew:draft', open: 'stablenew:open' } as const

/** `g-` and 12 random base-36 characters: unique without a server, valid as a file name and URL part. */
export function newGraphId(random: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n))): string {
  const bytes = random(12)
  let out = 'g-'
  for (const b of bytes) out += (b % 36).toString(36)
  return out
}

export function blankGraph(id: string = newGraphId(), name: string = NEW_GRAPH_NAME): Graph {
  return { version: GRAPH_VERSION, id, name, description: '', tags: [], nodes: [], edges: [], viewport: { x: 0, y: 0, zoom: 1 } }
}

/** A graph that becomes a new document (imported, from a PNG, a duplicate): same content, its own id. */
export function asNewDocument(graph: Graph, name: string = graph.name, id: string = newGraphId()): Graph {
  return { ...graph, id, name: name.trim() || NEW_GRAPH_NAME }
}

/** "Portrait" → "Portrait copy", "Portrait copy" → "Portrait copy 2", avoiding names in use. */
export function copyName(name: string, taken: readonly string[]): string {
  const base = name.replace(/ copy( \d+)?$/, '')
  const used = new Set(taken)
  let candidate = `${base} copy`
  for (let i = 2; used.has(candidate); i++) candidate = `${base} copy ${i}`
  return candidate
}

/** A name for a graph: trimmed, not empty, at most the schema's 200 characters; else the reason. */
export function checkName(name: string): { ok: true; name: string } | { ok: false; message: string } {
  const trimmed = name.trim()
  if (!trimmed) return { ok: false, message: 'A name is needed: type at least one character.' }
  if (trimmed.length > 200) return { ok: false, message: `The name is ${trimmed.length} characters long; at most 200 fit.` }
  return { ok: true, name: trimmed }
}

const StoredDocument = z.object({
  id: Id,
  origin: z.enum(['library', 'local']),
  dirty: z.boolean(),
  graph: z.unknown(),
})

export interface OpenDocument {
  graph: Graph
  origin: GraphOrigin
  /** Changes the library does not have (always true-ish for a local document that was edited). */
  dirty: boolean
}

export function serializeDocument(doc: OpenDocument): string {
  return JSON.stringify({ id: doc.graph.id, origin: doc.origin, dirty: doc.dirty, graph: doc.graph })
}

/** The stored record → the open document, or null when there is none or it cannot be trusted. */
export function parseDocument(text: string | null): OpenDocument | null {
  if (!text) return null
  try {
    const rec = StoredDocument.safeParse(JSON.parse(text))
    if (!rec.success) return null
    const parsed = parseGraph(rec.data.graph)
    // The record's id is the document's; a graph inside with another id is not this document.
    if (!parsed.ok || parsed.graph.id !== rec.data.id) return null
    return { graph: parsed.graph, origin: rec.data.origin, dirty: rec.data.dirty }
  } catch {
    return null
  }
}

/**
 * The record the model before ids left (`{ graph, dirty }` of a local draft, and `{ origin, id }`
 * of the open graph): a draft is kept as a local document — under a new id if it had the shared
 * `untitled` one — and a library graph is reopened from the library.
 */
export function parseLegacy(draftText: string | null, openText: string | null, newId: () => string = newGraphId): OpenDocument | { libraryId: string } | null {
  try {
    const open = JSON.parse(openText ?? 'null') as { origin?: unknown; id?: unknown } | null
    if (open?.origin === 'library' && typeof open.id === 'string' && Id.safeParse(open.id).success) return { libraryId: open.id }
    const draft = JSON.parse(draftText ?? 'null') as { graph?: unknown; dirty?: unknown } | null
    const parsed = draft ? parseGraph(draft.graph) : null
    if (!parsed?.ok) return null
    const graph = /^untitled(-\d+)?$/.test(parsed.graph.id) ? { ...parsed.graph, id: newId() } : parsed.graph
    return { graph, origin: 'local', dirty: draft?.dirty === true }
  } catch {
    return null
  }
}

/** What the editor opens once the server answers (the document shown at start comes first). */
export type StartupOpen =
  | { kind: 'keep' }
  | { kind: 'library'; id: string; ifMissing: 'toast' | 'keep-local' }

/**
 * - a deep link (`?graph=<id>`) opens that library graph, unless it is the open document;
 * - an open library document with no unsaved changes is re-read from the library (it may have
 *   changed elsewhere); if it is gone, what was shown stays, as a local document;
 * - a document with unsaved changes, or a local one, stays as it is (autosave takes it from there);
 * - no document at all: the library's copy of the first example.
 */
export function planStartup(input: { deepLink: string | null; doc: OpenDocument | null; legacyLibraryId: string | null; libraryIds: readonly string[]; firstExampleId: string }): StartupOpen {
  const { deepLink, doc } = input
  if (deepLink && deepLink !== doc?.graph.id) return { kind: 'library', id: deepLink, ifMissing: 'toast' }
  if (doc) return doc.origin === 'library' && !doc.dirty ? { kind: 'library', id: doc.graph.id, ifMissing: 'keep-local' } : { kind: 'keep' }
  if (input.legacyLibraryId) return { kind: 'library', id: input.legacyLibraryId, ifMissing: 'toast' }
  return input.libraryIds.includes(input.firstExampleId) ? { kind: 'library', id: input.firstExampleId, ifMissing: 'toast' } : { kind: 'keep' }
}
