import { SETTINGS_OVERRIDE_DEFAULTS } from '../../../engine/payloads/generation-extras.ts'
/**
 * compile() with the WebUI's lists: every name a stage sends is resolved to its canonical form
 * (and the payload says so), a name that does not resolve is an error on its node and field with
 * the nearest names, and an unset model becomes the loaded checkpoint, visibly.
 */
import { describe, expect, it } from 'vitest'
import { compile } from '../../../engine/compile/compile.ts'
import { buildStageRequest, type WebuiStage } from '../../../engine/payloads/index.ts'
import { LOADED_MODEL_SOURCE, resolveJobResources } from '../../../engine/resources/index.ts'
import type { GraphError, GraphWarning } from '../../../engine/compile/spec.ts'
import type { JobSpec } from '../../../engine/compile/spec.ts'
import { context, edge, graph, node, pack, packParams, preset } from '../compile/fixtures.ts'
import { catalog } from './fixtures.ts'

const img = { base64: 'AAAA', width: 512, height: 512 }

function payloads(job: JobSpec) {
  const root = job.plan.stages[0]!.config.values as Record<string, unknown>
  const model = { checkpoint: String(root.model), vae: String(root.vae), clipSkip: Number(root.clip_skip) }
  return job.plan.stages.map((s) => buildStageRequest({ kind: s.kind, config: s.config.values } as WebuiStage, {
    prompt: job.prompt, negativePrompt: job.negativePrompt, seed: job.seed, model, ...(s.inputFrom ? { image: img } : {}),
  }).body as Record<string, unknown>)
}

describe('canonical names reach the payloads', () => {
  it('aliases, hashes and letter case are replaced by the names A1111 lists', () => {
    const g = graph([
      node('t', 'txt2img', {
        prompt: 'a cat', model: 'juggernautXL_ragnarokBy [a1b2c3d4e5]', vae: 'SDXL_VAE', sampler_name: 'k_euler_a', scheduler: 'karras',
        hires: { enabled: true, upscaler: 'latent (bicubic)', sampler_name: 'DPM++ 2M Karras' },
        refiner: { enabled: true, checkpoint: '6ce0161689' },
      }),
      node('a', 'adetailer', { passes: [{ ad_model: 'Face_yolov8n.pt', ad_use_sampler: true, ad_sampler: 'euler', ad_use_checkpoint: true, ad_checkpoint: 'dreamshaper_8' }] }),
      node('u', 'upscale', { upscaler: 'r-esrgan 4x+' }),
    ], [edge('t', 'a', 'image', 'image'), edge('a', 'u', 'image', 'image')])
    const { run, errors } = compile(g, context({ resources: catalog() }))
    expect(errors).toEqual([])
    const [t2i, ad, up] = payloads(run!.jobs[0]!)
    expect(t2i!.override_settings).toEqual({ sd_model_checkpoint: 'SDXL/juggernautXL_ragnarokBy.safetensors', sd_vae: 'sdxl_vae.safetensors', CLIP_stop_at_last_layers: 1, ...SETTINGS_OVERRIDE_DEFAULTS })
    expect(t2i).toMatchObject({ sampler_name: 'Euler a', scheduler: 'Karras', hr_upscaler: 'Latent (bicubic)', hr_sampler_name: 'DPM++ 2M', hr_scheduler: 'Karras', refiner_checkpoint: 'v1-5-pruned-emaonly.safetensors' })
    const tab = (ad!.alwayson_scripts as Record<string, { args: unknown[] }>).ADetailer!.args[2] as Record<string, unknown>
    expect(tab).toMatchObject({ ad_model: 'face_yolov8n.pt', ad_sampler: 'Euler', ad_checkpoint: 'dreamshaper_8.safetensors' })
    expect(ad!.override_settings).toMatchObject({ sd_model_checkpoint: 'SDXL/juggernautXL_ragnarokBy.safetensors', sd_vae: 'sdxl_vae.safetensors' })
    expect(up).toMatchObject({ upscaler_1: 'R-ESRGAN 4x+' })
  })

  it('an unset model becomes the checkpoint the WebUI has loaded, and provenance says so', () => {
    const { run, errors } = compile(graph([node('t', 'txt2img', { prompt: 'a cat' })], []), context({ resources: catalog() }))
    expect(errors).toEqual([])
    const stage = run!.jobs[0]!.plan.stages[0]!
    expect(stage.config.values.model).toBe('v1-5-pruned-emaonly.safetensors')
    expect(stage.config.provenance.model).toBe(LOADED_MODEL_SOURCE)
    expect(payloads(run!.jobs[0]!)[0]!.override_settings).toEqual({ sd_model_checkpoint: 'v1-5-pruned-emaonly.safetensors', sd_vae: 'Automatic', CLIP_stop_at_last_layers: 1, ...SETTINGS_OVERRIDE_DEFAULTS })
  })

  it('without any WebUI saying what is loaded, an unset model is an error asking for one', () => {
    const { errors } = compile(graph([node('t', 'txt2img', { prompt: 'a cat' })], []), context({ resources: catalog({ loadedModel: null }) }))
    expect(errors).toEqual([expect.objectContaining({ code: 'unknown-resource', nodeId: 't', field: 'model', message: expect.stringContaining('choose a checkpoint') })])
  })

  it('compiled without lists (offline editor), names stay as written', () => {
    const { run, errors } = compile(graph([node('t', 'txt2img', { prompt: 'a cat', model: 'whatever' })], []), context())
    expect(errors).toEqual([])
    expect(run!.jobs[0]!.plan.stages[0]!.config.values.model).toBe('whatever')
  })
})

