/** The browser-side PNG text reader and the A1111 infotext parser, on PNGs built by the server's own chunk writer. */
import { describe, expect, it } from 'vitest'
import { deflateSync } from 'node:zlib'
import { textChunk, writeChunks, writeTextChunks, type PngChunk } from '../../server/png/chunks.ts'
import { readPngText } from '../../editor/src/png/text-chunks.ts'
import { parseInfotext, parseSettingsLine, txt2imgParamsFromInfotext } from '../../editor/src/png/infotext.ts'
import { importFromChunks } from '../../editor/src/png/from-png.ts'
import { readFileSync } from 'node:fs'

function must<T>(r: { ok: true; value: T } | { ok: false; error: string }): T {
  if (!r.ok) throw new Error(r.error)
  return r.value
}

/** A 1×1 PNG: IHDR, one IDAT, IEND. */
function tinyPng(): Buffer {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(1, 0)
  ihdr.writeUInt32BE(1, 4)
  ihdr[8] = 8
  ihdr[9] = 2
  const chunks: PngChunk[] = [{ type: 'IHDR', data: ihdr }, { type: 'IDAT', data: deflateSync(Buffer.from([0, 255, 0, 0])) }, { type: 'IEND', data: Buffer.alloc(0) }]
  return writeChunks(chunks)
}

const INFOTEXT = `masterpiece, portrait of a woman, (freckles:1.2)
with red hair
Negative prompt: lowres, bad hands
blurry
Steps: 28, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 6.5, Seed: 1234567, Size: 512x768, Model hash: abc123, Model: realisticVision_v51, Lora hashes: "detail: 1a2b, face: 3c4d", Version: v1.10.1`

describe('readPngText', () => {
  it('reads tEXt, compressed iTXt (UTF-8) and zTXt chunks', async () => {
    const withText = must(writeTextChunks(tinyPng(), { parameters: 'a cat, Steps: 20' }))
    const graph = JSON.stringify({ name: 'Portrait — ünïcode ✓' })
    const withGraph = writeTextChunks(withText, { 'stablenew:graph': graph }, { compress: true })
    if (!withGraph.ok) throw new Error(withGraph.error)
    const z: PngChunk = { type: 'zTXt', data: Buffer.concat([Buffer.from('Comment\0\0', 'latin1'), deflateSync(Buffer.from('café', 'latin1'))]) }
    const chunks = (await import('../../server/png/chunks.ts')).readChunks(withGraph.value)
    if (!chunks.ok) throw new Error(chunks.error)
    const all = writeChunks([...chunks.value.slice(0, -1), z, chunks.value.at(-1)!])
    const read = await readPngText(new Uint8Array(all))
    expect(read).toEqual({ ok: true, chunks: { parameters: 'a cat, Steps: 20', 'stablenew:graph': graph, Comment: 'café' } })
  })

  it('reads an uncompressed iTXt chunk', async () => {
    const c = textChunk('note', 'ça va ✓')
    const png = writeChunks([{ type: 'IHDR', data: Buffer.alloc(13) }, c, { type: 'IEND', data: Buffer.alloc(0) }])
    expect(await readPngText(new Uint8Array(png))).toEqual({ ok: true, chunks: { note: 'ça va ✓' } })
  })

  it('refuses what is not a PNG, a truncated file and a chunk that does not inflate, without throwing', async () => {
    expect(await readPngText(new TextEncoder().encode('GIF89a...'))).toEqual({ ok: false, error: 'This file is not a PNG.' })
    const png = must(writeTextChunks(tinyPng(), { parameters: 'x'.repeat(200) }))
    const cut = await readPngText(new Uint8Array(png.subarray(0, 60)))
    expect(cut.ok).toBe(false)
    const bad: PngChunk = { type: 'iTXt', data: Buffer.concat([Buffer.from('stablenew:graph\0', 'latin1'), Buffer.of(1, 0, 0, 0), Buffer.from('not deflate')]) }
    const broken = writeChunks([{ type: 'IHDR', data: Buffer.alloc(13) }, bad, { type: 'IEND', data: Buffer.alloc(0) }])
    expect(await readPngText(new Uint8Array(broken))).toEqual({ ok: false, error: 'The "stablenew:graph" chunk does not inflate.' })
  })
})

describe('A1111 infotext', () => {
  it('splits prompt, multi-line negative prompt and the settings line', () => {
    const info = parseInfotext(INFOTEXT)
    expect(info.prompt).toBe('masterpiece, portrait of a woman, (freckles:1.2)\nwith red hair')
    expect(info.negativePrompt).toBe('lowres, bad hands\nblurry')
    expect(info.settings['Lora hashes']).toBe('detail: 1a2b, face: 3c4d')
    expect(info.settings['Version']).toBe('v1.10.1')
  })

  it('maps the settings to txt2img params', () => {
    expect(txt2imgParamsFromInfotext(parseInfotext(INFOTEXT))).toEqual({
      prompt: 'masterpiece, portrait of a woman, (freckles:1.2)\nwith red hair',
      negative_prompt: 'lowres, bad hands\nblurry',
      steps: 28, sampler_name: 'DPM++ 2M', scheduler: 'Karras', cfg_scale: 6.5, seed: 1234567, width: 512, height: 768, model: 'realisticVision_v51',
    })
  })

  it('keeps only values the node accepts, and works without a negative prompt', () => {
    const params = txt2imgParamsFromInfotext(parseInfotext('a house\nSteps: 500, Sampler: Euler a, CFG scale: 7, Seed: 42, Size: 513x512'))
    // 500 steps and a width that is not a multiple of 8 are dropped, not clamped.
    expect(params).toEqual({ prompt: 'a house', sampler_name: 'Euler a', cfg_scale: 7, seed: 42, height: 512 })
  })

  it('a prompt alone (no settings line) is still a prompt', () => {
    expect(parseInfotext('just a prompt')).toEqual({ prompt: 'just a prompt', negativePrompt: '', settings: {} })
  })

  it('parses quoted values with escaped quotes', () => {
    expect(parseSettingsLine('Steps: 20, Note: "a \\"b\\", c", Seed: 1')).toEqual({ Steps: '20', Note: 'a "b", c', Seed: '1' })
  })
})

describe('importFromChunks', () => {
  it('restores our graph before looking at parameters', () => {
    const graph = readFileSync('graphs/portrait.json', 'utf8')
    const r = importFromChunks({ parameters: INFOTEXT, 'stablenew:graph': graph })
    expect(r.kind).toBe('graph')
    if (r.kind === 'graph') expect(r.graph.id).toBe('portrait')
  })
  it('an A1111 PNG gives txt2img params; anything else a reason', () => {
    expect(importFromChunks({ parameters: INFOTEXT }).kind).toBe('a1111')
    expect(importFromChunks({ 'stablenew:graph': '{nope' })).toEqual({ kind: 'none', reason: 'The graph stored in this PNG is not valid JSON.' })
    expect(importFromChunks({}).kind).toBe('none')
  })
})
