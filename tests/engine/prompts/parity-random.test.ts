/**
 * Random mode never produces a prompt the library could not: for each template, the set of
 * prompts over many draws equals the set the library's random generator gives (sampled over
 * 40 seeds on the same wildcard files). The library rules behind them: a lone option is always
 * itself whatever the bounds (the random sampler's single-value case), picks are drawn without
 * replacement by weight (choose_without_replacement), a dangling separator is trimmed
 * (SamplingResult.joined), and a cyclical part inside a freshly drawn option restarts.
 */
import { describe, expect, it } from 'vitest'
import { expandCombinatorial, expandRandom } from '../../../engine/prompts/index.ts'
import { createRng } from '../../../engine/util/rng.ts'
import { parityWildcards } from './parity-fixture.ts'

function drawn(template: string, count: number, seed = 1): string[] {
  const r = expandRandom(template, { wildcards: parityWildcards, count, rng: createRng(seed) })
  if (!r.ok) expect.fail(`unexpected error for ${JSON.stringify(template)}: ${r.error.message}`)
  return r.prompts
}

const sets: [string, string[]][] = [
  ["{2$$a|}", ["a"]],
  ["{2$$a}", ["a"]],
  ["{0$$a}", ["a"]],
  ["{0$$a|b}", [""]],
  ["{2$$ and $$a||b}", ["a", "a and b", "b", "b and a"]],
  ["{2$$a|a}", ["a,a"]],
  ["{a|{b|c}}", ["a", "b", "c"]],
  ["{2$$a|{b|c}}", ["a,b", "a,c", "b,a", "c,a"]],
  ["{1-2$$a|b}", ["a", "a,b", "b", "b,a"]],
  ["{x {@a|b}|y}", ["x a", "y"]],
  ["{0::a|b|c}", ["b", "c"]],
  ["{2$$0::a|b|c}", ["b,c", "c,b"]],
  ["{2$$__colors-warm__}", ["orange,yellow", "yellow,orange"]],
  ["__people/men/names__", ["Alan", "Linus"]],
  ["{a|b} ${x}${x={c|d}}", ["a c", "a d", "b c", "b d"]],
  ["%{[...]$${p|q}}", ["[p]", "[q]"]],
  ["{2-$$a|b|c}", ["a,b", "a,b,c", "a,c", "a,c,b", "b,a", "b,a,c", "b,c", "b,c,a", "c,a", "c,a,b", "c,b", "c,b,a"]],
  ["{@a|b} {x|y}", ["a x", "a y", "b x", "b y"]],
  ["__vars__", ["dog in the park"]],
  ["{a|b}}", ["a}", "b}"]],
  ["{2$$|}", [""]],
]

describe('random mode draws exactly the prompts the library can draw', () => {
  it.each(sets)('%j', (template, expected) => {
    expect([...new Set(drawn(template, 400))].sort()).toEqual(expected)
  })
})

describe('state kept across one batch of random prompts', () => {
  it('draws `${x=!…}` once for the whole batch (library: immediate assignment at generator start)', () => {
    const batches = [1, 2, 3, 4, 5, 6].map((seed) => new Set(drawn('${x=!{a|b|c|d}} ${x} ${x}', 20, seed)))
    for (const batch of batches) expect(batch.size).toBe(1)
    // …and not always the same value.
    expect(new Set(batches.map((b) => [...b][0])).size).toBeGreaterThan(1)
  })
  it('cycles `{@…}` across the batch', () => {
    expect(drawn('{@a|b|c}', 7)).toEqual(['a', 'b', 'c', 'a', 'b', 'c', 'a'])
    expect(drawn('__@colors__', 4)).toEqual(['blue', 'green', 'red', 'blue'])
  })
  it('gives one draw per listed prompt to `{~…}` inside a combinatorial listing', () => {
    const r = expandCombinatorial('{~a|b} {x|y|z}', { wildcards: parityWildcards, limit: 100, rng: createRng(5) })
    expect(r.ok && r.prompts.map((p) => p.slice(2))).toEqual(['x', 'y', 'z'])
    expect(r.ok && r.prompts.every((p) => /^[ab] /.test(p))).toBe(true)
  })
})
