import { describe, expect, it } from 'vitest'
import { decodePng, renderImage, renderPixels } from '../../../server/png/synth.ts'
import { readPngSize } from '../../../server/png/chunks.ts'

const base = { width: 64, height: 48, seed: 7, prompt: 'a cat', stage: 'txt2img' }

function diff(a: Uint8Array, b: Uint8Array): number {
  let d = 0
  for (let i = 0; i < a.length; i++) d += Math.abs(a[i]! - b[i]!)
  return d / a.length
}

describe('image synthesis', () => {
  it('is deterministic in (seed, prompt, stage)', () => {
    expect(renderImage(base).equals(renderImage(base))).toBe(true)
  })

  it('gives visibly different pixels for another seed, prompt or stage', () => {
    const a = renderPixels(base).pixels
    expect(diff(a, renderPixels({ ...base, seed: 8 }).pixels)).toBeGreaterThan(10)
    expect(diff(a, renderPixels({ ...base, prompt: 'a dog' }).pixels)).toBeGreaterThan(10)
    expect(diff(a, renderPixels({ ...base, stage: 'hires' }).pixels)).toBeGreaterThan(0)
  })

  it('produces valid PNGs of the requested size that pngjs decodes', () => {
    const png = renderImage({ ...base, width: 33, height: 17 })
    expect(readPngSize(png)).toEqual({ ok: true, value: { width: 33, height: 17 } })
    const d = decodePng(png)
    expect(d.ok && d.value.width).toBe(33)
  })

  it('derives img2img from the source and upscale is the resized source', () => {
    const src = renderPixels(base)
    const i2i = renderPixels({ ...base, seed: 99, prompt: 'other', stage: 'img2img', source: src, strength: 0.3 })
    const unrelated = renderPixels({ ...base, seed: 99, prompt: 'other' })
    expect(diff(i2i.pixels, src.pixels)).toBeLessThan(diff(unrelated.pixels, src.pixels))
    const up = renderPixels({ ...base, width: 128, height: 96, stage: 'upscale', source: src })
    expect(up.width).toBe(128)
    const down = renderPixels({ ...base, stage: 'upscale', source: up })
    expect(diff(down.pixels, src.pixels)).toBeLessThan(6)
  })

  it('reports undecodable bytes as an error value', () => {
    expect(decodePng(Buffer.from('nope')).ok).toBe(false)
  })
})
