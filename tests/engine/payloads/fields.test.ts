import { describe, expect, it } from 'vitest'
import { AdetailerPass } from '../../../engine/config/stages.ts'
import {
  ADETAILER_ARG_KEYS, AdetailerTabArgs, buildAdetailerRequest, buildImg2ImgRequest,
  buildStageRequest, buildTxt2ImgRequest, buildUpscaleRequest, EXTRAS_SINGLE_IMAGE_FIELDS,
  ExtrasSingleImageBody, ExtrasSingleImageResponse, FORGE_ONLY_REQUEST_FIELDS, GenerationResponse, HIRES_FIELDS,
  IMG2IMG_FIELDS, Img2ImgBody, OVERRIDE_OPTION_KEYS, OverrideSettings, parseGenerationInfo,
  TXT2IMG_FIELDS, Txt2ImgBody, WebuiRequest, type WebuiStage,
} from '../../../engine/payloads/index.ts'
import {
  adetailer, CTX, CTX_IMG, HIRES_ON, img2img, nullPaths, pass, REFINER_ON, txt2img, unknownKeys,
  upscale,
} from './fixtures.ts'

const MODELS = [CTX.model, { checkpoint: '', vae: '', clipSkip: 1 }]
const PASS_MODELS = ['face_yolov8n.pt', 'hand_yolov8n.pt', 'person_yolov8n-seg.pt', 'mediapipe_face_full']

/** Every stage config the matrix covers, with a name for the failure message. */
function* stages(): Generator<[string, WebuiStage]> {
  for (const hires of [false, true]) for (const refiner of [false, true]) for (const batch_size of [1, 3]) {
    const config = txt2img({
      hires: { ...HIRES_ON, enabled: hires, sampler_name: batch_size === 3 ? 'DPM++ 2M' : '', scheduler: batch_size === 3 ? 'Karras' : '' },
      refiner: { ...REFINER_ON, enabled: refiner },
      batch_size, model: batch_size === 3 ? 'm.safetensors' : '',
    })
    yield [`txt2img hires=${hires} refiner=${refiner} batch=${batch_size}`, { kind: 'txt2img', config }]
  }
  for (const width of [0, 1024] as const) {
    yield [`img2img width=${width}`, { kind: 'img2img', config: img2img({ width, model: width ? 'x.safetensors' : '' }) }]
  }
  for (let n = 1; n <= 4; n++) {
    const passes = PASS_MODELS.slice(0, n).map((ad_model, i) => pass({
      ad_model, ad_use_checkpoint: i % 2 === 1, ad_checkpoint: i % 2 === 1 ? 'inpaint.safetensors' : '',
      ad_use_vae: i === 2, ad_vae: i === 2 ? 'v.pt' : '',
    }))
    // plus a disabled pass that must vanish
    if (n < 4) passes.push(pass({ ad_tab_enable: false }))
    yield [`adetailer passes=${n}`, { kind: 'adetailer', config: adetailer({ passes }) }]
  }
  for (const mode of ['single', 'img2img'] as const) {
    yield [`upscale ${mode}`, { kind: 'upscale', config: upscale({ mode, factor: 1.5 }) }]
  }
}

describe('every payload over the config matrix', () => {
  const cases = [...stages()].flatMap(([name, stage]) => MODELS.map((model, i): [string, WebuiStage, typeof CTX_IMG] =>
    [`${name} model#${i}`, stage, { ...CTX_IMG, model }]))

  it.each(cases)('%s: only keys A1111 / ADetailer know, no nulls, schema-valid', (_name, stage, ctx) => {
    const req = buildStageRequest(stage, ctx)
    expect(unknownKeys(req)).toStrictEqual([])
    expect(nullPaths(req)).toStrictEqual([])
    expect(WebuiRequest.safeParse(req).error).toBeUndefined()
  })

  it('dispatches each kind to its builder', () => {
    expect(buildStageRequest({ kind: 'txt2img', config: txt2img() }, CTX)).toStrictEqual(buildTxt2ImgRequest(txt2img(), CTX))
    expect(buildStageRequest({ kind: 'img2img', config: img2img() }, CTX_IMG)).toStrictEqual(buildImg2ImgRequest(img2img(), CTX_IMG))
    expect(buildStageRequest({ kind: 'adetailer', config: adetailer() }, CTX_IMG)).toStrictEqual(buildAdetailerRequest(adetailer(), CTX_IMG))
    const up = upscale({ mode: 'img2img' })
    expect(buildStageRequest({ kind: 'upscale', config: up }, CTX_IMG)).toStrictEqual(buildUpscaleRequest(up, CTX_IMG))
  })

  it('the checker itself catches the original mistakes', () => {
    const req = buildAdetailerRequest(adetailer(), CTX_IMG)
    const bad = structuredClone(req) as { body: Record<string, unknown> & { alwayson_scripts: { ADetailer: { args: unknown[] } } } }
    bad.body.sd_model = 'x'
    ;(bad.body.override_settings as Record<string, unknown>).sd_model = 'x'
    ;(bad.body.alwayson_scripts.ADetailer.args[2] as Record<string, unknown>).ad_mask_only_top_k_largest = 0
    expect(unknownKeys(bad as unknown as WebuiRequest)).toStrictEqual([
      'body: sd_model', 'override_settings: sd_model', 'ADetailer tab 0: ad_mask_only_top_k_largest',
    ])
    expect(WebuiRequest.safeParse(bad).success).toBe(false)
  })
})

