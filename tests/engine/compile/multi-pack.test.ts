/**
 * Several packs in one pack node (graph version 3) and prompts inputs that take many wires:
 * every row keeps its own pack's id, row index and bound config (merge layer 4); wires into one
 * input concatenate in edge order, which `order` on the edges changes; all of it deterministic.
 */
import { describe, expect, it } from 'vitest'
import { compile, contentHash } from '../../../engine/compile/compile.ts'
import { parseGraph } from '../../../engine/graph/migrations.ts'
import { context, edge, graph, node, pack, packParams, packsParams, randomizerParams } from './fixtures.ts'

const packs = {
  people: pack('people', 'a woman\n\na man\n\na child\n', { pack_data: { name: 'People' }, preset_data: { txt2img: { width: 512, height: 768, cfg_scale: 5, model: 'people.safetensors' } } }),
  land: pack('land', 'a lake\n\na hill\n', { pack_data: { name: 'Land' }, preset_data: { txt2img: { width: 1024, height: 576, cfg_scale: 8, model: 'land.safetensors' } } }),
  plain: pack('plain', 'a cup\n'),
}
const ctx = context({ packs })
const stage = (job: { plan: { stages: { config: { values: unknown; provenance: Record<string, string> } }[] } }) => {
  const c = job.plan.stages[0]!.config
  const v = c.values as Record<string, unknown>
  return { width: v.width, height: v.height, cfg: v.cfg_scale, model: v.model, from: c.provenance.width }
}

describe('a pack node over several packs', () => {
  it('gives each row its own pack id, row index and bound config, with provenance naming that pack', () => {
    const g = graph([node('p', 'pack', packsParams(['people', [2, 0]], ['land'], ['plain'])), node('t', 'txt2img')], [edge('p', 't')])
    const { run, errors } = compile(g, ctx)
    expect(errors).toEqual([])
    expect(run!.jobs.map((j) => [j.packId, j.rowIndex, j.prompt])).toEqual([
      ['people', 2, 'a child'], ['people', 0, 'a woman'], ['land', 0, 'a lake'], ['land', 1, 'a hill'], ['plain', 0, 'a cup'],
    ])
    expect(run!.jobs.map(stage)).toEqual([
      { width: 512, height: 768, cfg: 5, model: 'people.safetensors', from: 'pack:people' },
      { width: 512, height: 768, cfg: 5, model: 'people.safetensors', from: 'pack:people' },
      { width: 1024, height: 576, cfg: 8, model: 'land.safetensors', from: 'pack:land' },
      { width: 1024, height: 576, cfg: 8, model: 'land.safetensors', from: 'pack:land' },
      { width: 512, height: 512, cfg: 7, model: expect.anything(), from: 'default' },
    ])
    expect(new Set(run!.jobs.map((j) => j.jobId)).size).toBe(5)
  })

  it('the same row of two packs makes two jobs with different ids', () => {
    const g = graph([node('p', 'pack', packsParams(['people', [0]], ['land', [0]])), node('t', 'txt2img')], [edge('p', 't')])
    const jobs = compile(g, ctx).run!.jobs
    expect(jobs.map((j) => j.rowIndex)).toEqual([0, 0])
    expect(jobs[0]!.jobId).not.toBe(jobs[1]!.jobId)
  })

  it('names the exact pack entry that is wrong: none chosen, unknown, chosen twice, row past the end', () => {
    const none = compile(graph([node('p', 'pack', { packs: [] }), node('t', 'txt2img')], [edge('p', 't')]), ctx)
    expect(none.errors.map((e) => [e.code, e.field])).toEqual([['unknown-pack', 'packs']])
    const g = graph([node('p', 'pack', packsParams(['land'], ['nope'], ['land', [0]], ['people', [9]])), node('t', 'txt2img')], [edge('p', 't')])
    const { errors, run } = compile(g, ctx)
    expect(errors.map((e) => [e.code, e.field, e.message])).toEqual([
      ['unknown-pack', 'packs.1.packId', 'Prompt pack "p": there is no prompt pack "nope" in the library.'],
      ['pack-problem', 'packs.2.packId', 'Prompt pack "p": pack "land" is chosen twice; choose its rows once.'],
      ['pack-problem', 'packs.3.rows.0', 'Prompt pack "p": pack "people" has 3 rows; there is no row 10.'],
    ])
    expect(run!.jobs.map((j) => j.packId)).toEqual(['land', 'land'])
  })

  it('a randomizer sweep over rows of several packs keeps each pack\'s other bound values', () => {
    const g = graph([
      node('p', 'pack', packsParams(['people', [0]], ['land', [0]])),
      node('r', 'randomizer', randomizerParams({ sweeps: [{ path: 'txt2img.cfg_scale', values: [3, 4] }] })),
      node('t', 'txt2img'),
    ], [edge('p', 'r'), edge('r', 't')])
    const jobs = compile(g, ctx).run!.jobs
    expect(jobs.map((j) => [j.packId, stage(j).cfg, stage(j).width])).toEqual([['people', 3, 512], ['people', 4, 512], ['land', 3, 1024], ['land', 4, 1024]])
  })
})

