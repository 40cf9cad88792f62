/**
 * Dropping lines from a JSONL file: kept lines byte for byte across read-chunk boundaries (multi-
 * byte characters included), a torn last line kept, nothing rewritten when nothing is dropped.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dropLinesAtomic } from '../../../server/data/filter-lines.ts'

let dir: string
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'flow-drop-')) })
afterEach(() => { rmSync(dir, { recursive: true, force: true }) })

const line = (i: number) => JSON.stringify({ jobId: `j${i}`, note: 'ü✓€'.repeat(i % 7), pad: 'x'.repeat(i % 300) })

describe('dropLinesAtomic', () => {
  it('keeps every other line byte for byte over many read chunks, and a torn last line', async () => {
    const file = join(dir, 'log.jsonl')
    const lines = Array.from({ length: 3000 }, (_, i) => line(i))
    writeFileSync(file, lines.join('\n') + '\n{"jobId":"torn')
    const gone = (l: string) => { try { return Number(JSON.parse(l).jobId.slice(1)) % 3 === 0 } catch { return false } }
    expect(await dropLinesAtomic(file, gone)).toBe(1000)
    expect(readFileSync(file, 'utf8')).toBe(lines.filter((l) => !gone(l)).join('\n') + '\n{"jobId":"torn')
    expect(readdirSync(dir)).toEqual(['log.jsonl'])
  })

  it('leaves the file untouched when nothing is dropped, and a missing file alone', async () => {
    const file = join(dir, 'log.jsonl')
    writeFileSync(file, line(1) + '\n')
    const before = statSync(file)
    expect(await dropLinesAtomic(file, () => false)).toBe(0)
    expect(statSync(file).ino).toBe(before.ino)
    expect(readdirSync(dir)).toEqual(['log.jsonl'])
    expect(await dropLinesAtomic(join(dir, 'none.jsonl'), () => true)).toBe(0)
  })
})
