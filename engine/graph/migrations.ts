/**
 * Graph documents are migrated step by step from whatever version they were saved with to
 * GRAPH_VERSION, then parsed with the current schema. Each migration is a pure function of
 * plain JSON; the list is append-only so old files keep loading.
 *
 * Version 0 is the unversioned draft format (no `version`, optional metadata). Version 1 is the
 * first saved format; version 2 adds optional `groups` and `notes` (canvas annotations), so a
 * version-1 file needs only its number changed, and an older app refuses a version-2 file with
 * "update the app" instead of misreading its annotations. Version 3 lets a pack node hold several
 * packs (`packs: [{ packId, rows }]` instead of one `packId` + `rows`) and gives edges an optional
 * `order` for inputs that take many wires.
 */
import { Graph, GRAPH_VERSION } from './schema.ts'
import { formatZodIssues, type FieldProblem } from '../util/zod-issues.ts'

type Json = Record<string, unknown>

interface Migration {
  from: number
  describe: string
  up(doc: Json): Json
}

export const MIGRATIONS: readonly Migration[] = [
  {
    from: 0,
    describe: 'add version, description, tags and viewport defaults',
    up: (doc) => ({
      description: '',
      tags: [],
      viewport: { x: 0, y: 0, zoom: 1 },
      ...doc,
      version: 1,
    }),
  },
  {
    from: 1,
    describe: 'groups and notes may follow (canvas annotations, optional); nothing else changes',
    up: (doc) => ({ ...doc, version: 2 }),
  },
  {
    from: 2,
    describe: 'pack nodes: one packId + rows become a one-item packs list',
    up: (doc) => ({ ...doc, nodes: Array.isArray(doc.nodes) ? doc.nodes.map(migratePackNode) : doc.nodes, version: 3 }),
  },
]

/**
 * `{ packId: "x", rows: [..] }` → `{ packs: [{ packId: "x", rows: [..] }] }`; an unchosen pack
 * ('' or absent) becomes an empty list. Anything else in params is kept, so a malformed node
 * still reaches the compiler, which names the wrong field.
 */
function migratePackNode(node: unknown): unknown {
  if (node === null || typeof node !== 'object' || (node as Json).kind !== 'pack') return node
  const params = (node as Json).params
  if (params === null || typeof params !== 'object' || Array.isArray(params) || 'packs' in params) return node
  const { packId, rows, ...rest } = params as Json
  const packs = packId === undefined || packId === '' ? [] : [{ packId, rows: rows ?? [] }]
  return { ...(node as Json), params: { ...rest, packs } }
}

export type GraphParse = { ok: true; graph: Graph; migratedFrom: number } | { ok: false; problems: FieldProblem[] }

export function parseGraph(input: unknown): GraphParse {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, problems: [{ path: '', message: 'a graph must be a JSON object' }] }
  }
  let doc = input as Json
  const raw = doc.version
  const from = raw === undefined ? 0 : raw
  if (typeof from !== 'number' || !Number.isInteger(from) || from < 0) {
    return { ok: false, problems: [{ path: 'version', message: 'must be a whole number' }] }
  }
  if (from > GRAPH_VERSION) {
    return { ok: false, problems: [{ path: 'version', message: `version ${from} is newer than this StableNew Flow understands (${GRAPH_VERSION}); update the app` }] }
  }
  for (const m of MIGRATIONS) if (m.from >= from && m.from < GRAPH_VERSION) doc = m.up(doc)
  const parsed = Graph.safeParse(doc)
  if (!parsed.success) return { ok: false, problems: formatZodIssues(parsed.error.issues) }
  return { ok: true, graph: parsed.data, migratedFrom: from }
}
