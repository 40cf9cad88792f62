/**
 * Inpainting in the simulated WebUI (issue 11 §2): the mask is applied as A1111 applies it, so a
 * test can check that only the masked area changed, and the infotext carries A1111's keys.
 */
import { PNG } from 'pngjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SimHandle } from '../../../server/sim/index.ts'
import { decodePng, encodePng, type RawImage } from '../../../server/png/synth.ts'
import { png, post, sourceImage, withSim } from './helpers.ts'

let sim: SimHandle
beforeAll(async () => { sim = await withSim() })
afterAll(() => sim.close())

const W = 64
const H = 48

/** A black mask with white where `on(x, y)`; `alpha` makes it an alpha mask (opaque = inpaint) instead. */
function mask(on: (x: number, y: number) => boolean, w = W, h = H, alpha = false): string {
  const px = new Uint8Array(w * h * 4)
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const v = on(x, y) ? 255 : 0
    px.set(alpha ? [0, 0, 0, v] : [v, v, v, 255], (y * w + x) * 4)
  }
  if (!alpha) return encodePng({ width: w, height: h, pixels: px }).toString('base64')
  // encodePng writes RGB; an alpha mask needs the alpha channel, so write it with pngjs.
  return pngWithAlpha({ width: w, height: h, pixels: px })
}

function pngWithAlpha(img: RawImage): string {
  const p = new PNG({ width: img.width, height: img.height })
  p.data = Buffer.from(img.pixels)
  return PNG.sync.write(p).toString('base64')
}

const decode = (b64: string): RawImage => {
  const r = decodePng(Buffer.from(b64, 'base64'))
  if (!r.ok) throw new Error(r.error)
  return r.value
}

/** Which pixels of `out` differ from `init`, as a predicate check over the whole image. */
function changed(out: RawImage, init: RawImage): (x: number, y: number) => boolean {
  return (x, y) => {
    const i = (y * out.width + x) * 4
    return out.pixels[i] !== init.pixels[i] || out.pixels[i + 1] !== init.pixels[i + 1] || out.pixels[i + 2] !== init.pixels[i + 2]
  }
}

function count(w: number, h: number, f: (x: number, y: number) => boolean): number {
  let n = 0
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (f(x, y)) n++
  return n
}

const INIT = sourceImage(W, H, 11)
const init = decode(INIT)
const leftHalf = (x: number) => x < W / 2

async function inpaint(extra: Record<string, unknown>) {
  const r = await post(sim, '/sdapi/v1/img2img', { init_images: [INIT], steps: 2, denoising_strength: 0.9, seed: 5, ...extra })
  expect(r.status, r.text).toBe(200)
  return { image: decode(r.body.images[0]), parameters: png(r.body.images[0]).text.parameters! }
}

