import { describe, expect, it } from 'vitest'
import { assembleNegative, assemblePrompt, getRow, substituteSlots, type PackRow } from '../../../engine/packs/index.ts'
import { fixture, parseOk } from './helpers.ts'

const row = (over: Partial<PackRow> = {}): PackRow => ({
  index: 0, line: 1, text: 'cat', quality: 'cat', subject: '',
  negative: [], positiveEmbeddings: [], negativeEmbeddings: [], loras: [], ...over,
})

describe('final prompt', () => {
  it('is positive embeddings (bare names), then the text, then LoRA tags, joined with ", "', () => {
    const r = row({ positiveEmbeddings: ['a', 'b'], positiveEmbeddingWeights: { b: 0.8 }, loras: [{ name: 'l1', weight: 0.5 }, { name: 'l2', weight: 1 }] })
    expect(assemblePrompt(r, 'a cat on a mat')).toBe('a, (b:0.8), a cat on a mat, <lora:l1:0.5>, <lora:l2:1>')
  })

  it('never sends <embedding:X>, and skips empty parts and stray edge commas', () => {
    const out = assemblePrompt(row({ positiveEmbeddings: ['positive_embed'] }), ' , text with trailing comma, ')
    expect(out).toBe('positive_embed, text with trailing comma')
    expect(out).not.toContain('<embedding:')
    expect(assemblePrompt(row(), '')).toBe('')
  })

  it("assembles the original's example after slot substitution", () => {
    const { pack } = parseOk({ id: 'tm', txt: fixture('test_matrix_pack.txt'), json: fixture('test_matrix_pack.json') })
    const r = pack.rows[0] as PackRow
    const text = substituteSlots(r.text, new Map([['job', 'blacksmith'], ['environment', 'a forge']]))
    expect(text).toEqual({ ok: true, text: '(masterpiece, best quality) blacksmith in a forge' })
    if (!text.ok) return
    expect(assemblePrompt(r, text.text)).toBe('positive_embed, (masterpiece, best quality) blacksmith in a forge, <lora:add-detail-xl:0.65>')
    expect(assembleNegative(r, { globalNegative: 'lowres, watermark', configNegative: 'blurry, distorted' }))
      .toBe('lowres, watermark, blurry, distorted, negative_hands, bad quality, blurry')
  })
})

describe('final negative', () => {
  it('is global negative, config negative, negative embeddings, row phrases, in that order', () => {
    const r = row({ negativeEmbeddings: ['neg_a', 'neg_b'], negativeEmbeddingWeights: { neg_b: 1.2 }, negative: ['blurry', 'extra fingers'] })
    expect(assembleNegative(r, { globalNegative: 'GLOBAL', configNegative: 'CONFIG' })).toBe('GLOBAL, CONFIG, neg_a, (neg_b:1.2), blurry, extra fingers')
  })

  it('applies the global negative exactly once, even when the config negative repeats it', () => {
    const global = 'lowres, bad anatomy'
    const out = assembleNegative(row({ negative: ['x'] }), { globalNegative: global, configNegative: ` ${global}, ` })
    expect(out).toBe('lowres, bad anatomy, x')
    expect(out.split('lowres').length - 1).toBe(1)
  })

  it('skips empty parts', () => {
    expect(assembleNegative(row(), { globalNegative: '', configNegative: '  ' })).toBe('')
    expect(assembleNegative(row({ negative: ['a'] }), { globalNegative: '', configNegative: '' })).toBe('a')
  })

  it('does not look up inherited properties for weights', () => {
    expect(assembleNegative(row({ negativeEmbeddings: ['constructor'], negativeEmbeddingWeights: {} }), { globalNegative: '', configNegative: '' })).toBe('constructor')
  })
})

describe('row lookup', () => {
  it('is an error past the end, never the last row', () => {
    const { pack } = parseOk({ id: 'r', txt: 'one\n\ntwo', txtName: 'Two.txt' })
    expect(getRow(pack, 1)).toEqual({ ok: true, row: pack.rows[1] })
    for (const i of [2, -1, 0.5, Number.NaN]) {
      expect(getRow(pack, i)).toEqual({ ok: false, message: `pack "Two" has 2 rows; row index ${i} does not exist` })
    }
  })
})
