/**
 * The version history of one graph: `library/graphs/.versions/<id>/<n>.json`, each
 * `{ savedAt, kind, label?, startedAt?, graph }` (or `{ savedAt, kind: 'kept', text }` for content
 * that was not even JSON). A version is a snapshot of content as it was saved, so the newest one
 * normally equals the current file, and restoring any version is itself recorded.
 *
 * Rules (docs/editor.md "Documents"): every explicit Save makes one version; background autosaves
 * make at most one snapshot per graph per AUTOSAVE_WINDOW_MS — a newer autosave inside the window
 * updates that snapshot instead of adding one, and a Save inside the window takes its place; content on disk that no version holds (edited outside
 * the app, or older than versions) is kept as a `kept` version before it is replaced or deleted.
 */
import { rm, stat } from 'node:fs/promises'
import type { GraphVersionKind, GraphVersionSummary, LibraryFileProblem } from '../../engine/api/library.ts'
import { parseGraph } from '../../engine/graph/migrations.ts'
import type { Graph } from '../../engine/graph/schema.ts'
import { writeJsonAtomic } from '../data/atomic.ts'
import { inside, type DataPaths } from '../data/paths.ts'
import { idPath, isPlainObject, libraryRelative, listDir, notFoundAt, parseJsonText, readTextIfExists } from './files.ts'

/** Enough to undo a working session; older versions are pruned, oldest first. */
export const MAX_GRAPH_VERSIONS = 50
/** One autosave snapshot per graph per this window (5 minutes). */
export const AUTOSAVE_WINDOW_MS = 5 * 60_000

export type Parsed = { ok: true; graph: Graph } | { ok: false; problems: LibraryFileProblem[] }

export interface VersionRecord {
  version: number
  savedAt: string
  kind: GraphVersionKind
  label?: string
  /** When an autosave snapshot's window began (its first save). */
  startedAt?: string
  content: Parsed
  /** The stored graph JSON, to compare with the current file without re-serialising. */
  raw?: unknown
}

const KINDS: readonly GraphVersionKind[] = ['save', 'autosave', 'restore', 'kept']

