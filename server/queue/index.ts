/**
 * One SQLite file, four views of it. The server, the CLI and the tests open the store here.
 */
import { createArtifactStore } from './artifacts.ts'
import { openDatabase, type Database } from './db.ts'
import { createQueueStore, type QueueStoreOptions } from './queue-store.ts'
import { createPendingLines, type PendingLines } from './pending-lines.ts'
import { createRatingIndex } from './ratings.ts'
import { createVideoStore, type VideoStore } from './videos.ts'
import { createStageCache } from './stage-cache.ts'
import type { ArtifactStore, QueueStore, RatingIndex, StageCache } from './types.ts'

export interface Store {
  db: Database
  queue: QueueStore
  artifacts: ArtifactStore
  cache: StageCache
  ratings: RatingIndex
  videos: VideoStore
  pendingLines: PendingLines
  close(): void
}

/** `file` is a path or ':memory:'. */
export function openStore(file: string, opts: QueueStoreOptions = {}): Store {
  const db = openDatabase(file)
  const artifacts = createArtifactStore(db)
  return {
    db,
    queue: createQueueStore(db, opts),
    artifacts,
    cache: createStageCache(db, artifacts, opts.now),
    ratings: createRatingIndex(db),
    videos: createVideoStore(db, opts.now),
    pendingLines: createPendingLines(db, opts.now),
    close: () => { if (db.open) db.close() },
  }
}

export { openDatabase, SCHEMA_VERSION } from './db.ts'
export { createQueueStore, type QueueStoreOptions } from './queue-store.ts'
export { createArtifactStore } from './artifacts.ts'
export { createStageCache } from './stage-cache.ts'
export { createRatingIndex } from './ratings.ts'
export { createVideoStore, type VideoStore, type VideoRecord, type VideoState } from './videos.ts'
export { createPendingLines, type PendingLines, type PendingLine } from './pending-lines.ts'
export * from './types.ts'
