/**
 * Each expanded prompt carries the value every `__wildcard__` reference drew, recorded by the
 * samplers while drawing (never guessed back from the finished text), in both the fast
 * combinatorial compiler and the general interpreter, in listing and random mode.
 */
import { describe, expect, it } from 'vitest'
import {
  createWildcardLibrary, expandCombinatorial, expandCombinatorialWithDraws, expandRandom, expandRandomWithDraws,
  type WildcardDraws, type WildcardLibrary,
} from '../../../engine/prompts/index.ts'
import { createRng } from '../../../engine/util/rng.ts'

const library = createWildcardLibrary({
  colour: 'red\ngreen\nblue\n',
  // Values that make the finished prompt ambiguous: `red red red` is red + red red, or red red + red.
  a: 'red\nred red\n',
  b: 'red\nred red\n',
  shade: '__colour__ ish\n',
  'colors/warm': 'orange\nred\n',
  'colors/cold': 'blue\nteal\n',
  'animals/dog': 'pug\n',
  'people.yaml': 'hair:\n  - "2::black"\n  - blond\n',
  frames: '(...:1.2)\n',
})

type Listed = { prompt: string; draws: WildcardDraws }

function listed(text: string, limit = 1000, wildcards: WildcardLibrary = library): Listed[] {
  const r = expandCombinatorialWithDraws(text, { wildcards, limit })
  if (!r.ok) expect.fail(r.error.message)
  expect(r.draws).toHaveLength(r.prompts.length)
  return r.prompts.map((prompt, i) => ({ prompt, draws: r.draws[i]! }))
}

function drawnAtRandom(text: string, count: number, seed: number, wildcards: WildcardLibrary = library): Listed[] {
  const r = expandRandomWithDraws(text, { wildcards, count, rng: createRng(seed) })
  if (!r.ok) expect.fail(r.error.message)
  return r.prompts.map((prompt, i) => ({ prompt, draws: r.draws[i]! }))
}

describe('wildcard draws, combinatorial', () => {
  it('records the value each prompt drew', () => {
    expect(listed('a __colour__ ball')).toEqual([
      { prompt: 'a blue ball', draws: { colour: 'blue' } },
      { prompt: 'a green ball', draws: { colour: 'green' } },
      { prompt: 'a red ball', draws: { colour: 'red' } },
    ])
  })

  it('tells apart prompts whose text is the same but whose draws differ', () => {
    const all = listed('__a__ __b__')
    expect(all).toEqual([
      { prompt: 'red red', draws: { a: 'red', b: 'red' } },
      { prompt: 'red red red', draws: { a: 'red', b: 'red red' } },
      { prompt: 'red red red', draws: { a: 'red red', b: 'red' } },
      { prompt: 'red red red red', draws: { a: 'red red', b: 'red red' } },
    ])
  })

  it('joins the draws of a wildcard used twice, in text order, with " + "', () => {
    const all = listed('__colour__ and __colour__')
    expect(all).toHaveLength(9)
    expect(all.find((x) => x.prompt === 'red and blue')!.draws).toEqual({ colour: 'red + blue' })
    expect(all.find((x) => x.prompt === 'green and green')!.draws).toEqual({ colour: 'green + green' })
    // Each pick of `{2$$__colour__}` is a draw of the wildcard.
    expect(listed('{2$$__colour__}')[0]).toEqual({ prompt: 'blue,green', draws: { colour: 'blue + green' } })
    expect(listed('{__colour__}')[0]).toEqual({ prompt: 'blue', draws: { colour: 'blue' } })
  })

  it('records a wildcard and the wildcards inside its value', () => {
    expect(listed('a __shade__ cat')).toEqual([
      { prompt: 'a blue ish cat', draws: { shade: 'blue ish', colour: 'blue' } },
      { prompt: 'a green ish cat', draws: { shade: 'green ish', colour: 'green' } },
      { prompt: 'a red ish cat', draws: { shade: 'red ish', colour: 'red' } },
    ])
    expect(listed('__colour__, __shade__').find((x) => x.prompt === 'red, blue ish')!.draws).toEqual({ colour: 'red + blue', shade: 'blue ish' })
  })

  it('names a glob, a lookup-anywhere or a YAML path as the template writes it', () => {
    expect(listed('__colors/*__').map((x) => x.draws)).toEqual([{ 'colors/*': 'blue' }, { 'colors/*': 'orange' }, { 'colors/*': 'red' }, { 'colors/*': 'teal' }])
    expect(listed('a __dog__')).toEqual([{ prompt: 'a pug', draws: { dog: 'pug' } }])
    // A weighted YAML entry is listed once per whole weight, each time a draw of its text.
    expect(listed('__hair__ hair')).toEqual([
      { prompt: 'black hair', draws: { hair: 'black' } },
      { prompt: 'black hair', draws: { hair: 'black' } },
      { prompt: 'blond hair', draws: { hair: 'blond' } },
    ])
  })

  it('records draws in the general interpreter too (variables, wraps, samplers, built names)', () => {
    // An immediate variable is one draw, recorded once however often it is used.
    expect(listed('${c=!__colour__}${c} and ${c}')).toEqual([{ prompt: 'blue and blue', draws: { colour: 'blue' } }])
    // A plain variable is re-evaluated at each use: each use is a draw.
    expect(listed('${c=__colour__}${c} and ${c}').find((x) => x.prompt === 'red and green')!.draws).toEqual({ colour: 'red + green' })
    expect(listed('%{__frames__$$__colour__}')[0]).toEqual({ prompt: '(blue:1.2)', draws: { frames: '(...:1.2)', colour: 'blue' } })
    expect(listed('__@colour__ {x|y}')).toEqual([
      { prompt: 'blue x', draws: { colour: 'blue' } },
      { prompt: 'green y', draws: { colour: 'green' } },
    ])
    // A built name is recorded as built (a listing builds it from the first option).
    expect(listed('__{colour|a}__').map((x) => x.draws)).toEqual([{ colour: 'blue' }, { colour: 'green' }, { colour: 'red' }])
    expect(listed('${k=a} __${k}__ __b__').map((x) => x.draws)).toEqual([{ a: 'red', b: 'red' }, { a: 'red', b: 'red red' }, { a: 'red red', b: 'red' }, { a: 'red red', b: 'red red' }])
  })

  it('records nothing for a template without wildcards', () => {
    expect(listed('{a|b} cat')).toEqual([{ prompt: 'a cat', draws: {} }, { prompt: 'b cat', draws: {} }])
  })
})

