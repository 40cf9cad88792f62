/**
 * The stage cache: request key (payload + input image hash, computed by the executor) → the
 * artifacts that request produced. Seeds are concrete, so an identical key means identical
 * output, and the stage can reuse them instead of asking a WebUI again.
 */
import type { Database } from 'better-sqlite3'
import type { ArtifactStore, StageCache } from './types.ts'

export function createStageCache(db: Database, artifacts: ArtifactStore, now: () => string = () => new Date().toISOString()): StageCache {
  const get = db.prepare<[string], { artifact_ids: string }>(`SELECT artifact_ids FROM stage_cache WHERE cache_key = ?`)
  const put = db.prepare<[string, string, string]>(`INSERT INTO stage_cache (cache_key, artifact_ids, created_at) VALUES (?, ?, ?)
    ON CONFLICT(cache_key) DO UPDATE SET artifact_ids = excluded.artifact_ids, created_at = excluded.created_at`)

  return {
    lookup(key) {
      const row = get.get(key)
      if (row === undefined) return undefined
      const ids = JSON.parse(row.artifact_ids) as string[]
      // A hit is only a hit if every output is still indexed; a partial set would make the
      // stage silently produce fewer images than its request asks for.
      return ids.every((id) => artifacts.get(id) !== undefined) ? ids : undefined
    },
    store(key, artifactIds) {
      put.run(key, JSON.stringify(artifactIds), now())
    },
  }
}
