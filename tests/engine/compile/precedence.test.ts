import { describe, expect, it } from 'vitest'
import { compile } from '../../../engine/compile/compile.ts'
import { mergeStageConfig } from '../../../engine/config/merge.ts'
import { TXT2IMG_DEFAULTS } from '../../../engine/config/defaults.ts'
import { context, edge, graph, node, pack, packParams, preset, randomizerParams } from './fixtures.ts'

/**
 * One field per layer, each set by that layer and every layer below it, so the winner is always
 * the highest layer that sets it (DESIGN §3):
 *   1 default < 2 default preset < 3 wired presets (edge order) < 4 pack < 5 sweep < 6 node
 */
describe('config precedence with provenance', () => {
  const presets = {
    base: preset('base', { txt2img: { steps: 21, cfg_scale: 4, sampler_name: 'Euler', width: 640, height: 640, clip_skip: 2 } }),
    first: preset('first', { txt2img: { cfg_scale: 5, sampler_name: 'DDIM', width: 704, height: 704 } }),
    second: preset('second', { txt2img: { sampler_name: 'UniPC', width: 768, height: 768 } }),
  }
  const packs = { p: pack('p', 'a cat\n', { pack_data: { name: 'P' }, preset_data: { txt2img: { width: 832, height: 832 } } }) }
  const g = graph([
    node('p', 'pack', packParams('p')),
    node('r', 'randomizer', randomizerParams({ sweeps: [{ path: 'txt2img.height', values: [896] }] })),
    node('pre1', 'preset', { presetId: 'first' }),
    node('pre2', 'preset', { presetId: 'second' }),
    node('t', 'txt2img', { seed: 7 }),
  ], [edge('p', 'r'), edge('r', 't'), edge('pre1', 't', 'config', 'config'), edge('pre2', 't', 'config', 'config')])

  it('takes each field from the highest layer that sets it and says which layer that was', () => {
    const { run, errors } = compile(g, context({ packs, presets, defaultPresetId: 'base' }))
    expect(errors).toEqual([])
    const config = run!.jobs[0]!.plan.stages[0]!.config
    const table = Object.fromEntries(['batch_size', 'steps', 'clip_skip', 'cfg_scale', 'sampler_name', 'width', 'height', 'seed'].map((k) => [k, [(config.values as Record<string, unknown>)[k], config.provenance[k]]]))
    expect(table).toEqual({
      batch_size: [1, 'default'],
      steps: [21, 'default-preset:base'],
      clip_skip: [2, 'default-preset:base'],
      cfg_scale: [5, 'preset:first'],
      sampler_name: ['UniPC', 'preset:second'],
      width: [832, 'pack:p'],
      height: [896, 'sweep:r'],
      seed: [7, 'node'],
    })
  })

  it('applies wired presets in edge order: the later edge wins', () => {
    const swapped = { ...g, edges: [...g.edges].reverse() }
    const { run } = compile(swapped, context({ packs, presets, defaultPresetId: 'base' }))
    const config = run!.jobs[0]!.plan.stages[0]!.config
    expect([config.values.sampler_name, config.provenance.sampler_name]).toEqual(['DDIM', 'preset:first'])
  })

  it('ignores a bypassed preset', () => {
    const bypassed = { ...g, nodes: g.nodes.map((n) => (n.id === 'pre2' ? { ...n, bypassed: true } : n)) }
    const { run } = compile(bypassed, context({ packs, presets }))
    expect(run!.jobs[0]!.plan.stages[0]!.config.values.sampler_name).toBe('DDIM')
  })
})

describe('nested blocks merge field by field', () => {
  it('keeps lower-layer hires fields a higher layer does not set', () => {
    const r = mergeStageConfig('txt2img', [
      { source: 'preset:a', values: { hires: { enabled: true, scale: 1.5, upscaler: 'R-ESRGAN 4x+' } } },
      { source: 'node', values: { hires: { denoising_strength: 0.3 } } },
    ])
    expect(r.values.hires).toEqual({ ...TXT2IMG_DEFAULTS.hires, enabled: true, scale: 1.5, upscaler: 'R-ESRGAN 4x+', denoising_strength: 0.3 })
    expect([r.provenance['hires.enabled'], r.provenance['hires.scale'], r.provenance['hires.denoising_strength'], r.provenance['hires.resize_x']]).toEqual(['preset:a', 'preset:a', 'node', 'default'])
  })

  it('keeps a block disabled by a higher layer disabled, whatever lower layers set', () => {
    const r = mergeStageConfig('txt2img', [
      { source: 'preset:a', values: { hires: { enabled: true, scale: 2 }, refiner: { enabled: true, checkpoint: 'x' } } },
      { source: 'node', values: { hires: { enabled: false }, refiner: { enabled: false } } },
      { source: 'sweep:late', values: { hires: { scale: 1.25 } } },
    ])
    expect(r.values.hires.enabled).toBe(false)
    expect(r.values.refiner.enabled).toBe(false)
    expect(r.provenance['hires.enabled']).toBe('node')
  })

  it('merges ADetailer passes by index, new passes starting from ADetailer defaults', () => {
    const r = mergeStageConfig('adetailer', [
      { source: 'preset:people', values: { passes: [{ ad_denoising_strength: 0.35 }] } },
      { source: 'node', values: { passes: [{ ad_model: 'face_yolov8s.pt' }, { ad_model: 'hand_yolov8n.pt' }] } },
    ])
    expect(r.values.passes.map((p) => [p.ad_model, p.ad_denoising_strength, p.ad_confidence])).toEqual([
      ['face_yolov8s.pt', 0.35, 0.3], ['hand_yolov8n.pt', 0.4, 0.3],
    ])
    expect([r.provenance['passes.0.ad_model'], r.provenance['passes.0.ad_denoising_strength'], r.provenance['passes.1.ad_model'], r.provenance['passes.1.ad_confidence']])
      .toEqual(['node', 'preset:people', 'node', 'default'])
  })

  it('does not mutate the built-in defaults', () => {
    mergeStageConfig('txt2img', [{ source: 'node', values: { hires: { enabled: true } } }])
    expect(TXT2IMG_DEFAULTS.hires.enabled).toBe(false)
  })
})

describe('shared configs', () => {
  it('shares one frozen plan between jobs whose layers are equal', () => {
    const packs = { p: pack('p', 'a\n\nb\n') }
    const g = graph([node('p', 'pack', packParams('p')), node('t', 'txt2img', { batch_runs: 3 })], [edge('p', 't')])
    const { run } = compile(g, context({ packs }))
    const plans = new Set(run!.jobs.map((j) => j.plan))
    expect(run!.jobs).toHaveLength(6)
    expect(plans.size).toBe(1)
    expect(Object.isFrozen(run!.jobs[0]!.plan.stages[0]!.config.values)).toBe(true)
  })

  it('gives each swept value its own config', () => {
    const packs = { p: pack('p', 'a\n') }
    const g = graph([node('p', 'pack', packParams('p')), node('r', 'randomizer', randomizerParams({ sweeps: [{ path: 'txt2img.cfg_scale', values: [5, 7, 9] }] })), node('t', 'txt2img')], [edge('p', 'r'), edge('r', 't')])
    const { run } = compile(g, context({ packs }))
    expect(run!.jobs.map((j) => j.plan.stages[0]!.config.values.cfg_scale)).toEqual([5, 7, 9])
    expect(new Set(run!.jobs.map((j) => j.plan)).size).toBe(3)
  })
})
