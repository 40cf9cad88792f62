import { describe, expect, it } from 'vitest'
import { countCombinations, createWildcardLibrary, expandCombinatorial } from '../../../engine/prompts/index.ts'
import { combos, noWildcards } from './helpers.ts'

describe('combinatorial order', () => {
  it('varies the last group fastest', () => {
    expect(combos('{a|b} {x|y|z}')).toEqual(['a x', 'a y', 'a z', 'b x', 'b y', 'b z'])
  })
  it('flattens nested variants in order', () => {
    expect(combos('{a|{b|c}}')).toEqual(['a', 'b', 'c'])
    expect(combos('{a|{b|{c|d}} e}')).toEqual(['a', 'b e', 'c e', 'd e'])
  })
  it('ignores weights (a weight-0 option still appears)', () => {
    expect(combos('{0.5::a|2::b|0::c}')).toEqual(['a', 'b', 'c'])
    expect(combos('{.5::a|3.::b}')).toEqual(['a', 'b'])
  })
  it('gives the empty string for an empty option', () => {
    expect(combos('{a|}')).toEqual(['a', ''])
    expect(combos('x{|y}')).toEqual(['x', 'xy'])
    expect(combos('{}')).toEqual([''])
  })
  it('never yields the same text twice from one variant', () => {
    expect(combos('{a|a|b}')).toEqual(['a', 'b'])
    expect(combos('{a|{a|b}}')).toEqual(['a', 'b'])
    // …but repeats across a sequence are kept: only variants de-duplicate.
    expect(combos('{a|b}{|}')).toEqual(['a', 'b'])
  })
  it('keeps a top-level `|` as text', () => {
    expect(combos('a|b')).toEqual(['a|b'])
  })
})

describe('pick-N, separators and ranges', () => {
  it('lists ordered permutations without repetition, joined by `,`', () => {
    expect(combos('{2$$a|b|c}')).toEqual(['a,b', 'a,c', 'b,a', 'b,c', 'c,a', 'c,b'])
  })
  it('uses a custom separator', () => {
    expect(combos('{2$$ and $$a|b|c}')).toEqual(['a and b', 'a and c', 'b and a', 'b and c', 'c and a', 'c and b'])
  })
  it('lists all 1-picks, then all 2-picks for a range', () => {
    expect(combos('{1-2$$a|b|c}')).toEqual(['a', 'b', 'c', 'a,b', 'a,c', 'b,a', 'b,c', 'c,a', 'c,b'])
  })
  it('reads `-N` as 1 to N', () => {
    expect(combos('{-2$$a|b}')).toEqual(['a', 'b', 'a,b', 'b,a'])
  })
  it('reads `N-` as N up to the option count', () => {
    expect(combos('{2-$$a|b|c}')).toEqual([
      'a,b', 'a,c', 'b,a', 'b,c', 'c,a', 'c,b',
      'a,b,c', 'a,c,b', 'b,a,c', 'b,c,a', 'c,a,b', 'c,b,a',
    ])
  })
  it('gives one empty string for a 0-pick', () => {
    expect(combos('{0$$a|b}')).toEqual([''])
    expect(combos('x{0-1$$a}y')).toEqual(['xy', 'xay'])
  })
  it('clamps bounds above the option count', () => {
    expect(combos('{5$$a|b}')).toEqual(['a,b', 'b,a'])
    expect(combos('{1-9$$a|b}')).toEqual(['a', 'b', 'a,b', 'b,a'])
  })
  it('swaps reversed bounds', () => {
    expect(combos('{3-1$$a|b}')).toEqual(['a', 'b', 'a,b', 'b,a'])
  })
  it('permutes options first, then expands them', () => {
    expect(combos('{2$$x|{y|z}|w}')).toEqual(['x,y', 'x,z', 'x,w', 'y,x', 'z,x', 'y,w', 'z,w', 'w,x', 'w,y', 'w,z'])
  })
  it('drops a pick whose texts repeat', () => {
    expect(combos('{2$$a|{a|b}}')).toEqual(['a,b', 'b,a'])
    expect(combos('{2$$a|b|a}')).toEqual(['a,b', 'b,a'])
  })
  it('accepts spaces before the header only (the library allows none inside it)', () => {
    expect(combos('{ 1-2$$a|b}')).toEqual(['a', 'b', 'a,b', 'b,a'])
    expect(expandCombinatorial('{ 1 - 2 $$a|b}', { wildcards: noWildcards, limit: 10 }).ok).toBe(false)
  })
})

