/**
 * The mask painter's pixels, kept as one byte per pixel (255 = inpaint, 0 = keep) so the brush,
 * eraser, invert and clear are plain array edits, testable without a canvas. The same reading of
 * an image as a mask as A1111's (server/png/mask.ts): an image with any non-opaque pixel is an
 * alpha mask, otherwise grey above 128 is inpainted.
 */
export interface MaskPixels {
  width: number
  height: number
  /** 0 or 255 per pixel, row-major. */
  data: Uint8Array
}

export const emptyMask = (width: number, height: number): MaskPixels => ({ width, height, data: new Uint8Array(width * height) })

/** Paints (255) or erases (0) a filled disc of radius `r` centred on (cx, cy), clipped to the mask. */
export function paintDisc(m: MaskPixels, cx: number, cy: number, r: number, value: 0 | 255): void {
  const r2 = r * r
  const x0 = Math.max(0, Math.floor(cx - r))
  const x1 = Math.min(m.width - 1, Math.ceil(cx + r))
  const y0 = Math.max(0, Math.floor(cy - r))
  const y1 = Math.min(m.height - 1, Math.ceil(cy + r))
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const dx = x + 0.5 - cx
      const dy = y + 0.5 - cy
      if (dx * dx + dy * dy <= r2) m.data[y * m.width + x] = value
    }
  }
}

/** A stroke from one pointer position to the next: discs close enough together to leave no gaps. */
export function paintLine(m: MaskPixels, from: { x: number; y: number }, to: { x: number; y: number }, r: number, value: 0 | 255): void {
  const dist = Math.hypot(to.x - from.x, to.y - from.y)
  const steps = Math.max(1, Math.ceil(dist / Math.max(0.5, r / 2)))
  for (let i = 0; i <= steps; i++) paintDisc(m, from.x + ((to.x - from.x) * i) / steps, from.y + ((to.y - from.y) * i) / steps, r, value)
}

export function invertMask(m: MaskPixels): void {
  for (let i = 0; i < m.data.length; i++) m.data[i] = 255 - m.data[i]!
}

export function clearMask(m: MaskPixels): void {
  m.data.fill(0)
}

export function coverageOf(m: MaskPixels): number {
  let on = 0
  for (const v of m.data) if (v === 255) on++
  return m.data.length === 0 ? 0 : on / m.data.length
}

/** RGBA pixels (from a canvas) read as a mask. */
export function maskFromRgba(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number): MaskPixels {
  const m = emptyMask(width, height)
  let alphaMask = false
  for (let i = 0; i < width * height; i++) if (rgba[i * 4 + 3] !== 255) { alphaMask = true; break }
  for (let i = 0; i < width * height; i++) {
    const v = alphaMask ? rgba[i * 4 + 3]! : Math.trunc((rgba[i * 4]! * 299 + rgba[i * 4 + 1]! * 587 + rgba[i * 4 + 2]! * 114) / 1000)
    m.data[i] = v > 128 ? 255 : 0
  }
  return m
}

/** Opaque white-on-black RGBA: what is saved (A1111 reads it as grey, white = inpaint). */
export function maskToRgba(m: MaskPixels): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(m.width * m.height * 4)
  for (let i = 0; i < m.data.length; i++) {
    const v = m.data[i]!
    out[i * 4] = v
    out[i * 4 + 1] = v
    out[i * 4 + 2] = v
    out[i * 4 + 3] = 255
  }
  return out
}

/** The overlay the painter shows: the masked area tinted, the rest transparent. */
export function maskToOverlay(m: MaskPixels, rgb: [number, number, number] = [255, 40, 90], alpha = 140): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(m.width * m.height * 4)
  for (let i = 0; i < m.data.length; i++) {
    if (m.data[i] !== 255) continue
    out[i * 4] = rgb[0]
    out[i * 4 + 1] = rgb[1]
    out[i * 4 + 2] = rgb[2]
    out[i * 4 + 3] = alpha
  }
  return out
}
