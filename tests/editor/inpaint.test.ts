/**
 * The editor's side of inpainting: the img2img form offers the inpaint block in A1111's words
 * (choices, not bare numbers), and the painter's pixel edits (brush, eraser, invert, clear) and
 * mask reading work as A1111 reads a mask.
 */
import { describe, expect, it } from 'vitest'
import { getNodeKind } from '../../engine/nodes/registry.ts'
import { fieldsForKind, type FieldSpec } from '../../editor/src/inspector/fields.ts'
import {
  clearMask, coverageOf, emptyMask, invertMask, maskFromRgba, maskToRgba, paintDisc, paintLine,
} from '../../editor/src/inspector/mask/mask-pixels.ts'

describe('img2img inspector: the inpaint block', () => {
  const group = fieldsForKind(getNodeKind('img2img')!).find((f) => f.key === 'inpaint') as Extract<FieldSpec, { type: 'group' }>

  it('is a group with A1111\'s names and choices; the mask id is left to the mask panel', () => {
    expect(group.label).toBe('Inpainting')
    const byKey = Object.fromEntries(group.fields.map((f) => [f.key, f]))
    expect(Object.keys(byKey)).toEqual(['mask_blur', 'inpainting_fill', 'inpaint_full_res', 'inpaint_full_res_padding', 'inpainting_mask_invert'])
    expect(byKey.inpainting_fill).toMatchObject({ label: 'Masked content', type: 'number', choices: [
      { value: 0, label: 'fill' }, { value: 1, label: 'original' }, { value: 2, label: 'latent noise' }, { value: 3, label: 'latent nothing' },
    ] })
    expect(byKey.inpainting_mask_invert).toMatchObject({ label: 'Mask mode', choices: [{ value: 0, label: 'Inpaint masked' }, { value: 1, label: 'Inpaint not masked' }] })
    expect(byKey.inpaint_full_res).toMatchObject({ label: 'Only masked', type: 'boolean' })
    expect(byKey.mask_blur).toMatchObject({ label: 'Mask blur', min: 0, max: 64, integer: true })
  })
})

describe('mask painter pixels', () => {
  it('a brush stroke paints a connected band, the eraser removes it again', () => {
    const m = emptyMask(40, 20)
    paintLine(m, { x: 5, y: 10 }, { x: 35, y: 10 }, 3, 255)
    // No gaps along the stroke, nothing far from it.
    for (let x = 5; x < 35; x++) expect(m.data[10 * 40 + x]).toBe(255)
    expect(m.data[0]).toBe(0)
    expect(m.data[19 * 40 + 20]).toBe(0)
    paintDisc(m, 20, 10, 5, 0)
    expect(m.data[10 * 40 + 20]).toBe(0)
    expect(m.data[10 * 40 + 6]).toBe(255)
  })

  it('invert and clear act on every pixel; coverage follows', () => {
    const m = emptyMask(10, 10)
    paintDisc(m, 0, 0, 100, 255)
    expect(coverageOf(m)).toBe(1)
    invertMask(m)
    expect(coverageOf(m)).toBe(0)
    paintDisc(m, 2.5, 2.5, 1, 255)
    invertMask(m)
    expect(coverageOf(m)).toBe(0.95) // a radius-1 disc covers 5 pixels (centre and its 4 neighbours)
    clearMask(m)
    expect(coverageOf(m)).toBe(0)
  })

  it('what is saved reads back as the same mask (opaque white on black), and alpha masks read by alpha', () => {
    const m = emptyMask(8, 8)
    paintDisc(m, 4, 4, 2, 255)
    expect(maskFromRgba(maskToRgba(m), 8, 8).data).toEqual(m.data)
    const alpha = new Uint8ClampedArray(4 * 4)
    alpha[3] = 255 // pixel 0 opaque (inpaint), the rest transparent
    expect([...maskFromRgba(alpha, 2, 2).data]).toEqual([255, 0, 0, 0])
  })
})