export function createVersionStore(paths: DataPaths, now: () => Date) {
  const dir = (id: string) => idPath(paths.graphVersions, id, '')
  const rel = (file: string) => libraryRelative(paths.library, file)

  async function numbers(id: string): Promise<number[]> {
    return (await listDir(dir(id)))
      .map((name) => /^([1-9][0-9]{0,8})\.json$/.exec(name)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number)
      .sort((a, b) => a - b)
  }

  async function read(id: string, version: number): Promise<VersionRecord> {
    const file = idPath(dir(id), String(version), '.json', 'params.version')
    const text = await readTextIfExists(file)
    if (text === undefined) throw notFoundAt(`version ${version} of graph`, id, 'params.version')
    const json = parseJsonText(text)
    const record = json.ok && isPlainObject(json.value) ? json.value : undefined
    const savedAt = typeof record?.savedAt === 'string' ? record.savedAt : (await stat(file)).mtime.toISOString()
    // Records written before kinds existed were kept on explicit saves.
    const kind = KINDS.includes(record?.kind as GraphVersionKind) ? record!.kind as GraphVersionKind : 'save'
    const meta = {
      version, savedAt, kind,
      ...(typeof record?.label === 'string' ? { label: record.label } : {}),
      ...(typeof record?.startedAt === 'string' ? { startedAt: record.startedAt } : {}),
    }
    if (!record) return { ...meta, content: { ok: false, problems: [{ file: rel(file), message: json.ok ? 'a version record must be a JSON object' : json.message }] } }
    if (!('graph' in record)) {
      const message = typeof record.text === 'string' ? 'this version was not valid JSON when it was replaced; its text is kept in the file' : 'the record holds no graph'
      return { ...meta, content: { ok: false, problems: [{ file: rel(file), path: 'graph', message }] } }
    }
    const parsed = parseGraph(record.graph)
    if (!parsed.ok) return { ...meta, raw: record.graph, content: { ok: false, problems: parsed.problems.map((p) => ({ file: rel(file), path: p.path ? `graph.${p.path}` : 'graph', message: p.message })) } }
    return { ...meta, raw: record.graph, content: { ok: true, graph: { ...parsed.graph, id } } }
  }

  async function newest(id: string): Promise<VersionRecord | undefined> {
    const last = (await numbers(id)).at(-1)
    return last === undefined ? undefined : read(id, last)
  }

  /** Whether `text` (a stored graph file) is what the newest version holds. */
  const holds = (record: VersionRecord | undefined, text: string) =>
    record?.raw !== undefined && JSON.stringify(record.raw, null, 2) + '\n' === text

  async function append(id: string, body: Record<string, unknown>): Promise<number> {
    const existing = await numbers(id)
    const next = (existing.at(-1) ?? 0) + 1
    await writeJsonAtomic(inside(dir(id), `${next}.json`), body)
    const excess = existing.length + 1 - MAX_GRAPH_VERSIONS
    for (const old of existing.slice(0, Math.max(0, excess))) await rm(inside(dir(id), `${old}.json`), { force: true })
    return next
  }

  /** Keeps content found on disk that no version holds yet (the caller holds the library lock). */
  async function keepUnrecorded(id: string, text: string, modifiedAt: string): Promise<void> {
    if (holds(await newest(id), text)) return
    const json = parseJsonText(text)
    await append(id, json.ok ? { savedAt: modifiedAt, kind: 'kept', graph: json.value } : { savedAt: modifiedAt, kind: 'kept', text })
  }

  /**
   * Records `graph` (just written as the current content) under the rules above; returns the
   * version number that holds it, or null when none does. The caller holds the library lock.
   */
  async function record(id: string, graph: Graph, how: { kind: Exclude<GraphVersionKind, 'kept'>; label?: string; changed: boolean }): Promise<number | null> {
    const at = now()
    const savedAt = at.toISOString()
    const last = await newest(id)
    if (how.kind === 'autosave') {
      if (!how.changed) return null
      const start = last?.kind === 'autosave' ? Date.parse(last.startedAt ?? last.savedAt) : NaN
      if (last && at.getTime() - start < AUTOSAVE_WINDOW_MS) {
        // Coalesce: the window's one snapshot now holds the latest autosaved content.
        await writeJsonAtomic(inside(dir(id), `${last.version}.json`), { savedAt, kind: 'autosave', startedAt: last.startedAt ?? last.savedAt, ...(last.label ? { label: last.label } : {}), graph })
        return last.version
      }
      return append(id, { savedAt, kind: 'autosave', startedAt: savedAt, ...(how.label ? { label: how.label } : {}), graph })
    }
    if (!how.changed && how.kind === 'restore') return null
    // An explicit Save of content the newest version already holds adds nothing (unless it names it).
    if (!how.changed && !how.label && last?.content.ok && last.kind !== 'autosave') return null
    const body = { savedAt, kind: how.kind, ...(how.label ? { label: how.label } : {}), graph }
    // A save supersedes the open window's autosave snapshot (it held the work in progress this
    // save now records), so a window never leaves a snapshot next to the save that followed it.
    if (last?.kind === 'autosave' && at.getTime() - Date.parse(last.startedAt ?? last.savedAt) < AUTOSAVE_WINDOW_MS) {
      await writeJsonAtomic(inside(dir(id), `${last.version}.json`), body)
      return last.version
    }
    return append(id, body)
  }

  async function list(id: string): Promise<GraphVersionSummary[]> {
    const out = await Promise.all((await numbers(id)).map(async (version): Promise<GraphVersionSummary> => {
      const r = await read(id, version)
      return { version, savedAt: r.savedAt, name: r.content.ok ? r.content.graph.name : id, kind: r.kind, ...(r.label ? { label: r.label } : {}) }
    }))
    return out.reverse()
  }

  return { numbers, read, newest, keepUnrecorded, record, list }
}
