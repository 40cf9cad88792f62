import { describe, expect, it } from 'vitest'
import { fixture, parseErrors, parseOk, sidecar } from './helpers.ts'

describe('the TXT format', () => {
  it("parses the original's example pack exactly", () => {
    const { pack, warnings } = parseOk({ id: 'test_matrix_pack', txt: fixture('test_matrix_pack.txt'), json: fixture('test_matrix_pack.json') })
    expect(warnings).toEqual([])
    expect(pack).toEqual({
      id: 'test_matrix_pack',
      name: 'test_matrix_pack',
      rows: [{
        index: 0,
        line: 1,
        text: '(masterpiece, best quality) [[job]] in [[environment]]',
        quality: '(masterpiece, best quality) [[job]] in [[environment]]',
        subject: '',
        negative: ['bad quality', 'blurry'],
        positiveEmbeddings: ['positive_embed'],
        negativeEmbeddings: ['negative_hands'],
        loras: [{ name: 'add-detail-xl', weight: 0.65 }],
      }],
      matrix: {
        enabled: true, mode: 'fanout', limit: 8,
        slots: [{ name: 'job', values: ['blacksmith', 'astronomer'] }, { name: 'Environment', values: ['a forge', 'an observatory'] }],
      },
      config: { txt2img: { steps: 28, cfg_scale: 6.5, width: 832, height: 1216, sampler_name: 'DPM++ 2M' } },
    })
  })

  it('reads every line type of a richer pack, with comments and weighted embeddings', () => {
    const { pack, warnings } = parseOk({ id: 'lh', txt: fixture('lighthouses.txt'), json: fixture('lighthouses.json') })
    expect(pack.name).toBe('Lighthouses')
    expect(pack.rows).toEqual([
      {
        index: 0, line: 4,
        quality: 'photo, golden hour, 35mm',
        subject: 'a lighthouse on a [[coast type]] cliff, waves breaking below',
        text: 'photo, golden hour, 35mm, a lighthouse on a [[coast type]] cliff, waves breaking below',
        negative: ['cartoon', 'painting'],
        positiveEmbeddings: ['detail_boost', 'film_grain'],
        positiveEmbeddingWeights: { film_grain: 0.6 },
        negativeEmbeddings: ['bad_lowres'],
        loras: [{ name: 'seascape_xl', weight: 0.8 }, { name: 'sharpness', weight: 1 }],
      },
      {
        index: 1, line: 12,
        quality: '(best quality) storm at night, #moody, a lighthouse beam over [[Coast-Type]] rocks',
        subject: '',
        text: '(best quality) storm at night, #moody, a lighthouse beam over [[Coast-Type]] rocks',
        negative: ['daylight'],
        positiveEmbeddings: [], negativeEmbeddings: [], loras: [],
      },
    ])
    expect(warnings.map((w) => w.path)).toEqual(['preset_data.adetailer.adetailer_enabled', 'preset_data.pipeline'])
  })

  it('treats # as a comment only at line start or as a standalone word', () => {
    const txt = ['# whole line', 'tag #hashtag, C#, color #ff0000 # trailing note', '  # indented comment', 'second #', 'third#x'].join('\n')
    const { pack } = parseOk({ id: 'c', txt })
    expect(pack.rows[0]?.quality).toBe('tag #hashtag, C#, color #ff0000')
    expect(pack.rows[0]?.subject).toBe('second third#x')
    expect(pack.rows[0]?.line).toBe(2)
  })

  it('splits rows on blank or whitespace-only lines, not on comment lines', () => {
    const { pack } = parseOk({ id: 'r', txt: 'a\n# c\nb\n   \t\nc\n\n\n\nd\n' })
    expect(pack.rows.map((r) => [r.index, r.line, r.text])).toEqual([[0, 1, 'a, b'], [1, 5, 'c'], [2, 9, 'd']])
  })

  it('joins subject lines with a space and avoids a double comma after the quality line', () => {
    const { pack } = parseOk({ id: 'j', txt: 'best quality,\nshe is\non a hill' })
    expect(pack.rows[0]).toMatchObject({ quality: 'best quality,', subject: 'she is on a hill', text: 'best quality, she is on a hill' })
  })

  it('reads neg: lines: commas split, pieces trimmed, empty ones dropped, any case, embeddings anywhere', () => {
    const { pack } = parseOk({ id: 'n', txt: 'x\nNEG:  a ,, b,\nneg:<embedding:e1>, c (d:1.2) <embedding:e2>\nneg:' })
    expect(pack.rows[0]).toMatchObject({ negative: ['a', 'b', 'c (d:1.2)'], negativeEmbeddings: ['e1', 'e2'] })
  })

  it('reads several LoRAs and embeddings on one tags line, weight optional', () => {
    const { pack } = parseOk({ id: 't', txt: '<lora:a:0.5>, <lora:b> <embedding:e> <lora:c:-1>\nx' })
    expect(pack.rows[0]?.loras).toEqual([{ name: 'a', weight: 0.5 }, { name: 'b', weight: 1 }, { name: 'c', weight: -1 }])
    expect(pack.rows[0]?.positiveEmbeddings).toEqual(['e'])
  })

  it('rewrites an embedding written inside text to its bare name (A1111 does not know <embedding:X>)', () => {
    const { pack } = parseOk({ id: 'i', txt: 'a <embedding:shiny> cat and (<embedding:soft>:0.7) light <lora:x:0.2>' })
    expect(pack.rows[0]?.text).toBe('a shiny cat and (soft:0.7) light <lora:x:0.2>')
    expect(pack.rows[0]?.positiveEmbeddings).toEqual([])
  })

  it('handles CRLF, lone CR and a BOM', () => {
    const { pack } = parseOk({ id: 'w', txt: '\uFEFFq\r\ns\r\nneg: n\r\n\r\nq2\rneg: m\r' })
    expect(pack.rows.map((r) => [r.line, r.text, r.negative])).toEqual([[1, 'q, s', ['n']], [5, 'q2', ['m']]])
  })

  it('gives an empty pack a warning, not an error', () => {
    const r = parseOk({ id: 'e', txt: '# nothing here\n\n' })
    expect(r.pack.rows).toEqual([])
    expect(r.warnings).toEqual([{ file: 'e.txt', message: 'the pack has no rows' }])
  })

  it('uses the TXT name when there is no sidecar', () => {
    expect(parseOk({ id: 'id1', txt: 'a', txtName: 'Forests.txt' }).pack.name).toBe('Forests')
    expect(parseOk({ id: 'id1', txt: 'a' }).pack.name).toBe('id1')
  })
})

