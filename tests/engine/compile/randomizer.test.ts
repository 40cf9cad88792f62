import { describe, expect, it } from 'vitest'
import { compile } from '../../../engine/compile/compile.ts'
import { MAX_SEED } from '../../../engine/util/rng.ts'
import { context, edge, graph, node, pack, packParams, randomizerParams } from './fixtures.ts'

const matrixPack = pack('m', 'a [[animal]] at [[time]]\n\nthe [[Animal]] sleeps\n', {
  pack_data: { name: 'M', matrix: { enabled: true, mode: 'fanout', limit: 8, slots: [{ name: 'animal', values: ['cat', 'owl'] }, { name: 'time', values: ['dawn', 'dusk', 'noon'] }] } },
})
const wildcardFiles = { colours: 'red\ngreen\nblue\n' }
const ctx = context({ packs: { m: matrixPack, w: pack('w', 'a {big|small} __colours__ ball\n'), one: pack('one', 'a vase\n') }, wildcardFiles })

const run = (packId: string, params: Record<string, unknown>, txt: Record<string, unknown> = {}) => {
  const g = graph([node('p', 'pack', packParams(packId)), node('r', 'randomizer', randomizerParams(params)), node('t', 'txt2img', txt)], [edge('p', 'r'), edge('r', 't')])
  const result = compile(g, ctx)
  expect(result.errors).toEqual([])
  return result.run!
}

describe('randomizer modes', () => {
  it('combinatorial: expands the [[slot]] matrix with the last slot varying fastest, slot names normalised', () => {
    const r = run('m', {})
    expect(r.jobs.map((j) => j.prompt)).toEqual([
      'a cat at dawn', 'a cat at dusk', 'a cat at noon', 'a owl at dawn', 'a owl at dusk', 'a owl at noon',
      'the cat sleeps', 'the owl sleeps',
    ])
    expect(r.jobs[4]!.randomizerSummary.slots).toEqual({ animal: 'owl', time: 'dusk' })
    expect(r.jobs.map((j) => `${j.variantIndex}/${j.variantTotal}`).slice(5)).toEqual(['5/6', '0/2', '1/2'])
  })

  it('combinatorial: Dynamic Prompts variants and sorted wildcard values, in the library order', () => {
    expect(run('w', {}).jobs.map((j) => j.prompt)).toEqual([
      'a big blue ball', 'a big green ball', 'a big red ball', 'a small blue ball', 'a small green ball', 'a small red ball',
    ])
  })

  it('caps each row at maxVariants and says so', () => {
    const g = graph([node('p', 'pack', packParams('w')), node('r', 'randomizer', randomizerParams({ maxVariants: 4 })), node('t', 'txt2img')], [edge('p', 'r'), edge('r', 't')])
    const { run: r, warnings } = compile(g, ctx)
    expect(r!.jobs.map((j) => j.prompt)).toEqual(['a big blue ball', 'a big green ball', 'a big red ball', 'a small blue ball'])
    expect(warnings.map((w) => w.code)).toEqual(['variants-capped'])
  })

  it('multiplies prompt variants by config sweeps, sweeps varying fastest', () => {
    const r = run('w', { maxVariants: 4, sweeps: [{ path: 'txt2img.steps', values: [10, 30] }] })
    expect(r.jobs.map((j) => `${j.prompt}@${j.plan.stages[0]!.config.values.steps}`)).toEqual([
      'a big blue ball@10', 'a big blue ball@30', 'a big green ball@10', 'a big green ball@30',
    ])
    expect(r.jobs[1]!.plan.stages[0]!.config.provenance.steps).toBe('sweep:r')
    expect(r.jobs[1]!.randomizerSummary.sweeps).toEqual({ 'txt2img.steps': 30 })
  })

  it('random: the same draw seed gives the same variants, another seed others', () => {
    const a = run('w', { mode: 'random', maxVariants: 12, drawSeed: 5 }).jobs.map((j) => j.prompt)
    const b = run('w', { mode: 'random', maxVariants: 12, drawSeed: 5 }).jobs.map((j) => j.prompt)
    const c = run('w', { mode: 'random', maxVariants: 12, drawSeed: 6 }).jobs.map((j) => j.prompt)
    expect(a).toHaveLength(12)
    expect(a).toEqual(b)
    expect(a).not.toEqual(c)
    for (const p of a) expect(p).toMatch(/^a (big|small) (red|green|blue) ball$/)
  })

  it('rotate: each row takes the next combination in turn', () => {
    const three = pack('three', 'a {x|y} one\n\na {x|y} two\n\na {x|y} three\n')
    const g = graph([node('p', 'pack', packParams('three')), node('r', 'randomizer', randomizerParams({ mode: 'rotate' })), node('t', 'txt2img')], [edge('p', 'r'), edge('r', 't')])
    const { run: r } = compile(g, context({ packs: { three } }))
    expect(r!.jobs.map((j) => j.prompt)).toEqual(['a x one', 'a y two', 'a x three'])
  })

  it('refuses [[slot]] rows when the matrix is switched off', () => {
    const g = graph([node('p', 'pack', packParams('m')), node('r', 'randomizer', randomizerParams({ useMatrix: false })), node('t', 'txt2img')], [edge('p', 'r'), edge('r', 't')])
    const { errors } = compile(g, ctx)
    expect(errors.map((e) => [e.code, e.field])).toEqual([['unexpanded-prompt', 'useMatrix'], ['unexpanded-prompt', 'useMatrix']])
  })

  it('chains two randomizers: the second sweeps every variant of the first', () => {
    const g = graph([
      node('p', 'pack', packParams('w')),
      node('r1', 'randomizer', randomizerParams({ maxVariants: 2 })),
      node('r2', 'randomizer', randomizerParams({ sweeps: [{ path: 'txt2img.cfg_scale', values: [4, 8] }] })),
      node('t', 'txt2img'),
    ], [edge('p', 'r1'), edge('r1', 'r2'), edge('r2', 't')])
    const { run: r, errors } = compile(g, ctx)
    expect(errors).toEqual([])
    expect(r!.jobs.map((j) => `${j.prompt}@${j.plan.stages[0]!.config.values.cfg_scale}`)).toEqual([
      'a big blue ball@4', 'a big blue ball@8', 'a big green ball@4', 'a big green ball@8',
    ])
    expect(r!.jobs[0]!.randomizerSummary.nodes).toEqual(['r1', 'r2'])
  })
})

