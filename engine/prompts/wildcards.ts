/**
 * Wildcard files (`name.txt` under the wildcard folder) as an in-memory library, resolved the
 * way the reference library does: exact path, else a glob (`*` also crosses `/`), else the same
 * name anywhere in the tree. Values are trimmed, blank and `#` lines dropped, de-duplicated and
 * sorted by code point (Python's order), so combinatorial output matches it line for line.
 */

export interface WildcardLibrary {
  /** Every wildcard path, `/`-separated, without `.txt`, sorted. */
  names(): string[]
  /**
   * The values `__name__` stands for: resolved through glob / lookup-anywhere, sorted, deduped,
   * still raw templates. `undefined` when no file matches.
   */
  values(name: string): string[] | undefined
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

/** One file's values: trimmed lines, blank and `#` comment lines skipped (order kept). */
export function wildcardFileValues(fileText: string): string[] {
  const out: string[] = []
  for (const line of fileText.split(/\r\n|\n|\r/)) {
    const value = line.trim()
    if (value !== '' && !value.startsWith('#')) out.push(value)
  }
  return out
}

function normalisePath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\/+|\/+$/g, '').replace(/\.txt$/i, '')
}

function globToRegExp(pattern: string, anywhere: boolean): RegExp {
  const body = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')
  return new RegExp(anywhere ? `^(?:.*/)?${body}$` : `^${body}$`, 's')
}

/**
 * The files (of `names`, normalised and sorted) that `__name__` draws from: the exact path, else
 * a glob, else the same name in any folder. Exported so "where is this wildcard used" resolves
 * references exactly as expansion does.
 */
export function wildcardFilesMatching(names: readonly string[], name: string): string[] {
  const path = normalisePath(name)
  if (!path.includes('*')) {
    if (names.includes(path)) return [path]
    return names.filter((key) => key.endsWith(`/${path}`))
  }
  const exact = globToRegExp(path, false)
  const here = names.filter((key) => exact.test(key))
  if (here.length > 0) return here
  const anywhere = globToRegExp(path, true)
  return names.filter((key) => anywhere.test(key))
}

/**
 * Builds a library from `{ 'styles/painting': 'oil\nwatercolour\n' }`. File texts are split and
 * resolution results cached on first use; the library is immutable, which lets the engine cache
 * compiled templates per library.
 */
export function createWildcardLibrary(files: Record<string, string>): WildcardLibrary {
  const texts = new Map<string, string>()
  for (const [path, text] of Object.entries(files)) {
    const key = normalisePath(path)
    // Two spellings of one path (`a.txt`, `a`) merge rather than silently dropping one.
    texts.set(key, texts.has(key) ? `${texts.get(key)}\n${text}` : text)
  }
  const allNames = [...texts.keys()].sort(compareCodePoints)
  const fileValues = new Map<string, string[]>()
  const resolved = new Map<string, string[] | undefined>()

  const valuesOfFile = (key: string): string[] => {
    let v = fileValues.get(key)
    if (v === undefined) {
      v = wildcardFileValues(texts.get(key) ?? '')
      fileValues.set(key, v)
    }
    return v
  }

  const matchingFiles = (name: string): string[] => wildcardFilesMatching(allNames, name)

  return {
    names: () => [...allNames],
    values(name: string) {
      if (resolved.has(name)) {
        const hit = resolved.get(name)
        return hit && [...hit]
      }
      const keys = matchingFiles(name)
      const values = keys.length === 0 ? undefined : sortedUnique(keys.flatMap(valuesOfFile))
      resolved.set(name, values)
      return values && [...values]
    },
  }
}
