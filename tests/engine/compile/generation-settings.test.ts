/**
 * Issue 11 §1 in the engine: each generation setting is a validated config field, merges with
 * provenance like every field, is left out of the request while unset, goes out in A1111's form
 * when set, resolves against the WebUI's lists where it names something, and inherits as the
 * fidelity rules say.
 */
import { describe, expect, it } from 'vitest'
import { compile } from '../../../engine/compile/compile.ts'
import type { JobSpec, StagePlan } from '../../../engine/compile/spec.ts'
import { stageRequest } from '../../../engine/compile/stage-request.ts'
import { Img2ImgLayer, Txt2ImgLayer } from '../../../engine/config/stages.ts'
import { mergeStageConfig } from '../../../engine/config/merge.ts'
import { buildImg2ImgRequest, buildTxt2ImgRequest, SETTINGS_OVERRIDE_DEFAULTS, WebuiRequest } from '../../../engine/payloads/index.ts'
import { applyStyles } from '../../../engine/resources/styles.ts'
import { CTX, CTX_IMG, HIRES_ON, img2img, txt2img, unknownKeys } from '../payloads/fixtures.ts'
import { catalog } from '../resources/fixtures.ts'
import { context, edge, graph, node, pack, packParams, preset, randomizerParams } from './fixtures.ts'

const img = (a: string, b: string) => edge(`${a}.image`, `${b}.image`)
const stage = (job: JobSpec, id: string): StagePlan => job.plan.stages.find((s) => s.stageId === id)!
const IMAGE = { base64: 'x', width: 512, height: 512 }
const body = (job: JobSpec, id: string) => stageRequest(job, stage(job, id), 0, stage(job, id).inputFrom ? IMAGE : undefined).body as Record<string, unknown>

const STYLES = [
  { name: 'Cinematic', prompt: 'cinematic still of {prompt}, film grain', negative_prompt: 'cartoon' },
  { name: 'Sharp', prompt: 'sharp focus', negative_prompt: '' },
]
const lists = catalog({ styles: STYLES.map((s) => s.name), promptStyles: STYLES })

describe('schema', () => {
  it('accepts each setting in range and refuses out-of-range values and unknown override keys', () => {
    expect(Txt2ImgLayer.safeParse({ styles: ['a'], subseed: 5, subseed_strength: 0.3, seed_resize_from_w: 512, eta: 0.2, s_churn: 1, s_tmin: 0, s_tmax: 10, s_noise: 1, restore_faces: true, tiling: false, eta_noise_seed_delta: 31337, randn_source: 'CPU', token_merging_ratio: 0.3, face_restoration_model: 'GFPGAN', distilled_cfg_scale: 3.5, hires: { checkpoint: 'x', prompt: 'p', negative_prompt: 'n' } }).success).toBe(true)
    for (const bad of [{ subseed_strength: 1.5 }, { s_noise: 2 }, { randn_source: 'TPU' }, { styles: [''] }, { override_settings: { sd_model: 'x' } }, { image_cfg_scale: 1 }, { subseed: -2 }]) {
      expect(Txt2ImgLayer.safeParse(bad).success, JSON.stringify(bad)).toBe(false)
    }
    expect(Img2ImgLayer.safeParse({ image_cfg_scale: 1.5, initial_noise_multiplier: 1.05, clip_skip: 2 }).success).toBe(true)
    expect(Img2ImgLayer.safeParse({ initial_noise_multiplier: 2 }).success).toBe(false)
  })
})

describe('merge and provenance', () => {
  it('an unset setting has no value and no provenance; a set one names its layer, field by field', () => {
    const r = mergeStageConfig('txt2img', [
      { source: 'preset:look', values: { styles: ['Cinematic'], eta_noise_seed_delta: 31337, hires: { prompt: 'p' } } },
      { source: 'node', values: { subseed_strength: 0.2 } },
    ])
    expect(r.values.eta).toBeUndefined()
    expect(r.provenance.eta).toBeUndefined()
    expect([r.values.styles, r.provenance.styles, r.provenance.eta_noise_seed_delta, r.provenance.subseed_strength, r.provenance['hires.prompt'], r.provenance['hires.checkpoint']])
      .toEqual([['Cinematic'], 'preset:look', 'preset:look', 'node', 'preset:look', 'default'])
  })
})

