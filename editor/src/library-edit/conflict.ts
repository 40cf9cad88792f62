import { ApiError } from '../api/client.ts'

/** The server's "changed on disk since you read it" answer (409 naming expectedVersion), not any other 409. */
export function isVersionConflict(e: unknown): boolean {
  return e instanceof ApiError && e.status === 409 && e.problems.some((p) => p.path === 'expectedVersion')
}
