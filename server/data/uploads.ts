/**
 * The uploads folder: `<data>/uploads/<id>.png`, one file per distinct image, written atomically.
 * The id is `up-` + the first 16 hex digits of the file's sha256, so saving is idempotent and a
 * stored id can never come to mean another image. Only PNGs are kept (what A1111 is sent as is).
 */
import { createHash } from 'node:crypto'
import { readdir, readFile, stat } from 'node:fs/promises'
import { UploadId, type UploadInfo } from '../../engine/api/uploads.ts'
import { pngIdentity } from '../exec/image.ts'
import { writeFileAtomic } from './atomic.ts'
import { inside, type DataPaths } from './paths.ts'

export class UploadError extends Error {}

export const uploadIdOf = (bytes: Uint8Array): string => `up-${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}`

const fileOf = (paths: DataPaths, id: string): string => inside(paths.uploads, `${UploadId.parse(id)}.png`)

function identify(bytes: Buffer): { width: number; height: number; hash: string } {
  try {
    return pngIdentity(bytes)
  } catch (e) {
    throw new UploadError(`not a PNG image (${(e as Error).message.replace('the WebUI returned something that is not a PNG', 'no PNG signature')})`)
  }
}

export async function saveUpload(paths: DataPaths, bytes: Buffer): Promise<UploadInfo> {
  const { width, height } = identify(bytes)
  if (width < 1 || height < 1) throw new UploadError('not a PNG image (no size in its header)')
  const id = uploadIdOf(bytes)
  const file = fileOf(paths, id)
  const existing = await stat(file).catch(() => undefined)
  if (!existing) await writeFileAtomic(file, bytes)
  return { id, width, height, bytes: bytes.length }
}

/** The image of an upload with its pixel hash, or null when there is no such upload. */
export async function readUpload(paths: DataPaths, id: string): Promise<{ bytes: Buffer; width: number; height: number; hash: string } | null> {
  if (!UploadId.safeParse(id).success) return null
  const bytes = await readFile(fileOf(paths, id)).catch(() => null)
  if (!bytes) return null
  return { bytes, ...identify(bytes) }
}

/** Ids of every stored upload (names that are not uploads, e.g. temp files, are skipped). */
export async function uploadIds(paths: DataPaths): Promise<string[]> {
  const names = await readdir(paths.uploads).catch(() => [] as string[])
  return names.filter((n) => n.endsWith('.png') && UploadId.safeParse(n.slice(0, -4)).success).map((n) => n.slice(0, -4)).sort()
}

export async function listUploads(paths: DataPaths): Promise<UploadInfo[]> {
  const out: UploadInfo[] = []
  for (const id of await uploadIds(paths)) {
    const u = await readUpload(paths, id).catch(() => null)
    if (u) out.push({ id, width: u.width, height: u.height, bytes: u.bytes.length })
  }
  return out
}