describe('payload', () => {
  it('unset settings are not sent; override options are stated at A1111’s defaults', () => {
    const b = buildTxt2ImgRequest(txt2img(), CTX).body as Record<string, unknown>
    for (const k of ['styles', 'eta', 's_churn', 's_noise', 'restore_faces', 'tiling', 'seed_resize_from_w', 'distilled_cfg_scale', 'hr_prompt', 'hr_checkpoint_name']) expect(b).not.toHaveProperty(k)
    expect([b.subseed, b.subseed_strength]).toEqual([-1, 0])
    expect(b.override_settings).toMatchObject(SETTINGS_OVERRIDE_DEFAULTS)
  })

  it('set settings go out under A1111’s names, schema-valid and with no key A1111 does not know', () => {
    const config = txt2img({
      styles: ['Cinematic'], subseed: 9, subseed_strength: 0.4, seed_resize_from_w: 768, seed_resize_from_h: 512, eta: 0.3, s_churn: 0.5,
      s_tmin: 0.1, s_tmax: 20, s_noise: 1.003, restore_faces: true, tiling: true, eta_noise_seed_delta: 31337, randn_source: 'CPU',
      token_merging_ratio: 0.2, face_restoration_model: 'GFPGAN', code_former_weight: 0.7,
      hires: { ...HIRES_ON, checkpoint: 'refine.safetensors', prompt: 'hi', negative_prompt: 'lo', resize_x: 1024, resize_y: 0 },
    })
    const req = buildTxt2ImgRequest(config, CTX)
    expect(req.body).toMatchObject({
      styles: ['Cinematic'], subseed: 9, subseed_strength: 0.4, seed_resize_from_w: 768, seed_resize_from_h: 512, eta: 0.3,
      restore_faces: true, tiling: true,
      hr_checkpoint_name: 'refine.safetensors', hr_prompt: 'hi', hr_negative_prompt: 'lo', hr_resize_x: 1024, hr_resize_y: 0,
      // The sigma parameters are options in A1111 (a top-level s_churn is never read), so they go here.
      override_settings: { eta_noise_seed_delta: 31337, randn_source: 'CPU', token_merging_ratio: 0.2, face_restoration_model: 'GFPGAN', code_former_weight: 0.7, s_churn: 0.5, s_tmin: 0.1, s_tmax: 20, s_noise: 1.003 },
    })
    for (const k of ['s_churn', 's_tmin', 's_tmax', 's_noise']) expect(req.body).not.toHaveProperty(k)
    expect(unknownKeys(req)).toEqual([])
    expect(WebuiRequest.safeParse(req).error).toBeUndefined()
    const i = buildImg2ImgRequest(img2img({ image_cfg_scale: 1.5, initial_noise_multiplier: 1.1, clip_skip: 3, subseed: 9, subseed_strength: 0.5 }), { ...CTX_IMG, imageIndex: 2 })
    expect(i.body).toMatchObject({ image_cfg_scale: 1.5, initial_noise_multiplier: 1.1, subseed: 11, override_settings: { CLIP_stop_at_last_layers: 3 } })
    expect(unknownKeys(i)).toEqual([])
    expect(WebuiRequest.safeParse(i).error).toBeUndefined()
  })

  it('a variation seed left at -1 is drawn from the job seed: concrete, stable, different per job', () => {
    const a = buildTxt2ImgRequest(txt2img({ subseed_strength: 0.3 }), CTX).body.subseed
    expect(a).toBeGreaterThanOrEqual(0)
    expect(buildTxt2ImgRequest(txt2img({ subseed_strength: 0.3 }), CTX).body.subseed).toBe(a)
    expect(buildTxt2ImgRequest(txt2img({ subseed_strength: 0.3 }), { ...CTX, seed: 1235 }).body.subseed).not.toBe(a)
    // No strength, no variation: the seed is not even stated.
    expect(buildTxt2ImgRequest(txt2img({ subseed: 5 }), CTX).body).toMatchObject({ subseed: -1, subseed_strength: 0 })
  })
})

