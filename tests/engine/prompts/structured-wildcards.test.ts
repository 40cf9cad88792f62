/**
 * YAML/JSON wildcard files as the Dynamic Prompts library reads them (its pantry, weight-parsing
 * and single-string tests), plus what it only logs and we report: unreadable files and entries
 * that are not text.
 */
import { describe, expect, it } from 'vitest'
import { createWildcardLibrary, expandCombinatorial, expandRandom } from '../../../engine/prompts/index.ts'
import { createRng } from '../../../engine/util/rng.ts'
import { combos } from './helpers.ts'

const library = createWildcardLibrary({
  'people.yaml': 'people:\n  women:\n    names: [Ada, Grace]\n  motto: just one\n',
  'art/styles.yml': 'painting:\n  - oil\n  - 3::watercolour\n',
  'pantry.json': '{"fruit": ["pear", {"text": "apple", "weight": 2}, {"content": "fig"}], "n": 5}',
  'flags.yaml': 'flags: [yes, no, on, maybe, 12, "", ~]\n',
  'sub/list.json': '["one", "two", 3]',
  'broken.yaml': 'a: [unclosed\n',
  'colors': 'red\ngreen',
})

describe('structured wildcard files', () => {
  it('turns nested keys into paths (not prefixed with the file name) and lists into values', () => {
    expect(library.values('people/women/names')).toEqual(['Ada', 'Grace'])
    expect(combos('__people/*__', library)).toEqual(['Ada', 'Grace', 'just one'])
  })
  it('reads a single string as a list of one', () => {
    expect(library.values('people/motto')).toEqual(['just one'])
  })
  it('prefixes the folder the file is in, and reads `.yml` too', () => {
    expect(library.values('art/painting')).toEqual(['oil', 'watercolour'])
  })
  it('names a top-level list after its file, keeping only its texts', () => {
    expect(library.values('sub/list')).toEqual(['one', 'two'])
    expect(combos('__list__', library)).toEqual(['one', 'two'])
  })
  it('repeats a weighted value by its whole weight in a listing', () => {
    expect(combos('__art/painting__', library)).toEqual(['oil', 'watercolour', 'watercolour', 'watercolour'])
    expect(combos('__fruit__', library)).toEqual(['apple', 'apple', 'fig', 'pear'])
  })
  it('draws by weight in random mode', () => {
    const r = expandRandom('__art/painting__', { wildcards: library, count: 4000, rng: createRng(9) })
    const share = r.ok ? r.prompts.filter((p) => p === 'watercolour').length / 4000 : 0
    expect(Math.abs(share - 0.75)).toBeLessThan(0.03)
  })
  it('reads YAML as 1.1, as PyYAML does: yes/no/on are not text and are skipped, and reported', () => {
    expect(library.values('flags')).toEqual(['maybe'])
    expect(library.problems()).toEqual(expect.arrayContaining([
      expect.objectContaining({ file: 'flags.yaml', message: expect.stringContaining('not text (true)') }),
      expect.objectContaining({ file: 'flags.yaml', message: expect.stringContaining('not text (12)') }),
    ]))
  })
  it('reports a file that does not parse and still loads everything else', () => {
    expect(library.problems()).toEqual(expect.arrayContaining([expect.objectContaining({ file: 'broken.yaml', message: expect.stringContaining('not valid YAML') })]))
    expect(library.values('colors')).toEqual(['green', 'red'])
  })
  it('reports a key whose value is neither text, list nor mapping, and a missing name as unknown', () => {
    expect(library.problems()).toEqual(expect.arrayContaining([expect.objectContaining({ file: 'pantry.json', message: expect.stringContaining('n: skipped') })]))
    expect(expandCombinatorial('__n__', { wildcards: library, limit: 5 })).toMatchObject({ ok: false, error: { wildcard: 'n' } })
  })
})
