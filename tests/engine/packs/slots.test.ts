import { describe, expect, it } from 'vitest'
import { findSlots, normalizeSlotName, substituteSlots, validatePack, type Pack } from '../../../engine/packs/index.ts'
import { parseErrors, parseOk, sidecar } from './helpers.ts'

describe('slot names', () => {
  it('normalise case, -, _ and spaces away', () => {
    expect(['Hair Color', 'hair_color', 'HAIR-COLOR', ' hair  color ', 'hairColor'].map(normalizeSlotName)).toEqual(Array(5).fill('haircolor'))
    expect(normalizeSlotName('env2')).not.toBe(normalizeSlotName('env'))
  })

  it('are found in order, once per normalised name, spelled as first written', () => {
    expect(findSlots('[[Job]] at [[ place ]], [[job]] again, [[hair-color]] [[Hair Color]]')).toEqual(['Job', 'place', 'hair-color'])
    expect(findSlots('no slots, [single] brackets, {a|b}')).toEqual([])
  })

  it('are substituted by normalised name; values are not re-expanded', () => {
    const values = new Map([['job', 'smith [[job]]'], ['haircolor', 'red']])
    expect(substituteSlots('a [[JOB]] with [[hair_color]] hair, [[Job]]', values)).toEqual({ ok: true, text: 'a smith [[job]] with red hair, smith [[job]]' })
    expect(substituteSlots('plain', new Map())).toEqual({ ok: true, text: 'plain' })
  })

  it('report the first unfilled slot instead of leaking it', () => {
    expect(substituteSlots('[[job]] in [[Place]]', new Map([['job', 'x']]))).toEqual({ ok: false, slot: 'Place' })
  })
})

describe('validatePack: rows against the matrix', () => {
  it('accepts slots the matrix defines under another spelling', () => {
    const { pack } = parseOk({ id: 'p', txt: 'a [[Coast-Type]]\n\nb [[coast type]]', json: sidecar(['coast_type']) })
    expect(pack.rows.length).toBe(2)
  })

  it('reports a slot the matrix does not define with file, exact line and name', () => {
    const errors = parseErrors({ id: 'p', txt: 'quality\nsubject with [[job]]\n\nand [[place]] here', json: sidecar(['job']), txtName: 'packs/p.txt' })
    expect(errors).toEqual([{ file: 'packs/p.txt', line: 4, message: 'row 2 uses [[place]] but the pack matrix has no slot "place"' }])
    const noJson = parseErrors({ id: 'q', txt: 'line one\nthe [[job]]' })
    expect(noJson).toEqual([{ file: 'q.txt', line: 2, message: 'row 1 uses [[job]] but the pack matrix has no slot "job"' }])
  })

  it('reports duplicate and empty matrix slots; warns about unused slots and a disabled matrix', () => {
    const pack: Pack = {
      id: 'm', name: 'M', config: {},
      rows: [{ index: 0, line: 3, text: 'x [[a]] [[b]]', quality: 'x [[a]] [[b]]', subject: '', negative: [], positiveEmbeddings: [], negativeEmbeddings: [], loras: [] }],
      matrix: { enabled: false, mode: 'rotate', limit: 4, slots: [{ name: 'a', values: ['1'] }, { name: 'A_', values: ['2'] }, { name: 'b', values: [] }, { name: 'unused', values: ['u'] }] },
    }
    expect(validatePack(pack)).toEqual({
      errors: [
        { file: 'm.json', path: 'pack_data.matrix.slots[1].name', message: 'pack_data.matrix.slots[1].name: "A_" is the same slot as "a" (names ignore case, -, _ and spaces)' },
        { file: 'm.txt', line: 3, message: 'row 1 uses [[b]] but matrix slot "b" has no values' },
      ],
      warnings: [
        { file: 'm.json', path: 'pack_data.matrix.enabled', message: 'rows use [[slot]] placeholders but the matrix is disabled: only a randomizer that expands the pack matrix will fill them' },
        { file: 'm.json', path: 'pack_data.matrix.slots', message: 'matrix slot "unused" is not used by any row' },
      ],
    })
  })
})
