import { describe, expect, it } from 'vitest'
import { compile } from '../../../engine/compile/compile.ts'
import type { JobSpec, StagePlan } from '../../../engine/compile/spec.ts'
import { stageRequest } from '../../../engine/compile/stage-request.ts'
import type { Img2ImgBody } from '../../../engine/payloads/schemas.ts'
import { context, edge, graph, node, preset } from './fixtures.ts'

const img = (e: string) => edge(`${e.split('>')[0]}.image`, `${e.split('>')[1]}.image`)
const IMAGE = { base64: 'x', width: 512, height: 512 }

function compiled(nodes: Parameters<typeof graph>[0], edges: Parameters<typeof graph>[1], ctx = context()): JobSpec {
  const { run, errors } = compile(graph(nodes, edges), ctx)
  expect(errors).toEqual([])
  return run!.jobs[0]!
}
const stage = (job: JobSpec, id: string): StagePlan => job.plan.stages.find((s) => s.stageId === id)!
const body = (job: JobSpec, id: string, index = 0) => stageRequest(job, stage(job, id), index, IMAGE).body as Img2ImgBody
const field = (s: StagePlan, k: string) => [s.config.values[k], s.config.provenance[k]]
const tab = (job: JobSpec, id: string) => (body(job, id).alwayson_scripts!.ADetailer!.args as Record<string, unknown>[])[2]!

const gen = node('t', 'txt2img', { prompt: 'a cat', model: 'dream.safetensors', vae: 'kl.vae.pt', clip_skip: 2, sampler_name: 'DPM++ 2M', scheduler: 'Karras', steps: 33, cfg_scale: 5.5, seed: 100 }, { label: 'Generate' })