describe('sweeps against node values', () => {
  it('warns when the node itself sets a swept field, since the node layer wins', () => {
    const g = graph([node('p', 'pack', packParams('one')), node('r', 'randomizer', randomizerParams({ sweeps: [{ path: 'txt2img.steps', values: [10, 20] }] })), node('t', 'txt2img', { steps: 25 })], [edge('p', 'r'), edge('r', 't')])
    const { run, warnings } = compile(g, ctx)
    expect(run!.jobs.map((j) => j.plan.stages[0]!.config.values.steps)).toEqual([25, 25])
    expect(warnings).toEqual([{ code: 'sweep-overridden', nodeId: 't', field: 'steps', message: 'The sweep of txt2img.steps has no effect on "txt2img": steps is set on the node, which overrides sweeps. Clear it on the node to sweep it.' }])
  })
})

describe('seeds are concrete at compile time', () => {
  it('fixed: every variant starts on the base seed; batch runs continue after the batch', () => {
    const r = run('w', { maxVariants: 3, seedMode: 'fixed', baseSeed: 100 }, { batch_runs: 2, batch_size: 4 })
    expect(r.jobs.map((j) => j.seed)).toEqual([100, 104, 100, 104, 100, 104])
  })

  it('increment: each image of the row gets its own consecutive seed', () => {
    const r = run('w', { maxVariants: 3, seedMode: 'increment', baseSeed: 100 }, { batch_runs: 2, batch_size: 4 })
    expect(r.jobs.map((j) => j.seed)).toEqual([100, 104, 108, 112, 116, 120])
  })

  it('fixed/increment fall back to the txt2img seed, then to one seed drawn per run', () => {
    expect(run('w', { maxVariants: 2, seedMode: 'increment' }, { seed: 50 }).jobs.map((j) => j.seed)).toEqual([50, 51])
    const drawn = run('w', { maxVariants: 3, seedMode: 'fixed' }).jobs.map((j) => j.seed)
    expect(new Set(drawn).size).toBe(1)
    expect(drawn[0]).toBeGreaterThanOrEqual(0)
    expect(drawn[0]).toBeLessThan(MAX_SEED)
  })

  it('random: every job draws its own seed, the same on every compile with the same run seed', () => {
    const a = run('w', { seedMode: 'random' }).jobs.map((j) => j.seed)
    expect(new Set(a).size).toBe(a.length)
    expect(run('w', { seedMode: 'random' }).jobs.map((j) => j.seed)).toEqual(a)
  })

  it('without a randomizer: a set seed is used (plus the batch offset); -1 draws one per job', () => {
    const g = (seed: number) => graph([node('p', 'pack', packParams('one')), node('t', 'txt2img', { seed, batch_runs: 3, batch_size: 2 })], [edge('p', 't')])
    expect(compile(g(7), ctx).run!.jobs.map((j) => j.seed)).toEqual([7, 9, 11])
    const drawn = compile(g(-1), ctx).run!.jobs.map((j) => j.seed)
    expect(new Set(drawn).size).toBe(3)
    expect(drawn.every((s) => s >= 0 && s < MAX_SEED)).toBe(true)
  })

  it('wraps seeds past the top of the range instead of sending an invalid one', () => {
    const r = run('w', { maxVariants: 2, seedMode: 'increment', baseSeed: MAX_SEED - 1 })
    expect(r.jobs.map((j) => j.seed)).toEqual([MAX_SEED - 1, 0])
  })
})
