/**
 * The ratings index. learning/ratings.jsonl is the record; this table is its index for
 * history filters and favourites. Last write wins: a new rating of a target replaces the old.
 */
import type { Database } from 'better-sqlite3'
import type { RatingIndex, RatingRecord } from './types.ts'

interface RatingRow { target_kind: RatingRecord['targetKind']; target_id: string; rating: number; at: string }

const toRecord = (r: RatingRow): RatingRecord => ({ targetKind: r.target_kind, targetId: r.target_id, rating: r.rating, at: r.at })

/** Stay well under SQLite's bound-parameter limit when asking about many targets. */
const CHUNK = 500

export function createRatingIndex(db: Database): RatingIndex {
  const upsert = db.prepare<[string, string, number, string]>(`INSERT INTO ratings (target_kind, target_id, rating, at) VALUES (?, ?, ?, ?)
    ON CONFLICT(target_kind, target_id) DO UPDATE SET rating = excluded.rating, at = excluded.at`)
  const get = db.prepare<[string, string], RatingRow>(`SELECT target_kind, target_id, rating, at FROM ratings WHERE target_kind = ? AND target_id = ?`)
  const all = db.prepare<[], RatingRow>(`SELECT target_kind, target_id, rating, at FROM ratings ORDER BY at, target_kind, target_id`)
  const many = db.prepare<[string, string], { target_id: string; rating: number }>(
    `SELECT target_id, rating FROM ratings WHERE target_kind = ? AND target_id IN (SELECT value FROM json_each(?))`)

  return {
    set(record) {
      if (!Number.isFinite(record.rating) || record.rating < 0 || record.rating > 5) {
        throw new RangeError(`rating must be between 0 and 5, got ${record.rating}`)
      }
      upsert.run(record.targetKind, record.targetId, record.rating, record.at)
    },
    get(kind, id) {
      const row = get.get(kind, id)
      return row && toRecord(row)
    },
    many(kind, ids) {
      const out = new Map<string, number>()
      for (let i = 0; i < ids.length; i += CHUNK) {
        for (const row of many.all(kind, JSON.stringify(ids.slice(i, i + CHUNK)))) out.set(row.target_id, row.rating)
      }
      return out
    },
    all: () => all.all().map(toRecord),
  }
}