describe('TXT errors name the file and the 1-based line, all at once', () => {
  it('reports every kind of error in one pass', () => {
    const txt = [
      'q <lora:x:heavy>', //           1: bad lora weight (inline)
      '<lora:y:0.5:0.2>', //           2: two weights
      'unclosed [[slot here', //       3
      '<embedding:>', //               4
      '',
      'neg: only negatives', //        6: row without positive text
      '',
      '<lora::1>', //                  8: lora without a name
      'fine text [[]]', //             9: empty slot
      'neg: [[]]', //                 10: empty slot in a negative
      'neg: <lora:z:1>', //           11: lora in a negative
      '(<embedding:e>:much)', //      12: bad embedding weight
      '<lora:big:40>', //             13: out of range
      '<embedding:open', //           14: unclosed
      'bin\u0000ary', //              15: control character
    ].join('\n')
    const errors = parseErrors({ id: 'bad', txt, txtName: 'packs/bad.txt' })
    expect(errors.map((e) => [e.file, e.line, e.message])).toEqual([
      ['packs/bad.txt', 1, 'bad LoRA weight "heavy" in <lora:x:…> (must be a number)'],
      ['packs/bad.txt', 2, 'bad LoRA weight "0.5:0.2" in <lora:y:…> (must be a number)'],
      ['packs/bad.txt', 3, 'unclosed "[[" (a slot is written [[name]])'],
      ['packs/bad.txt', 4, '"<embedding:" without a name'],
      ['packs/bad.txt', 6, 'row has no positive text (only negatives, tags or comments)'],
      ['packs/bad.txt', 8, '"<lora:" without a name'],
      ['packs/bad.txt', 9, 'empty slot name "[[]]"'],
      ['packs/bad.txt', 10, 'empty slot name "[[]]"'],
      ['packs/bad.txt', 11, 'LoRA <lora:z> in a neg: line (A1111 only applies LoRAs from the positive prompt)'],
      ['packs/bad.txt', 12, 'bad embedding weight "much" for e (a number from -10 to 10)'],
      ['packs/bad.txt', 13, 'LoRA weight 40 for big is out of range (-10 to 10)'],
      ['packs/bad.txt', 14, '"<embedding:" without a closing ">"'],
      ['packs/bad.txt', 15, 'line contains control characters (is this a text file?)'],
    ])
  })

  it('rejects a malformed slot name', () => {
    expect(parseErrors({ id: 'b', txt: 'a [[job!]]', json: sidecar(['job']) })).toEqual([
      { file: 'b.txt', line: 1, message: 'bad slot name "[[job!]]" (use letters, digits, spaces, - and _)' },
    ])
  })
})
