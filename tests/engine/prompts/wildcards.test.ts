import { describe, expect, it } from 'vitest'
import { createWildcardLibrary, expandCombinatorial } from '../../../engine/prompts/index.ts'
import { compareCodePoints, wildcardFileValues } from '../../../engine/prompts/wildcards.ts'
import { combos } from './helpers.ts'

const library = createWildcardLibrary({
  colors: 'red\ngreen\nblue\n',
  'colors-dark': 'navy\nmaroon\nred',
  'styles/painting': '  oil  \n\n# a comment line\nwatercolour\noil\r\nacrylic',
  'styles/photo/film': 'kodak\nfuji',
  mood: '{happy|sad} __colors__',
  creature: '__animal__ with __styles/painting__',
  'zoo/animal': 'cat\ndog',
})

describe('wildcard files', () => {
  it('trims values, skips blank and `#` lines, de-duplicates and sorts', () => {
    expect(library.values('styles/painting')).toEqual(['acrylic', 'oil', 'watercolour'])
    expect(combos('__colors__', library)).toEqual(['blue', 'green', 'red'])
  })
  it('keeps a `#` inside a value (only lines starting with `#` are comments)', () => {
    expect(wildcardFileValues('a\n # b\nc#d\n')).toEqual(['a', 'c#d'])
  })
  it('sorts by code point like Python, not by UTF-16 unit', () => {
    expect(['\u{1F600}', '\uFF5E', 'a'].sort(compareCodePoints)).toEqual(['a', '\uFF5E', '\u{1F600}'])
  })
  it('lists names sorted, without .txt, with / separators', () => {
    const lib = createWildcardLibrary({ 'b.txt': 'x', 'a\\c': 'y' })
    expect(lib.names()).toEqual(['a/c', 'b'])
    expect(lib.values('b')).toEqual(['x'])
  })
})

describe('wildcard resolution', () => {
  it('reads subfolders with /', () => {
    expect(combos('__styles/photo/film__', library)).toEqual(['fuji', 'kodak'])
  })
  it('merges every file a glob matches, then de-duplicates and sorts', () => {
    expect(combos('__colors*__', library)).toEqual(['blue', 'green', 'maroon', 'navy', 'red'])
  })
  it('lets `*` cross `/`', () => {
    expect(combos('__styles/*__', library)).toEqual(['acrylic', 'fuji', 'kodak', 'oil', 'watercolour'])
  })
  it('finds a name anywhere in the tree when it is not at its path', () => {
    expect(combos('__painting__', library)).toEqual(['acrylic', 'oil', 'watercolour'])
    expect(combos('__photo/film__', library)).toEqual(['fuji', 'kodak'])
    expect(combos('__fil*__', library)).toEqual(['fuji', 'kodak'])
  })
  it('expands values as templates (variants and nested wildcards)', () => {
    expect(combos('__mood__', library)).toEqual([
      'happy blue', 'happy green', 'happy red', 'sad blue', 'sad green', 'sad red',
    ])
    expect(combos('__creature__', library, 3)).toEqual(['cat with acrylic', 'cat with oil', 'cat with watercolour'])
  })
  it('varies a wildcard like any group (last fastest)', () => {
    expect(combos('{big|small} __colors__', library)).toEqual([
      'big blue', 'big green', 'big red', 'small blue', 'small green', 'small red',
    ])
  })
  it('picks among a wildcard’s values with `{N$$__name__}`', () => {
    expect(combos('{2$$ and $$__colors__}', library)).toEqual([
      'blue and green', 'blue and red', 'green and blue', 'green and red', 'red and blue', 'red and green',
    ])
  })
  it('reads the `~`/`@`/`!` sampler prefixes of a reference', () => {
    // A lone random wildcard is an endless stream of draws, as in the library: the limit ends it.
    const drawn = combos('__~colors__', library, 30)
    expect(drawn).toHaveLength(30)
    expect(new Set(drawn)).toEqual(new Set(['blue', 'green', 'red']))
    expect(combos('__@colors__', library, 4)).toEqual(['blue', 'green', 'red', 'blue'])
    expect(combos('__!colors__', library)).toEqual(['blue', 'green', 'red'])
  })
  it('returns undefined for a name nothing matches', () => {
    expect(library.values('nope')).toBeUndefined()
    expect(expandCombinatorial('__nope*__', { wildcards: library, limit: 10 }).ok).toBe(false)
  })
})
