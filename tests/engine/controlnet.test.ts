/**
 * ControlNet in the engine: the unit schema, the merge of units by index with provenance, the
 * `alwayson_scripts.controlnet.args` payload in the extension's shape, name resolution of modules
 * and models, and the compile checks of control images, model and guidance window.
 */
import { describe, expect, it } from 'vitest'
import { compile } from '../../engine/compile/compile.ts'
import { stageRequest } from '../../engine/compile/stage-request.ts'
import { ControlNetUnit, CONTROLNET_UNIT_DEFAULTS } from '../../engine/config/controlnet.ts'
import { mergeStageConfig } from '../../engine/config/merge.ts'
import { Img2ImgLayer, Txt2ImgLayer } from '../../engine/config/stages.ts'
import { MissingControlImageError, Txt2ImgRequest, Img2ImgRequest } from '../../engine/payloads/index.ts'
import { buildTxt2ImgRequest } from '../../engine/payloads/txt2img.ts'
import { buildImg2ImgRequest } from '../../engine/payloads/img2img.ts'
import { context, edge, graph, node, pack, preset } from './compile/fixtures.ts'
import { CTX, CTX_IMG, IMAGE, img2img, txt2img, unknownKeys } from './payloads/fixtures.ts'
import { catalog } from './resources/fixtures.ts'

const CANNY = 'control_v11p_sd15_canny [d14c016b]'
const DEPTH = 'control_v11f1p_sd15_depth [cfd03158]'
const UPLOAD = 'up-0123456789abcdef'
const unit = (over: Partial<ControlNetUnit> = {}): ControlNetUnit => ({ ...CONTROLNET_UNIT_DEFAULTS, module: 'canny', model: CANNY, image: `upload:${UPLOAD}`, ...over })
const CONTROL = { base64: 'Q09OVFJPTA==', width: 512, height: 512 }
const cnCatalog = () => catalog({ controlnetModules: ['none', 'canny', 'depth_midas'], controlnetModels: [CANNY, DEPTH] })

describe('unit schema', () => {
  it('takes a partial unit in a layer and refuses unknown keys, bad enums and bad image references', () => {
    expect(Txt2ImgLayer.safeParse({ controlnet: [{ weight: 0.5 }] }).success).toBe(true)
    expect(Txt2ImgLayer.safeParse({ controlnet: [{ wieght: 0.5 }] }).success).toBe(false)
    expect(Txt2ImgLayer.safeParse({ controlnet: [{ control_mode: 'Balanced-ish' }] }).success).toBe(false)
    expect(Img2ImgLayer.safeParse({ controlnet: [{ image: 'input' }, { image: 'stage:t1' }, { image: `upload:${UPLOAD}` }] }).success).toBe(true)
    expect(Img2ImgLayer.safeParse({ controlnet: [{ image: '/etc/passwd' }] }).success).toBe(false)
    expect(Img2ImgLayer.safeParse({ controlnet: [{ weight: 2.5 }] }).success).toBe(false)
    expect(Txt2ImgLayer.safeParse({ controlnet: [{}, {}, {}, {}] }).success).toBe(false)
  })
})

describe('merge and provenance', () => {
  it('merges units by index, field by field, and a unit only a higher layer defines starts from the defaults', () => {
    const r = mergeStageConfig('txt2img', [
      { source: 'preset:pose', values: { controlnet: [{ module: 'canny', model: CANNY, weight: 0.6 }] } },
      { source: 'node', values: { controlnet: [{ weight: 0.9 }, { module: 'depth_midas', model: DEPTH }] } },
    ])
    expect(r.values.controlnet).toEqual([
      { ...CONTROLNET_UNIT_DEFAULTS, module: 'canny', model: CANNY, weight: 0.9 },
      { ...CONTROLNET_UNIT_DEFAULTS, module: 'depth_midas', model: DEPTH },
    ])
    expect(r.provenance).toMatchObject({
      'controlnet.0.module': 'preset:pose', 'controlnet.0.weight': 'node', 'controlnet.0.guidance_end': 'default',
      'controlnet.1.module': 'node', 'controlnet.1.control_mode': 'default',
    })
  })
})

