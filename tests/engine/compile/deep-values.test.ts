/**
 * Graphs reach compile() without the server's depth check too (the CLI reads files, the editor
 * restores graphs from PNGs), so values nested far deeper than the call stack must come back as
 * compile errors naming the field, never as a thrown RangeError.
 */
import { describe, expect, it } from 'vitest'
import { compile } from '../../../engine/compile/compile.ts'
import { context, edge, graph, node, pack, packParams, randomizerParams } from './fixtures.ts'

const deep = (levels: number, wrap: (v: unknown) => unknown): unknown => {
  let v: unknown = 1
  for (let i = 0; i < levels; i++) v = wrap(v)
  return v
}
const LEVELS = 20_000
const ctx = context({ packs: { p: pack('p', 'a cat\n') } })

describe('compile with values nested deeper than the call stack', () => {
  it.each([
    ['an unknown txt2img param', { x: deep(LEVELS, (v) => ({ a: v })) }, {}],
    ['a nested block', { hires: deep(LEVELS, (v) => ({ a: v })) }, {}],
    ['a prompt field', { prompt: deep(LEVELS, (v) => [v]) }, {}],
    ['a randomizer sweep value', {}, { sweeps: [{ path: 'txt2img.cfg_scale', values: [deep(LEVELS, (v) => ({ a: v }))] }] }],
    ['a randomizer sweep of a block', {}, { sweeps: [{ path: 'txt2img.hires', values: [deep(LEVELS, (v) => [v])] }] }],
  ])('reports %s as an error', (_what, txtParams, randomizer) => {
    const g = graph(
      [node('p', 'pack', packParams('p')), node('r', 'randomizer', randomizerParams(randomizer)), node('t', 'txt2img', txtParams)],
      [edge('p', 'r'), edge('r', 't')],
    )
    const result = compile(g, ctx)
    expect(result.errors.length).toBeGreaterThan(0)
    expect(result.errors[0]!.nodeId).toMatch(/^[rt]$/)
  })
})
