/**
 * The one error handler: ApiError → its status and problem body; any other HTTPException → its
 * status with its message; a storage failure (disk full, read-only or unwritable folder, I/O
 * error) → 507 or 503 saying so, with the file relative to the data folder; anything else → 500
 * with a generic sentence (details go to the log, never to the client).
 */
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { describeStorage, storageProblem, StorageFailure } from '../data/storage.ts'
import { ApiError, problemBody } from './problems.ts'

/** The handler for an app whose data folder is `dataRoot` (files in answers are named relative to it). */
export function errorHandlerFor(dataRoot: string | null) {
  return (err: Error, c: Context): Response => {
    if (err instanceof ApiError) return c.json(problemBody(err), err.status)
    if (err instanceof HTTPException) {
      const status = err.status
      const message = status === 413 ? 'body: request body is too large' : err.message || 'request refused'
      return c.json({ error: message, problems: [] }, status)
    }
    const storage = storageProblem(err, dataRoot)
    if (storage) {
      // 507 Insufficient Storage for a full disk; 503 for a folder that cannot be written now
      // (read-only, permissions, I/O): the request was fine, the storage was not.
      const status = storage.kind === 'no-space' ? 507 : 503
      // A StorageFailure's message already says what happened to the request (e.g. a rating kept).
      const message = err instanceof StorageFailure ? err.message : describeStorage(storage)
      console.error(`[server] storage error: ${message}`)
      return c.json({ error: `storage: ${message}`, problems: [] }, status)
    }
    console.error('[server] unexpected error', err)
    return c.json({ error: 'internal error: the server hit a bug; see its log', problems: [] }, 500)
  }
}

/** For apps without a data folder of their own (file names are reduced to their last segment). */
export const handleError = errorHandlerFor(null)