describe('whitespace and comments', () => {
  it('drops whitespace after `{` and at the start of each option only', () => {
    expect(combos('{ a | b }')).toEqual(['a ', 'b '])
    expect(combos('x  {\n  a|\tb}  y')).toEqual(['x  a  y', 'x  b  y'])
  })
  it('drops whitespace after a header, but keeps it after a weight', () => {
    expect(combos('{2$$ , $$ a| b}')).toEqual(['a , b', 'b , a'])
    expect(combos('{1:: a|2::  b}')).toEqual([' a', '  b'])
  })
  it('expands tabs to 8-column stops, as the library parser does', () => {
    expect(combos('a\tb  c\nd')).toEqual(['a       b  c\nd'])
    expect(combos('\tx')).toEqual(['        x'])
  })
  it('removes a `#` comment up to the newline, joining the pieces around it with a space', () => {
    expect(combos('a, # comment\n   b')).toEqual(['a,  \n   b'])
    expect(combos('# header line\nportrait')).toEqual(['\nportrait'])
    expect(combos('portrait # trailing')).toEqual(['portrait '])
    expect(combos('{a # first\n|b}')).toEqual(['a  \n', 'b'])
  })
})

describe('limit', () => {
  it('truncates the list in order', () => {
    const r = expandCombinatorial('{a|b} {x|y|z}', { wildcards: noWildcards, limit: 4 })
    expect(r).toEqual({ ok: true, prompts: ['a x', 'a y', 'a z', 'b x'] })
    expect(expandCombinatorial('{a|b}', { wildcards: noWildcards, limit: 0 })).toEqual({ ok: true, prompts: [] })
  })
  it('stops early on an astronomically large template (lazy)', () => {
    // 20 groups of 10 and nested pick-3 ranges: ~1e20+ combinations, far beyond memory.
    const group = '{0|1|2|3|4|5|6|7|8|9}'
    const huge = `${group.repeat(20)} {1-3$$${'{a|b|c|d|e}'.repeat(4)}|x|y|z}`
    const t0 = performance.now()
    const r = expandCombinatorial(huge, { wildcards: noWildcards, limit: 3 })
    expect(r).toEqual({ ok: true, prompts: ['00000000000000000000 aaaa', '00000000000000000000 aaab', '00000000000000000000 aaac'] })
    expect(performance.now() - t0).toBeLessThan(2000)
  })
})

describe('countCombinations', () => {
  const wildcards = createWildcardLibrary({ colors: 'red\ngreen\nred\n{dark|light} blue', big: '{a|b|c|d|e|f|g|h|i|j}'.repeat(6) })
  it.each([
    '{a|b} {x|y|z}', '{a|a|b}', '{2$$a|{a|b}}', '{1-2$$a|b|c}', '{0$$a|b}', '__colors__ {x|y}',
    '{2$$__colors__}', '{a|}', 'plain', '{2$$x|{y|z}|w} {1|2}',
  ])('matches the expansion length of %j', (text) => {
    expect(countCombinations(text, { wildcards, cap: 10_000 })).toBe(combos(text, wildcards).length)
  })
  it('saturates at the cap, quickly, on huge templates', () => {
    const t0 = performance.now()
    expect(countCombinations('__big__ __big__ {1-3$$__big__|x}', { wildcards, cap: 5000 })).toBe(5000)
    expect(countCombinations('{a|b} {x|y|z}', { wildcards, cap: 4 })).toBe(4)
    expect(performance.now() - t0).toBeLessThan(2000)
  })
  it('returns the error for a broken template', () => {
    expect(countCombinations('{a|b', { wildcards, cap: 10 })).toEqual({ message: 'unclosed `{` at position 0', position: 0 })
  })
})
