import { describe, expect, it } from 'vitest'
import { createWildcardLibrary, expandRandom, type WildcardLibrary } from '../../../engine/prompts/index.ts'
import { createRng } from '../../../engine/util/rng.ts'
import { noWildcards } from './helpers.ts'

function draws(text: string, count: number, seed = 1, wildcards: WildcardLibrary = noWildcards): string[] {
  const result = expandRandom(text, { wildcards, count, rng: createRng(seed) })
  if (!result.ok) expect.fail(result.error.message)
  return result.prompts
}

function frequencies(values: string[]): Record<string, number> {
  const out: Record<string, number> = {}
  for (const v of values) out[v] = (out[v] ?? 0) + 1 / values.length
  return out
}

const library = createWildcardLibrary({ colors: 'red\ngreen\nblue', mood: '{happy|sad} __colors__' })

describe('random mode', () => {
  it('is deterministic for a seed, and pinned so the draws cannot drift between versions', () => {
    const text = '{a|b|c} {x|y} __mood__'
    expect(draws(text, 6, 42, library)).toEqual(draws(text, 6, 42, library))
    expect(draws(text, 6, 42, library)).toMatchInlineSnapshot(`
      [
        "b y happy blue",
        "c x happy red",
        "a y sad green",
        "c x happy blue",
        "b y sad blue",
        "b y sad red",
      ]
    `)
  })
  it('differs between seeds', () => {
    const text = '{a|b|c|d|e|f|g|h} {1|2|3|4|5|6|7|8}'
    expect(draws(text, 20, 1)).not.toEqual(draws(text, 20, 2))
  })
  it('treats weights as relative probabilities', () => {
    const f = frequencies(draws('{1::a|3::b}', 4000, 7))
    expect(f.a).toBeCloseTo(0.25, 1)
    expect(Math.abs(f.b! - 0.75)).toBeLessThan(0.03)
  })
  it('never draws a weight-0 option, even when picking several', () => {
    expect(new Set(draws('{0::a|b|c}', 2000, 3))).toEqual(new Set(['b', 'c']))
    expect(new Set(draws('{2$$0::a|b|c}', 500, 3))).toEqual(new Set(['b,c', 'c,b']))
    // Nothing left to draw is an error, as in the library (whose weighted choice refuses it).
    expect(expandRandom('{0::a|0::b}', { wildcards: noWildcards, count: 3, rng: createRng(3) })).toMatchObject({ ok: false })
  })
  it('counts a nested variant as one option', () => {
    const f = frequencies(draws('{a|{b|c}}', 4000, 11))
    expect(Math.abs(f.a! - 0.5)).toBeLessThan(0.03)
    expect(Math.abs(f.b! - 0.25)).toBeLessThan(0.03)
    expect(Math.abs(f.c! - 0.25)).toBeLessThan(0.03)
  })
  it('draws a pick count uniformly in a range, without repeating an option', () => {
    const results = draws('{1-3$$ $$a|b|c}', 3000, 5)
    const sizes = frequencies(results.map((r) => String(r.split(' ').length)))
    for (const n of ['1', '2', '3']) expect(Math.abs(sizes[n]! - 1 / 3)).toBeLessThan(0.04)
    for (const r of results) expect(new Set(r.split(' ')).size).toBe(r.split(' ').length)
  })
  it('picks wildcard values uniformly and expands them as templates', () => {
    const results = draws('__mood__', 3000, 9, library)
    const f = frequencies(results.map((r) => r.split(' ')[1]!))
    for (const c of ['red', 'green', 'blue']) expect(Math.abs(f[c]! - 1 / 3)).toBeLessThan(0.04)
    expect(new Set(results.map((r) => r.split(' ')[0]))).toEqual(new Set(['happy', 'sad']))
  })
  it('applies the same bounds as combinatorial mode to `{0$$…}` and empty options', () => {
    expect(draws('x{0$$a|b}y', 3)).toEqual(['xy', 'xy', 'xy'])
    expect(new Set(draws('{a|}', 200))).toEqual(new Set(['a', '']))
  })
})
