/**
 * Wildcard files as an in-memory library, resolved the way the reference library does.
 *
 * Files: `name.txt` (one value a line; trimmed; blank and `#` lines skipped) and YAML/JSON files
 * (see structured-wildcards.ts), keyed by their path in the wildcard folder (`.txt` may be left
 * off). Lookup of `__pattern__`: every wildcard whose path matches the pattern as a shell glob
 * (`*` also crosses `/`, `?`, `[abc]`), else, when that gives no value, `**\/pattern` (the same
 * name in any folder). The values of all matches are de-duplicated and sorted by code point
 * (Python's order), so combinatorial output matches the library line for line.
 */
import { isStructuredWildcardFile, readStructuredWildcards, type WildcardEntry } from './structured-wildcards.ts'

export type { WildcardEntry } from './structured-wildcards.ts'

export interface WildcardLibrary {
  /** Every wildcard path, `/`-separated, without extension, sorted. */
  names(): string[]
  /**
   * The values `__name__` stands for: resolved through glob / lookup-anywhere, sorted, deduped,
   * still raw templates. `undefined` when no wildcard matches.
   */
  values(name: string): string[] | undefined
  /** The same values with their weights (YAML/JSON entries may carry one). */
  entries(name: string): readonly WildcardEntry[] | undefined
  /** What could not be read in YAML/JSON files, by file (never fatal: the rest still loads). */
  problems(): { file: string; message: string }[]
  /** The YAML/JSON file a wildcard path comes from (`people.yaml`); undefined for `.txt` files. */
  structuredSource(name: string): string | undefined
}

/** Code-point order (what Python's `sorted` does); plain `<` compares UTF-16 units instead. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i), y = b.charCodeAt(i)
    if (x === y) continue
    const xs = x >= 0xd800 && x <= 0xdfff, ys = y >= 0xd800 && y <= 0xdfff
    // A surrogate (astral code point) sorts after every BMP unit except other surrogates.
    if (xs !== ys) return xs ? 1 : -1
    return x - y
  }
  return a.length - b.length
}

export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareCodePoints)
}

/** One text file's values: trimmed lines, blank and `#` comment lines skipped (order kept). */
export function wildcardFileValues(fileText: string): string[] {
  const out: string[] = []
  for (const line of fileText.split(/\r\n|\n|\r/)) {
    const value = line.trim()
    if (value !== '' && !value.startsWith('#')) out.push(value)
  }
  return out
}

/** The library's clean-up of a wildcard name: `\\` and repeated `/` become one `/`, no outer `/`. */
function normaliseName(name: string): string {
  return name.replace(/[\\/]+/g, '/').replace(/^\/+|\/+$/g, '')
}

/** A file's key: its cleaned path without `.txt` (which callers may or may not have left on). */
function normalisePath(path: string): string {
  return normaliseName(path).replace(/\.txt$/i, '')
}

/** Python's `fnmatch.translate`: `*` any run (also `/`), `?` one character, `[…]`/`[!…]` a set. */
function globToRegExp(pattern: string): RegExp {
  let out = ''
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!
    if (ch === '*') out += '.*'
    else if (ch === '?') out += '.'
    else if (ch === '[') {
      let j = i + 1
      if (pattern[j] === '!') j++
      if (pattern[j] === ']') j++
      while (j < pattern.length && pattern[j] !== ']') j++
      if (j >= pattern.length) { out += '\\['; continue }
      let set = pattern.slice(i + 1, j).replace(/\\/g, '\\\\')
      if (set.startsWith('!')) set = `^${set.slice(1)}`
      else if (set.startsWith('^')) set = `\\${set}`
      out += `[${set.replace(/]/g, '\\]')}]`
      i = j
    } else out += ch.replace(/[.+?^${}()|[\]\\*/]/g, '\\$&')
  }
  return new RegExp(`^${out}$`, 'su')
}

function safeGlob(pattern: string): RegExp | null {
  try {
    return globToRegExp(pattern)
  } catch {
    return null
  }
}

/**
 * The wildcards (of `names`, normalised and sorted) that `__name__` draws from: glob matches,
 * else the same pattern under any folder. Exported so "where is this wildcard used" resolves
 * references exactly as expansion does. (`hasValues` lets expansion fall back when the
 * matches are all empty, as the library does.)
 */
export function wildcardFilesMatching(names: readonly string[], name: string, hasValues: (key: string) => boolean = () => true): string[] {
  const path = normaliseName(name)
  // The library refuses `..` in a wildcard name (it could leave the wildcard folder).
  if (path.includes('..')) return []
  const exact = safeGlob(path)
  const here = exact ? names.filter((key) => exact.test(key)) : []
  if (here.some(hasValues) || path.startsWith('**')) return here
  const anywhere = safeGlob(`**/${path}`)
  const there = anywhere ? names.filter((key) => anywhere.test(key)) : []
  return there.length > 0 ? there : here
}

function entryKey(e: WildcardEntry): string {
  return e.weighted ? `w${e.weight}\u0000${e.text}` : `t${e.text}`
}

/**
 * Builds a library from `{ 'styles/painting': 'oil\nwatercolour\n', 'people.yaml': '…' }`.
 * Files are read and lookups cached on first use; the library is immutable, which lets the
 * engine cache compiled templates per library.
 */
export function createWildcardLibrary(files: Record<string, string>): WildcardLibrary {
  const collections = new Map<string, WildcardEntry[]>()
  const problems: { file: string; message: string }[] = []
  const structured = new Map<string, string>()
  const add = (key: string, entries: WildcardEntry[]): void => {
    // Two sources of one name (`a.txt` and a key `a` in a YAML file) merge rather than one being dropped.
    const existing = collections.get(key)
    if (existing) existing.push(...entries)
    else collections.set(key, entries)
  }
  for (const [path, text] of Object.entries(files)) {
    const file = path.replace(/\\/g, '/').replace(/^\/+/, '')
    if (isStructuredWildcardFile(file)) {
      const read = readStructuredWildcards(file, text)
      for (const message of read.problems) problems.push({ file, message })
      for (const c of read.collections) {
        add(normalisePath(c.name), c.entries)
        structured.set(normalisePath(c.name), file)
      }
    } else {
      add(normalisePath(file), wildcardFileValues(text).map((t) => ({ text: t, weight: 1, weighted: false })))
    }
  }
  const allNames = [...collections.keys()].sort(compareCodePoints)
  const resolved = new Map<string, readonly WildcardEntry[] | undefined>()

  const entries = (name: string): readonly WildcardEntry[] | undefined => {
    if (resolved.has(name)) return resolved.get(name)
    const keys = wildcardFilesMatching(allNames, name, (key) => (collections.get(key)?.length ?? 0) > 0)
    let result: WildcardEntry[] | undefined
    if (keys.length > 0) {
      const seen = new Set<string>()
      result = []
      for (const key of keys) {
        for (const e of collections.get(key)!) {
          const k = entryKey(e)
          if (!seen.has(k)) { seen.add(k); result.push(e) }
        }
      }
      result.sort((a, b) => compareCodePoints(a.text, b.text))
      Object.freeze(result)
    }
    resolved.set(name, result)
    return result
  }

  return {
    names: () => [...allNames],
    values: (name) => entries(name)?.map((e) => e.text),
    entries,
    problems: () => problems.map((p) => ({ ...p })),
    structuredSource: (name) => structured.get(name),
  }
}
