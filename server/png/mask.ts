/**
 * How A1111 reads an inpaint mask (`create_binary_mask` in its processing.py): an RGBA image
 * whose alpha is not all opaque is an alpha mask (opaque = inpaint); any other image is turned to
 * grey (ITU-R 601 luma) and a pixel above 128 is inpainted. Shared by the mask store (coverage)
 * and the simulated WebUI (which applies it), so both read a mask the same way.
 */
import type { RawImage } from './synth.ts'

/**
 * 0 or 255 per pixel: 255 = inpaint (before any invert). `round: false` (A1111's `mask_round`)
 * keeps the grey levels (0..255) instead of thresholding them.
 */
export function binaryMask(img: RawImage, round = true): Uint8Array {
  const n = img.width * img.height
  const p = img.pixels
  let alphaMask = false
  for (let i = 0; i < n; i++) if (p[i * 4 + 3]! !== 255) { alphaMask = true; break }
  const out = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    const v = alphaMask ? p[i * 4 + 3]! : Math.trunc((p[i * 4]! * 299 + p[i * 4 + 1]! * 587 + p[i * 4 + 2]! * 114) / 1000)
    out[i] = round ? (v > 128 ? 255 : 0) : v
  }
  return out
}

/** Share of pixels that are inpainted. */
export function coverage(mask: Uint8Array): number {
  if (mask.length === 0) return 0
  let on = 0
  for (const v of mask) if (v === 255) on++
  return on / mask.length
}

/**
 * The mask at another size, as opaque grey pixels (nearest pixel, so it stays binary). A1111
 * resizes a mask that differs from the image; we do it before sending, see server/exec/masks.ts.
 */
export function resizeMask(img: RawImage, width: number, height: number): RawImage {
  const bin = binaryMask(img)
  const grey: RawImage = { width: img.width, height: img.height, pixels: new Uint8Array(bin.length * 4) }
  for (let i = 0; i < bin.length; i++) grey.pixels.set([bin[i]!, bin[i]!, bin[i]!, 255], i * 4)
  if (img.width === width && img.height === height) return grey
  const out = new Uint8Array(width * height * 4)
  for (let y = 0; y < height; y++) {
    const sy = Math.min(img.height - 1, Math.floor(((y + 0.5) * img.height) / height))
    for (let x = 0; x < width; x++) {
      const sx = Math.min(img.width - 1, Math.floor(((x + 0.5) * img.width) / width))
      out.set(grey.pixels.subarray((sy * img.width + sx) * 4, (sy * img.width + sx) * 4 + 4), (y * width + x) * 4)
    }
  }
  return { width, height, pixels: out }
}
