import { describe, expect, it } from 'vitest'
import { deflateSync } from 'node:zlib'
import { crc32, readChunks, readPngSize, readTextChunks, textChunk, writeChunks, writeTextChunks } from '../../../server/png/chunks.ts'
import { renderImage } from '../../../server/png/synth.ts'

const png = renderImage({ width: 40, height: 24, seed: 1, prompt: 'x', stage: 'txt2img' })

describe('PNG chunk codec', () => {
  it('computes the standard CRC32', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926)
  })

  it('reads the size from IHDR', () => {
    expect(readPngSize(png)).toEqual({ ok: true, value: { width: 40, height: 24 } })
  })

  it('round-trips latin-1 text as tEXt, before IDAT', () => {
    const text = 'a cat, café\nSteps: 20, Sampler: Euler'
    const out = writeTextChunks(png, { parameters: text })
    expect(out.ok).toBe(true)
    if (!out.ok) return
    const chunks = readChunks(out.value)
    expect(chunks.ok && chunks.value.map((c) => c.type)).toEqual(['IHDR', 'tEXt', 'IDAT', 'IEND'])
    expect(readTextChunks(out.value)).toEqual({ ok: true, value: { parameters: text } })
  })

  it('writes non-latin-1 text as UTF-8 iTXt and reads it back', () => {
    const text = '猫 🐈 <lora:add_detail:1>'
    const out = writeTextChunks(png, { parameters: text, job: '{"id":1}' })
    if (!out.ok) throw new Error(out.error)
    const types = readChunks(out.value)
    expect(types.ok && types.value.map((c) => c.type)).toEqual(['IHDR', 'iTXt', 'tEXt', 'IDAT', 'IEND'])
    expect(readTextChunks(out.value)).toEqual({ ok: true, value: { parameters: text, job: '{"id":1}' } })
  })

  it('reads zlib-compressed iTXt and replaces an existing keyword instead of duplicating it', () => {
    const once = writeTextChunks(png, { parameters: 'first', graph: 'g' }, { compress: true })
    if (!once.ok) throw new Error(once.error)
    expect(readTextChunks(once.value)).toEqual({ ok: true, value: { parameters: 'first', graph: 'g' } })
    const twice = writeTextChunks(once.value, { parameters: 'second' })
    if (!twice.ok) throw new Error(twice.error)
    expect(readTextChunks(twice.value)).toEqual({ ok: true, value: { graph: 'g', parameters: 'second' } })
    const chunks = readChunks(twice.value)
    expect(chunks.ok && chunks.value.filter((c) => c.type !== 'IDAT').length).toBe(4)
  })

  it('reads zTXt', () => {
    const chunks = readChunks(png)
    if (!chunks.ok) throw new Error(chunks.error)
    const z = { type: 'zTXt', data: Buffer.concat([Buffer.from('Comment\0\0', 'latin1'), deflateSync(Buffer.from('hello'))]) }
    const file = writeChunks([chunks.value[0]!, z, ...chunks.value.slice(1)])
    expect(readTextChunks(file)).toEqual({ ok: true, value: { Comment: 'hello' } })
  })

  it('rejects a bad CRC, a truncated file and non-PNG bytes as error values', () => {
    const out = writeTextChunks(png, { parameters: 'abc' })
    if (!out.ok) throw new Error(out.error)
    const corrupt = Buffer.from(out.value)
    const at = corrupt.indexOf('parameters')
    corrupt[at + 12] = corrupt[at + 12]! ^ 0xff
    const r1 = readTextChunks(corrupt)
    expect(r1.ok).toBe(false)
    expect(!r1.ok && r1.error).toMatch(/CRC/)
    for (const n of [5, 20, 40, out.value.length - 3]) {
      const r = readTextChunks(out.value.subarray(0, n))
      expect(r.ok).toBe(false)
      expect(readPngSize(out.value.subarray(0, n)).ok).toBe(false)
    }
    expect(readTextChunks(Buffer.from('GIF89a not a png')).ok).toBe(false)
    expect(writeTextChunks(Buffer.alloc(0), { a: 'b' }).ok).toBe(false)
  })

  it('refuses invalid keywords', () => {
    expect(writeTextChunks(png, { '': 'x' }).ok).toBe(false)
    expect(writeTextChunks(png, { ['k'.repeat(80)]: 'x' }).ok).toBe(false)
  })

  it('builds tEXt only for latin-1', () => {
    expect(textChunk('k', 'é').type).toBe('tEXt')
    expect(textChunk('k', 'ő').type).toBe('iTXt')
  })
})