describe('re-diffusing stages inherit from the stage that made the image', () => {
  it('ADetailer: the carrier states the generating stage’s sampler, steps, CFG, model, VAE and clip skip', () => {
    const job = compiled([gen, node('ad', 'adetailer', {}, { label: 'Faces' })], [img('t>ad')])
    const ad = stage(job, 'ad')
    expect(field(ad, 'steps')).toEqual([33, 'inherited from Generate'])
    expect(field(ad, 'sampler_name')).toEqual(['DPM++ 2M', 'inherited from Generate'])
    expect(field(ad, 'model')).toEqual(['dream.safetensors', 'inherited from Generate'])
    const b = body(job, 'ad')
    expect([b.sampler_name, b.scheduler, b.steps, b.cfg_scale]).toEqual(['DPM++ 2M', 'Karras', 33, 5.5])
    expect(b.override_settings).toMatchObject({ sd_model_checkpoint: 'dream.safetensors', sd_vae: 'kl.vae.pt', CLIP_stop_at_last_layers: 2 })
    const tab = (b.alwayson_scripts!.ADetailer!.args as unknown[])[2] as Record<string, unknown>
    // Nothing set on the pass: ADetailer uses the main generation's values.
    expect([tab.ad_use_steps, tab.ad_use_cfg_scale, tab.ad_use_sampler, tab.ad_use_clip_skip, tab.ad_use_checkpoint]).toEqual([false, false, false, false, false])
  })

  it('ADetailer: values the node or a preset set become the passes’ ad_use_* overrides; the carrier keeps the image’s', () => {
    const presets = { faces: preset('faces', { adetailer: { passes: [{ ad_cfg_scale: 4 }] } }) }
    const job = compiled(
      [gen, node('pre', 'preset', { presetId: 'faces' }), node('ad', 'adetailer', { steps: 12, passes: [{}, { ad_model: 'hand_yolov8n.pt', ad_use_cfg_scale: false, ad_cfg_scale: 9 }] })],
      [img('t>ad'), edge('pre', 'ad', 'config', 'config')],
      context({ presets }),
    )
    const b = body(job, 'ad')
    expect(b.steps).toBe(33)
    const [, , face, hand] = b.alwayson_scripts!.ADetailer!.args as Record<string, unknown>[]
    expect([face!.ad_use_steps, face!.ad_steps, face!.ad_use_cfg_scale, face!.ad_cfg_scale]).toEqual([true, 12, true, 4])
    // An explicit flag wins over a value set beside it.
    expect([hand!.ad_use_steps, hand!.ad_steps, hand!.ad_use_cfg_scale]).toEqual([true, 12, false])
    expect(stage(job, 'ad').config.provenance['passes.0.ad_use_cfg_scale']).toBe('preset:faces')
  })

  it('ADetailer: built-in defaults do not count as set (the default preset does)', () => {
    const presets = { base: preset('base', { adetailer: { cfg_scale: 3 } }) }
    const job = compiled([gen, node('ad', 'adetailer', {})], [img('t>ad')], context({ presets, defaultPresetId: 'base' }))
    const tab = (body(job, 'ad').alwayson_scripts!.ADetailer!.args as Record<string, unknown>[])[2]!
    expect([tab.ad_use_steps, tab.ad_use_cfg_scale, tab.ad_cfg_scale]).toEqual([false, true, 3])
    expect(stage(job, 'ad').config.provenance['passes.0.ad_use_cfg_scale']).toBe('default-preset:base')
  })

  it('img2img: inherits what it leaves unset, keeps what it sets; its own model does not inherit the VAE', () => {
    const job = compiled([gen, node('i', 'img2img', { steps: 10 }), node('j', 'img2img', { model: 'other.ckpt' })], [img('t>i'), img('i>j')])
    const i = stage(job, 'i')
    expect(field(i, 'steps')).toEqual([10, 'node'])
    expect(field(i, 'cfg_scale')).toEqual([5.5, 'inherited from Generate'])
    expect(field(i, 'clip_skip')).toEqual([2, 'inherited from Generate'])
    const j = stage(job, 'j')
    expect(field(j, 'steps')).toEqual([10, 'inherited from img2img'])
    expect(body(job, 'j').override_settings.sd_model_checkpoint).toBe('other.ckpt')
    expect(body(job, 'j').override_settings.sd_vae).not.toBe('kl.vae.pt')
    expect(body(job, 'i').override_settings).toMatchObject({ sd_model_checkpoint: 'dream.safetensors', sd_vae: 'kl.vae.pt', CLIP_stop_at_last_layers: 2 })
  })

  it('an explicit empty model or scheduler means “the job’s”: it is inherited like an unset one', () => {
    const job = compiled([gen, node('i', 'img2img', { model: '', scheduler: '' }), node('ad', 'adetailer', { scheduler: '' })], [img('t>i'), img('i>ad')])
    expect(field(stage(job, 'i'), 'model')).toEqual(['dream.safetensors', 'inherited from Generate'])
    expect(field(stage(job, 'i'), 'vae')).toEqual(['kl.vae.pt', 'inherited from Generate'])
    expect(field(stage(job, 'i'), 'scheduler')).toEqual(['Karras', 'inherited from Generate'])
    expect(tab(job, 'ad').ad_use_sampler).toBe(false)
  })

  it('upscale img2img mode inherits like img2img; an extras upscale passes its parent’s settings through', () => {
    const job = compiled(
      [gen, node('u', 'upscale', { mode: 'single' }), node('u2', 'upscale', { mode: 'img2img', cfg_scale: 3 }), node('ad', 'adetailer', {})],
      [img('t>u'), img('u>u2'), img('u2>ad')],
    )
    const u2 = body(job, 'u2')
    expect([u2.sampler_name, u2.steps, u2.cfg_scale]).toEqual(['DPM++ 2M', 33, 3])
    expect(stage(job, 'u2').config.provenance.steps).toBe('inherited from Generate')
    expect(u2.override_settings).toMatchObject({ sd_model_checkpoint: 'dream.safetensors', CLIP_stop_at_last_layers: 2 })
    expect(body(job, 'ad').cfg_scale).toBe(3)
    expect(stage(job, 'ad').config.provenance.cfg_scale).toBe(`inherited from ${stage(job, 'u2').label}`)
  })
})

describe('per-image seeds', () => {
  it('image i of a batch has seed + i in every later stage; a stage seed counts from image 0', () => {
    const job = compiled(
      [node('t', 'txt2img', { prompt: 'a', seed: 100, batch_size: 3 }), node('ad', 'adetailer', {}), node('i', 'img2img', { seed: 7 }), node('u', 'upscale', { mode: 'img2img' })],
      [img('t>ad'), img('ad>i'), img('ad>u')],
    )
    expect(stage(job, 'ad').calls).toBe(3)
    for (const id of ['ad', 'u']) expect([0, 1, 2].map((k) => body(job, id, k).seed)).toEqual([100, 101, 102])
    expect([0, 1, 2].map((k) => body(job, 'i', k).seed)).toEqual([7, 8, 9])
    expect((stageRequest(job, stage(job, 't'), 0).body as Img2ImgBody).seed).toBe(100)
  })
})
