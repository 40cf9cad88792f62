/**
 * Stable, fast, non-cryptographic hashing for ids (job ids, content hashes, cache keys).
 * Two independent 32-bit FNV-1a/murmur-mixed lanes give 64 bits, printed as 16 hex chars,
 * which keeps collisions negligible for the millions of jobs a library will ever hold.
 */
export function hashString(text: string): string {
  let h1 = 0x811c9dc5
  let h2 = 0x01000193 ^ text.length
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ c, 0x01000193)
    h2 = Math.imul(h2 ^ c, 0x5bd1e995)
    h2 ^= h2 >>> 15
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 0x85ebca6b)
  h1 = Math.imul(h1 ^ (h1 >>> 13), 0xc2b2ae35)
  h1 ^= h1 >>> 16
  h2 = Math.imul(h2 ^ (h2 >>> 16), 0x85ebca6b)
  h2 = Math.imul(h2 ^ (h2 >>> 13), 0xc2b2ae35)
  h2 ^= h2 >>> 16
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0')
}

/**
 * JSON with object keys sorted at every level, so equal values always serialise identically.
 *
 * It hashes user data (graph params, randomizer values) that may be nested deeper than the call
 * stack allows, so below RECURSION_LIMIT levels it recurses (fast, the common case) and any
 * subtree deeper than that is written by an iterative walker with an explicit stack. The output is
 * exactly what the original recursive definition gave (job ids and cache keys depend on it):
 * primitives as JSON.stringify writes them (`undefined`, functions and symbols as `null`), object
 * keys sorted with `undefined` values left out, array holes written as nothing. A circular
 * structure throws a TypeError, like JSON.stringify.
 */
export function canonicalJson(value: unknown): string {
  return shallow(value, 0)
}

const RECURSION_LIMIT = 200

function shallow(value: unknown, depth: number): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (depth >= RECURSION_LIMIT) return iterative(value)
  if (Array.isArray(value)) return '[' + value.map((v) => shallow(v, depth + 1)).join(',') + ']'
  const keys = Object.keys(value).sort()
  const parts: string[] = []
  for (const key of keys) {
    const v = (value as Record<string, unknown>)[key]
    if (v === undefined) continue
    parts.push(JSON.stringify(key) + ':' + shallow(v, depth + 1))
  }
  return '{' + parts.join(',') + '}'
}

const VALUE = 0
const TEXT = 1
const CLOSE = 2

function iterative(root: object): string {
  const out: string[] = []
  // Parallel stacks: what to do (VALUE / TEXT / CLOSE) and its operand.
  const ops: number[] = [VALUE]
  const items: unknown[] = [root]
  const open = new Set<object>()
  while (ops.length > 0) {
    const op = ops.pop()!
    const item = items.pop()
    if (op === TEXT) { out.push(item as string); continue }
    if (op === CLOSE) {
      open.delete(item as object)
      out.push(Array.isArray(item) ? ']' : '}')
      continue
    }
    if (item === null || typeof item !== 'object') { out.push(JSON.stringify(item) ?? 'null'); continue }
    if (open.has(item)) throw new TypeError('canonicalJson: circular structure')
    open.add(item)
    ops.push(CLOSE); items.push(item)
    if (Array.isArray(item)) {
      // Pushed last-first so they pop (and print) first-last.
      for (let i = item.length - 1; i >= 0; i--) {
        if (i in item) { ops.push(VALUE); items.push(item[i]) }
        if (i > 0) { ops.push(TEXT); items.push(',') }
      }
      out.push('[')
      continue
    }
    const record = item as Record<string, unknown>
    const keys = Object.keys(record).sort().filter((key) => record[key] !== undefined)
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!
      ops.push(VALUE); items.push(record[key])
      ops.push(TEXT); items.push((i > 0 ? ',' : '') + JSON.stringify(key) + ':')
    }
    out.push('{')
  }
  return out.join('')
}

export function hashValue(value: unknown): string {
  return hashString(canonicalJson(value))
}
