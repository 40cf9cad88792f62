/**
 * Inpainting on img2img (issue 11 §2), engine side: the `inpaint` block's schema, its merge with
 * provenance, the request keys it adds, and the compile error for a mask the data folder lacks.
 */
import { describe, expect, it } from 'vitest'
import { compile } from '../../../engine/compile/compile.ts'
import { stageMaskId } from '../../../engine/compile/masks.ts'
import { INPAINT_DEFAULTS } from '../../../engine/config/inpaint.ts'
import { Img2ImgConfig, Img2ImgLayer } from '../../../engine/config/stages.ts'
import { Img2ImgParams } from '../../../engine/nodes/stages.ts'
import { buildImg2ImgRequest, IMG2IMG_FIELDS, MissingMaskError, WebuiRequest } from '../../../engine/payloads/index.ts'
import { CTX_IMG, img2img } from '../payloads/fixtures.ts'
import { context, edge, graph, node, preset } from '../compile/fixtures.ts'

const MASK = 'mask-0123456789abcdef01234567'
const OTHER = 'mask-fedcba9876543210fedcba98'
const withMask = { ...INPAINT_DEFAULTS, mask_id: MASK }

describe('inpaint schema', () => {
  it('accepts the defaults and a well-formed mask id', () => {
    expect(Img2ImgConfig.safeParse(img2img({ inpaint: withMask })).success).toBe(true)
  })

  it('refuses a malformed mask id and out-of-range values, naming the field', () => {
    const bad = (inpaint: Record<string, unknown>) => {
      const r = Img2ImgParams.safeParse({ inpaint })
      return r.success ? null : r.error.issues.map((i) => i.path.join('.'))
    }
    expect(bad({ mask_id: '../etc/passwd' })).toEqual(['inpaint.mask_id'])
    expect(bad({ mask_id: 'mask-XYZ' })).toEqual(['inpaint.mask_id'])
    expect(bad({ inpainting_fill: 4 })).toEqual(['inpaint.inpainting_fill'])
    expect(bad({ inpainting_mask_invert: 2 })).toEqual(['inpaint.inpainting_mask_invert'])
    expect(bad({ mask_blur: -1 })).toEqual(['inpaint.mask_blur'])
    expect(bad({ inpaint_full_res_padding: 1.5 })).toEqual(['inpaint.inpaint_full_res_padding'])
    expect(bad({ mask_blur: 8, masked: true })).toEqual(['inpaint'])
  })

  it('is a layer: every inpaint field is optional on a node or preset', () => {
    expect(Img2ImgLayer.safeParse({ inpaint: { mask_blur: 8 } }).success).toBe(true)
  })
})

describe('inpaint request keys', () => {
  it('sends nothing inpaint-related without a mask', () => {
    const { body } = buildImg2ImgRequest(img2img(), CTX_IMG)
    for (const k of ['mask', 'mask_blur', 'inpainting_fill', 'inpaint_full_res', 'inpaint_full_res_padding', 'inpainting_mask_invert']) expect(body).not.toHaveProperty(k)
  })

  it('sends the mask bytes and every inpaint setting with a mask, all keys A1111 knows, and the strict schema accepts it', () => {
    const config = img2img({ inpaint: { ...withMask, mask_blur: 9, inpainting_fill: 2, inpaint_full_res: true, inpaint_full_res_padding: 48, inpainting_mask_invert: 1 } })
    const req = buildImg2ImgRequest(config, { ...CTX_IMG, mask: 'TUFTSw==' })
    expect(req.body).toMatchObject({ mask: 'TUFTSw==', mask_blur: 9, inpainting_fill: 2, inpaint_full_res: true, inpaint_full_res_padding: 48, inpainting_mask_invert: 1 })
    expect(Object.keys(req.body).filter((k) => !IMG2IMG_FIELDS.has(k))).toEqual([])
    expect(WebuiRequest.safeParse(req).success).toBe(true)
  })

  it('refuses to build a masked request without the mask bytes', () => {
    expect(() => buildImg2ImgRequest(img2img({ inpaint: withMask }), CTX_IMG)).toThrow(MissingMaskError)
  })

  it('builds a request from a config stored before inpainting existed (no inpaint block)', () => {
    const { inpaint: _, ...old } = img2img()
    expect(buildImg2ImgRequest(old as Img2ImgConfig, CTX_IMG).body).not.toHaveProperty('mask')
  })
})

describe('inpaint merge and compile', () => {
  const g = (params: Record<string, unknown>) => graph([
    node('t', 'txt2img', { prompt: 'a cat' }),
    node('pre', 'preset', { presetId: 'soft' }),
    node('i', 'img2img', params),
  ], [edge('t.image', 'i.image'), edge('pre', 'i', 'config', 'config')])
  const presets = { soft: preset('soft', { img2img: { inpaint: { mask_blur: 12, inpaint_full_res: true } } }) }

  it('merges the block field by field with provenance: node, preset, default', () => {
    const { run, errors } = compile(g({ inpaint: { mask_id: MASK, inpainting_fill: 0 } }), context({ presets }))
    expect(errors).toEqual([])
    const stage = run!.jobs[0]!.plan.stages[1]!
    expect(stage.config.values.inpaint).toEqual({ ...INPAINT_DEFAULTS, mask_id: MASK, inpainting_fill: 0, mask_blur: 12, inpaint_full_res: true })
    expect(['mask_id', 'inpainting_fill', 'mask_blur', 'inpaint_full_res', 'inpaint_full_res_padding'].map((k) => stage.config.provenance[`inpaint.${k}`]))
      .toEqual(['node', 'node', 'preset:soft', 'preset:soft', 'default'])
    expect(stageMaskId(stage)).toBe(MASK)
  })

  it('a mask id the data folder does not hold is a compile error naming the node and field', () => {
    const { errors } = compile(g({ inpaint: { mask_id: OTHER } }), context({ presets, masks: new Set([MASK]) }))
    expect(errors).toEqual([expect.objectContaining({ code: 'unknown-mask', nodeId: 'i', field: 'inpaint.mask_id' })])
    expect(errors[0]!.message).toContain(OTHER)
  })

  it('a known mask compiles cleanly; without the mask list (offline editor) nothing is checked', () => {
    expect(compile(g({ inpaint: { mask_id: MASK } }), context({ presets, masks: new Set([MASK]) })).errors).toEqual([])
    expect(compile(g({ inpaint: { mask_id: OTHER } }), context({ presets })).errors).toEqual([])
  })
})