describe('names that do not resolve are errors on their node and field', () => {
  it('names node, field and the nearest names, for every kind of field', () => {
    const g = graph([
      node('t', 'txt2img', {
        prompt: 'a cat', model: 'juggernautXL_ragnarok', vae: 'sdxl-vae', sampler_name: 'Fancy',
        hires: { enabled: true, upscaler: '4x-UltraSharp' }, refiner: { enabled: true, checkpoint: 'refiner_xl' },
      }, { label: 'Portrait' }),
      node('a', 'adetailer', { passes: [{ ad_model: 'eyes.pt' }, { ad_model: 'hand_yolov8n.pt', ad_use_vae: true, ad_vae: 'ghost.vae' }] }),
      node('u', 'upscale', { upscaler: 'Magic 8x' }),
    ], [edge('t', 'a', 'image', 'image'), edge('a', 'u', 'image', 'image')])
    const { errors } = compile(g, context({ resources: catalog() }))
    expect(errors.map((e) => [e.code, e.nodeId, e.field])).toEqual([
      ['unknown-resource', 't', 'model'], ['unknown-resource', 't', 'vae'], ['unknown-resource', 't', 'sampler_name'],
      ['unknown-resource', 't', 'hires.upscaler'], ['unknown-resource', 't', 'refiner.checkpoint'],
      ['unknown-resource', 'a', 'passes.0.ad_model'], ['unknown-resource', 'a', 'passes.1.ad_vae'],
      ['unknown-resource', 'u', 'upscaler'],
    ])
    expect(errors[0]!.message).toBe('Portrait: checkpoint "juggernautXL_ragnarok" is not on the WebUI. Did you mean "SDXL/juggernautXL_ragnarokBy.safetensors"?')
    expect(errors[1]!.message).toContain('Did you mean "sdxl_vae.safetensors"?')
  })

  it('says which layer set the name when it was not the node', () => {
    const ctx = context({ resources: catalog(), presets: { people: preset('people', { txt2img: { model: 'gone.safetensors' } }) } })
    const g = graph([node('p', 'preset', { presetId: 'people' }), node('t', 'txt2img', { prompt: 'a cat' })], [edge('p', 't', 'config', 'config')])
    expect(compile(g, ctx).errors[0]!.message).toContain('checkpoint "gone.safetensors" (set by preset "people") is not on the WebUI')
  })

  it('fields that are not sent are not checked (disabled hires, tab, ad_use_* off, single-mode sampler)', () => {
    const g = graph([
      node('t', 'txt2img', { prompt: 'a cat', hires: { enabled: false, upscaler: 'nope' }, refiner: { enabled: false, checkpoint: 'nope' } }),
      node('a', 'adetailer', { passes: [{ ad_model: 'face_yolov8n.pt', ad_sampler: 'nope', ad_use_sampler: false }, { ad_tab_enable: false, ad_model: 'nope' }] }),
      node('u', 'upscale', { mode: 'single', sampler_name: 'nope' }),
    ], [edge('t', 'a', 'image', 'image'), edge('a', 'u', 'image', 'image')])
    expect(compile(g, context({ resources: catalog() })).errors).toEqual([])
  })

  it('an unknown LoRA or embedding is a warning on the job\'s stage (A1111 ignores them)', () => {
    const ctx = context({ resources: catalog(), packs: { l: pack('l', 'a cat\n<lora:ghost_lora:0.5> <lora:add_detail:1>\n') } })
    const g = graph([node('p', 'pack', packParams('l')), node('t', 'txt2img')], [edge('p', 't')])
    const { errors, warnings } = compile(g, ctx)
    expect(errors).toEqual([])
    expect(warnings).toEqual([expect.objectContaining({ code: 'unknown-lora', nodeId: 't', message: expect.stringContaining('LoRA "ghost_lora" is not on the WebUI') })])
  })

  it('a name a later stage inherited is resolved there too, but reported once, on the stage that set it', () => {
    const g = graph([node('t', 'txt2img', { prompt: 'a cat', model: 'juggernautxl_ragnarokby' }), node('i', 'img2img')], [edge('t', 'i', 'image', 'image')])
    const job = structuredClone(compile(g, context()).run!.jobs[0]!)
    const child = job.plan.stages[1]!.config
    child.values.model = 'juggernautxl_ragnarokby'
    child.provenance.model = 'inherited from txt2img'
    const errors: GraphError[] = []
    resolveJobResources([job], catalog(), errors, [] as GraphWarning[])
    expect(errors).toEqual([])
    expect(job.plan.stages.map((s) => s.config.values.model)).toEqual(['SDXL/juggernautXL_ragnarokBy.safetensors', 'SDXL/juggernautXL_ragnarokBy.safetensors'])
    job.plan.stages[0]!.config.values.model = 'ghost'
    job.plan.stages[1]!.config.values.model = 'ghost'
    resolveJobResources([job], catalog(), errors, [])
    expect(errors.map((e) => [e.nodeId, e.field])).toEqual([['t', 'model']])
  })
})
