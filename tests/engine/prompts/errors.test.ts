import { describe, expect, it } from 'vitest'
import {
  countCombinations, createWildcardLibrary, expandCombinatorial, expandRandom, hasDynamicSyntax, validateTemplate,
} from '../../../engine/prompts/index.ts'
import { createRng } from '../../../engine/util/rng.ts'
import { combos, noWildcards } from './helpers.ts'

const library = createWildcardLibrary({
  colors: 'red\ngreen',
  a: 'x __b__',
  b: 'y\n{z|__a__}',
  self: 'more __self__',
  outer: '__missing__ thing',
  empty: '# only a comment\n\n',
  broken: 'fine\n{oops',
})

function errorOf(text: string) {
  const r = expandCombinatorial(text, { wildcards: library, limit: 100 })
  if (r.ok) expect.fail(`expected an error for ${JSON.stringify(text)}, got ${JSON.stringify(r.prompts)}`)
  // Random mode reports the same first problem.
  expect(expandRandom(text, { wildcards: library, count: 3, rng: createRng(1) })).toEqual(r)
  return r.error
}

describe('syntax errors carry the 0-based position', () => {
  it('reports an unclosed `{` where it opens', () => {
    expect(errorOf('{a|b')).toEqual({ message: 'unclosed `{` at position 0', position: 0 })
    expect(errorOf('x {b {c|d} e')).toEqual({ message: 'unclosed `{` at position 2', position: 2 })
  })
  it('reports a `$$` that is not a pick header where it stands', () => {
    expect(errorOf('{x$$a|b}')).toMatchObject({ position: 2, message: expect.stringContaining('unexpected `$$` at position 2') })
    expect(errorOf('{1-2-3$$a}').position).toBe(6)
    expect(errorOf('{ $$a}').position).toBe(2)
  })
  it('reports a malformed variable', () => {
    expect(errorOf('${1x}')).toMatchObject({ position: 0, message: expect.stringContaining('bad variable at position 0') })
    expect(errorOf('{${x=a}|b}').position).toBe(1)
  })
  it('reports an unset variable while sampling, in both modes', () => {
    expect(errorOf('a ${who}')).toMatchObject({ position: 2, message: expect.stringContaining('variable `who` at position 2 is not set') })
  })
  it('reports `$$` that is not a header', () => {
    expect(errorOf('{a|2$$b}')).toMatchObject({ position: 4, message: expect.stringContaining('unexpected `$$` at position 4') })
  })
  it('reports an unclosed wildcard', () => {
    expect(errorOf('a __colo')).toMatchObject({ position: 2, message: expect.stringContaining('unclosed wildcard at position 2') })
    expect(errorOf('__colo rs__').position).toBe(0)
  })
  it('stops an endless part that can never give a new prompt, where the library hangs', () => {
    // `${v}` cycles one value forever; the variant de-duplicates it, so nothing new ever comes.
    const t0 = performance.now()
    const r = expandCombinatorial('${v={@cat}} {${v}|z}', { wildcards: library, limit: 10 })
    expect(r).toMatchObject({ ok: false, error: { message: expect.stringContaining('no new prompt after') } })
    expect(performance.now() - t0).toBeLessThan(5000)
  })
  it('reads a wildcard name with `.txt` as the library does (no such wildcard)', () => {
    expect(errorOf('__colors.txt__')).toMatchObject({ wildcard: 'colors.txt' })
  })
  it('refuses absurd nesting without overflowing the stack', () => {
    expect(errorOf('{'.repeat(5000)).message).toContain('nested more than')
  })
})

describe('wildcard errors name the wildcard', () => {
  it('reports an unknown wildcard with its position', () => {
    expect(errorOf('a __nope__')).toEqual({ message: 'unknown wildcard `__nope__` at position 2', position: 2, wildcard: 'nope' })
  })
  it('reports an unknown wildcard reached through another', () => {
    expect(errorOf('{x|__outer__}')).toEqual({
      message: 'unknown wildcard `__missing__` (used in wildcard `__outer__`)', position: 3, wildcard: 'missing',
    })
  })
  it('reports a wildcard without values', () => {
    expect(errorOf('__empty__')).toMatchObject({ wildcard: 'empty', message: 'wildcard `__empty__` at position 0 has no values' })
  })
  it('reports a broken wildcard value with the wildcard’s name', () => {
    expect(errorOf('__broken__')).toMatchObject({ wildcard: 'broken', message: 'wildcard `__broken__` value "{oops": unclosed `{` at position 0' })
  })
  it('reports a cycle with its chain, without hanging', () => {
    expect(errorOf('__a__')).toEqual({ message: 'wildcard cycle: a -> b -> a', position: 0, wildcard: 'a' })
    expect(errorOf('{__self__|x}')).toEqual({ message: 'wildcard cycle: self -> self', position: 1, wildcard: 'self' })
  })
})

