/**
 * The ratings CSV opens safely in a spreadsheet: text that would run as a formula is written with
 * a leading `'`; numbers (a seed of -1) are written as they are; quoting follows RFC 4180.
 */
import { describe, expect, it } from 'vitest'
import { learningCsv } from '../../../server/learning/csv.ts'
import type { LearningJob } from '../../../server/learning/source.ts'

const job = (fields: LearningJob['fields']): LearningJob => ({
  jobId: 'j1', runId: 'r1', graphId: 'g', packId: null, outcome: 'succeeded', error: null, finishedAt: '2026-12-05T10:00:00.000Z',
  fields, ratings: [{ targetKind: 'job', targetId: 'j1', rating: 4 }],
})

function row(csv: string): Record<string, string> {
  const [head, first] = csv.trim().split('\r\n')
  // No quoted commas in these cells, so a plain split reads them.
  const names = head!.split(',')
  const cells = first!.split(',')
  return Object.fromEntries(names.map((n, i) => [n, cells[i]!]))
}

describe('learningCsv', () => {
  it('neutralises cells a spreadsheet would run as formulas', () => {
    const r = row(learningCsv([job({ prompt: '=HYPERLINK("http://x")', 'slot.mood': '-cat', 'slot.a': '+1', 'slot.b': '@SUM(A1)', 'slot.c': '\tx', 'slot.d': 'plain' })]))
    expect(r.prompt).toBe(`"'=HYPERLINK(""http://x"")"`)
    expect(r['slot.mood']).toBe("'-cat")
    expect(r['slot.a']).toBe("'+1")
    expect(r['slot.b']).toBe("'@SUM(A1)")
    expect(r['slot.c']).toBe("'\tx")
    expect(r['slot.d']).toBe('plain')
  })

  it('writes numbers as they are, negative ones included', () => {
    const r = row(learningCsv([job({ seed: -1, 'txt2img.cfg_scale': 7.5, 'lora.x': -0.5 })]))
    expect(r.seed).toBe('-1')
    expect(r['txt2img.cfg_scale']).toBe('7.5')
    expect(r['lora.x']).toBe('-0.5')
    expect(r.rating).toBe('4')
  })
})
