/**
 * Graph documents in `library/graphs/<id>.json`; their versions are kept by graph-versions.ts
 * (one per explicit Save, one coalesced autosave snapshot per window, content found on disk kept
 * before it is replaced or deleted), so every step can be undone and nothing a person wrote is lost.
 */
import { rm, stat } from 'node:fs/promises'
import { parseGraph } from '../../engine/graph/migrations.ts'
import type { Graph } from '../../engine/graph/schema.ts'
import type { GraphSaveResponse, GraphSummary, GraphVersionSummary } from '../../engine/api/library.ts'
import { badRequest } from '../app/problems.ts'
import { writeFileAtomic } from '../data/atomic.ts'
import type { DataPaths } from '../data/paths.ts'
import type { FieldProblem } from '../../engine/util/zod-issues.ts'
import { brokenFile, fileExists, idPath, isPlainObject, libraryRelative, listDir, notFoundAt, parseJsonText, readTextIfExists } from './files.ts'
import { Id } from '../../engine/graph/schema.ts'
import { createVersionStore, type Parsed } from './graph-versions.ts'

export { AUTOSAVE_WINDOW_MS, MAX_GRAPH_VERSIONS } from './graph-versions.ts'

/** How a save is recorded: an explicit Save (optionally labelled) or the editor's background autosave. */
export interface SaveOptions { autosave?: boolean; label?: string }

export interface GraphStore {
  list(): Promise<GraphSummary[]>
  read(id: string): Promise<Graph>
  /** `body` is unchecked JSON: it is migrated and validated here, and its id must equal `id`. */
  save(id: string, body: unknown, options?: SaveOptions): Promise<GraphSaveResponse>
  remove(id: string): Promise<{ deleted: string }>
  versions(id: string): Promise<GraphVersionSummary[]>
  readVersion(id: string, version: number): Promise<Graph>
  restore(id: string, version: number): Promise<GraphSaveResponse>
}

type Lock = <T>(fn: () => Promise<T>) => Promise<T>

export function createGraphStore(paths: DataPaths, lock: Lock, now: () => Date, onWrite: () => void): GraphStore {
  const graphFile = (id: string) => idPath(paths.graphs, id, '.json')
  const rel = (file: string) => libraryRelative(paths.library, file)
  const history = createVersionStore(paths, now)

  /** A stored graph text → the current Graph; the file name, not the content, decides the id. */
  function parseStored(id: string, text: string, file: string): Parsed {
    const json = parseJsonText(text)
    if (!json.ok) return { ok: false, problems: [{ file: rel(file), message: json.message }] }
    const parsed = parseGraph(json.value)
    if (!parsed.ok) return { ok: false, problems: parsed.problems.map((p) => ({ file: rel(file), path: p.path, message: p.message })) }
    // A file copied under a new name opens as that name, so saving it back is not refused.
    return { ok: true, graph: { ...parsed.graph, id } }
  }

  const modifiedAt = async (file: string) => ((await stat(file).catch(() => undefined))?.mtime ?? now()).toISOString()

  /** Writes a valid graph as the current content and records the version the rules call for. */
  function write(id: string, graph: Graph, how: { kind: 'save' | 'autosave' | 'restore'; label?: string }): Promise<GraphSaveResponse> {
    return lock(async () => {
      const file = graphFile(id)
      const text = JSON.stringify(graph, null, 2) + '\n'
      const previous = await readTextIfExists(file)
      const changed = previous !== text
      // Content on disk that no version holds (written outside the app) is kept before it is replaced.
      if (previous !== undefined && changed) await history.keepUnrecorded(id, previous, await modifiedAt(file))
      if (changed) await writeFileAtomic(file, text)
      const version = await history.record(id, graph, { ...how, changed })
      if (changed || version !== null) onWrite()
      return { graph, version }
    })
  }

  async function readVersion(id: string, version: number): Promise<Graph> {
    const { content } = await history.read(id, version)
    if (!content.ok) throw brokenFile(`version ${version} of graph "${id}"`, content.problems[0]?.file ?? id, content.problems)
    return content.graph
  }

  return {
    async list() {
      const ids = (await listDir(paths.graphs))
        .filter((name) => name.endsWith('.json'))
        .map((name) => name.slice(0, -5))
        .filter((id) => Id.safeParse(id).success)
      const summaries = await Promise.all(ids.map(async (id): Promise<GraphSummary | undefined> => {
        const file = graphFile(id)
        const [text, info, versions] = await Promise.all([readTextIfExists(file), stat(file).catch(() => undefined), history.numbers(id)])
        // Deleted between the listing and the read: simply not there any more.
        if (text === undefined || info === undefined) return undefined
        const parsed = parseStored(id, text, file)
        const base = { id, updatedAt: info.mtime.toISOString(), versions: versions.length }
        if (!parsed.ok) return { ...base, name: id, description: '', tags: [], problems: parsed.problems }
        const { name, description, tags } = parsed.graph
        return { ...base, name, description, tags, problems: [] }
      }))
      return summaries.filter((g): g is GraphSummary => g !== undefined)
    },

    async read(id) {
      const file = graphFile(id)
      const text = await readTextIfExists(file)
      if (text === undefined) throw notFoundAt('graph', id)
      const parsed = parseStored(id, text, file)
      if (!parsed.ok) throw brokenFile(`graph "${id}"`, rel(file), parsed.problems)
      return parsed.graph
    },

    async save(id, body, options = {}) {
      graphFile(id)
      const problems: FieldProblem[] = []
      const idMismatch = isPlainObject(body) && body.id !== id
      if (idMismatch) problems.push({ path: 'body.id', message: `must equal the id in the URL ("${id}")` })
      const parsed = parseGraph(body)
      if (!parsed.ok) {
        for (const p of parsed.problems) {
          if (idMismatch && p.path === 'id') continue
          problems.push({ path: p.path ? `body.${p.path}` : 'body', message: p.message })
        }
      }
      if (problems.length > 0 || !parsed.ok) {
        const first = problems[0]
        throw badRequest(first ? `${first.path}: ${first.message}` : 'body: not a graph', problems)
      }
      return write(id, parsed.graph, { kind: options.autosave ? 'autosave' : 'save', ...(options.label ? { label: options.label } : {}) })
    },

    async remove(id) {
      const file = graphFile(id)
      return lock(async () => {
        const text = await readTextIfExists(file)
        if (text === undefined) throw notFoundAt('graph', id)
        await history.keepUnrecorded(id, text, await modifiedAt(file))
        await rm(file, { force: true })
        onWrite()
        return { deleted: id }
      })
    },

    async versions(id) {
      const list = await history.list(id)
      if (list.length === 0 && !(await fileExists(graphFile(id)))) throw notFoundAt('graph', id)
      return list
    },

    readVersion,

    async restore(id, version) {
      return write(id, await readVersion(id, version), { kind: 'restore', label: `restored version ${version}` })
    },
  }
}
