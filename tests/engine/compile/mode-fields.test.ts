import { describe, expect, it } from 'vitest'
import { compile } from '../../../engine/compile/compile.ts'
import { context, edge, graph, node, preset } from './fixtures.ts'

const img = (a: string, b: string) => edge(`${a}.image`, `${b}.image`)

describe('fields of the upscale mode not selected', () => {
  it('are named in a compile warning when set on the node or a wired preset, not when left to defaults', () => {
    const presets = { up: preset('up', { upscale: { codeformer_weight: 0.9 } }) }
    const g = graph([
      node('t', 'txt2img', { prompt: 'a' }),
      node('single', 'upscale', { mode: 'single', steps: 30, denoising_strength: 0.5 }),
      node('re', 'upscale', { mode: 'img2img', gfpgan_visibility: 1 }),
      node('pre', 'preset', { presetId: 'up' }),
      node('plain', 'upscale', { mode: 'single' }),
    ], [img('t', 'single'), img('t', 're'), edge('pre', 're', 'config', 'config'), img('t', 'plain')])
    const { errors, warnings } = compile(g, context({ presets }))
    expect(errors).toEqual([])
    const notSent = warnings.filter((w) => w.code === 'field-not-sent').map((w) => [w.nodeId, w.field])
    expect(notSent).toEqual([['single', 'denoising_strength'], ['single', 'steps'], ['re', 'gfpgan_visibility'], ['re', 'codeformer_weight']])
    expect(warnings.find((w) => w.field === 'codeformer_weight')!.message).toContain('preset:up')
  })
})
