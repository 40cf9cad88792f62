/**
 * One error shape for every 4xx/5xx the API returns, so the editor can show the exact field:
 *   { "error": "<sentence>", "problems": [{ "path": "nodes.3.params.steps", "message": "must be at most 150" }] }
 * Handlers throw ApiError (or let zod validation throw one); app.onError turns it into JSON.
 */
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { z } from 'zod'
import { formatZodIssues, type FieldProblem } from '../../engine/util/zod-issues.ts'

export class ApiError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly error: string,
    readonly problems: FieldProblem[] = [],
  ) {
    super(status, { message: error })
  }
}

export const notFound = (what: string): ApiError => new ApiError(404, `${what} not found`)

export function badRequest(error: string, problems: FieldProblem[] = []): ApiError {
  return new ApiError(400, error, problems)
}

/** Parses with a zod schema, or throws a 400 naming every wrong field (prefixed by `where`, e.g. "body"). */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown, where: string): z.infer<S> {
  const parsed = schema.safeParse(value)
  if (parsed.success) return parsed.data
  const problems = formatZodIssues(parsed.error.issues, where ? [where] : [])
  const first = problems[0]
  throw badRequest(first ? `${first.path}: ${first.message}` : `invalid ${where}`, problems)
}

export function problemBody(error: ApiError): { error: string; problems: FieldProblem[] } {
  return { error: error.error, problems: error.problems }
}
