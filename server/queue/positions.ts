/**
 * Positions in the queue. A position is a REAL so that a move writes one row: the moved job
 * takes the midpoint between its new neighbours. Repeated moves between the same two jobs halve
 * the gap each time; when it gets too small to split again, the live jobs (queued and running)
 * are renumbered 1, 2, 3… in their current order, which keeps the order and restores room.
 *
 * Only live jobs matter for ordering: finished jobs keep their last position for the record but
 * are never neighbours. Running jobs are included because requeue() puts them back at their old
 * position, where they must not tie with a job moved there in the meantime.
 */
import type { Database } from 'better-sqlite3'

/** Below this gap the midpoint is no longer worth trusting to stay strictly between. */
const MIN_GAP = 1e-6

interface Anchor { position: number; rowid: number }

export interface Positions {
  /** Position for `count` jobs before every live job: first = min - count. */
  front(count: number): number
  /** Position after every live job. */
  back(): number
  /** A position strictly between the anchor's live predecessor (other than `moving`) and the anchor. */
  before(anchorId: string, moving: string): number
  after(anchorId: string, moving: string): number
}

export function createPositions(db: Database): Positions {
  const liveMin = db.prepare<[], { p: number | null }>(`SELECT MIN(position) AS p FROM jobs WHERE state IN ('queued', 'running')`)
  const liveMax = db.prepare<[], { p: number | null }>(`SELECT MAX(position) AS p FROM jobs WHERE state IN ('queued', 'running')`)
  const anchor = db.prepare<[string], Anchor>(`SELECT position, rowid FROM jobs WHERE job_id = ?`)
  // Neighbours in (position, rowid) order, the same tie-break claim() uses.
  const prev = db.prepare<[number, number, number, string], { position: number }>(`
    SELECT position FROM jobs
    WHERE state IN ('queued', 'running') AND position <= ? AND NOT (position = ? AND rowid >= ?) AND job_id <> ?
    ORDER BY position DESC, rowid DESC LIMIT 1`)
  const next = db.prepare<[number, number, number, string], { position: number }>(`
    SELECT position FROM jobs
    WHERE state IN ('queued', 'running') AND position >= ? AND NOT (position = ? AND rowid <= ?) AND job_id <> ?
    ORDER BY position ASC, rowid ASC LIMIT 1`)
  const liveInOrder = db.prepare<[], { rowid: number }>(`
    SELECT rowid FROM jobs WHERE state IN ('queued', 'running') ORDER BY position, rowid`)
  const setPosition = db.prepare<[number, number]>(`UPDATE jobs SET position = ? WHERE rowid = ?`)

  function renumber(): void {
    const rows = liveInOrder.all()
    rows.forEach((r, i) => setPosition.run(i + 1, r.rowid))
  }

  function getAnchor(id: string): Anchor {
    const a = anchor.get(id)
    if (a === undefined) throw new Error(`positions: no job ${id}`)
    return a
  }

  /** Midpoint of (lo, hi), or undefined when the gap is too small to split safely. */
  function between(lo: number, hi: number): number | undefined {
    if (hi - lo < MIN_GAP) return undefined
    const mid = lo + (hi - lo) / 2
    return mid > lo && mid < hi ? mid : undefined
  }

  function place(anchorId: string, moving: string, side: 'before' | 'after'): number {
    for (let attempt = 0; attempt < 2; attempt++) {
      const a = getAnchor(anchorId)
      const stmt = side === 'before' ? prev : next
      const neighbour = stmt.get(a.position, a.position, a.rowid, moving)
      if (neighbour === undefined) return side === 'before' ? a.position - 1 : a.position + 1
      const mid = side === 'before' ? between(neighbour.position, a.position) : between(a.position, neighbour.position)
      if (mid !== undefined) return mid
      // Out of room (or a tie): spread the live jobs out and look again; once is always enough.
      renumber()
    }
    throw new Error('positions: no room after renumbering')
  }

  return {
    front: (count) => (liveMin.get()?.p ?? 1) - count,
    back: () => (liveMax.get()?.p ?? 0) + 1,
    before: (anchorId, moving) => place(anchorId, moving, 'before'),
    after: (anchorId, moving) => place(anchorId, moving, 'after'),
  }
}
