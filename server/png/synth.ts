/**
 * Deterministic stand-in images for the simulated WebUI.
 *
 * An image is a function of (seed, prompt, stage) only, so the same request always gives the
 * same bytes (the cache and the tests rely on it) and two seeds give visibly different pictures
 * (a person scrolling the history should see the difference). Shapes are placed in fractions of
 * the canvas so a hires or upscaled image keeps the composition of its first pass.
 *
 * Pixels are filled with typed-array loops and encoded with zlib level 1: a 512×512 image
 * costs a few milliseconds, which keeps the simulator's own overhead far below its simulated
 * sampling time.
 */
import { PNG } from 'pngjs'
import { deflateSync } from 'node:zlib'
import { createRng, seedFrom } from '../../engine/util/rng.ts'
import { writeChunks } from './chunks.ts'

export interface RawImage {
  width: number
  height: number
  /** RGBA, 4 bytes per pixel, row-major. */
  pixels: Uint8Array
}

export interface RenderParams {
  width: number
  height: number
  seed: number
  prompt: string
  /** e.g. 'txt2img', 'hires', 'img2img', 'adetailer', 'upscale', 'preview'. */
  stage: string
  /** Input image for img2img-like stages; `stage: 'upscale'` just resizes it. */
  source?: RawImage
  /** How much of the new picture replaces the source (img2img's denoise); default 0.45. */
  strength?: number
  /** 0..1 of per-pixel noise mixed in, for live previews and interrupted samples. */
  noise?: number
}

type Rgb = [number, number, number]

function hsv(h: number, s: number, v: number): Rgb {
  const i = Math.floor(h * 6)
  const f = h * 6 - i
  const p = v * (1 - s)
  const q = v * (1 - f * s)
  const t = v * (1 - (1 - f) * s)
  const m = [[v, t, p], [q, v, p], [p, v, t], [p, q, v], [t, p, v], [v, p, q]][((i % 6) + 6) % 6]!
  return [Math.round(m[0]! * 255), Math.round(m[1]! * 255), Math.round(m[2]! * 255)]
}

/** Bilinear resize (or copy when the size matches). */
export function resize(src: RawImage, width: number, height: number): RawImage {
  const out = new Uint8Array(width * height * 4)
  const sp = src.pixels
  if (src.width === width && src.height === height) {
    out.set(sp.subarray(0, out.length))
    return { width, height, pixels: out }
  }
  const sx = src.width / width
  const sy = src.height / height
  const maxX = src.width - 1
  const maxY = src.height - 1
  const rowStride = src.width * 4
  for (let y = 0; y < height; y++) {
    const fy = Math.min(maxY, Math.max(0, (y + 0.5) * sy - 0.5))
    const y0 = Math.floor(fy)
    const y1 = Math.min(maxY, y0 + 1)
    const wy = fy - y0
    let o = y * width * 4
    for (let x = 0; x < width; x++) {
      const fx = Math.min(maxX, Math.max(0, (x + 0.5) * sx - 0.5))
      const x0 = Math.floor(fx)
      const x1 = Math.min(maxX, x0 + 1)
      const wx = fx - x0
      const a = y0 * rowStride + x0 * 4
      const b = y0 * rowStride + x1 * 4
      const c = y1 * rowStride + x0 * 4
      const d = y1 * rowStride + x1 * 4
      for (let k = 0; k < 3; k++) {
        const top = sp[a + k]! + (sp[b + k]! - sp[a + k]!) * wx
        const bottom = sp[c + k]! + (sp[d + k]! - sp[c + k]!) * wx
        out[o + k] = top + (bottom - top) * wy + 0.5
      }
      out[o + 3] = 255
      o += 4
    }
  }
  return { width, height, pixels: out }
}

/** The seed/prompt picture: a two-colour gradient and a few circles, rings and boxes. */
function pattern(p: RenderParams): RawImage {
  const { width, height } = p
  const rng = createRng(seedFrom('synth', p.seed, p.prompt))
  const hue = rng.next()
  const c1 = hsv(hue, 0.55 + rng.next() * 0.3, 0.35 + rng.next() * 0.3)
  const c2 = hsv((hue + 0.35 + rng.next() * 0.3) % 1, 0.5 + rng.next() * 0.4, 0.7 + rng.next() * 0.3)
  const angle = rng.next() * Math.PI * 2
  const px = new Uint8Array(width * height * 4)
  // t in [0, 1] along the gradient direction, measured from the canvas centre.
  const ca = Math.cos(angle)
  const sa = Math.sin(angle)
  const span = Math.abs(ca) + Math.abs(sa)
  const kx = ca / span / Math.max(1, width)
  const ky = sa / span / Math.max(1, height)
  for (let y = 0; y < height; y++) {
    let o = y * width * 4
    let t = 0.5 - 0.5 * ca / span + (y - height / 2) * ky
    for (let x = 0; x < width; x++, t += kx) {
      px[o] = c1[0] + (c2[0] - c1[0]) * t
      px[o + 1] = c1[1] + (c2[1] - c1[1]) * t
      px[o + 2] = c1[2] + (c2[2] - c1[2]) * t
      px[o + 3] = 255
      o += 4
    }
  }
  const shapes = 3 + rng.int(4)
  const unit = Math.min(width, height)
  for (let s = 0; s < shapes; s++) {
    const kind = rng.int(3)
    const cx = rng.next() * width
    const cy = rng.next() * height
    const r = (0.08 + rng.next() * 0.2) * unit
    const col = hsv(rng.next(), 0.6 + rng.next() * 0.4, 0.5 + rng.next() * 0.5)
    const x0 = Math.max(0, Math.floor(cx - r))
    const x1 = Math.min(width - 1, Math.ceil(cx + r))
    const y0 = Math.max(0, Math.floor(cy - r))
    const y1 = Math.min(height - 1, Math.ceil(cy + r))
    const r2 = r * r
    const inner2 = (r * 0.6) ** 2
    for (let y = y0; y <= y1; y++) {
      const dy = y - cy
      let o = (y * width + x0) * 4
      for (let x = x0; x <= x1; x++, o += 4) {
        const dx = x - cx
        const d2 = dx * dx + dy * dy
        const inside = kind === 0 ? d2 <= r2 : kind === 1 ? d2 <= r2 && d2 >= inner2 : true
        if (!inside) continue
        px[o] = col[0]
        px[o + 1] = col[1]
        px[o + 2] = col[2]
      }
    }
  }
  return { width, height, pixels: px }
}