describe('validateTemplate', () => {
  it('returns every problem, even past a syntax error', () => {
    expect(validateTemplate('__nope__ __a__ {x', library).map((e) => e.message)).toEqual([
      'unclosed `{` at position 15',
      'unknown wildcard `__nope__` at position 0',
      'wildcard cycle: a -> b -> a',
    ])
  })
  it('returns nothing for a good template', () => {
    expect(validateTemplate('{a|b} __colors__ $5 50%', library)).toEqual([])
  })
  it('makes countCombinations return the same error', () => {
    expect(countCombinations('__nope__', { wildcards: library, cap: 5 })).toMatchObject({ wildcard: 'nope' })
  })
})

describe('plain text and escapes', () => {
  it('accepts `$` and `%` as text', () => {
    expect(combos('costs $5 at 50% off, $$$ {a|b$}')).toEqual(['costs $5 at 50% off, $$$ a', 'costs $5 at 50% off, $$$ b$'])
  })
  it('keeps a backslash as an ordinary character (the library has no escapes)', () => {
    expect(combos('\\{a|b} \\(smile\\)')).toEqual(['\\a \\(smile\\)', '\\b \\(smile\\)'])
    expect(combos('{x\\|y|z}')).toEqual(['x\\', 'y', 'z'])
  })
  it('keeps a stray `}` or `|` outside braces as text', () => {
    expect(combos('a}b {x|y}}')).toEqual(['a}b x}', 'a}b y}'])
  })
  it('keeps a `__` that cannot start a wildcard as text', () => {
    expect(combos('^__^ and a__ b')).toEqual(['^__^ and a__ b'])
  })
  it('refuses output that spells a wildcard from separate pieces', () => {
    const r = expandCombinatorial('_{_|x}a__', { wildcards: library, limit: 10 })
    expect(r).toMatchObject({ ok: false, error: { message: expect.stringContaining('builds `__a__` from separate pieces') } })
    // Random mode judges the prompts it actually drew: only a draw of `_` is refused.
    const drawn = expandRandom('_{_|x}a__', { wildcards: library, count: 20, rng: createRng(1) })
    expect(drawn).toMatchObject({ ok: false, error: { message: expect.stringContaining('builds `__a__`') } })
    expect(expandRandom('_{0::_|x}a__', { wildcards: library, count: 20, rng: createRng(1) })).toEqual({
      ok: true, prompts: Array(20).fill('_xa__'),
    })
  })
})

describe('hasDynamicSyntax', () => {
  it.each([
    ['{a|b}', true], ['a}', true], ['__colors__', true], ['__colo', true], ['a # note', true], ['\\{', true],
    ['plain, text (with) [brackets] $5 50% a|b', false], ['^__^', false], ['snake_case', false], ['\\(x\\)', false],
  ])('%j → %s', (text, expected) => {
    expect(hasDynamicSyntax(text)).toBe(expected)
  })
})

describe('fuzz: random strings of `{}|$_#ab `', () => {
  const alphabet = '{}|$_#ab \n'
  const wildcards = createWildcardLibrary({ a: 'x\n{y|__b__}', b: 'b_b', ab: '__ab__' })
  const wildcardLike = /__[ab][^\s{}|#$\\]*?__/

  it('never throws, hangs or leaks `{` or wildcard references', () => {
    const rng = createRng(20240611)
    let succeeded = 0
    for (let i = 0; i < 4000; i++) {
      const length = rng.int(24)
      let text = ''
      for (let j = 0; j < length; j++) text += alphabet[rng.int(alphabet.length)]
      const where = `for ${JSON.stringify(text)}`
      const all = expandCombinatorial(text, { wildcards, limit: 200 })
      const random = expandRandom(text, { wildcards, count: 5, rng: createRng(i) })
      const count = countCombinations(text, { wildcards, cap: 200 })
      const problems = validateTemplate(text, wildcards)
      // Both modes find the same template problems; only the output check (pieces spelling
      // `__x__`) depends on which prompts a mode actually produced.
      const problem = (r: typeof all): string => (r.ok || r.error.message.includes('separate pieces') ? 'none' : r.error.message)
      expect(problem(random), where).toBe(problem(all))
      expect(problems.length > 0, where).toBe(problem(all) !== 'none')
      if (!all.ok) {
        expect(all.error.message.length, where).toBeGreaterThan(0)
        continue
      }
      succeeded++
      expect(count, where).toBe(Math.min(all.prompts.length, 200))
      for (const prompt of [...all.prompts, ...(random.ok ? random.prompts : [])]) {
        // `}` outside braces is text (as in the library); a `{` can only open a variant.
        expect(prompt.includes('{'), `${where}: ${JSON.stringify(prompt)}`).toBe(false)
        expect(wildcardLike.test(prompt), `${where}: ${JSON.stringify(prompt)}`).toBe(false)
      }
    }
    // The generator must exercise both outcomes, or the loop proves nothing.
    expect(succeeded).toBeGreaterThan(400)
    expect(succeeded).toBeLessThan(3900)
  })
})
