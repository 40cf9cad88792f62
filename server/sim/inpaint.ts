/**
 * Inpainting in the simulated WebUI, after A1111 1.10's StableDiffusionProcessingImg2Img.init and
 * apply_overlay: the mask is made binary (server/png/mask.ts), inverted on request, blurred
 * (Gaussian, sigma = mask blur, cv2's kernel size), then either
 * - "Whole picture": resized to the output size; the overlay is the blurred mask ×2, clipped;
 * - "Only masked": the box around the mask plus padding, widened to the output's aspect ratio,
 *   is re-drawn at the output size and pasted back; the result has the input image's size.
 *   A blank mask falls back to plain img2img, as A1111 does.
 * Finally the input image is laid over the new one wherever the overlay is not fully white, so a
 * pixel the (blurred) mask does not touch is exactly the input's: what the tests check.
 * The infotext keys are A1111's: Mask mode, Mask blur, Inpaint area, Masked area padding, Masked
 * content (only for fill, latent noise, latent nothing).
 * Simplification: the mask and crop are resized by stretching whatever the resize mode.
 */
import { binaryMask, resizeMask } from '../png/mask.ts'
import { resize, type RawImage } from '../png/synth.ts'
import type { InfoParams } from './infotext.ts'

const num = (v: unknown, d: number): number => (typeof v === 'number' ? v : d)

export interface InpaintPlan {
  /** 0..255 per pixel of the picture the input is laid over: 0 = keep the input. */
  overlay: Uint8Array
  /** "Only masked": where the re-drawn box goes in the input image. */
  crop: { x1: number; y1: number; x2: number; y2: number } | null
  extra: InfoParams
  /** The `inpainting_fill` mode, which changes how the masked area starts. */
  fill: number
}

/** Separable Gaussian blur of a one-channel image along x or y (border: clamp). */
function blur(src: Uint8Array, w: number, h: number, sigma: number, horizontal: boolean): Uint8Array {
  if (sigma <= 0) return src
  const half = Math.trunc(2.5 * sigma + 0.5)
  const kernel = Array.from({ length: 2 * half + 1 }, (_, i) => Math.exp(-((i - half) ** 2) / (2 * sigma * sigma)))
  const total = kernel.reduce((a, b) => a + b, 0)
  const out = new Uint8Array(src.length)
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let acc = 0
      for (let k = -half; k <= half; k++) {
        const sx = horizontal ? Math.min(w - 1, Math.max(0, x + k)) : x
        const sy = horizontal ? y : Math.min(h - 1, Math.max(0, y + k))
        acc += src[sy * w + sx]! * kernel[k + half]!
      }
      out[y * w + x] = Math.round(acc / total)
    }
  }
  return out
}

function bbox(m: Uint8Array, w: number, h: number): [number, number, number, number] | null {
  let x1 = w, y1 = h, x2 = -1, y2 = -1
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    if (m[y * w + x] === 0) continue
    if (x < x1) x1 = x
    if (x > x2) x2 = x
    if (y < y1) y1 = y
    if (y > y2) y2 = y
  }
  return x2 < 0 ? null : [x1, y1, x2 + 1, y2 + 1]
}

/** masking.expand_crop_region: grow the box to the processing size's aspect ratio, inside the image. */
function expandCrop(box: [number, number, number, number], pw: number, ph: number, iw: number, ih: number) {
  let [x1, y1, x2, y2] = box
  const ratio = pw / ph
  if ((x2 - x1) / (y2 - y1) > ratio) {
    const diff = Math.trunc((x2 - x1) / ratio - (y2 - y1))
    y1 -= Math.floor(diff / 2); y2 += diff - Math.floor(diff / 2)
    if (y2 >= ih) { const d = y2 - ih; y2 -= d; y1 -= d }
    if (y1 < 0) { y2 -= y1; y1 = 0 }
    if (y2 >= ih) y2 = ih
  } else {
    const diff = Math.trunc((y2 - y1) * ratio - (x2 - x1))
    x1 -= Math.floor(diff / 2); x2 += diff - Math.floor(diff / 2)
    if (x2 >= iw) { const d = x2 - iw; x2 -= d; x1 -= d }
    if (x1 < 0) { x2 -= x1; x1 = 0 }
    if (x2 >= iw) x2 = iw
  }
  return { x1, y1, x2, y2 }
}

