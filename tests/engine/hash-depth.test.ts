/**
 * canonicalJson hashes user data (graph params, randomizer values), so it must handle any depth
 * without a stack overflow, and its output must stay byte-identical to the recursive version it
 * replaced: job ids and stage-cache keys are hashes of it.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { canonicalJson, hashValue } from '../../engine/util/hash.ts'

/** The recursive definition canonicalJson had before it became iterative: the reference output. */
function recursiveCanonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (Array.isArray(value)) return '[' + value.map(recursiveCanonicalJson).join(',') + ']'
  const parts: string[] = []
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key]
    if (v === undefined) continue
    parts.push(JSON.stringify(key) + ':' + recursiveCanonicalJson(v))
  }
  return '{' + parts.join(',') + '}'
}

const nested = (depth: number, leaf: unknown, wrap: (v: unknown) => unknown): unknown => {
  let v = leaf
  for (let i = 0; i < depth; i++) v = wrap(v)
  return v
}

describe('canonicalJson at any depth', () => {
  it('gives exactly the recursive version\'s output for arbitrary values, shallow or deep', () => {
    const anything = fc.anything({ withObjectString: true, withNullPrototype: true, withSparseArray: true, withBoxedValues: true, withDate: true, withMap: true, withSet: true })
    fc.assert(fc.property(anything, (value) => {
      expect(canonicalJson(value)).toBe(recursiveCanonicalJson(value))
    }), { numRuns: 2000, seed: 7 })
    // Below a few hundred levels canonicalJson switches to its iterative walker: same output there too.
    fc.assert(fc.property(anything, fc.integer({ min: 150, max: 400 }), fc.boolean(), (value, depth, inArray) => {
      const deep = nested(depth, value, (v) => (inArray ? [1, v, { k: 2 }] : { z: v, a: [undefined, 3] }))
      expect(canonicalJson(deep)).toBe(recursiveCanonicalJson(deep))
    }), { numRuns: 150, seed: 11 })
    const odd = { b: undefined, a: [undefined, () => 1, Symbol('s'), , 2], c: { z: null, y: -0, x: 'é"\\' } } // eslint-disable-line no-sparse-arrays
    expect(canonicalJson(odd)).toBe(recursiveCanonicalJson(odd))
  })

  it('serialises nesting far deeper than the call stack allows (objects and arrays)', () => {
    const depth = 50_000
    const objects = nested(depth, 1, (v) => ({ a: v }))
    const arrays = nested(depth, [], (v) => [v, 0])
    expect(() => recursiveCanonicalJson(objects)).toThrow(RangeError)
    const text = canonicalJson(objects)
    expect(text.length).toBe(depth * 6 + 1)
    expect(text.startsWith('{"a":{"a":')).toBe(true)
    expect(canonicalJson(arrays).endsWith('[],0]' + ',0]'.repeat(depth - 1))).toBe(true)
    expect(hashValue(objects)).toMatch(/^[0-9a-f]{16}$/)
  })

  it('refuses a circular structure instead of looping', () => {
    const a: Record<string, unknown> = { x: 1 }
    a.self = { back: a }
    expect(() => canonicalJson(a)).toThrow(/circular/)
    const shared = { s: 1 }
    expect(canonicalJson({ p: shared, q: [shared, shared] })).toBe('{"p":{"s":1},"q":[{"s":1},{"s":1}]}')
  })
})
