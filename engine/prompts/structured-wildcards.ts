/**
 * YAML and JSON wildcard files, read as the reference library reads them: nested keys become
 * wildcard paths (`people: {women: {names: [...]}}` → `__people/women/names__`, prefixed with the
 * file's folder, not its name), lists are the values, a single string is a list of one, a
 * top-level list is one wildcard named after the file. Entries may carry weights: `"2::red"` or
 * `{text: red, weight: 2}`. Anything else is skipped and reported.
 *
 * YAML is read as YAML 1.1 (what the library's PyYAML reads), so `yes`/`no`/`on`/`off` are
 * booleans there too, and are skipped like every non-text entry.
 */
import { parseDocument } from 'yaml'

/** One wildcard value: its text, and its weight when the file gave one (`2::red`). */
export interface WildcardEntry {
  text: string
  weight: number
  /** True for entries written with a weight (even 1): the library keeps those apart from plain text. */
  weighted: boolean
}

export interface StructuredCollection {
  name: string
  entries: WildcardEntry[]
}

export interface StructuredRead {
  collections: StructuredCollection[]
  problems: string[]
}

export function isStructuredWildcardFile(path: string): boolean {
  return /\.(ya?ml|json)$/i.test(path)
}

/** `2::red` → weight 2; only when the text starts with a digit and the part before the last `::` is a number. */
function weightedEntry(text: string): WildcardEntry {
  const at = text.lastIndexOf('::')
  if (/^\d/.test(text) && at !== -1) {
    const weightText = text.slice(0, at).trim()
    const weight = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(weightText) ? Number(weightText) : NaN
    if (!Number.isNaN(weight)) return { text: text.slice(at + 2), weight, weighted: true }
  }
  return { text, weight: 1, weighted: false }
}

const isFalsy = (v: unknown): boolean =>
  v === null || v === undefined || v === false || v === 0 || v === '' ||
  (Array.isArray(v) && v.length === 0) || (v instanceof Map && v.size === 0)

function listEntries(list: unknown[], where: string, problems: string[]): WildcardEntry[] {
  const out: WildcardEntry[] = []
  for (const item of list) {
    if (isFalsy(item)) continue
    if (typeof item === 'string') {
      out.push(weightedEntry(item))
      continue
    }
    if (item instanceof Map) {
      const content = item.get('text') || item.get('content')
      const weight = Number(item.get('weight') ?? 1)
      if (content && !Number.isNaN(weight)) {
        out.push({ text: String(content), weight, weighted: weight !== 1 })
        continue
      }
    }
    problems.push(`${where}: skipped an entry that is not text (${JSON.stringify(item instanceof Map ? Object.fromEntries(item) : item)})`)
  }
  return out
}

function readMap(map: Map<unknown, unknown>, prefix: string[], problems: string[], out: StructuredCollection[]): void {
  for (const [key, raw] of map) {
    if (typeof key !== 'string') {
      problems.push(`skipped key ${JSON.stringify(key)}: wildcard names must be text`)
      continue
    }
    if (isFalsy(raw)) continue
    const path = [...prefix, key]
    const name = path.join('/')
    const value = typeof raw === 'string' ? [raw] : raw
    if (Array.isArray(value)) out.push({ name, entries: listEntries(value, name, problems) })
    else if (value instanceof Map) readMap(value, path, problems, out)
    else problems.push(`${name}: skipped a value that is neither a list, a text nor a mapping`)
  }
}

/** Plain JSON values as the YAML reader gives them: mappings as Maps, so key order and types stay. */
function jsonToMaps(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(jsonToMaps)
  if (value !== null && typeof value === 'object') {
    return new Map(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, jsonToMaps(v)]))
  }
  return value
}

/**
 * The wildcards one structured file defines. `path` is its path in the wildcard folder
 * (`people/pantry.yaml`); names are prefixed with its folder (`people/…`).
 */
export function readStructuredWildcards(path: string, text: string): StructuredRead {
  const problems: string[] = []
  let data: unknown
  try {
    if (/\.json$/i.test(path)) {
      data = jsonToMaps(JSON.parse(text))
    } else {
      const doc = parseDocument(text, { version: '1.1', uniqueKeys: false })
      if (doc.errors.length > 0) throw new Error(doc.errors[0]!.message.split('\n')[0])
      data = doc.toJS({ mapAsMap: true, maxAliasCount: 1000 })
    }
  } catch (e) {
    return { collections: [], problems: [`not valid ${/\.json$/i.test(path) ? 'JSON' : 'YAML'}: ${(e as Error).message}`] }
  }
  const slash = path.lastIndexOf('/')
  const folder = slash === -1 ? [] : [path.slice(0, slash)]
  const collections: StructuredCollection[] = []
  if (data instanceof Map) {
    readMap(data, folder, problems, collections)
  } else if (Array.isArray(data)) {
    // A top-level list is one wildcard named after the file; only its text entries count, unweighted
    // (an empty text would give no prompt at all, so it is left out).
    const entries = data.filter((e): e is string => typeof e === 'string' && e !== '').map((text) => ({ text, weight: 1, weighted: false }))
    const stem = path.slice(slash + 1).replace(/\.[^.]+$/, '')
    if (entries.length > 0) collections.push({ name: [...folder, stem].join('/'), entries })
  } else {
    problems.push('holds neither a mapping nor a list, so it defines no wildcard')
  }
  return { collections, problems }
}