/** The plan for one request; null when nothing is inpainted (a blank mask with "Only masked"). */
export function planInpaint(v: Record<string, unknown>, maskImage: RawImage, input: RawImage, width: number, height: number): InpaintPlan | null {
  const extra: InfoParams = []
  const onlyMasked = v.inpaint_full_res !== false
  // "Only masked" crops in the mask's pixels, which must be the input's.
  const src = onlyMasked && (maskImage.width !== input.width || maskImage.height !== input.height) ? resizeMask(maskImage, input.width, input.height) : maskImage
  const w = src.width
  const h = src.height
  let m = binaryMask(src, v.mask_round !== false)
  if (num(v.inpainting_mask_invert, 0)) {
    m = m.map((x) => 255 - x)
    extra.push(['Mask mode', 'Inpaint not masked'])
  }
  const bx = typeof v.mask_blur === 'number' ? v.mask_blur : num(v.mask_blur_x, 4)
  const by = typeof v.mask_blur === 'number' ? v.mask_blur : num(v.mask_blur_y, 4)
  m = blur(blur(m, w, h, bx, true), w, h, by, false)
  if (bx > 0 || by > 0) extra.push(['Mask blur', bx === by ? bx : null])
  const fill = num(v.inpainting_fill, 0)
  const content = fill === 0 ? 'fill' : fill === 2 ? 'latent noise' : fill === 3 ? 'latent nothing' : null
  if (onlyMasked) {
    const box = bbox(m, w, h)
    if (!box) return null
    const pad = num(v.inpaint_full_res_padding, 0)
    const padded = pad ? [Math.max(box[0] - pad, 0), Math.max(box[1] - pad, 0), Math.min(box[2] + pad, w), Math.min(box[3] + pad, h)] as [number, number, number, number] : box
    extra.push(['Inpaint area', 'Only masked'], ['Masked area padding', pad])
    if (content) extra.push(['Masked content', content])
    return { overlay: m, crop: expandCrop(padded, width, height, w, h), extra, fill }
  }
  const sized = resizeGrey(m, w, h, width, height)
  if (content) extra.push(['Masked content', content])
  return { overlay: sized.map((x) => Math.min(255, x * 2)), crop: null, extra, fill }
}

function resizeGrey(m: Uint8Array, w: number, h: number, width: number, height: number): Uint8Array {
  if (w === width && h === height) return m
  const rgba: RawImage = { width: w, height: h, pixels: new Uint8Array(w * h * 4) }
  for (let i = 0; i < m.length; i++) rgba.pixels.set([m[i]!, m[i]!, m[i]!, 255], i * 4)
  const r = resize(rgba, width, height)
  const out = new Uint8Array(width * height)
  for (let i = 0; i < out.length; i++) out[i] = r.pixels[i * 4]!
  return out
}

/**
 * The inpainted image: `draw(source, w, h)` makes the new picture from a source at the
 * processing size; the input is then laid over it through the inverted overlay.
 */
export function inpaintImage(plan: InpaintPlan, input: RawImage, width: number, height: number, draw: (source: RawImage) => RawImage): RawImage {
  let base: RawImage
  let generated: RawImage
  if (plan.crop) {
    const { x1, y1, x2, y2 } = plan.crop
    const cw = x2 - x1
    const ch = y2 - y1
    const cropped: RawImage = { width: cw, height: ch, pixels: new Uint8Array(cw * ch * 4) }
    for (let y = 0; y < ch; y++) cropped.pixels.set(input.pixels.subarray(((y1 + y) * input.width + x1) * 4, ((y1 + y) * input.width + x2) * 4), y * cw * 4)
    const back = resize(draw(resize(cropped, width, height)), cw, ch)
    base = { width: input.width, height: input.height, pixels: new Uint8Array(input.pixels) }
    generated = { width: input.width, height: input.height, pixels: new Uint8Array(input.pixels) }
    for (let y = 0; y < ch; y++) generated.pixels.set(back.pixels.subarray(y * cw * 4, (y + 1) * cw * 4), ((y1 + y) * input.width + x1) * 4)
  } else {
    base = resize(input, width, height)
    generated = draw(input)
  }
  const out = generated.pixels
  for (let i = 0; i < plan.overlay.length; i++) {
    const a = plan.overlay[i]! / 255
    if (a === 1) continue
    for (let k = 0; k < 3; k++) out[i * 4 + k] = Math.round(base.pixels[i * 4 + k]! * (1 - a) + out[i * 4 + k]! * a)
    out[i * 4 + 3] = 255
  }
  return generated
}