describe('wildcard draws, random', () => {
  it('records the value actually drawn into each prompt, even where the text is ambiguous', () => {
    const all = drawnAtRandom('__a__ __b__', 200, 5)
    for (const { prompt, draws } of all) expect(`${draws.a} ${draws.b}`).toBe(prompt)
    // Both readings of `red red red` occur, each recorded as drawn.
    const ambiguous = all.filter((x) => x.prompt === 'red red red').map((x) => `${x.draws.a}|${x.draws.b}`)
    expect(new Set(ambiguous)).toEqual(new Set(['red|red red', 'red red|red']))
  })

  it('records nested, repeated and variable draws', () => {
    for (const { prompt, draws } of drawnAtRandom('__shade__ __colour__', 50, 9)) {
      expect(prompt).toBe(`${draws.shade} ${draws.colour!.split(' + ')[1]}`)
      expect(draws.shade).toBe(`${draws.colour!.split(' + ')[0]} ish`)
    }
    for (const { prompt, draws } of drawnAtRandom('${c=!__colour__}${c}-${c}', 20, 2)) expect(prompt).toBe(`${draws.colour}-${draws.colour}`)
    for (const { prompt, draws } of drawnAtRandom('{2$$ and $$__colour__}', 20, 3)) expect(prompt).toBe(draws.colour!.replace(' + ', ' and '))
  })

  it('draws the same prompts as expandRandom for the same seed', () => {
    const text = '{x|y} __shade__ {2$$__colour__} __a__ ${v=!__b__}${v}'
    const plain = expandRandom(text, { wildcards: library, count: 30, rng: createRng(77) })
    expect(plain.ok && drawnAtRandom(text, 30, 77).map((x) => x.prompt)).toEqual(plain.ok && plain.prompts)
  })
})

describe('recording draws changes no prompt', () => {
  const templates = [
    'a __colour__ ball', '__a__ __b__', '{2$$__colour__} {x|y}', '__shade__, {__colour__|plain}', '${c=!__colour__}${c} ${c}',
    '%{__frames__$$__colour__}', '__@colour__ {x|y|z}', '{~__colour__} {x|y}', '__colors/*__ __hair__', '{1-2$$__a__|__b__|c}',
  ]
  it.each(templates)('%s', (text) => {
    const plain = expandCombinatorial(text, { wildcards: library, limit: 500 })
    const recorded = expandCombinatorialWithDraws(text, { wildcards: library, limit: 500 })
    expect(plain.ok && recorded.ok && recorded.prompts).toEqual(plain.ok && plain.prompts)
    const random = expandRandom(text, { wildcards: library, count: 20, rng: createRng(4) })
    expect(drawnAtRandom(text, 20, 4).map((x) => x.prompt)).toEqual(random.ok && random.prompts)
  })
})

describe('fuzz: recording draws changes no prompt and no error', () => {
  const alphabet = ['{', '}', '|', '{2$$', '{~', '{@', '__a__', '__b__', '__ab__', '__@a__', '__~b__', '${v=', '${v=!', '${v}', '%{', '...', '$$', '_', 'x', ' ', '#', '\n']
  const wildcards = createWildcardLibrary({ a: 'x\n{y|__b__}', b: 'b b\nb', ab: '__a__ __b__' })
  it('gives the same outcome with and without draws, in both modes', () => {
    const rng = createRng(20260417)
    let withDraws = 0
    for (let i = 0; i < 3000; i++) {
      let text = ''
      for (let j = rng.int(12); j > 0; j--) text += alphabet[rng.int(alphabet.length)]
      const where = `for ${JSON.stringify(text)}`
      const plain = expandCombinatorial(text, { wildcards, limit: 100 })
      const recorded = expandCombinatorialWithDraws(text, { wildcards, limit: 100 })
      expect(recorded.ok ? recorded.prompts : recorded.error, where).toEqual(plain.ok ? plain.prompts : plain.error)
      const random = expandRandom(text, { wildcards, count: 4, rng: createRng(i) })
      const randomRecorded = expandRandomWithDraws(text, { wildcards, count: 4, rng: createRng(i) })
      expect(randomRecorded.ok ? randomRecorded.prompts : randomRecorded.error, where).toEqual(random.ok ? random.prompts : random.error)
      if (recorded.ok) {
        for (const d of recorded.draws) for (const name of Object.keys(d)) expect(['a', 'b', 'ab'], where).toContain(name)
        if (recorded.draws.some((d) => Object.keys(d).length > 0)) withDraws++
      }
    }
    // The generator must reach templates that draw, or the loop proves little.
    expect(withDraws).toBeGreaterThan(200)
  })
})