/** A faint stage-specific texture, so each stage's output differs from its input. */
function stageMark(img: RawImage, stage: string, seed: number): void {
  const rng = createRng(seedFrom('stage', stage, seed))
  const period = 6 + rng.int(10)
  const tint = hsv(rng.next(), 0.8, 1)
  const { width, height, pixels } = img
  for (let y = 0; y < height; y++) {
    let o = y * width * 4
    for (let x = 0; x < width; x++, o += 4) {
      if ((x + y) % period !== 0) continue
      pixels[o] = (pixels[o]! * 3 + tint[0]) >> 2
      pixels[o + 1] = (pixels[o + 1]! * 3 + tint[1]) >> 2
      pixels[o + 2] = (pixels[o + 2]! * 3 + tint[2]) >> 2
    }
  }
}

function addNoise(img: RawImage, amount: number, seed: number): void {
  const rng = createRng(seedFrom('noise', seed))
  const px = img.pixels
  const a = Math.max(0, Math.min(1, amount))
  for (let o = 0; o < px.length; o += 4) {
    const n = rng.uint32()
    px[o] = px[o]! * (1 - a) + (n & 0xff) * a
    px[o + 1] = px[o + 1]! * (1 - a) + ((n >>> 8) & 0xff) * a
    px[o + 2] = px[o + 2]! * (1 - a) + ((n >>> 16) & 0xff) * a
  }
}

/** The pixels of {@link renderImage}, without encoding. */
export function renderPixels(p: RenderParams): RawImage {
  const width = Math.max(1, Math.floor(p.width))
  const height = Math.max(1, Math.floor(p.height))
  const q = { ...p, width, height }
  let img: RawImage
  if (p.source && p.stage === 'upscale') {
    img = resize(p.source, width, height)
  } else if (p.source) {
    img = resize(p.source, width, height)
    const fresh = pattern(q)
    const s = Math.max(0, Math.min(1, p.strength ?? 0.45))
    const a = img.pixels
    const b = fresh.pixels
    for (let i = 0; i < a.length; i++) a[i] = a[i]! + (b[i]! - a[i]!) * s
    stageMark(img, p.stage, p.seed)
  } else {
    img = pattern(q)
    stageMark(img, p.stage, p.seed)
  }
  if (p.noise) addNoise(img, p.noise, p.seed)
  return img
}

/**
 * Encodes RGBA pixels as an 8-bit RGB PNG (SD outputs have no alpha). We filter and frame the
 * rows ourselves (Sub filter, zlib level 1) because pngjs's per-pixel JS packer costs ~15 ms for
 * 512×512, several times the rest of the work; pngjs is still used to decode.
 */
export function encodePng(img: RawImage): Buffer {
  const { width, height, pixels } = img
  const stride = width * 3 + 1
  const raw = Buffer.allocUnsafe(stride * height)
  for (let y = 0; y < height; y++) {
    let o = y * stride
    let i = y * width * 4
    raw[o++] = 1 // filter type Sub: each byte minus the same channel of the pixel to its left
    let pr = 0, pg = 0, pb = 0
    for (let x = 0; x < width; x++, i += 4) {
      const r = pixels[i]!, g = pixels[i + 1]!, b = pixels[i + 2]!
      raw[o++] = (r - pr) & 0xff
      raw[o++] = (g - pg) & 0xff
      raw[o++] = (b - pb) & 0xff
      pr = r; pg = g; pb = b
    }
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 2 // colour type RGB
  return writeChunks([
    { type: 'IHDR', data: ihdr },
    { type: 'IDAT', data: deflateSync(raw, { level: 1 }) },
    { type: 'IEND', data: Buffer.alloc(0) },
  ])
}

/** Decodes any PNG pngjs understands into RGBA; an error value for anything else. */
export function decodePng(buf: Uint8Array): { ok: true; value: RawImage } | { ok: false; error: string } {
  try {
    const png = PNG.sync.read(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength))
    return { ok: true, value: { width: png.width, height: png.height, pixels: png.data } }
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) }
  }
}

/**
 * Renders a PNG deterministically from (seed, prompt, stage): img2img stages mix a fresh
 * picture into the resized source, `upscale` only resizes the source.
 *
 * @example renderImage({ width: 512, height: 512, seed: 1, prompt: 'a cat', stage: 'txt2img' })
 */
export function renderImage(p: RenderParams): Buffer {
  return encodePng(renderPixels(p))
}
