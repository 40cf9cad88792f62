/**
 * A1111's built-in "SD upscale" img2img script (scripts/sd_upscale.py in A1111 1.10), selected
 * with `script_name: "sd upscale"` and `script_args: [info, overlap, upscaler, scale_factor]`:
 * the init image is enlarged by the upscaler (to a multiple of 8; upscaler None leaves it as it
 * is), cut into overlapping tiles of the request's width × height (`images.split_grid`), each
 * tile is one img2img sampling with seed, seed + 1, …, and the tiles are put back together.
 *
 * The result is a freshly combined image, so, as in A1111, its PNG carries no `parameters`
 * chunk; the first tile's infotext (with "SD upscale overlap" / "SD upscale upscaler") is the
 * response's `info`. The tile count is what `job_count` reports while it runs, and the
 * simulator's stats count the tiles (`sdUpscaleTiles`) so tests can see the tiling.
 *
 * This file models A1111 on its own (it does not import the engine's geometry) so that a test
 * comparing the two checks something.
 */
import { PyError } from './errors.ts'
import type { SimCatalog } from './catalog.ts'
import { renderPixels, type RawImage } from '../png/synth.ts'

export const SD_UPSCALE_TITLE = 'sd upscale'

export interface SdUpscalePlan {
  overlap: number
  /** The upscaler's name as the WebUI lists it (the script writes it in the infotext). */
  upscaler: string
  scale: number
}

/** One tile: where it sits in the enlarged image. */
export interface Tile { x: number; y: number }

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)
const pyType = (v: unknown): string => (v === null ? 'NoneType' : typeof v === 'string' ? 'str' : typeof v === 'boolean' ? 'bool' : Array.isArray(v) ? 'list' : typeof v === 'object' ? 'dict' : 'float')

/**
 * Whether the request selects SD upscale, and its arguments checked as the script would use them
 * (A1111 raises inside `run`, which the API answers with a 500). The simulator is stricter than
 * A1111 about the count: A1111 splices a short list into the other scripts' arguments and runs
 * with whatever lands in the slots, which is never what the client meant.
 */
export function planSdUpscale(kind: 'txt2img' | 'img2img', v: Record<string, unknown>, catalog: SimCatalog): SdUpscalePlan | null {
  if (kind !== 'img2img' || typeof v.script_name !== 'string' || v.script_name.toLowerCase() !== SD_UPSCALE_TITLE) return null
  const args = Array.isArray(v.script_args) ? v.script_args : []
  if (args.length !== 4) {
    throw new PyError('TypeError', `Script.run() takes 5 positional arguments (p, _, overlap, upscaler_index, scale_factor) but script_args has ${args.length} of the 4 it needs`)
  }
  const [, overlap, upscaler, scale] = args
  if (!isNum(overlap)) throw new PyError('TypeError', `unsupported operand type(s) for -: 'int' and '${pyType(overlap)}'`)
  if (!isNum(scale)) throw new PyError('TypeError', `can't multiply sequence by non-int of type '${pyType(scale)}'`)
  const names = catalog.upscalers.map((u) => String(u.name))
  let name: string | undefined
  if (typeof upscaler === 'string') {
    // The script looks a name up case-insensitively; an unknown one is list.index's ValueError.
    name = names.find((n) => n.toLowerCase() === upscaler.toLowerCase())
    if (name === undefined) throw new PyError('ValueError', `'${upscaler.toLowerCase()}' is not in list`)
  } else if (isNum(upscaler) && Number.isInteger(upscaler)) {
    name = names.at(upscaler)
    if (name === undefined) throw new PyError('IndexError', 'list index out of range')
  } else {
    throw new PyError('TypeError', `list indices must be integers or slices, not ${pyType(upscaler)}`)
  }
  return { overlap, upscaler: name, scale }
}

