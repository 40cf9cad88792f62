import { describe, expect, it } from 'vitest'
import { compile } from '../../../engine/compile/compile.ts'
import type { GraphError } from '../../../engine/compile/spec.ts'
import { context, edge, graph, node, pack, packParams, preset, randomizerParams } from './fixtures.ts'

const packs = {
  p: pack('p', 'a cat\n\na dog\n'),
  slots: pack('slots', 'a [[animal]] in a field\n', { pack_data: { name: 'S', matrix: { enabled: true, mode: 'fanout', limit: 8, slots: [{ name: 'animal', values: ['cat', 'dog'] }] } } }),
  braces: pack('braces', 'a {red|blue} ball\n'),
}
const ctx = context({ packs, presets: { people: preset('people', {}) } })
const errorsOf = (g: ReturnType<typeof graph>): GraphError[] => compile(g, ctx).errors
const simple = (extra: Parameters<typeof graph>[0] = [], extraEdges: Parameters<typeof graph>[1] = []) =>
  graph([node('p', 'pack', packParams('p')), node('t', 'txt2img'), ...extra], [edge('p', 't'), ...extraEdges])

describe('validation returns every problem at once, each with where and a readable sentence', () => {
  it('rejects input that is not a graph, naming the field', () => {
    const { run, errors } = compile({ version: 1, id: 'x', nodes: 'no' }, ctx)
    expect(run).toBeNull()
    expect(errors.map((e) => e.field)).toEqual(expect.arrayContaining(['name', 'nodes', 'edges']))
    expect(errors.find((e) => e.field === 'nodes')!.message).toBe('nodes: must be an array')
  })

  it('reports an unknown kind', () => {
    expect(errorsOf(simple([node('x', 'sharpen')]))).toEqual([{ code: 'unknown-kind', nodeId: 'x', message: 'Node "x" has an unknown kind "sharpen".' }])
  })

  it('reports out-of-range and wrongly typed params with the field path', () => {
    const errors = errorsOf(graph([node('p', 'pack', packParams('p')), node('t', 'txt2img', { steps: 500, width: 513, hires: { scale: 'big' } })], [edge('p', 't')]))
    expect(errors.map((e) => [e.code, e.nodeId, e.field, e.message])).toEqual([
      ['invalid-params', 't', 'steps', 'txt2img "t": steps must be at most 150.'],
      ['invalid-params', 't', 'width', 'txt2img "t": width must be a multiple of 8.'],
      ['invalid-params', 't', 'hires.scale', 'txt2img "t": hires.scale must be a number.'],
    ])
  })

  it('reports unknown param fields instead of ignoring them', () => {
    const errors = errorsOf(simple([node('u', 'upscale', { factr: 2 })], [edge('t', 'u', 'image', 'image')]))
    expect(errors).toEqual([{ code: 'invalid-params', nodeId: 'u', field: '', message: 'Upscale "u": params unknown field "factr".' }])
  })

  it('reports a dangling edge', () => {
    const errors = errorsOf(simple([], [{ id: 'bad', source: 't', sourcePort: 'image', target: 'ghost', targetPort: 'image' }]))
    expect(errors).toEqual([{ code: 'dangling-edge', edgeId: 'bad', nodeId: 't', message: 'Edge "bad" points to node "ghost", which does not exist.' }])
  })

  it('reports an unknown port', () => {
    const errors = errorsOf(simple([node('u', 'upscale')], [edge('t', 'u', 'image', 'mask')]))
    expect(errors[0]).toEqual({ code: 'unknown-port', edgeId: expect.any(String), nodeId: 'u', port: 'mask', message: 'Upscale has no input named "mask".' })
  })

  it('reports a type mismatch', () => {
    const errors = errorsOf(simple([node('pre', 'preset', { presetId: 'people' })], [edge('pre', 't', 'config', 'prompts')]))
    expect(errors.find((e) => e.code === 'type-mismatch')).toEqual({
      code: 'type-mismatch', edgeId: expect.any(String), nodeId: 't', port: 'prompts',
      message: 'Cannot connect Preset\'s config output to txt2img\'s prompts input "Prompts".',
    })
  })

  it('reports a second edge into a single input', () => {
    const errors = errorsOf(simple([node('t2', 'txt2img'), node('i', 'img2img')], [edge('p', 't2'), edge('t', 'i', 'image', 'image'), edge('t2', 'i', 'image', 'image')]))
    expect(errors).toEqual([{ code: 'too-many-edges', edgeId: expect.any(String), nodeId: 'i', port: 'image', message: 'img2img "i" takes one connection on "Image", but has several.' }])
  })

  it('reports a cycle on every node in it', () => {
    const g = graph([
      node('p', 'pack', packParams('p')), node('t', 'txt2img'), node('a', 'img2img'), node('b', 'img2img'),
    ], [edge('p', 't'), edge('a', 'b', 'image', 'image'), edge('b', 'a', 'image', 'image')])
    const cycle = errorsOf(g).filter((e) => e.code === 'cycle')
    expect(cycle.map((e) => e.nodeId).sort()).toEqual(['a', 'b'])
    expect(cycle[0]!.message).toMatch(/is part of a cycle; connections must flow one way\.$/)
  })

  it('reports a missing required input', () => {
    const errors = errorsOf(graph([node('t', 'txt2img'), node('u', 'upscale')], []))
    expect(errors.map((e) => [e.code, e.nodeId, e.port, e.message])).toEqual([
      ['missing-input', 't', 'prompts', 'txt2img "t" needs something connected to its "Prompts" input.'],
      ['missing-input', 'u', 'image', 'Upscale "u" needs something connected to its "Image" input.'],
    ])
  })

  it('reports unknown and unchosen packs and presets', () => {
    const g = graph([
      node('p', 'pack', packParams('nope')), node('p2', 'pack', packParams('')), node('t', 'txt2img'), node('t2', 'txt2img'),
      node('pre', 'preset', { presetId: 'ghost' }),
    ], [edge('p', 't'), edge('p2', 't2'), edge('pre', 't', 'config', 'config')])
    expect(errorsOf(g).map((e) => e.message)).toEqual([
      'Prompt pack "p": there is no prompt pack "nope" in the library.',
      'Prompt pack "p2": choose a prompt pack.',
      'Preset "pre": there is no preset "ghost" in the library.',
    ])
  })

  it('reports an empty pack and a row index past the end (never clamped)', () => {
    const c = context({ packs: { ...packs, empty: { ...packs.p, id: 'empty', rows: [] } } })
    const g = graph([node('p', 'pack', packParams('empty')), node('t', 'txt2img'), node('q', 'pack', packParams('p', [0, 5])), node('t2', 'txt2img')], [edge('p', 't'), edge('q', 't2')])
    const { errors, run } = compile(g, c)
    expect(errors.map((e) => [e.code, e.field, e.message])).toEqual([
      ['empty-pack', 'packs.0.packId', 'Prompt pack "p": pack "empty" has no rows.'],
      ['pack-problem', 'packs.0.rows.1', 'Prompt pack "q": pack "p" has 2 rows; there is no row 6.'],
    ])
    expect(run!.jobs.map((j) => j.prompt)).toEqual(['a cat'])
  })

  it('refuses prompts that would leak [[slot]] or {…} syntax to the WebUI', () => {
    const g = graph([
      node('a', 'pack', packParams('slots')), node('t1', 'txt2img'),
      node('b', 'pack', packParams('braces')), node('t2', 'txt2img'),
      node('t3', 'txt2img', { prompt: 'a __colours__ car' }),
    ], [edge('a', 't1'), edge('b', 't2')])
    const { errors, run } = compile(g, ctx)
    expect(errors.map((e) => [e.code, e.nodeId])).toEqual([['unexpanded-prompt', 't1'], ['unexpanded-prompt', 't2'], ['unexpanded-prompt', 't3']])
    expect(errors[0]!.message).toBe('txt2img "t1": row 1 of pack "slots" uses {…}, __wildcard__ or [[slot]] syntax; put a randomizer between the pack and this stage to expand it.')
    expect(run!.jobs).toEqual([])
  })

  it('reports bad templates and unknown wildcards with the position or name', () => {
    const c = context({ packs: { bad: pack('bad', 'a {red|blue ball\n'), wild: pack('wild', 'a __nope__ hat\n') } })
    const g = graph([
      node('a', 'pack', packParams('bad')), node('r', 'randomizer', randomizerParams()), node('t', 'txt2img'),
      node('b', 'pack', packParams('wild')), node('r2', 'randomizer', randomizerParams()), node('t2', 'txt2img'),
    ], [edge('a', 'r'), edge('r', 't'), edge('b', 'r2'), edge('r2', 't2')])
    const errors = compile(g, c).errors
    expect(errors.map((e) => [e.code, e.nodeId])).toEqual([['template', 'r'], ['template', 'r2']])
    expect(errors[0]!.message).toMatch(/^Randomizer "r" \(pack "bad", row 1\): .*position 2/)
    expect(errors[1]!.message).toMatch(/nope/)
  })

  it('reports sweep values the stage would reject, with the value index', () => {
    const g = graph([
      node('p', 'pack', packParams('p')),
      node('r', 'randomizer', randomizerParams({ sweeps: [{ path: 'txt2img.cfg_scale', values: [7, 99] }, { path: 'txt2img.colour', values: ['red'] }] })),
      node('t', 'txt2img'),
    ], [edge('p', 'r'), edge('r', 't')])
    expect(errorsOf(g).map((e) => [e.code, e.field, e.message])).toEqual([
      ['invalid-sweep', 'sweeps.0.values.1', 'Randomizer "r": sweep txt2img.cfg_scale value 99: cfg_scale must be at most 30.'],
      ['invalid-sweep', 'sweeps.1.values.0', 'Randomizer "r": sweep txt2img.colour value "red": unknown field "colour".'],
    ])
  })

  it('says when there is nothing to run', () => {
    expect(errorsOf(graph([node('p', 'pack', packParams('p'))], []))).toEqual([{ code: 'no-stage', message: 'Nothing to run: add a txt2img node (or an img2img that starts from a stored image) and make sure it is not bypassed.' }])
    expect(errorsOf(graph([node('t', 'txt2img', { prompt: 'x' }, { bypassed: true })], []))[0]!.code).toBe('no-stage')
  })

  it('collects problems from all over the graph in one pass', () => {
    const g = graph([
      node('x', 'warp'), node('t', 'txt2img', { steps: 0 }), node('u', 'upscale'), node('pre', 'preset', { presetId: '' }),
    ], [{ id: 'd', source: 'ghost', sourcePort: 'image', target: 'u', targetPort: 'image' }])
    expect(errorsOf(g).map((e) => e.code).sort()).toEqual(['dangling-edge', 'invalid-params', 'missing-input', 'missing-input', 'unknown-kind', 'unknown-preset'])
  })
})