describe('compile: resolution, expansion, inheritance, sweeps', () => {
  it('styles resolve against the WebUI list; an unknown one is an error naming the field, and a preset-set one names the preset', () => {
    const ok = compile(graph([node('t', 'txt2img', { prompt: 'a fox', styles: ['Cinematic', 'Sharp'] })], []), context({ resources: lists }))
    expect(ok.errors).toEqual([])
    const bad = compile(graph([node('t', 'txt2img', { prompt: 'a fox' }), node('s', 'preset', { presetId: 'look' })], [edge('s.config', 't.config')]),
      context({ resources: lists, presets: { look: preset('look', { txt2img: { styles: ['Sharpp'] } }) } }))
    expect(bad.errors).toEqual([expect.objectContaining({ code: 'unknown-resource', nodeId: 't', field: 'styles.0', message: expect.stringMatching(/prompt style "Sharpp" \(set by preset "look"\) is not on the WebUI\. Did you mean "Sharp"/) })])
  })

  it('without the WebUI’s list the styles are sent unchecked, with a warning', () => {
    const r = compile(graph([node('t', 'txt2img', { prompt: 'a fox', styles: ['Whatever'] })], []), context({ resources: catalog({ unavailable: ['styles'] }) }))
    expect(r.errors).toEqual([])
    expect(r.warnings.map((w) => w.message).join('\n')).toContain('prompt style')
  })

  it('the preview’s styled prompt is A1111’s: {prompt} placement, else appended with ", "', () => {
    expect(applyStyles('a fox', 'blurry', ['Cinematic', 'Sharp'], lists)).toEqual({ prompt: 'cinematic still of a fox, film grain, sharp focus', negativePrompt: 'blurry, cartoon', unknown: [] })
    expect(applyStyles('', '', ['Sharp'], lists).prompt).toBe('sharp focus')
    expect(applyStyles('$& price', '', ['Cinematic'], lists).prompt).toBe('cinematic still of $& price, film grain')
  })

  it('the hires prompt and checkpoint: expanded per job and resolved to the listed name', () => {
    const p = pack('hair', 'a woman with [[hair]] hair\n', { pack_data: { name: 'Hair', matrix: { enabled: true, mode: 'fanout', limit: 8, slots: [{ name: 'hair', values: ['red', 'blue'] }] } } })
    const r = compile(graph([
      node('p', 'pack', packParams('hair')), node('r', 'randomizer', randomizerParams()),
      node('t', 'txt2img', { hires: { enabled: true, checkpoint: 'v1-5-pruned-emaonly', prompt: '[[hair]] hair, {sharp|soft} light', negative_prompt: '{ugly|bad}' } }),
    ], [edge('p', 'r'), edge('r', 't')]), context({ packs: { hair: p }, resources: lists }))
    expect(r.errors).toEqual([])
    for (const job of r.run!.jobs) {
      const b = body(job, 't')
      expect(b.hr_prompt).toMatch(new RegExp(`^${job.randomizerSummary.slots.hair} hair, (sharp|soft) light$`))
      expect(b.hr_negative_prompt).toMatch(/^(ugly|bad)$/)
      expect(b.hr_checkpoint_name).toBe('v1-5-pruned-emaonly.safetensors')
    }
    const wrong = compile(graph([node('t', 'txt2img', { prompt: 'x', hires: { enabled: true, checkpoint: 'nope' } })], []), context({ resources: lists }))
    expect(wrong.errors).toEqual([expect.objectContaining({ field: 'hires.checkpoint' })])
  })

  it('img2img clip skip: unset inherits the incoming image’s; set on the stage wins', () => {
    const g = (own: Record<string, unknown>) => graph([node('t', 'txt2img', { prompt: 'x', clip_skip: 2 }), node('i', 'img2img', own)], [img('t', 'i')])
    const inherited = compile(g({}), context()).run!.jobs[0]!
    expect([stage(inherited, 'i').config.values.clip_skip, stage(inherited, 'i').config.provenance.clip_skip]).toEqual([2, 'inherited from txt2img'])
    expect((body(inherited, 'i').override_settings as Record<string, unknown>).CLIP_stop_at_last_layers).toBe(2)
    const own = compile(g({ clip_skip: 4 }), context()).run!.jobs[0]!
    expect(stage(own, 'i').config.provenance.clip_skip).toBe('node')
    expect((body(own, 'i').override_settings as Record<string, unknown>).CLIP_stop_at_last_layers).toBe(4)
  })

  it('ENSD and the other allow-listed options are inherited by every re-diffusing stage, and stated on each request', () => {
    const r = compile(graph([
      node('t', 'txt2img', { prompt: 'x', eta_noise_seed_delta: 31337, randn_source: 'CPU' }),
      node('a', 'adetailer', {}), node('i', 'img2img', { randn_source: 'NV' }), node('u', 'upscale', { mode: 'img2img' }),
    ], [img('t', 'a'), img('a', 'i'), img('t', 'u')]), context())
    expect(r.errors).toEqual([])
    const job = r.run!.jobs[0]!
    const opts = (id: string) => { const o = body(job, id).override_settings as Record<string, unknown>; return [o.eta_noise_seed_delta, o.randn_source, o.token_merging_ratio] }
    expect(opts('t')).toEqual([31337, 'CPU', 0])
    expect(opts('a')).toEqual([31337, 'CPU', 0])
    expect(opts('i')).toEqual([31337, 'NV', 0])
    expect(opts('u')).toEqual([31337, 'CPU', 0])
    expect([stage(job, 'i').config.provenance.eta_noise_seed_delta, stage(job, 'i').config.provenance.randn_source]).toEqual(['inherited from ADetailer', 'node'])
  })

  it('a Forge-only setting is a compile error when every WebUI is known to be A1111, not otherwise', () => {
    const g = graph([node('t', 'txt2img', { prompt: 'x', distilled_cfg_scale: 3.5 })], [])
    expect(compile(g, context({ resources: catalog({ flavors: ['a1111', 'a1111'] }) })).errors).toEqual([expect.objectContaining({ code: 'needs-forge', nodeId: 't', field: 'distilled_cfg_scale' })])
    expect(compile(g, context({ resources: catalog({ flavors: ['a1111', 'forge'] }) })).errors).toEqual([])
    expect(compile(g, context({ resources: catalog() })).errors).toEqual([])
  })

  it('a randomizer sweeps the variation strength: one job per value, same seed, each sending its strength', () => {
    const r = compile(graph([
      node('p', 'pack', packParams('one')),
      node('r', 'randomizer', randomizerParams({ seedMode: 'fixed', baseSeed: 1000, sweeps: [{ path: 'txt2img.subseed_strength', values: [0.1, 0.2, 0.4] }] })),
      node('t', 'txt2img', { subseed: 7 }),
    ], [edge('p', 'r'), edge('r', 't')]), context({ packs: { one: pack('one', 'a fox\n') } }))
    expect(r.errors).toEqual([])
    expect(r.run!.jobs.map((j) => [body(j, 't').seed, body(j, 't').subseed, body(j, 't').subseed_strength])).toEqual([[1000, 7, 0.1], [1000, 7, 0.2], [1000, 7, 0.4]])
    expect(stage(r.run!.jobs[0]!, 't').config.provenance.subseed_strength).toMatch(/^sweep:/)
  })
})
