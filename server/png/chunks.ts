/**
 * A small PNG chunk codec: enough to read and write the text chunks that carry generation
 * metadata (A1111's `parameters`, our job/graph chunks) without decoding any pixels.
 *
 * Every reader returns an error value instead of throwing, because the bytes usually come from
 * the network or from a file a user dropped on the canvas, and a corrupt image must never crash
 * the caller.
 */
import { inflateSync, deflateSync } from 'node:zlib'

export type PngResult<T> = { ok: true; value: T } | { ok: false; error: string }

export interface PngChunk {
  type: string
  /** The chunk's data (without length, type and CRC). */
  data: Buffer
}

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

// #region CRC32 (the PNG/zlib polynomial); a table is built once, lazily.
let crcTable: Uint32Array | undefined

function table(): Uint32Array {
  if (crcTable) return crcTable
  crcTable = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    crcTable[n] = c >>> 0
  }
  return crcTable
}

export function crc32(...parts: Uint8Array[]): number {
  const t = table()
  let c = 0xffffffff
  for (const part of parts) {
    for (let i = 0; i < part.length; i++) c = t[(c ^ part[i]!) & 0xff]! ^ (c >>> 8)
  }
  return (c ^ 0xffffffff) >>> 0
}
// #endregion

const ok = <T>(value: T): PngResult<T> => ({ ok: true, value })
const fail = <T>(error: string): PngResult<T> => ({ ok: false, error })

/** Splits a PNG into its chunks, checking the signature, every length and every CRC. */
export function readChunks(buf: Uint8Array): PngResult<PngChunk[]> {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength)
  if (b.length < 8 || !b.subarray(0, 8).equals(PNG_SIGNATURE)) return fail('not a PNG (bad signature)')
  const chunks: PngChunk[] = []
  let pos = 8
  while (pos < b.length) {
    if (pos + 12 > b.length) return fail(`truncated PNG: chunk header at byte ${pos}`)
    const length = b.readUInt32BE(pos)
    const type = b.toString('latin1', pos + 4, pos + 8)
    if (!/^[A-Za-z]{4}$/.test(type)) return fail(`bad chunk type at byte ${pos}`)
    const end = pos + 12 + length
    if (end > b.length) return fail(`truncated PNG: chunk ${type} at byte ${pos} needs ${length} bytes`)
    const data = b.subarray(pos + 8, pos + 8 + length)
    const expected = b.readUInt32BE(pos + 8 + length)
    const actual = crc32(b.subarray(pos + 4, pos + 8), data)
    if (expected !== actual) return fail(`bad CRC in chunk ${type} at byte ${pos}`)
    chunks.push({ type, data })
    pos = end
    if (type === 'IEND') break
  }
  if (chunks.length === 0 || chunks[0]!.type !== 'IHDR') return fail('PNG does not start with IHDR')
  if (chunks[chunks.length - 1]!.type !== 'IEND') return fail('truncated PNG: no IEND chunk')
  return ok(chunks)
}

/** Serialises chunks back into a PNG (signature + length/type/data/CRC per chunk). */
export function writeChunks(chunks: readonly PngChunk[]): Buffer {
  const parts: Buffer[] = [PNG_SIGNATURE]
  for (const chunk of chunks) {
    const head = Buffer.alloc(8)
    head.writeUInt32BE(chunk.data.length, 0)
    head.write(chunk.type, 4, 'latin1')
    const tail = Buffer.alloc(4)
    tail.writeUInt32BE(crc32(head.subarray(4, 8), chunk.data), 0)
    parts.push(head, chunk.data, tail)
  }
  return Buffer.concat(parts)
}

/** Width and height from IHDR. */
export function readPngSize(buf: Uint8Array): PngResult<{ width: number; height: number }> {
  const chunks = readChunks(buf)
  if (!chunks.ok) return chunks
  const ihdr = chunks.value[0]!
  if (ihdr.data.length < 13) return fail('IHDR too short')
  return ok({ width: ihdr.data.readUInt32BE(0), height: ihdr.data.readUInt32BE(4) })
}

