/**
 * The one error handler: ApiError → its status and problem body; any other HTTPException → its
 * status with its message; anything else → 500 with a generic sentence (details go to the log,
 * never to the client).
 */
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { ApiError, problemBody } from './problems.ts'

export function handleError(err: Error, c: Context): Response {
  if (err instanceof ApiError) return c.json(problemBody(err), err.status)
  if (err instanceof HTTPException) {
    const status = err.status
    const message = status === 413 ? 'body: request body is too large' : err.message || 'request refused'
    return c.json({ error: message, problems: [] }, status)
  }
  console.error('[server] unexpected error', err)
  return c.json({ error: 'internal error: the server hit a bug; see its log', problems: [] }, 500)
}