describe('an old single-pack graph (version 2)', () => {
  it('loads as the same single pack and runs the same jobs as its version-3 form', () => {
    const old = { ...graph([node('p', 'pack', { packId: 'people', rows: [1] }), node('t', 'txt2img')], [edge('p', 't')]), version: 2 }
    const parsed = parseGraph(old)
    expect(parsed.ok && parsed.graph.nodes[0]!.params).toEqual({ packs: [{ packId: 'people', rows: [1] }] })
    expect(parsed.ok && parsed.graph.version).toBe(3)
    const now = graph([node('p', 'pack', packParams('people', [1])), node('t', 'txt2img')], [edge('p', 't')])
    expect(compile(old, ctx).run!.jobs).toEqual(compile(now, ctx).run!.jobs)
  })

  it('an unchosen pack becomes an empty list, and other kinds are left alone', () => {
    const old = { ...graph([node('p', 'pack', { packId: '', rows: [] }), node('x', 'preset', { presetId: 'packId' })], []), version: 2 }
    const parsed = parseGraph(old)
    expect(parsed.ok && parsed.graph.nodes.map((n) => n.params)).toEqual([{ packs: [] }, { presetId: 'packId' }])
  })
})

describe('prompts inputs with many wires', () => {
  const nodes = [node('a', 'pack', packParams('people', [0])), node('b', 'pack', packParams('land', [1])), node('t', 'txt2img')]

  it('concatenate entries in edge order, and `order` on the edges changes it', () => {
    const ab = compile(graph(nodes, [edge('a', 't'), edge('b', 't')]), ctx)
    expect(ab.errors).toEqual([])
    expect(ab.run!.jobs.map((j) => j.prompt)).toEqual(['a woman', 'a hill'])
    const [ea, eb] = [edge('a', 't'), edge('b', 't')]
    const ba = compile(graph(nodes, [{ ...ea, order: 1 }, { ...eb, order: 0 }]), ctx)
    expect(ba.run!.jobs.map((j) => j.prompt)).toEqual(['a hill', 'a woman'])
    // The order is graph content: it is in the hash (so a saved reorder is a change that runs).
    expect(ba.run!.graphHash).not.toBe(ab.run!.graphHash)
  })

  it('edges without an order follow those with one', () => {
    const c = node('c', 'pack', packParams('plain'))
    const [ea, eb, ec] = [edge('a', 't'), edge('b', 't'), edge('c', 't')]
    const r = compile(graph([...nodes, c], [ea, eb, { ...ec, order: 0 }]), ctx)
    expect(r.run!.jobs.map((j) => j.packId)).toEqual(['plain', 'people', 'land'])
  })

  it('work on a randomizer input, keeping each row\'s pack', () => {
    const r = compile(graph([...nodes, node('r', 'randomizer', randomizerParams())], [edge('b', 'r'), edge('a', 'r'), edge('r', 't')]), ctx)
    expect(r.errors).toEqual([])
    expect(r.run!.jobs.map((j) => [j.packId, stage(j).width])).toEqual([['land', 1024], ['people', 512]])
  })

  it('are deterministic: the same graph and seed give the same run', () => {
    const g = graph([...nodes, node('r', 'randomizer', randomizerParams({ mode: 'random', maxVariants: 2 }))], [edge('a', 'r'), edge('b', 'r'), edge('r', 't')])
    expect(compile(g, ctx).run).toEqual(compile(structuredClone(g), ctx).run)
  })

  it('a graph without `order` keeps its content hash', () => {
    const g = graph(nodes, [edge('a', 't')])
    const parsed = parseGraph(g)
    expect(parsed.ok && contentHash(parsed.graph)).toBe(contentHash(g))
  })
})