// #region text chunks
function decodeText(chunk: PngChunk): PngResult<[string, string]> | undefined {
  const d = chunk.data
  const nul = d.indexOf(0)
  if (chunk.type === 'tEXt') {
    if (nul < 1) return fail('tEXt chunk without keyword')
    return ok([d.toString('latin1', 0, nul), d.toString('latin1', nul + 1)])
  }
  if (chunk.type === 'zTXt') {
    if (nul < 1 || nul + 2 > d.length) return fail('bad zTXt chunk')
    try {
      return ok([d.toString('latin1', 0, nul), inflateSync(d.subarray(nul + 2)).toString('latin1')])
    } catch {
      return fail('zTXt chunk does not inflate')
    }
  }
  if (chunk.type === 'iTXt') {
    // keyword NUL compressionFlag compressionMethod languageTag NUL translatedKeyword NUL text
    if (nul < 1 || nul + 3 > d.length) return fail('bad iTXt chunk')
    const keyword = d.toString('latin1', 0, nul)
    const compressed = d[nul + 1] === 1
    const langEnd = d.indexOf(0, nul + 3)
    const transEnd = langEnd < 0 ? -1 : d.indexOf(0, langEnd + 1)
    if (transEnd < 0) return fail('bad iTXt chunk (missing separators)')
    let body = d.subarray(transEnd + 1)
    if (compressed) {
      try {
        body = inflateSync(body)
      } catch {
        return fail('iTXt chunk does not inflate')
      }
    }
    return ok([keyword, body.toString('utf8')])
  }
  return undefined
}

/**
 * All `tEXt`, `zTXt` and `iTXt` chunks as keyword → text, in file order (a later chunk with the
 * same keyword wins, as in Pillow).
 */
export function readTextChunks(buf: Uint8Array): PngResult<Record<string, string>> {
  const chunks = readChunks(buf)
  if (!chunks.ok) return chunks
  const out: Record<string, string> = {}
  for (const chunk of chunks.value) {
    const decoded = decodeText(chunk)
    if (!decoded) continue
    if (!decoded.ok) return decoded
    out[decoded.value[0]] = decoded.value[1]
  }
  return ok(out)
}

const isLatin1 = (s: string): boolean => /^[\u0000-\u00ff]*$/.test(s)

/** Builds one text chunk: `tEXt` when the text is latin-1 (as Pillow does), else UTF-8 `iTXt`. */
export function textChunk(keyword: string, text: string, opts: { compress?: boolean } = {}): PngChunk {
  if (isLatin1(text) && !opts.compress) {
    return { type: 'tEXt', data: Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.of(0), Buffer.from(text, 'latin1')]) }
  }
  const body = Buffer.from(text, 'utf8')
  return {
    type: 'iTXt',
    data: Buffer.concat([
      Buffer.from(keyword, 'latin1'),
      Buffer.of(0, opts.compress ? 1 : 0, 0), // NUL, compression flag, method 0 (zlib)
      Buffer.of(0, 0), // empty language tag, empty translated keyword
      opts.compress ? deflateSync(body) : body,
    ]),
  }
}

function keywordOf(chunk: PngChunk): string | undefined {
  if (chunk.type !== 'tEXt' && chunk.type !== 'iTXt' && chunk.type !== 'zTXt') return undefined
  const nul = chunk.data.indexOf(0)
  return nul < 0 ? undefined : chunk.data.toString('latin1', 0, nul)
}

/**
 * Writes text chunks, replacing any existing chunk with the same keyword, inserted just before
 * the first IDAT so readers that stop at the image data still see them.
 */
export function writeTextChunks(
  buf: Uint8Array,
  entries: Record<string, string>,
  opts: { compress?: boolean } = {},
): PngResult<Buffer> {
  const chunks = readChunks(buf)
  if (!chunks.ok) return chunks
  for (const keyword of Object.keys(entries)) {
    if (!/^[\u0020-\u007e\u00a1-\u00ff]{1,79}$/.test(keyword) || /^ | $|  /.test(keyword)) {
      return fail(`invalid PNG text keyword: ${JSON.stringify(keyword)}`)
    }
  }
  const kept = chunks.value.filter((c) => {
    const k = keywordOf(c)
    return k === undefined || !(k in entries)
  })
  const idat = kept.findIndex((c) => c.type === 'IDAT')
  const at = idat < 0 ? kept.length - 1 : idat
  const added = Object.entries(entries).map(([k, v]) => textChunk(k, v, opts))
  kept.splice(at, 0, ...added)
  return ok(writeChunks(kept))
}
// #endregion