describe('the simulated WebUI applies an inpaint mask', () => {
  it('whole picture, no blur: every pixel outside the mask is the input\'s, the masked ones are new', async () => {
    const { image, parameters } = await inpaint({ mask: mask(leftHalf), mask_blur: 0, inpaint_full_res: false, inpainting_fill: 1 })
    const diff = changed(image, init)
    expect(count(W, H, (x, y) => !leftHalf(x) && diff(x, y))).toBe(0)
    expect(count(W, H, (x, y) => leftHalf(x) && diff(x, y))).toBeGreaterThan((W * H) / 4)
    // A1111 writes no blur at 0, no area for "Whole picture", no content for "original".
    expect(parameters).not.toMatch(/Mask blur|Inpaint area|Masked area padding|Masked content|Mask mode/)
  })

  it('inverted: the unmasked area changes instead, and the infotext says so', async () => {
    const { image, parameters } = await inpaint({ mask: mask(leftHalf), mask_blur: 0, inpaint_full_res: false, inpainting_mask_invert: 1, inpainting_fill: 0 })
    const diff = changed(image, init)
    expect(count(W, H, (x, y) => leftHalf(x) && diff(x, y))).toBe(0)
    expect(count(W, H, (x, y) => !leftHalf(x) && diff(x, y))).toBeGreaterThan((W * H) / 4)
    expect(parameters).toContain('Mask mode: Inpaint not masked, Masked content: fill')
  })

  it('a blurred edge changes pixels only within the blur reach of the mask', async () => {
    const blur = 4
    const reach = 2 * Math.trunc(2.5 * blur + 0.5) // kernel half-width, both passes
    const { image, parameters } = await inpaint({ mask: mask(leftHalf), mask_blur: blur, inpaint_full_res: false, inpainting_fill: 2 })
    expect(count(W, H, (x, y) => x >= W / 2 + reach && changed(image, init)(x, y))).toBe(0)
    expect(parameters).toContain('Mask blur: 4, Masked content: latent noise')
  })

  it('only masked: re-draws the padded box at the requested size and pastes it back into an image of the input\'s size', async () => {
    const square = (x: number, y: number) => x >= 20 && x < 30 && y >= 16 && y < 26
    const { image, parameters } = await inpaint({ mask: mask(square), mask_blur: 0, inpaint_full_res: true, inpaint_full_res_padding: 8, inpainting_fill: 3, width: 128, height: 128 })
    expect([image.width, image.height]).toEqual([W, H])
    const diff = changed(image, init)
    expect(count(W, H, (x, y) => !square(x, y) && diff(x, y))).toBe(0)
    expect(count(W, H, (x, y) => square(x, y) && diff(x, y))).toBeGreaterThan(50)
    expect(parameters).toContain('Size: 128x128')
    expect(parameters).toContain('Inpaint area: Only masked, Masked area padding: 8, Masked content: latent nothing')
  })

  it('reads an alpha mask by its alpha, as A1111 does', async () => {
    const { image } = await inpaint({ mask: mask(leftHalf, W, H, true), mask_blur: 0, inpaint_full_res: false })
    const diff = changed(image, init)
    expect(count(W, H, (x, y) => !leftHalf(x) && diff(x, y))).toBe(0)
    expect(count(W, H, (x, y) => leftHalf(x) && diff(x, y))).toBeGreaterThan(0)
  })

  it('a mask of another size is stretched to the image (whole picture)', async () => {
    const { image } = await inpaint({ mask: mask((x) => x < 16, 32, 24), mask_blur: 0, inpaint_full_res: false })
    const diff = changed(image, init)
    expect(count(W, H, (x, y) => x >= W / 2 + 1 && diff(x, y))).toBe(0)
  })

  it('a blank mask with "Only masked" falls back to plain img2img, as A1111 does', async () => {
    const { image, parameters } = await inpaint({ mask: mask(() => false), mask_blur: 0, inpaint_full_res: true })
    expect(count(W, H, changed(image, init))).toBeGreaterThan((W * H) / 2)
    expect(parameters).not.toMatch(/Inpaint area|Masked content/)
  })

  it('mask_round false keeps a grey mask\'s levels: a mid-grey pixel is half new, half input', async () => {
    const px = new Uint8Array(W * H * 4)
    for (let i = 0; i < W * H; i++) px.set([100, 100, 100, 255], i * 4)
    const grey = encodePng({ width: W, height: H, pixels: px }).toString('base64')
    const rounded = await inpaint({ mask: grey, mask_blur: 0, inpaint_full_res: false })
    // Rounded, 100 is below the threshold: nothing is inpainted.
    expect(count(W, H, changed(rounded.image, init))).toBe(0)
    const kept = await inpaint({ mask: grey, mask_blur: 0, inpaint_full_res: false, mask_round: false })
    expect(count(W, H, changed(kept.image, init))).toBeGreaterThan((W * H) / 2)
  })

  it('validates the inpaint fields with A1111\'s types', async () => {
    const r = await post(sim, '/sdapi/v1/img2img', { init_images: [INIT], mask: mask(leftHalf), inpainting_fill: 'lots', inpaint_full_res: 'maybe', mask_blur: 1.5 })
    expect(r.status).toBe(422)
    expect(r.body.detail.map((d: { loc: string[] }) => d.loc.join('.'))).toEqual(['body.inpainting_fill', 'body.inpaint_full_res'])
    const bad = await post(sim, '/sdapi/v1/img2img', { init_images: [INIT], mask: 'not an image' })
    expect(bad.status).toBe(500)
    expect(bad.body.detail).toBe('Invalid encoded image')
  })
})
