import { describe, expect, it } from 'vitest'
import { compile } from '../../../engine/compile/compile.ts'
import { jobNeeds, missingNeeds } from '../../../engine/resources/index.ts'
import { context, edge, graph, node } from '../compile/fixtures.ts'
import { catalog } from './fixtures.ts'

const g = graph([
  node('t', 'txt2img', { prompt: 'a cat', model: 'juggernautXL_ragnarokBy', vae: 'sdxl_vae', hires: { enabled: true, upscaler: 'Latent' } }, { label: 'Portrait' }),
  node('a', 'adetailer', { passes: [{ ad_model: 'face_yolov8n.pt' }] }),
], [edge('t', 'a', 'image', 'image')])

describe('what a job needs from a WebUI', () => {
  const job = compile(g, context({ resources: catalog() })).run!.jobs[0]!

  it('lists the canonical names its requests send, per stage and field', () => {
    expect(jobNeeds(job).map((n) => [n.stageId, n.field, n.name])).toEqual([
      ['t', 'model', 'SDXL/juggernautXL_ragnarokBy.safetensors'], ['t', 'vae', 'sdxl_vae.safetensors'],
      ['t', 'sampler_name', 'Euler a'], ['t', 'scheduler', 'Automatic'], ['t', 'hires.upscaler', 'Latent'],
      // ADetailer states the model state it inherited from the image's stage.
      ['a', 'model', 'SDXL/juggernautXL_ragnarokBy.safetensors'], ['a', 'vae', 'sdxl_vae.safetensors'],
      ['a', 'sampler_name', 'Euler a'], ['a', 'scheduler', 'Automatic'], ['a', 'passes.0.ad_model', 'face_yolov8n.pt'],
    ])
  })

  it('a WebUI lacking one of them cannot serve it; a list it did not give is not held against it', () => {
    expect(missingNeeds(jobNeeds(job), catalog()).length).toBe(0)
    expect(missingNeeds(jobNeeds(job), catalog({ vaes: ['other.vae.pt'] })).map((n) => [n.stageId, n.field])).toEqual([['t', 'vae'], ['a', 'vae']])
    expect(missingNeeds(jobNeeds(job), catalog({ vaes: [], unavailable: ['vaes'] }))).toEqual([])
  })

  it('a job queued before names were resolved may carry an exact alias, but not another letter case', () => {
    const old = structuredClone(job)
    old.plan.stages[0]!.config.values.model = 'juggernautXL_ragnarokBy'
    expect(missingNeeds(jobNeeds(old), catalog())).toEqual([])
    old.plan.stages[0]!.config.values.model = 'JUGGERNAUTXL_RAGNAROKBY'
    expect(missingNeeds(jobNeeds(old), catalog()).map((n) => n.field)).toEqual(['model'])
  })
})
