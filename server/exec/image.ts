/**
 * What the executor needs to know about a PNG on the critical path, cheaply: its size and a hash
 * of its pixels. Also the stage-cache key and the manifest's image-free copy of a request.
 */
import { createHash } from 'node:crypto'
import { canonicalJson } from '../../engine/util/hash.ts'
import { readChunks, writeChunks } from '../png/chunks.ts'

export interface PngIdentity {
  width: number
  height: number
  /**
   * sha256 of IHDR and the IDAT data: the pixels as encoded, ignoring every text chunk. An image
   * read back from our output file (which carries our stablenew:* chunks) hashes the same as the
   * bytes the WebUI sent, so a cached parent still gives its children cache hits.
   */
  hash: string
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

/**
 * Walks the chunk list without checking CRCs (the persist step does, off the critical path), so
 * this costs one sha256 pass over the image data. Throws on something that is not a PNG.
 */
export function pngIdentity(bytes: Buffer): PngIdentity {
  if (bytes.length < 33 || SIGNATURE.some((b, i) => bytes[i] !== b)) throw new Error('the WebUI returned something that is not a PNG')
  const h = createHash('sha256')
  let width = 0
  let height = 0
  let pos = 8
  while (pos + 8 <= bytes.length) {
    const length = bytes.readUInt32BE(pos)
    const type = bytes.toString('latin1', pos + 4, pos + 8)
    const start = pos + 8
    const end = start + length
    if (end + 4 > bytes.length) throw new Error(`truncated PNG (chunk ${type} at byte ${pos})`)
    if (type === 'IHDR') {
      width = bytes.readUInt32BE(start)
      height = bytes.readUInt32BE(start + 4)
      h.update(bytes.subarray(start, end))
    } else if (type === 'IDAT') {
      h.update(bytes.subarray(start, end))
    } else if (type === 'IEND') {
      break
    }
    pos = end + 4
  }
  if (width === 0 || height === 0) throw new Error('PNG without a valid IHDR')
  return { width, height, hash: h.digest('hex') }
}

/** Our own metadata keywords; stripped before an output is sent back to a WebUI as an input. */
export const JOB_CHUNK = 'stablenew:job'
export const GRAPH_CHUNK = 'stablenew:graph'

/**
 * An output file as the WebUI should see it again: without our job and graph chunks (large, and
 * meaningless to it). Falls back to the bytes as they are if they do not parse.
 */
export function stripOurChunks(bytes: Buffer): Buffer {
  const chunks = readChunks(bytes)
  if (!chunks.ok) return bytes
  const kept = chunks.value.filter((c) => {
    if (c.type !== 'tEXt' && c.type !== 'iTXt' && c.type !== 'zTXt') return true
    const nul = c.data.indexOf(0)
    const keyword = nul < 0 ? '' : c.data.toString('latin1', 0, nul)
    return !keyword.startsWith('stablenew:')
  })
  return kept.length === chunks.value.length ? bytes : writeChunks(kept)
}

const IMAGE_KEYS = ['init_images', 'image'] as const

/**
 * The request with every input image replaced by `sha256:<hash of the input's pixels>`. This is
 * both the manifest's record of the call and the text the stage-cache key is hashed from.
 */
export function withoutImages(body: Readonly<Record<string, unknown>>, inputHash: string | null, maskHash?: string): Record<string, unknown> {
  const out: Record<string, unknown> = { ...body }
  const ref = inputHash === null ? null : `sha256:${inputHash}`
  for (const key of IMAGE_KEYS) {
    if (!(key in out)) continue
    const v = out[key]
    out[key] = Array.isArray(v) ? v.map(() => ref) : ref
  }
  // An inpaint mask (server/exec/masks.ts) is named by the hash of the bytes sent, like the input.
  if (typeof out.mask === 'string') out.mask = maskHash === undefined ? null : `sha256:${maskHash}`
  return out
}

/**
 * Stage-cache key: sha256 of the canonical JSON of endpoint + image-free body. Seeds are concrete
 * (the compiler resolves -1), so an equal key means the WebUI would make the same image again.
 */
export function cacheKey(endpoint: string, imageFreeBody: Readonly<Record<string, unknown>>): string {
  return createHash('sha256').update(canonicalJson({ endpoint, body: imageFreeBody })).digest('hex')
}

/** `data:` URL for a live preview; A1111 sends PNG, JPEG or WebP depending on its settings. */
export function previewDataUrl(base64: string): string {
  const mime = base64.startsWith('/9j/') ? 'image/jpeg' : base64.startsWith('UklGR') ? 'image/webp' : 'image/png'
  return `data:${mime};base64,${base64}`
}
