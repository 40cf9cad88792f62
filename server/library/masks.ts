/**
 * Inpaint masks in the data folder: `library/masks/<id>.png`, the PNG exactly as uploaded, written
 * atomically. The id is `mask-` + 24 hex of the sha256 of the bytes, so the same mask is stored
 * once and an id always means the same pixels (a graph, a queued job and the stage cache can rely
 * on it). Masks are never changed in place; painting again makes a new id.
 */
import { createHash } from 'node:crypto'
import { readFile, readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { MASK_ID_PATTERN } from '../../engine/config/inpaint.ts'
import { MAX_MASK_BYTES, MAX_MASK_SIDE, type MaskInfo } from '../../engine/api/masks.ts'
import { writeFileAtomic } from '../data/atomic.ts'
import { inside, type DataPaths } from '../data/paths.ts'
import { decodePng, type RawImage } from '../png/synth.ts'
import { binaryMask, coverage } from '../png/mask.ts'

export const masksDir = (paths: DataPaths): string => join(paths.library, 'masks')

/** Why an upload is refused, as a sentence about the `image` field. */
export class MaskRejected extends Error {}

const maskFile = (paths: DataPaths, id: string): string => inside(masksDir(paths), `${id}.png`)

export const maskIdOf = (bytes: Uint8Array): string => `mask-${createHash('sha256').update(bytes).digest('hex').slice(0, 24)}`

function decodeUpload(text: string): Buffer {
  const b64 = text.startsWith('data:') ? text.replace(/^data:image\/png;base64,/, '') : text
  if (b64.startsWith('data:')) throw new MaskRejected('must be a PNG (a data URL of another type was given)')
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) throw new MaskRejected('is not valid base64')
  return Buffer.from(b64, 'base64')
}

function infoOf(id: string, img: RawImage, bytes: number, createdAt: string): MaskInfo {
  return { id, width: img.width, height: img.height, bytes, coverage: Number(coverage(binaryMask(img)).toFixed(4)), createdAt }
}

/** Checks and stores an uploaded mask; the same bytes again give the same id without a second write. */
export async function saveMask(paths: DataPaths, base64: string, now: string): Promise<{ info: MaskInfo; created: boolean }> {
  const bytes = decodeUpload(base64)
  if (bytes.length > MAX_MASK_BYTES) throw new MaskRejected(`is ${bytes.length} bytes; a mask may be at most ${MAX_MASK_BYTES} bytes`)
  if (bytes.length < 8 || bytes.readUInt32BE(0) !== 0x89504e47) throw new MaskRejected('is not a PNG (the PNG signature is missing)')
  const png = decodePng(bytes)
  if (!png.ok) throw new MaskRejected(`is not a readable PNG (${png.error})`)
  const { width, height } = png.value
  if (width > MAX_MASK_SIDE || height > MAX_MASK_SIDE) throw new MaskRejected(`is ${width}×${height}; a mask may be at most ${MAX_MASK_SIDE}×${MAX_MASK_SIDE}`)
  const id = maskIdOf(bytes)
  const existing = await readMaskInfo(paths, id)
  if (existing) return { info: existing, created: false }
  await writeFileAtomic(maskFile(paths, id), bytes)
  return { info: infoOf(id, png.value, bytes.length, now), created: true }
}

/** The stored PNG, or null when there is no such mask. */
export async function readMask(paths: DataPaths, id: string): Promise<Buffer | null> {
  if (!MASK_ID_PATTERN.test(id)) return null
  try {
    return await readFile(maskFile(paths, id))
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw e
  }
}

export async function readMaskInfo(paths: DataPaths, id: string): Promise<MaskInfo | null> {
  const bytes = await readMask(paths, id)
  if (!bytes) return null
  const { mtime } = await stat(maskFile(paths, id))
  const png = decodePng(bytes)
  // A file edited by hand into something unreadable is left out rather than break a listing.
  return png.ok ? infoOf(id, png.value, bytes.length, mtime.toISOString()) : null
}

/** Every stored mask id (file names that are not mask ids, like temp files, are ignored). */
export async function maskIds(paths: DataPaths): Promise<Set<string>> {
  return maskIdsIn(masksDir(paths))
}

/** The mask ids of a `masks` folder (a library root's, e.g. the bundled `graphs/masks`). */
export async function maskIdsIn(dir: string): Promise<Set<string>> {
  let names: string[]
  try {
    names = await readdir(dir)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return new Set()
    throw e
  }
  return new Set(names.filter((n) => n.endsWith('.png')).map((n) => n.slice(0, -4)).filter((id) => MASK_ID_PATTERN.test(id)))
}

export async function listMasks(paths: DataPaths): Promise<MaskInfo[]> {
  const infos = await Promise.all([...(await maskIds(paths))].map((id) => readMaskInfo(paths, id)))
  return infos.filter((m): m is MaskInfo => m !== null).sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id))
}
