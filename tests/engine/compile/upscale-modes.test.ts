/**
 * The upscale node's new settings through the compiler: schema, merge with provenance, the
 * sd-upscale mode's inheritance, resource resolution of upscaler 2, and the checks that make a
 * setting A1111 cannot honour loud.
 */
import { describe, expect, it } from 'vitest'
import { compile } from '../../../engine/compile/compile.ts'
import { UPSCALE_DEFAULTS } from '../../../engine/config/defaults.ts'
import { fieldsNotSent } from '../../../engine/config/upscale-modes.ts'
import { UpscaleConfig, UpscaleLayer } from '../../../engine/config/stages.ts'
import { parseGraph } from '../../../engine/graph/migrations.ts'
import { catalog } from '../resources/fixtures.ts'
import { context, edge, graph, node, preset } from './fixtures.ts'

const img = (a: string, b: string) => edge(`${a}.image`, `${b}.image`)
const upscaleStage = (g: ReturnType<typeof graph>, ctx = context()) => {
  const { run, errors, warnings } = compile(g, ctx)
  const stage = run?.jobs[0]?.plan.stages.find((s) => s.kind === 'upscale')
  return { stage, errors, warnings }
}

describe('schema', () => {
  it('accepts the three modes and A1111’s defaults; refuses out-of-range values', () => {
    expect(UpscaleConfig.safeParse(UPSCALE_DEFAULTS).success).toBe(true)
    expect(UpscaleConfig.safeParse({ ...UPSCALE_DEFAULTS, mode: 'sd-upscale' }).success).toBe(true)
    expect(UPSCALE_DEFAULTS).toMatchObject({
      tile_overlap: 64, tile_width: 512, tile_height: 512, upscaler_2: 'None', extras_upscaler_2_visibility: 0,
      upscale_first: false, resize_mode: 0, upscaling_resize_w: 512, upscaling_resize_h: 512, upscaling_crop: true,
    })
    const bad = (patch: Record<string, unknown>) => UpscaleLayer.safeParse(patch).error?.issues[0]?.path
    expect(bad({ mode: 'tiled' })).toEqual(['mode'])
    expect(bad({ tile_overlap: 300 })).toEqual(['tile_overlap'])
    expect(bad({ tile_width: 500 })).toEqual(['tile_width'])
    expect(bad({ extras_upscaler_2_visibility: 1.5 })).toEqual(['extras_upscaler_2_visibility'])
    expect(bad({ resize_mode: 2 })).toEqual(['resize_mode'])
    expect(bad({ upscaling_resize_w: 10 })).toEqual(['upscaling_resize_w'])
    expect(bad({ upscaler_2: '' })).toEqual(['upscaler_2'])
  })

  it('a graph stored with mode "img2img" still loads and still means the whole-frame re-diffusion', () => {
    const parsed = parseGraph(graph([node('t', 'txt2img', { prompt: 'a' }), node('u', 'upscale', { mode: 'img2img', factor: 1.5 })], [img('t', 'u')]))
    expect(parsed.ok).toBe(true)
    const { stage } = upscaleStage(graph([node('t', 'txt2img', { prompt: 'a', width: 512, height: 512 }), node('u', 'upscale', { mode: 'img2img', factor: 1.5 })], [img('t', 'u')]))
    expect(stage!.config.values.mode).toBe('img2img')
  })
})

describe('merge and provenance', () => {
  it('each new field comes from the layer that set it', () => {
    const presets = { big: preset('big', { upscale: { mode: 'sd-upscale', tile_overlap: 128, tile_width: 768 } }) }
    const g = graph([
      node('t', 'txt2img', { prompt: 'a' }),
      node('p', 'preset', { presetId: 'big' }),
      node('u', 'upscale', { tile_width: 640, tile_height: 704 }),
    ], [img('t', 'u'), edge('p', 'u', 'config', 'config')])
    const { stage, errors } = upscaleStage(g, context({ presets }))
    expect(errors).toEqual([])
    const { values, provenance } = stage!.config
    expect([values.mode, values.tile_overlap, values.tile_width, values.tile_height, values.upscaler_2]).toEqual(['sd-upscale', 128, 640, 704, 'None'])
    expect([provenance.mode, provenance.tile_overlap, provenance.tile_width, provenance.tile_height, provenance.upscaler_2])
      .toEqual(['preset:big', 'preset:big', 'node', 'node', 'default'])
  })

  it('sd-upscale re-diffuses, so it inherits the sampler and model of the stage that made the image', () => {
    const g = graph([
      node('t', 'txt2img', { prompt: 'a', sampler_name: 'DPM++ 2M', steps: 33, model: 'm.safetensors' }),
      node('u', 'upscale', { mode: 'sd-upscale' }),
    ], [img('t', 'u')])
    const { stage } = upscaleStage(g)
    expect(stage!.config.values).toMatchObject({ sampler_name: 'DPM++ 2M', steps: 33, model: 'm.safetensors' })
    expect(stage!.config.provenance.sampler_name).toMatch(/^inherited from /)
  })
})