describe('the field lists', () => {
  it('leave out the keys A1111 ignores or forbids', () => {
    for (const k of ['sd_model', 'sd_vae', 'clip_skip', 'sd_model_checkpoint', 'CLIP_stop_at_last_layers']) {
      expect(TXT2IMG_FIELDS.has(k)).toBe(false)
      expect(IMG2IMG_FIELDS.has(k)).toBe(false)
    }
    for (const k of HIRES_FIELDS) expect(IMG2IMG_FIELDS.has(k)).toBe(false)
    expect(IMG2IMG_FIELDS.has('firstpass_image')).toBe(false)
    expect(ADETAILER_ARG_KEYS.has('ad_mask_only_top_k_largest')).toBe(false)
  })

  // Counted by hand from webui-api.md: txt2img 8 prompt/seed + 19 sampling + denoise + 7 other + 13 hires
  // + 7 API-only; img2img drops hires and firstpass_image and adds 15; ADetailer §5 lists 42 keys.
  it('have the sizes of the reference lists (a change must be deliberate)', () => {
    expect([TXT2IMG_FIELDS.size, IMG2IMG_FIELDS.size, EXTRAS_SINGLE_IMAGE_FIELDS.size, ADETAILER_ARG_KEYS.size])
      .toStrictEqual([55, 56, 14, 42])
  })

  it('cover every key the request schemas allow', () => {
    const outside = (keys: string[], fields: ReadonlySet<string>) => keys.filter((k) => !fields.has(k))
    // Forge's extra request fields are allowed by the schemas; routing sends such a job to Forge only.
    expect(outside(Object.keys(Txt2ImgBody.shape), TXT2IMG_FIELDS)).toStrictEqual([...FORGE_ONLY_REQUEST_FIELDS])
    expect(outside(Object.keys(Img2ImgBody.shape), IMG2IMG_FIELDS)).toStrictEqual([...FORGE_ONLY_REQUEST_FIELDS])
    expect(outside(Object.keys(ExtrasSingleImageBody.shape), EXTRAS_SINGLE_IMAGE_FIELDS)).toStrictEqual([])
    expect(outside(Object.keys(AdetailerTabArgs.shape), ADETAILER_ARG_KEYS)).toStrictEqual([])
    expect(outside(Object.keys(AdetailerPass.shape), ADETAILER_ARG_KEYS)).toStrictEqual([])
    expect(Object.keys(OverrideSettings.shape).sort()).toStrictEqual([...OVERRIDE_OPTION_KEYS].sort())
  })
})

describe('response schemas', () => {
  it('read a generation response and its info string', () => {
    const info = JSON.stringify({
      prompt: 'a fox', seed: 7, all_seeds: [7, 8], width: 512, height: 512, sd_model_name: 'v1-5',
      infotexts: ['a fox\nSteps: 20', 'a fox\nSteps: 20'], index_of_first_image: 0, version: 'v1.10.1',
    })
    const res = GenerationResponse.parse({ images: ['QUJD', 'REVG'], parameters: { steps: 20 }, info })
    const parsed = parseGenerationInfo(res.info)
    expect(parsed.all_seeds).toStrictEqual([7, 8])
    expect(parsed.version).toBe('v1.10.1')
    expect(() => parseGenerationInfo('{"seed": "x"}')).toThrow()
  })

  it('read an extras response', () => {
    const res = ExtrasSingleImageResponse.parse({ html_info: '<p>Postprocess upscale by: 2</p>', image: 'QUJD' })
    expect(res.image).toBe('QUJD')
    expect(ExtrasSingleImageResponse.safeParse({ html_info: '' }).success).toBe(false)
  })
})
