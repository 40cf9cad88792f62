/**
 * The pack editor's pure parts: the text its tools insert into the TXT, and the live preview
 * (parse problems with lines; each row's count and prompts as the engine will send them).
 */
import { describe, expect, it } from 'vitest'
import { createWildcardLibrary } from '../../engine/prompts/index.ts'
import { DEFAULT_MATRIX } from '../../engine/packs/index.ts'
import { previewPack, PREVIEW_CAP, type PackDraft } from '../../editor/src/library-edit/pack-preview.ts'
import { appendRow, insertAt, insertLine, setLoraWeight } from '../../editor/src/library-edit/text-insert.ts'

describe('row tools', () => {
  it('puts a tag line after the caret’s line, in the same row', () => {
    const text = 'quality line\nsubject\n\nsecond row\n'
    expect(insertLine(text, 3, '<lora:x:0.5>')).toEqual({ text: 'quality line\n<lora:x:0.5>\nsubject\n\nsecond row\n', caret: 25 })
    expect(insertLine('only line', 9, 'neg: ')).toEqual({ text: 'only line\nneg: \n', caret: 15 })
    expect(insertLine('', 0, '<lora:x:1>')).toEqual({ text: '<lora:x:1>\n', caret: 10 })
  })

  it('inserts a slot at the caret, spaced from a word', () => {
    expect(insertAt('a portrait of', 13, '[[job]]')).toEqual({ text: 'a portrait of [[job]]', caret: 21 })
    expect(insertAt('a (', 3, '[[job]]')).toEqual({ text: 'a ([[job]]', caret: 10 })
  })

  it('appends a row after one blank line', () => {
    expect(appendRow('row one\n\n\n', 'new')).toEqual({ text: 'row one\n\nnew\n', caret: 12 })
    expect(appendRow('', 'new')).toEqual({ text: 'new\n', caret: 3 })
  })

  it('changes the weight of the n-th tag of a name inside the row’s lines only', () => {
    const text = 'a\n<lora:x:0.5> <lora:x:0.7>\n\nb\n<lora:x:0.9>\n'
    expect(setLoraWeight(text, 1, 3, 'x', 1, 1.25)).toBe('a\n<lora:x:0.5> <lora:x:1.25>\n\nb\n<lora:x:0.9>\n')
    expect(setLoraWeight(text, 4, 99, 'x', 0, 0.3)).toBe('a\n<lora:x:0.5> <lora:x:0.7>\n\nb\n<lora:x:0.3>\n')
    expect(setLoraWeight(text, 1, 3, 'y', 0, 1)).toBeNull()
  })
})

describe('live preview', () => {
  const wildcards = createWildcardLibrary({ colours: 'red\nblue\n', 'styles/ink': 'ink\n' })
  const draft = (txt: string, extra: Partial<PackDraft> = {}): PackDraft => ({ id: 'draft', txt, name: 'Draft', matrix: DEFAULT_MATRIX, config: {}, ...extra })

  it('counts each row’s expansions and shows its prompts as they will be sent', () => {
    const matrix = { ...DEFAULT_MATRIX, enabled: true, slots: [{ name: 'job', values: ['baker', 'smith', 'potter'] }] }
    const p = previewPack(draft('a [[job]] in __colours__\n<lora:detail:0.6>\nneg: blurry\n\nplain row\n', { matrix }), null, null, wildcards)
    expect(p.problems).toEqual([])
    expect(p.rows.map((r) => [r.line, r.count])).toEqual([[1, 6], [5, 1]])
    expect(p.rows[0]!.prompts.slice(0, 2)).toEqual(['a baker in blue, <lora:detail:0.6>', 'a baker in red, <lora:detail:0.6>'])
    expect(p.rows[0]!.negative).toBe('blurry')
    expect(p.rows[0]!.loras).toEqual([{ name: 'detail', weight: 0.6 }])
    expect(p.rows[1]!.prompts).toEqual(['plain row'])
  })

  it('reports parse problems with their line, and compile problems such as an unknown wildcard', () => {
    const bad = previewPack(draft('ok\n\nrow with [[nowhere]]\n<lora:x:abc>\n'), null, null, wildcards)
    expect(bad.rows).toEqual([])
    expect(bad.problems.filter((x) => x.severity === 'error').map((x) => x.line)).toEqual(expect.arrayContaining([3, 4]))
    const unknown = previewPack(draft('a __nope__ here\n'), null, null, wildcards)
    expect(unknown.problems.some((x) => x.where === 'compile' && /nope/.test(x.message))).toBe(true)
  })

  it('caps the count of a huge row and says so', () => {
    const big = createWildcardLibrary({ n: Array.from({ length: 40 }, (_, i) => `v${i}`).join('\n') })
    const p = previewPack(draft('__n__ __n__\n'), null, null, big)
    expect(p.rows[0]!.count).toBe(PREVIEW_CAP)
    expect(p.rows[0]!.capped).toBe(true)
    expect(p.rows[0]!.prompts.length).toBe(5)
  })
})
