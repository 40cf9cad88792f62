/**
 * The one place the editor talks HTTP. Every answer is parsed with a zod schema (a client trusts
 * nothing it did not validate), and every failure becomes an ApiError whose message a person can
 * read: the server's `{ error, problems }` sentence and paths, or "the server is not reachable".
 */
import type { z } from 'zod'
import { ApiErrorBody, type ApiProblem } from '../../../engine/api/http.ts'

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly problems: ApiProblem[] = [],
    /** No server answered (network error, or a proxy/static page instead of our JSON API). */
    readonly unreachable = false,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

export interface RequestOptions {
  method?: 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH'
  body?: unknown
  signal?: AbortSignal
  /** Lets the request finish after the page is gone (a save on pagehide). */
  keepalive?: boolean
}

/** Base URL of the API; same origin in the built app and through Vite's dev proxy. */
const BASE = '/api'

export async function request<S extends z.ZodType>(schema: S, path: string, opts: RequestOptions = {}): Promise<z.output<S>> {
  const method = opts.method ?? 'GET'
  // The server refuses a state-changing request without a JSON content type, even one with no
  // body (docs/api.md "Local safety"): that is what keeps other web pages from driving it.
  const sendsJson = opts.body !== undefined || method !== 'GET'
  let res: Response
  try {
    res = await fetch(BASE + path, {
      method,
      headers: sendsJson ? { accept: 'application/json', 'content-type': 'application/json' } : { accept: 'application/json' },
      ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.keepalive ? { keepalive: true } : {}),
    })
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e
    throw new ApiError('The StableNew Flow server is not reachable.', 0, [], true)
  }
  const text = await res.text()
  let json: unknown
  try {
    json = text === '' ? undefined : JSON.parse(text)
  } catch {
    // An HTML page or a proxy's error text: whatever answered is not our server.
    throw new ApiError(`The StableNew Flow server is not reachable (HTTP ${res.status} from ${path}).`, res.status, [], true)
  }
  if (!res.ok) {
    const body = ApiErrorBody.safeParse(json)
    if (!body.success) throw new ApiError(`The server answered ${res.status} to ${path}.`, res.status)
    throw new ApiError(formatApiError(body.data.error, body.data.problems), res.status, body.data.problems)
  }
  const parsed = schema.safeParse(json)
  if (!parsed.success) {
    const first = parsed.error.issues[0]
    const where = first?.path.join('.') || 'answer'
    throw new ApiError(`The server's answer to ${path} was not understood (${where}: ${first?.message ?? 'invalid'}).`, res.status)
  }
  return parsed.data
}

/**
 * "Graph is invalid: nodes.3.params.steps — must be at most 150" (at most three paths, then a
 * count). When the server's sentence only restates a problem ("body.id: must equal …"), that
 * problem is said once, not twice.
 */
export function formatApiError(error: string, problems: readonly ApiProblem[]): string {
  if (problems.length === 0) return error
  const said = (p: ApiProblem) => error.includes(p.message) && (!p.path || error.includes(p.path))
  const rest = problems.filter((p) => !said(p))
  if (rest.length === 0) return error
  const lead = problems.some(said) ? `${error}; also` : error
  const shown = rest.slice(0, 3).map((p) => (p.path ? `${p.path} — ${p.message}` : p.message))
  const more = rest.length > 3 ? ` (and ${rest.length - 3} more)` : ''
  return `${lead}: ${shown.join('; ')}${more}`
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}
