/**
 * Lines waiting for their JSONL file (learning/learning_log.jsonl, learning/ratings.jsonl). A line
 * is stored here first, in the same transaction as what it records (a job's success, a rating),
 * and deleted only after it was appended: a read-only or full folder, or a crash between the two,
 * never loses a line. `file` is relative to the data folder.
 */
import type { Database } from 'better-sqlite3'

export interface PendingLine {
  id: number
  file: string
  line: string
}

export interface PendingLines {
  add(file: string, line: string): void
  /** The oldest lines with an id above `afterId`, in the order they were added. */
  after(afterId: number, limit: number): PendingLine[]
  remove(id: number): void
  count(): number
}

export function createPendingLines(db: Database, now: () => string = () => new Date().toISOString()): PendingLines {
  const s = {
    add: db.prepare<[string, string, string]>(`INSERT INTO pending_lines (file, line, created_at) VALUES (?, ?, ?)`),
    after: db.prepare<[number, number], PendingLine>(`SELECT id, file, line FROM pending_lines WHERE id > ? ORDER BY id LIMIT ?`),
    remove: db.prepare<[number]>(`DELETE FROM pending_lines WHERE id = ?`),
    count: db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM pending_lines`),
  }
  return {
    add: (file, line) => { s.add.run(file, line, now()) },
    after: (afterId, limit) => s.after.all(afterId, limit),
    remove: (id) => { s.remove.run(id) },
    count: () => s.count.get()!.n,
  }
}
