/**
 * The error bodies A1111 1.10 (with its `--api` exception handler) and Forge (handler disabled)
 * send. Handlers throw these; `server.ts` renders them for the configured flavor.
 */
import type { SimFlavor } from './types.ts'

/** starlette/fastapi `HTTPException(status, detail)`. */
export class HttpError extends Error {
  constructor(readonly status: number, readonly detail: string) {
    super(detail)
  }
}

/** Any other Python exception (`RuntimeError`, `KeyError`, `AssertionError`…), usually a 500. */
export class PyError extends Error {
  constructor(readonly pyClass: string, message: string, readonly status = 500) {
    super(message)
  }
}

/** One pydantic validation problem, already in the flavor's format. */
export type ValidationItem = Record<string, unknown>

/** FastAPI's RequestValidationError: always 422 `{"detail": [...]}` (not the custom handler). */
export class ValidationError extends Error {
  constructor(readonly items: ValidationItem[]) {
    super('validation error')
  }
}

export interface ErrorReply {
  status: number
  body: unknown
}

export function renderError(e: unknown, flavor: SimFlavor): ErrorReply {
  if (e instanceof ValidationError) return { status: 422, body: { detail: e.items } }
  if (e instanceof HttpError) {
    // starlette 0.26's HTTPException has no __str__, so A1111's handler writes "" for `errors`.
    if (flavor === 'forge') return { status: e.status, body: { detail: e.detail } }
    return { status: e.status, body: { error: 'HTTPException', detail: e.detail, body: '', errors: '' } }
  }
  const pyClass = e instanceof PyError ? e.pyClass : 'Exception'
  const status = e instanceof PyError ? e.status : 500
  const message = e instanceof Error ? e.message : String(e)
  if (flavor === 'forge') return { status, body: { error: pyClass, detail: '', body: '', message } }
  return { status, body: { error: pyClass, detail: '', body: '', errors: message } }
}

/** Python's str(KeyError('x')) is the repr of the key. */
export const keyError = (key: string): PyError => new PyError('KeyError', `'${key}'`)