describe('payload', () => {
  it('sends each enabled unit in the extension\'s shape, with its image as bare base64', () => {
    const req = buildTxt2ImgRequest(txt2img({ controlnet: [unit({ weight: 0.8, guidance_end: 0.7, pixel_perfect: true })] }), { ...CTX, controlImages: { [`upload:${UPLOAD}`]: CONTROL } })
    expect(req.body.alwayson_scripts).toEqual({
      controlnet: {
        args: [{
          enabled: true, image: CONTROL.base64, module: 'canny', model: CANNY, weight: 0.8, resize_mode: 'Crop and Resize', low_vram: false,
          processor_res: -1, threshold_a: -1, threshold_b: -1, guidance_start: 0, guidance_end: 0.7, control_mode: 'Balanced', pixel_perfect: true,
        }],
      },
    })
    expect(unknownKeys(req)).toEqual([])
    expect(Txt2ImgRequest.safeParse(req).success).toBe(true)
  })

  it('sends nothing for disabled units (no empty alwayson_scripts)', () => {
    const req = buildTxt2ImgRequest(txt2img({ controlnet: [unit({ enabled: false })] }), CTX)
    expect(req.body).not.toHaveProperty('alwayson_scripts')
  })

  it('img2img: "input" is the image the stage re-diffuses; units keep their order and numbering', () => {
    const req = buildImg2ImgRequest(img2img({ controlnet: [unit({ enabled: false }), unit({ image: 'input', module: 'depth_midas', model: DEPTH })] }), CTX_IMG)
    expect(req.body.alwayson_scripts?.controlnet?.args.map((u) => [u.module, u.image])).toEqual([['depth_midas', IMAGE.base64]])
    expect(Img2ImgRequest.safeParse(req).success).toBe(true)
    expect(unknownKeys(req)).toEqual([])
  })

  it('refuses to build without the referenced image, naming the unit', () => {
    expect(() => buildTxt2ImgRequest(txt2img({ controlnet: [unit({ enabled: false }), unit()] }), CTX)).toThrow(MissingControlImageError)
    expect(() => buildTxt2ImgRequest(txt2img({ controlnet: [unit({ enabled: false }), unit()] }), CTX)).toThrow(`ControlNet unit 2: the control image "upload:${UPLOAD}" was not available`)
  })
})

