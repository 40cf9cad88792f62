/**
 * Reads the text chunks of a PNG in the browser, without decoding pixels: `tEXt` (latin-1),
 * `zTXt` and `iTXt` (UTF-8, optionally deflated — the server deflates its `stablenew:graph` and
 * `stablenew:job` chunks). Inflation uses the platform's DecompressionStream('deflate'), which
 * is zlib-wrapped deflate, exactly what PNG stores. The bytes come from a file someone dropped,
 * so every problem is an error value, never a throw; CRCs are not checked (a damaged chunk then
 * fails to inflate or to parse as JSON, which is reported).
 */

export type ChunkResult = { ok: true; chunks: Record<string, string> } | { ok: false; error: string }

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
const latin1 = new TextDecoder('latin1')
const utf8 = new TextDecoder('utf-8')

async function inflate(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate'))
  return new Uint8Array(await new Response(stream).arrayBuffer())
}

interface RawText { keyword: string; body: Uint8Array; compressed: boolean; encoding: 'latin1' | 'utf8' }

function parseTextChunk(type: string, d: Uint8Array): RawText | string {
  const nul = d.indexOf(0)
  if (nul < 1) return `${type} chunk without a keyword`
  const keyword = latin1.decode(d.subarray(0, nul))
  if (type === 'tEXt') return { keyword, body: d.subarray(nul + 1), compressed: false, encoding: 'latin1' }
  if (type === 'zTXt') {
    if (nul + 2 > d.length) return 'zTXt chunk is truncated'
    return { keyword, body: d.subarray(nul + 2), compressed: true, encoding: 'latin1' }
  }
  // iTXt: keyword NUL flag method language NUL translated-keyword NUL text
  if (nul + 3 > d.length) return 'iTXt chunk is truncated'
  const compressed = d[nul + 1] === 1
  const langEnd = d.indexOf(0, nul + 3)
  const transEnd = langEnd < 0 ? -1 : d.indexOf(0, langEnd + 1)
  if (transEnd < 0) return 'iTXt chunk is missing a separator'
  return { keyword, body: d.subarray(transEnd + 1), compressed, encoding: 'utf8' }
}

/** All text chunks as keyword → text; a later chunk with the same keyword wins. */
export async function readPngText(bytes: Uint8Array): Promise<ChunkResult> {
  if (bytes.length < 8 || SIGNATURE.some((b, i) => bytes[i] !== b)) return { ok: false, error: 'This file is not a PNG.' }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const chunks: Record<string, string> = {}
  let pos = 8
  while (pos + 8 <= bytes.length) {
    const length = view.getUint32(pos)
    const type = latin1.decode(bytes.subarray(pos + 4, pos + 8))
    const start = pos + 8
    if (start + length > bytes.length) return { ok: false, error: `The PNG is truncated (chunk ${type}).` }
    if (type === 'tEXt' || type === 'zTXt' || type === 'iTXt') {
      const raw = parseTextChunk(type, bytes.subarray(start, start + length))
      if (typeof raw === 'string') return { ok: false, error: raw }
      let body = raw.body
      if (raw.compressed) {
        try {
          body = await inflate(body)
        } catch {
          return { ok: false, error: `The "${raw.keyword}" chunk does not inflate.` }
        }
      }
      chunks[raw.keyword] = (raw.encoding === 'utf8' ? utf8 : latin1).decode(body)
    }
    if (type === 'IEND') break
    pos = start + length + 4
  }
  return { ok: true, chunks }
}
