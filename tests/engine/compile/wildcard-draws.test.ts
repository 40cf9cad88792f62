/**
 * A job records the value each `__wildcard__` of its main prompt drew (JobSpec.wildcards), as
 * the randomizer's expansion drew it, in combinatorial, rotate and random mode, so insights
 * and compare grids can use `wildcard.<name>` as a field.
 */
import { describe, expect, it } from 'vitest'
import { compile } from '../../../engine/compile/compile.ts'
import { JobSpec } from '../../../engine/compile/spec.ts'
import { jobFields } from '../../../engine/learning/index.ts'
import { context, edge, graph, node, pack, packParams, randomizerParams } from './fixtures.ts'

const wildcardFiles = {
  colours: 'red\ngreen\nblue\n',
  sizes: 'big\nvery big\n',
  // `red red red` reads as red + `red red` or as `red red` + red: only the draw tells.
  a: 'red\nred red\n',
  b: 'red\nred red\n',
}
const ctx = context({
  packs: {
    w: pack('w', 'a {fluffy|smooth} __colours__ ball, __sizes__\n'),
    twice: pack('twice', 'a __colours__ and __colours__ flag\n'),
    ambiguous: pack('ambiguous', '__a__ __b__\n'),
    rows: pack('rows', 'a __colours__ ball\n\none __colours__ ball\n\nthe __colours__ ball\n'),
    plain: pack('plain', 'a vase\n'),
  },
  wildcardFiles,
})

const run = (packId: string, params: Record<string, unknown>, txt2img: Record<string, unknown> = {}) => {
  const g = graph([node('p', 'pack', packParams(packId)), node('r', 'randomizer', randomizerParams(params)), node('t', 'txt2img', txt2img)], [edge('p', 'r'), edge('r', 't')])
  const result = compile(g, ctx)
  expect(result.errors).toEqual([])
  return result.run!.jobs
}

describe('wildcard draws on a job', () => {
  it('combinatorial: each job records the value of each wildcard it drew', () => {
    const jobs = run('w', {})
    expect(jobs).toHaveLength(12)
    expect(jobs.map((j) => [j.prompt, j.wildcards])).toEqual([
      ['a fluffy blue ball, big', { colours: 'blue', sizes: 'big' }],
      ['a fluffy blue ball, very big', { colours: 'blue', sizes: 'very big' }],
      ['a fluffy green ball, big', { colours: 'green', sizes: 'big' }],
      ['a fluffy green ball, very big', { colours: 'green', sizes: 'very big' }],
      ['a fluffy red ball, big', { colours: 'red', sizes: 'big' }],
      ['a fluffy red ball, very big', { colours: 'red', sizes: 'very big' }],
      ['a smooth blue ball, big', { colours: 'blue', sizes: 'big' }],
      ['a smooth blue ball, very big', { colours: 'blue', sizes: 'very big' }],
      ['a smooth green ball, big', { colours: 'green', sizes: 'big' }],
      ['a smooth green ball, very big', { colours: 'green', sizes: 'very big' }],
      ['a smooth red ball, big', { colours: 'red', sizes: 'big' }],
      ['a smooth red ball, very big', { colours: 'red', sizes: 'very big' }],
    ])
  })

  it('records the draw itself where the prompt text is ambiguous', () => {
    const jobs = run('ambiguous', {})
    expect(jobs.map((j) => [j.prompt, j.wildcards])).toEqual([
      ['red red', { a: 'red', b: 'red' }],
      ['red red red', { a: 'red', b: 'red red' }],
      ['red red red', { a: 'red red', b: 'red' }],
      ['red red red red', { a: 'red red', b: 'red red' }],
    ])
    const random = run('ambiguous', { mode: 'random', maxVariants: 40 })
    for (const j of random) expect(`${j.wildcards!.a} ${j.wildcards!.b}`).toBe(j.prompt)
    expect(new Set(random.filter((j) => j.prompt === 'red red red').map((j) => j.wildcards!.a))).toEqual(new Set(['red', 'red red']))
  })

  it('random: the draws are the values in the prompt drawn', () => {
    const jobs = run('w', { mode: 'random', maxVariants: 20 })
    expect(jobs).toHaveLength(20)
    for (const j of jobs) expect(`a ${j.prompt.includes('fluffy') ? 'fluffy' : 'smooth'} ${j.wildcards!.colours} ball, ${j.wildcards!.sizes}`).toBe(j.prompt)
    expect(new Set(jobs.map((j) => j.wildcards!.colours)).size).toBeGreaterThan(1)
  })

  it('rotate: each row records the combination it took', () => {
    const jobs = run('rows', { mode: 'rotate' })
    expect(jobs.map((j) => [j.prompt, j.wildcards])).toEqual([
      ['a blue ball', { colours: 'blue' }],
      ['one green ball', { colours: 'green' }],
      ['the red ball', { colours: 'red' }],
    ])
  })

  it('a wildcard drawn twice records its values in text order, joined with " + "', () => {
    const j = run('twice', {}).find((x) => x.prompt === 'a red and blue flag')!
    expect(j.wildcards).toEqual({ colours: 'red + blue' })
  })

  it('records only the main prompt: a wildcard in the negative prompt is drawn but not recorded', () => {
    const jobs = run('w', {}, { negative_prompt: 'dull __colours__' })
    expect(jobs[0]!.negativePrompt).toMatch(/^dull (red|green|blue)$/)
    expect(jobs[0]!.wildcards).toEqual({ colours: 'blue', sizes: 'big' })
  })

  it('keeps the draws through a second randomizer (which has no wildcard left to draw)', () => {
    const g = graph([
      node('p', 'pack', packParams('w')), node('r', 'randomizer', randomizerParams({})),
      node('r2', 'randomizer', randomizerParams({ sweeps: [{ path: 'txt2img.cfg_scale', values: [5, 7] }] })), node('t', 'txt2img'),
    ], [edge('p', 'r'), edge('r', 'r2'), edge('r2', 't')])
    const result = compile(g, ctx)
    expect(result.errors).toEqual([])
    const jobs = result.run!.jobs
    expect(jobs).toHaveLength(24)
    expect(jobs.slice(0, 2).map((j) => j.wildcards)).toEqual([{ colours: 'blue', sizes: 'big' }, { colours: 'blue', sizes: 'big' }])
  })

  it('no wildcard, no field; older stored jobs without it still parse', () => {
    const [j] = run('plain', {})
    expect(j!.wildcards).toBeUndefined()
    expect(JobSpec.safeParse(j).success).toBe(true)
    const withDraws = run('w', {})[0]!
    expect(JobSpec.safeParse(withDraws).success).toBe(true)
  })

  it('becomes the wildcard.<name> comparable fields', () => {
    const f = jobFields(run('w', {})[1]!)
    expect(f).toMatchObject({ 'wildcard.colours': 'blue', 'wildcard.sizes': 'very big' })
  })
})