describe('compile', () => {
  const t2i = (controlnet: unknown[], extra: Record<string, unknown> = {}) => node('t', 'txt2img', { prompt: 'a house', model: 'v1-5-pruned-emaonly.safetensors', controlnet, ...extra })

  it('resolves module and model names like checkpoints (hash optional) and the payload carries the listed name', () => {
    const g = graph([t2i([{ module: 'Canny', model: 'control_v11p_sd15_canny', image: `upload:${UPLOAD}` }])], [])
    const { run, errors } = compile(g, context({ resources: cnCatalog(), uploads: [UPLOAD] }))
    expect(errors).toEqual([])
    const job = run!.jobs[0]!
    const req = stageRequest(job, job.plan.stages[0]!, 0, undefined, undefined, { [`upload:${UPLOAD}`]: CONTROL })
    expect((req.body as { alwayson_scripts: { controlnet: { args: { module: string; model: string }[] } } }).alwayson_scripts.controlnet.args[0]).toMatchObject({ module: 'canny', model: CANNY })
  })

  it('an unknown model or module is an error naming the node and field, with the nearest names', () => {
    const g = graph([t2i([{ module: 'cany', model: 'control_v11p_sd15_cany', image: `upload:${UPLOAD}` }])], [])
    const { errors } = compile(g, context({ resources: cnCatalog() }))
    expect(errors.map((e) => [e.nodeId, e.field])).toEqual([['t', 'controlnet.0.module'], ['t', 'controlnet.0.model']])
    expect(errors[1]!.message).toContain(`ControlNet model (unit 1) "control_v11p_sd15_cany" is not on the WebUI. Did you mean "${CANNY}"`)
  })

  it('a WebUI without the extension leaves the names unchecked, and says so', () => {
    const g = graph([t2i([{ module: 'canny', model: CANNY, image: `upload:${UPLOAD}` }])], [])
    const { errors, warnings } = compile(g, context({ resources: catalog({ unavailable: ['controlnetModules', 'controlnetModels'] }) }))
    expect(errors).toEqual([])
    expect(warnings.map((w) => w.message)).toContain('No WebUI gave its ControlNet model list, so ControlNet model names are sent unchecked (they are checked again before each job runs).')
  })

  it('a WebUI that lists no ControlNet models at all: the error says the extension is probably missing', () => {
    const g = graph([t2i([{ module: 'canny', model: CANNY, image: `upload:${UPLOAD}` }])], [])
    const { errors } = compile(g, context({ resources: catalog({ controlnetModules: [], controlnetModels: [] }) }))
    expect(errors.map((e) => e.field)).toEqual(['controlnet.0.module', 'controlnet.0.model'])
    expect(errors[1]!.message).toBe(`txt2img: ControlNet model (unit 1) "${CANNY}" is not on the WebUI. No WebUI lists any: is the sd-webui-controlnet extension installed there (then refresh the lists)?`)
  })

  it('checks control images, model and guidance window of enabled units only', () => {
    const g = graph([
      t2i([
        { module: 'canny', model: CANNY },
        { module: 'canny', model: CANNY, image: 'input' },
        { module: 'canny', image: `upload:${UPLOAD}` },
      ]),
      node('i', 'img2img', { controlnet: [{ module: 'canny', model: CANNY, image: 'stage:x', guidance_start: 0.9, guidance_end: 0.1 }] }),
      // A disabled unit is not checked (it sends nothing).
      node('x', 'img2img', { sourceImage: 'art-1', controlnet: [{ enabled: false, image: '' }] }),
    ], [edge('t', 'i', 'image', 'image')])
    const { errors } = compile(g, context({ uploads: [] }))
    expect(errors.filter((e) => e.code === 'controlnet').map((e) => `${e.nodeId} ${e.field}`)).toEqual([
      't controlnet.0.image', 't controlnet.1.image', 't controlnet.2.image', 't controlnet.2.model', 'i controlnet.0.image', 'i controlnet.0.guidance_start',
    ])
    const messages = errors.map((e) => e.message).join('\n')
    expect(messages).toContain('ControlNet unit 1 has no control image')
    expect(messages).toContain('starts from nothing')
    expect(messages).toContain(`the uploaded image "${UPLOAD}" is not in the data folder`)
    expect(messages).toContain('which is not an earlier stage of this job')
  })

  it('a randomizer sweeps a unit field like any config field (weight 0.5 / 1.0)', () => {
    const g = graph([
      node('r', 'randomizer', { mode: 'combinatorial', maxVariants: 10, useMatrix: true, sweeps: [{ path: 'txt2img.controlnet.0.weight', values: [0.5, 1] }], seedMode: 'fixed', baseSeed: 5, drawSeed: -1 }),
      node('p', 'pack', { packs: [{ packId: 'one', rows: [] }] }),
      t2i([{ module: 'canny', model: CANNY, image: `upload:${UPLOAD}` }], { prompt: undefined }),
    ], [edge('p', 'r'), edge('r', 't')])
    const { run, errors } = compile(g, context({ packs: { one: pack('one', 'a house\n') } }))
    expect(errors).toEqual([])
    const units = run!.jobs.map((j) => j.plan.stages[0]!.config)
    expect(units.map((c) => (c.values as { controlnet: ControlNetUnit[] }).controlnet[0]!.weight)).toEqual([0.5, 1])
    expect(units.map((c) => c.provenance['controlnet.0.weight'])).toEqual(['sweep:r', 'sweep:r'])
    expect(units[0]!.provenance['controlnet.0.module']).toBe('node')
  })

  it('takes an earlier stage\'s output and a preset\'s unit, with provenance', () => {
    const g = graph([
      t2i([]),
      node('u', 'upscale', {}),
      node('i', 'img2img', { controlnet: [{ image: 'stage:t' }] }),
      node('pre', 'preset', { presetId: 'edges' }),
    ], [edge('t', 'u', 'image', 'image'), edge('u', 'i', 'image', 'image'), edge('pre', 'i', 'config', 'config')])
    const presets = { edges: preset('edges', { img2img: { controlnet: [{ module: 'canny', model: CANNY, weight: 0.7 }] } }) }
    const { run, errors } = compile(g, context({ presets }))
    expect(errors).toEqual([])
    const stage = run!.jobs[0]!.plan.stages.find((s) => s.stageId === 'i')!
    expect(stage.config.provenance).toMatchObject({ 'controlnet.0.image': 'node', 'controlnet.0.weight': 'preset:edges', 'controlnet.0.module': 'preset:edges' })
  })
})