describe('fields a mode does not send', () => {
  it('sd-upscale sends the tile fields; single sends the extras fields, and only one side of its resize choice', () => {
    expect(fieldsNotSent({ mode: 'sd-upscale' })).toEqual(expect.arrayContaining(['upscaler_2', 'gfpgan_visibility', 'resize_mode']))
    expect(fieldsNotSent({ mode: 'sd-upscale' })).not.toContain('tile_overlap')
    expect(fieldsNotSent({ mode: 'img2img' })).toEqual(expect.arrayContaining(['tile_overlap', 'tile_width', 'upscaler_2']))
    expect(fieldsNotSent({ mode: 'single', resize_mode: 0 })).toEqual(expect.arrayContaining(['tile_overlap', 'steps', 'upscaling_resize_w', 'upscaling_crop']))
    expect(fieldsNotSent({ mode: 'single', resize_mode: 1 })).toContain('factor')
    expect(fieldsNotSent({ mode: 'single', resize_mode: 1 })).not.toContain('upscaling_resize_w')
  })

  it('a tile field set on a single-mode node, or a factor with resize mode 1, is named in a warning', () => {
    const g = graph([
      node('t', 'txt2img', { prompt: 'a' }),
      node('u', 'upscale', { mode: 'single', tile_overlap: 32, resize_mode: 1, factor: 3 }),
    ], [img('t', 'u')])
    const { warnings } = compile(g, context())
    expect(warnings.filter((w) => w.code === 'field-not-sent').map((w) => w.field)).toEqual(['tile_overlap', 'factor'])
  })
})

describe('settings A1111 cannot honour are loud', () => {
  const run = (params: Record<string, unknown>) => compile(graph([node('t', 'txt2img', { prompt: 'a' }), node('u', 'upscale', params)], [img('t', 'u')]), context())

  it('an overlap as large as the tile is an error on tile_overlap', () => {
    const { errors } = run({ mode: 'sd-upscale', tile_overlap: 256, tile_width: 256 })
    expect(errors).toEqual([expect.objectContaining({ code: 'invalid-params', nodeId: 'u', field: 'tile_overlap' })])
    expect(run({ mode: 'sd-upscale', tile_overlap: 248, tile_width: 256 }).errors).toEqual([])
    // Not sent in the other modes, so not checked there.
    expect(run({ mode: 'single', tile_overlap: 256, tile_width: 256 }).errors).toEqual([])
  })

  it('SD upscale with upscaler None warns that nothing is enlarged', () => {
    expect(run({ mode: 'sd-upscale', upscaler: 'None' }).warnings).toEqual([expect.objectContaining({ code: 'upscale-no-enlarge', field: 'upscaler' })])
  })

  it('upscaler 2 visibility with upscaler 2 None warns that nothing is blended', () => {
    expect(run({ extras_upscaler_2_visibility: 0.5 }).warnings).toEqual([expect.objectContaining({ code: 'upscale-nothing-blended', field: 'upscaler_2' })])
    expect(run({ extras_upscaler_2_visibility: 0.5, upscaler_2: 'Lanczos' }).warnings).toEqual([])
  })

  it('upscale_first set by the user warns that A1111 1.10 ignores it; the default does not', () => {
    expect(run({ upscale_first: true }).warnings).toEqual([expect.objectContaining({ code: 'field-ignored-by-webui', field: 'upscale_first' })])
    expect(run({}).warnings).toEqual([])
  })
})

describe('upscaler 2 is resolved against the WebUI’s list', () => {
  const run = (params: Record<string, unknown>) =>
    compile(graph([node('t', 'txt2img', { prompt: 'a' }), node('u', 'upscale', params)], [img('t', 'u')]), context({ resources: catalog() }))

  it('a known name in another letter case becomes the listed name', () => {
    const { run: r, errors } = run({ upscaler_2: 'lanczos', extras_upscaler_2_visibility: 0.3 })
    expect(errors).toEqual([])
    expect(r!.jobs[0]!.plan.stages[1]!.config.values.upscaler_2).toBe('Lanczos')
  })

  it('an unknown one is an error on its field (A1111 would fail the call even at visibility 0)', () => {
    expect(run({ upscaler_2: 'Foo 8x' }).errors).toEqual([expect.objectContaining({ code: 'unknown-resource', nodeId: 'u', field: 'upscaler_2' })])
  })
})
