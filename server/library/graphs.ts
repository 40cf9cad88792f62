/**
 * Graph documents in `library/graphs/<id>.json`, with their earlier versions in
 * `library/graphs/.versions/<id>/<n>.json` (`{ savedAt, graph }`, or `{ savedAt, text }` when the
 * replaced file was not even JSON: nothing a person wrote is thrown away). Saving, restoring and
 * deleting each keep the content they replace as the next version, so every step can be undone.
 */
import { rm, stat } from 'node:fs/promises'
import { parseGraph } from '../../engine/graph/migrations.ts'
import type { Graph } from '../../engine/graph/schema.ts'
import type { GraphSaveResponse, GraphSummary, GraphVersionSummary, LibraryFileProblem } from '../../engine/api/library.ts'
import { badRequest } from '../app/problems.ts'
import { writeFileAtomic, writeJsonAtomic } from '../data/atomic.ts'
import { inside, type DataPaths } from '../data/paths.ts'
import type { FieldProblem } from '../../engine/util/zod-issues.ts'
import { brokenFile, fileExists, idPath, isPlainObject, libraryRelative, listDir, notFoundAt, parseJsonText, readTextIfExists } from './files.ts'
import { Id } from '../../engine/graph/schema.ts'

/** Enough to undo a working session; older versions are pruned, oldest first. */
export const MAX_GRAPH_VERSIONS = 50

export interface GraphStore {
  list(): Promise<GraphSummary[]>
  read(id: string): Promise<Graph>
  /** `body` is unchecked JSON: it is migrated and validated here, and its id must equal `id`. */
  save(id: string, body: unknown): Promise<GraphSaveResponse>
  remove(id: string): Promise<{ deleted: string }>
  versions(id: string): Promise<GraphVersionSummary[]>
  readVersion(id: string, version: number): Promise<Graph>
  restore(id: string, version: number): Promise<GraphSaveResponse>
}

type Lock = <T>(fn: () => Promise<T>) => Promise<T>
type Parsed = { ok: true; graph: Graph } | { ok: false; problems: LibraryFileProblem[] }

export function createGraphStore(paths: DataPaths, lock: Lock, now: () => Date, onWrite: () => void): GraphStore {
  const graphFile = (id: string) => idPath(paths.graphs, id, '.json')
  const versionDir = (id: string) => idPath(paths.graphVersions, id, '')
  const rel = (file: string) => libraryRelative(paths.library, file)

  /** A stored graph text → the current Graph; the file name, not the content, decides the id. */
  function parseStored(id: string, text: string, file: string): Parsed {
    const json = parseJsonText(text)
    if (!json.ok) return { ok: false, problems: [{ file: rel(file), message: json.message }] }
    const parsed = parseGraph(json.value)
    if (!parsed.ok) return { ok: false, problems: parsed.problems.map((p) => ({ file: rel(file), path: p.path, message: p.message })) }
    // A file copied under a new name opens as that name, so saving it back is not refused.
    return { ok: true, graph: { ...parsed.graph, id } }
  }

  async function versionNumbers(id: string): Promise<number[]> {
    return (await listDir(versionDir(id)))
      .map((name) => /^([1-9][0-9]{0,8})\.json$/.exec(name)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number)
      .sort((a, b) => a - b)
  }

  /** Keeps `text` (the content about to be replaced) as the next version; returns its number. */
  async function keepVersion(id: string, text: string): Promise<number> {
    const numbers = await versionNumbers(id)
    const next = (numbers.at(-1) ?? 0) + 1
    const json = parseJsonText(text)
    const savedAt = now().toISOString()
    await writeJsonAtomic(inside(versionDir(id), `${next}.json`), json.ok ? { savedAt, graph: json.value } : { savedAt, text })
    const excess = numbers.length + 1 - MAX_GRAPH_VERSIONS
    for (const old of numbers.slice(0, Math.max(0, excess))) await rm(inside(versionDir(id), `${old}.json`), { force: true })
    return next
  }

  /** Writes a valid graph as the current content, keeping what it replaces. */
  function write(id: string, graph: Graph): Promise<GraphSaveResponse> {
    return lock(async () => {
      const file = graphFile(id)
      const text = JSON.stringify(graph, null, 2) + '\n'
      const previous = await readTextIfExists(file)
      // An unchanged save (editor autosave) makes no version: fifty of those would push out real ones.
      const version = previous !== undefined && previous !== text ? await keepVersion(id, previous) : null
      await writeFileAtomic(file, text)
      onWrite()
      return { graph, version }
    })
  }

  async function readRecord(id: string, version: number): Promise<{ savedAt: string; content: Parsed }> {
    const file = idPath(versionDir(id), String(version), '.json', 'params.version')
    const text = await readTextIfExists(file)
    if (text === undefined) throw notFoundAt(`version ${version} of graph`, id, 'params.version')
    const json = parseJsonText(text)
    const record = json.ok && isPlainObject(json.value) ? json.value : undefined
    const savedAt = typeof record?.savedAt === 'string' ? record.savedAt : (await stat(file)).mtime.toISOString()
    if (!record) return { savedAt, content: { ok: false, problems: [{ file: rel(file), message: json.ok ? 'a version record must be a JSON object' : json.message }] } }
    if (!('graph' in record)) {
      const message = typeof record.text === 'string' ? 'this version was not valid JSON when it was replaced; its text is kept in the file' : 'the record holds no graph'
      return { savedAt, content: { ok: false, problems: [{ file: rel(file), path: 'graph', message }] } }
    }
    const parsed = parseGraph(record.graph)
    if (!parsed.ok) return { savedAt, content: { ok: false, problems: parsed.problems.map((p) => ({ file: rel(file), path: p.path ? `graph.${p.path}` : 'graph', message: p.message })) } }
    return { savedAt, content: { ok: true, graph: { ...parsed.graph, id } } }
  }

  async function readVersion(id: string, version: number): Promise<Graph> {
    const { content } = await readRecord(id, version)
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
        const [text, info, versions] = await Promise.all([readTextIfExists(file), stat(file).catch(() => undefined), versionNumbers(id)])
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

    async save(id, body) {
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
      return write(id, parsed.graph)
    },

    async remove(id) {
      const file = graphFile(id)
      return lock(async () => {
        const text = await readTextIfExists(file)
        if (text === undefined) throw notFoundAt('graph', id)
        await keepVersion(id, text)
        await rm(file, { force: true })
        onWrite()
        return { deleted: id }
      })
    },

    async versions(id) {
      const numbers = await versionNumbers(id)
      if (numbers.length === 0 && !(await fileExists(graphFile(id)))) throw notFoundAt('graph', id)
      const out = await Promise.all(numbers.map(async (version): Promise<GraphVersionSummary> => {
        const { savedAt, content } = await readRecord(id, version)
        return { version, savedAt, name: content.ok ? content.graph.name : id }
      }))
      return out.reverse()
    },

    readVersion,

    async restore(id, version) {
      return write(id, await readVersion(id, version))
    },
  }
}
