/**
 * The prompt-field conveniences: Ctrl+↑/↓ weight changes behave as A1111's edit-attention.js
 * (values checked against A1111's behaviour with its default settings), and `__` / `<lora:`
 * completion finds the token at the caret and inserts the full reference.
 */
import { describe, expect, it } from 'vitest'
import { editAttention } from '../../editor/src/prompt/attention.ts'
import { applyCompletion, completionAt, matchNames } from '../../editor/src/prompt/complete.ts'

/** `|` marks the caret (or `[` `]` a selection) in the input; the output marks the selection. */
function press(marked: string, up: boolean): string | null {
  let text = marked
  let start: number
  let end: number
  if (text.includes('[[')) throw new Error('use single markers')
  if (text.includes('|')) {
    start = end = text.indexOf('|')
    text = text.replace('|', '')
  } else {
    start = text.indexOf('«')
    text = text.replace('«', '')
    end = text.indexOf('»')
    text = text.replace('»', '')
  }
  const r = editAttention(text, start, end, up)
  return r && `${r.text.slice(0, r.start)}«${r.text.slice(r.start, r.end)}»${r.text.slice(r.end)}`
}

describe('Ctrl+↑/↓ (A1111 edit attention)', () => {
  it('wraps the word under the caret and steps by 0.1', () => {
    expect(press('a red ca|t, forest', true)).toBe('a red («cat»:1.1), forest')
    expect(press('a red ca|t, forest', false)).toBe('a red («cat»:0.9), forest')
  })

  it('weights the selected words, not their trailing space', () => {
    expect(press('«red cat »in snow', true)).toBe('(«red cat»:1.1) in snow')
  })

  it('changes an existing weight and keeps the selection for the next press', () => {
    expect(press('(red cat:1.1|)', true)).toBe('(«red cat»:1.2)')
    expect(press('(re|d cat:1.25)', false)).toBe('(«red cat»:1.15)')
    expect(press('(«red cat»:1.9)', true)).toBe('(«red cat»:2.0)')
  })

  it('drops the parentheses when the weight comes back to 1', () => {
    expect(press('a (c|at:1.1) here', false)).toBe('a «cat» here')
  })

  it('steps a LoRA weight by 0.05 inside <…>', () => {
    expect(press('photo <lora:add-de|tail:0.65>', true)).toBe('photo <«lora:add-detail»:0.7>')
    expect(press('photo <lora:add-detail:1|>', false)).toBe('photo <«lora:add-detail»:0.95>')
  })

  it('turns old-style ((emphasis)) and [de-emphasis] into an explicit weight', () => {
    expect(press('((ca|t))', true)).toBe('(«cat»:1.3)')
    expect(press('[ca|t]', false)).toBe('(«cat»:0.8)')
  })

  it('does nothing on empty text or only spaces', () => {
    expect(press('|', true)).toBeNull()
    expect(press('a, | ,b', true)).toBeNull()
  })
})

describe('completion', () => {
  const names = ['colours', 'styles/painting', 'styles/photo', 'animals/pets']

  it('finds `__` being typed and offers wildcard names, prefix matches first', () => {
    const text = 'a lake, __sty'
    const q = completionAt(text, text.length)!
    expect(q).toEqual({ kind: 'wildcard', prefix: 'sty', from: 8, to: text.length })
    expect(matchNames(names, q.prefix)).toEqual(['styles/painting', 'styles/photo'])
    expect(matchNames(names, 'pet')).toEqual(['animals/pets'])
    expect(matchNames(names, '')).toEqual(names)
    expect(applyCompletion(text, q, 'styles/photo')).toEqual({ text: 'a lake, __styles/photo__', caret: 24 })
  })

  it('offers nothing after a finished `__name__` or in plain words with underscores', () => {
    expect(completionAt('__colours__', 11)).toBeNull()
    expect(completionAt('hair_colour', 11)).toBeNull()
    expect(completionAt('__', 2)).toEqual({ kind: 'wildcard', prefix: '', from: 0, to: 2 })
  })

  it('completes inside an existing reference without doubling its closing `__`', () => {
    const text = 'x __col__ y'
    const q = completionAt(text, 6)!
    expect(applyCompletion(text, q, 'colours')).toEqual({ text: 'x __colours__ y', caret: 13 })
  })

  it('finds `<lora:` being typed and inserts A1111’s default weight', () => {
    const text = 'portrait, <lora:add'
    const q = completionAt(text, text.length)!
    expect(q).toEqual({ kind: 'lora', prefix: 'add', from: 10, to: text.length })
    expect(applyCompletion(text, q, 'add-detail-xl')).toEqual({ text: 'portrait, <lora:add-detail-xl:1>', caret: 32 })
    // Re-choosing the name of a tag that already has a weight replaces the whole tag.
    const tagged = 'a <lora:old:0.6> b'
    expect(applyCompletion(tagged, completionAt(tagged, 9)!, 'new')).toEqual({ text: 'a <lora:new:1> b', caret: 14 })
  })
})
