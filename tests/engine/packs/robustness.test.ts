import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { assembleNegative, assemblePrompt, Pack, parsePack, type ParsePackResult } from '../../../engine/packs/index.ts'
import { fixture } from './helpers.ts'

/** What every result must satisfy, whatever the input. */
function checkResult(r: ParsePackResult): void {
  if (r.ok) {
    expect(Pack.safeParse(r.pack).success).toBe(true)
    for (const row of r.pack.rows) {
      const prompt = assemblePrompt(row, row.text)
      const negative = assembleNegative(row, { globalNegative: 'g', configNegative: 'c' })
      // A pack that parses never lets the original's literal embedding syntax through.
      expect(prompt.toLowerCase()).not.toContain('<embedding:')
      expect(negative.toLowerCase()).not.toContain('<embedding:')
    }
  } else {
    expect(r.errors.length).toBeGreaterThan(0)
    // The never-throw guard must not be what kept us alive.
    expect(r.errors.filter((e) => e.message.startsWith('internal error'))).toEqual([])
  }
  for (const p of [...(r.ok ? [] : r.errors), ...r.warnings]) {
    expect(typeof p.file).toBe('string')
    expect(p.message.length).toBeGreaterThan(0)
    if (p.line !== undefined) expect(Number.isInteger(p.line) && p.line >= 1).toBe(true)
  }
}

const PIECES = ['\n', '\n\n', '\r\n', '\r', '#', ' # ', '#x', 'neg:', 'NEG: ', '<lora:', '<embedding:', '(<embedding:', '>', ':', ':0.5', ':x',
  ')', '(', '[[', ']]', 'job', 'a b', ',', ', ,', '\uFEFF', '\u0000', '\t', 'é', '🙂', '\uD800', ' ', '{a|b}', '__w__', '<lora:n:1>', '<embedding:e>']
const txtArb = fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }).map((a) => a.join(''))
const JSON_PIECES = ['{', '}', '[', ']', ',', ':', '"pack_data"', '"preset_data"', '"name"', '"matrix"', '"txt2img"', '"steps"', '"x"', '1', '-1', '1e400', 'true', 'null', ' ', '\n', '"\\u12"', '"\\q"', '\u0000']
const jsonArb = fc.oneof(
  fc.constant(undefined),
  fc.array(fc.constantFrom(...JSON_PIECES), { maxLength: 40 }).map((a) => a.join('')),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.record({ pack_data: fc.jsonValue(), preset_data: fc.jsonValue() }).map((v) => JSON.stringify(v)),
  fc.record({
    pack_data: fc.record({ name: fc.string(), matrix: fc.jsonValue() }),
    preset_data: fc.dictionary(fc.constantFrom('txt2img', 'img2img', 'adetailer', 'upscale', 'video', 'pipeline', '__proto__', 'constructor'),
      fc.dictionary(fc.constantFrom('steps', 'hires', 'passes', 'enable_hr', 'ad_model', 'ad_hands_mask_k', 'hr_scale', '__proto__', 'toString', 'codec'), fc.jsonValue())),
  }).map((v) => JSON.stringify(v)),
)

function mutate(text: string, edits: [number, number, string][]): string {
  let out = text
  for (const [pos, del, ins] of edits) {
    const at = pos % (out.length + 1)
    out = out.slice(0, at) + ins + out.slice(at + del)
  }
  return out
}

let okCount = 0
const countOk = (r: ParsePackResult) => { if (r.ok) okCount++; return r }

describe('parsePack never throws', () => {
  it('on random token soup (TXT and JSON)', () => {
    fc.assert(fc.property(txtArb, jsonArb, (txt, json) => {
      checkResult(countOk(parsePack({ id: 'soup', txt, ...(json === undefined ? {} : { json }) })))
    }), { numRuns: 1500, seed: 20240601 })
    // Guards that the soup also reaches the success path, not only the error paths.
    expect(okCount).toBeGreaterThan(50)
  })

  it('on arbitrary unicode and binary-ish strings, lone surrogates included', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }), (txt, json) => {
      checkResult(parsePack({ id: 'bin', txt, json }))
    }), { numRuns: 500, seed: 7 })
  })

  it('on mutated example packs', () => {
    const edit = fc.tuple(fc.nat(5000), fc.nat(8), fc.constantFrom('', '\n', '[[', '<', '>', ':', '#', '"', '{', '}', ',', 'neg:', 'x', '\u0000'))
    for (const name of ['test_matrix_pack', 'lighthouses']) {
      const txt0 = fixture(`${name}.txt`)
      const json0 = fixture(`${name}.json`)
      fc.assert(fc.property(fc.array(edit, { maxLength: 6 }), fc.array(edit, { maxLength: 6 }), (e1, e2) => {
        checkResult(parsePack({ id: name, txt: mutate(txt0, e1), json: mutate(json0, e2) }))
      }), { numRuns: 600, seed: 11 })
    }
  })

  it('on huge lines and deep nesting, quickly, with a bounded number of problems', () => {
    const n = 200_000
    const inputs: [string, string | undefined][] = [
      ['<lora:'.repeat(n), undefined],
      ['<embedding:'.repeat(n) + '>', undefined],
      ['<lora:a:1> '.repeat(n), undefined],
      ['x [[a]] '.repeat(n), undefined],
      ['[['.repeat(n), undefined],
      ['a' + ' '.repeat(n * 5) + 'b', undefined],
      ['a, ' + ','.repeat(n) + ' #', undefined],
      ['ok', '['.repeat(n)],
      ['ok', '{"a":'.repeat(n)],
      ['ok', '"' + 'a'.repeat(n * 5)],
      ['x'.repeat(5_000_001), undefined],
    ]
    for (const [txt, json] of inputs) {
      const t0 = performance.now()
      const r = parsePack({ id: 'huge', txt, ...(json === undefined ? {} : { json }) })
      expect(performance.now() - t0).toBeLessThan(3000)
      checkResult(r)
      if (!r.ok) expect(r.errors.length).toBeLessThanOrEqual(201)
    }
  })

  it('on inputs of the wrong type', () => {
    checkResult(parsePack({ id: 'w', txt: undefined as unknown as string }))
    checkResult(parsePack({ id: '', txt: 'a' }))
    checkResult(parsePack({ id: 'w', txt: 'a', json: 42 as unknown as string }))
  })
})
