/**
 * Image input and output as A1111's API does it: requests may carry bare base64, a data: URI or
 * an http(s) URL; responses carry bare base64 PNGs with the infotext in a `parameters` chunk.
 */
import { HttpError } from './errors.ts'
import { decodePng, encodePng, type RawImage } from '../png/synth.ts'
import { readTextChunks, writeTextChunks } from '../png/chunks.ts'
import type { SimState } from './state.ts'

export interface InputImage extends RawImage {
  /** The text chunks the input carried (extras keep its `parameters`). */
  text: Record<string, string>
}

const LOCAL_HOST = /^(localhost|127\.|0\.0\.0\.0|\[?::1\]?|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/i

/** Decodes one request image; failures are A1111's 500 HTTPException bodies. */
export async function decodeInputImage(value: unknown, sim: SimState): Promise<InputImage> {
  if (typeof value !== 'string') throw new HttpError(500, 'Invalid encoded image')
  let bytes: Buffer
  if (/^https?:\/\//i.test(value)) {
    if (!sim.options.api_enable_requests) throw new HttpError(500, 'Requests not allowed')
    const host = new URL(value).hostname
    if (sim.options.api_forbid_local_requests && LOCAL_HOST.test(host)) throw new HttpError(500, 'Request to local resource not allowed')
    try {
      const res = await fetch(value, { signal: AbortSignal.timeout(30_000) })
      bytes = Buffer.from(await res.arrayBuffer())
    } catch {
      throw new HttpError(500, 'Invalid image url')
    }
  } else {
    const b64 = value.startsWith('data:image/') ? value.slice(value.indexOf(';base64,') + 8) : value
    bytes = Buffer.from(b64, 'base64')
  }
  const png = decodePng(bytes)
  if (!png.ok) throw new HttpError(500, 'Invalid encoded image')
  const text = readTextChunks(bytes)
  return { ...png.value, text: text.ok ? text.value : {} }
}

/** Encodes pixels as a PNG with the given text chunks, as bare base64. */
export function pngBase64(img: RawImage, text: Record<string, string>): string {
  const png = encodePng(img)
  if (Object.keys(text).length === 0) return png.toString('base64')
  const withText = writeTextChunks(png, text)
  // Our own fresh PNG always parses; fall back to the bare image rather than fail a request.
  return (withText.ok ? withText.value : png).toString('base64')
}

/** A grid of equally sized images (A1111 prepends one when saving a multi-image batch). */
export function grid(images: RawImage[]): RawImage {
  const cols = Math.ceil(Math.sqrt(images.length))
  const rows = Math.ceil(images.length / cols)
  const w = images[0]!.width
  const h = images[0]!.height
  const width = w * cols
  const height = h * rows
  const pixels = new Uint8Array(width * height * 4)
  images.forEach((img, i) => {
    const ox = (i % cols) * w
    const oy = Math.floor(i / cols) * h
    for (let y = 0; y < Math.min(h, img.height); y++) {
      const src = img.pixels.subarray(y * img.width * 4, y * img.width * 4 + Math.min(w, img.width) * 4)
      pixels.set(src, ((oy + y) * width + ox) * 4)
    }
  })
  for (let i = 3; i < pixels.length; i += 4) pixels[i] = 255
  return { width, height, pixels }
}
