/**
 * Learning and rating lines are written exactly once: a line whose append succeeded but whose
 * delete from the queue database failed (the database refused writes for a moment) is not
 * appended again by the next flush. This used to repeat the line (13 learning lines for 12 jobs
 * in tests/server/exec/worker-survives.test.ts, about one run in eight).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { dataPaths } from '../../../server/data/paths.ts'
import { LineWriter } from '../../../server/exec/line-writer.ts'
import type { PendingLine, PendingLines } from '../../../server/queue/pending-lines.ts'

let dir: string | undefined
afterEach(async () => { if (dir) await rm(dir, { recursive: true, force: true }); dir = undefined })

/** An in-memory table whose deletes fail while `refuse` is set, as SQLITE_READONLY does. */
function flakyTable(): PendingLines & { refuse: boolean } {
  const rows: PendingLine[] = []
  let next = 1
  return {
    refuse: false,
    add(file, line) { rows.push({ id: next++, file, line }) },
    after: (afterId, limit) => rows.filter((r) => r.id > afterId).slice(0, limit),
    remove(id) {
      if (this.refuse) throw Object.assign(new Error('attempt to write a readonly database'), { code: 'SQLITE_READONLY' })
      rows.splice(rows.findIndex((r) => r.id === id), 1)
    },
    count: () => rows.length,
  }
}

describe('LineWriter', () => {
  it('does not append a line again when only its delete from the database failed', async () => {
    dir = await mkdtemp(join(tmpdir(), 'flow-lines-'))
    const table = flakyTable()
    const writer = new LineWriter(dataPaths(dir), table, 60_000)
    table.add('learning/learning_log.jsonl', '{"jobId":"a"}')
    table.add('learning/learning_log.jsonl', '{"jobId":"b"}')
    table.refuse = true
    await expect(writer.flush()).rejects.toThrow(/readonly/)
    table.refuse = false
    await writer.flush()
    writer.stop()
    const lines = (await readFile(join(dir, 'learning', 'learning_log.jsonl'), 'utf8')).trim().split('\n')
    expect(lines).toEqual(['{"jobId":"a"}', '{"jobId":"b"}'])
    expect(table.count()).toBe(0)
  })
})