/** The enlarged image's size: `Upscaler.upscale` floors factor × side to a multiple of 8. */
export function enlargedSize(plan: SdUpscalePlan, src: { width: number; height: number }): [number, number] {
  if (plan.upscaler === 'None') return [src.width, src.height]
  return [Math.floor((src.width * plan.scale) / 8) * 8, Math.floor((src.height * plan.scale) / 8) * 8]
}

/** `images.split_grid`: tile origins, row by row, the last row/column flush with the edge. */
export function splitGrid(width: number, height: number, tileW: number, tileH: number, overlap: number): Tile[][] {
  if (tileW - overlap <= 0 || tileH - overlap <= 0) throw new PyError('ZeroDivisionError', 'division by zero')
  const cols = Math.ceil((width - overlap) / (tileW - overlap))
  const rows = Math.ceil((height - overlap) / (tileH - overlap))
  const dx = cols > 1 ? (width - tileW) / (cols - 1) : 0
  const dy = rows > 1 ? (height - tileH) / (rows - 1) : 0
  const grid: Tile[][] = []
  for (let r = 0; r < rows; r++) {
    let y = Math.trunc(r * dy)
    if (y + tileH >= height) y = height - tileH
    const row: Tile[] = []
    for (let c = 0; c < cols; c++) {
      let x = Math.trunc(c * dx)
      if (x + tileW >= width) x = width - tileW
      row.push({ x, y })
    }
    grid.push(row)
  }
  return grid
}

/** Copies a w × h window at (x, y); pixels outside the source stay black (PIL's crop). */
function crop(src: RawImage, x: number, y: number, w: number, h: number): RawImage {
  const out = new Uint8Array(w * h * 4)
  for (let j = 0; j < h; j++) {
    const sy = y + j
    if (sy < 0 || sy >= src.height) continue
    for (let i = 0; i < w; i++) {
      const sx = x + i
      if (sx < 0 || sx >= src.width) continue
      out.set(src.pixels.subarray((sy * src.width + sx) * 4, (sy * src.width + sx) * 4 + 4), (j * w + i) * 4)
    }
  }
  return { width: w, height: h, pixels: out }
}

function paste(dst: RawImage, tile: RawImage, x: number, y: number): void {
  for (let j = 0; j < tile.height; j++) {
    const dy = y + j
    if (dy < 0 || dy >= dst.height) continue
    for (let i = 0; i < tile.width; i++) {
      const dx = x + i
      if (dx < 0 || dx >= dst.width) continue
      dst.pixels.set(tile.pixels.subarray((j * tile.width + i) * 4, (j * tile.width + i) * 4 + 4), (dy * dst.width + dx) * 4)
    }
  }
}

export interface TileJob {
  /** Renders (and "samples", with progress) one tile from its crop of the enlarged image. */
  diffuse(tile: RawImage, index: number, total: number): Promise<RawImage | null>
}

/**
 * Enlarges `src`, re-diffuses every tile through `job.diffuse` and combines them (later tiles
 * over earlier ones; A1111 feathers the overlaps, which a stand-in picture does not need).
 * Returns the image and the tile count; stops early (keeping the enlarged pixels) on interrupt.
 */
export async function sdUpscale(plan: SdUpscalePlan, src: RawImage, tileW: number, tileH: number, job: TileJob): Promise<{ image: RawImage; tiles: number }> {
  const [w, h] = enlargedSize(plan, src)
  const tiles = splitGrid(w, h, tileW, tileH, plan.overlap).flat()
  const enlarged = renderPixels({ width: w, height: h, seed: 0, prompt: '', stage: 'upscale', source: src })
  // Every tile is cut from the enlarged image before any is diffused, as split_grid does.
  const crops = tiles.map((t) => crop(enlarged, t.x, t.y, tileW, tileH))
  const image: RawImage = { width: w, height: h, pixels: new Uint8Array(enlarged.pixels) }
  for (const [i, t] of tiles.entries()) {
    const out = await job.diffuse(crops[i]!, i, tiles.length)
    if (!out) break
    paste(image, out, t.x, t.y)
  }
  return { image, tiles: tiles.length }
}
