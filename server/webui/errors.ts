/**
 * Errors as values: every way a WebUI call can fail becomes one `WebuiError` with a sentence a
 * user can act on, the WebUI's own words kept apart in `webuiMessage`, and a `retryable` flag
 * the queue uses to decide whether trying the same request later could succeed.
 *
 * The body shapes handled here are the ones the reference (§3, §4, §7) lists:
 * - A1111's custom handler: `{"error": "<Class>", "detail", "body", "errors": str(e)}`
 * - FastAPI/pydantic v1 422: `{"detail": [{"loc", "msg", "type"}]}`
 * - pydantic v2 422 (Forge): `{"detail": [{"type", "loc", "msg", "input"}]}`
 * - plain HTTPException / routing: `{"detail": "Not Found"}`
 * - Forge's unhandled exceptions: `{"error", "detail", "body", "message"}`
 */

export type WebuiErrorKind =
  | 'connection'
  | 'timeout'
  | 'stalled'
  | 'aborted'
  | 'auth'
  | 'not_found'
  | 'validation'
  | 'server'
  | 'bad_response'

export type WebuiError = {
  kind: WebuiErrorKind
  /** A sentence for the user: what failed and, where known, why. */
  message: string
  /** HTTP status, when the WebUI answered at all. */
  status?: number
  /** The WebUI's own text (from `error`/`detail`/`errors`/`msg`), verbatim. */
  webuiMessage?: string
  /** True when the same request may succeed later (the fault is not in the request itself). */
  retryable: boolean
  /** `METHOD /path` of the call that failed, e.g. `POST /sdapi/v1/txt2img`. */
  endpoint: string
}

export type WebuiResult<T> = { ok: true; data: T } | { ok: false; error: WebuiError }

export function ok<T>(data: T): WebuiResult<T> {
  return { ok: true, data }
}

export function fail<T = never>(error: WebuiError): WebuiResult<T> {
  return { ok: false, error }
}

// #region HTTP error bodies

/** What an error body says, whatever the flavour that produced it. */
export type ParsedErrorBody = {
  /** Exception class name from A1111/Forge's handler, e.g. "AssertionError". */
  errorClass?: string
  /** The human part of the body: `errors`/`message` for exceptions, `detail` for HTTPException. */
  text?: string
  /** pydantic validation items, normalised to a field path and a message. */
  fields?: { path: string; msg: string }[]
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function nonEmptyString(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined
}

/**
 * `loc` is `["body", "steps"]`, `["body", "alwayson_scripts", "ADetailer", "args", 0]`, or, in
 * pydantic v2, may start with "query"/"path". The leading location word says where the field
 * lives, not which field, so it is dropped; array indices are shown as `[i]`.
 */
export function formatLoc(loc: unknown): string {
  if (!Array.isArray(loc)) return typeof loc === 'string' ? loc : ''
  const parts = loc.filter((p): p is string | number => typeof p === 'string' || typeof p === 'number')
  const rest = parts.length > 0 && ['body', 'query', 'path', 'header'].includes(String(parts[0])) ? parts.slice(1) : parts
  let out = ''
  for (const p of rest) {
    if (typeof p === 'number') out += `[${p}]`
    else out += out === '' ? p : `.${p}`
  }
  return out
}

function parseDetailList(list: unknown[]): { path: string; msg: string }[] {
  const out: { path: string; msg: string }[] = []
  for (const item of list) {
    if (isRecord(item)) {
      const msg = nonEmptyString(item.msg) ?? nonEmptyString(item.type) ?? 'invalid value'
      out.push({ path: formatLoc(item.loc), msg })
    } else if (typeof item === 'string') {
      out.push({ path: '', msg: item })
    }
  }
  return out
}

/** Reads any of the known error body shapes; unknown shapes give an empty result, never throw. */
export function parseErrorBody(body: unknown, rawText?: string): ParsedErrorBody {
  if (isRecord(body)) {
    const errorClass = nonEmptyString(body.error)
    const detail = body.detail
    if (Array.isArray(detail)) {
      return { errorClass, fields: parseDetailList(detail), text: undefined }
    }
    // A1111's handler puts str(e) in `errors`, Forge's in `message`; HTTPExceptions carry `detail`.
    const text =
      nonEmptyString(body.errors) ??
      nonEmptyString(body.message) ??
      nonEmptyString(detail) ??
      nonEmptyString(body.msg) ??
      (isRecord(detail) ? nonEmptyString(JSON.stringify(detail)) : undefined)
    return { errorClass, text }
  }
  if (Array.isArray(body)) return { fields: parseDetailList(body) }
  const t = nonEmptyString(rawText)
  // An HTML page (a proxy, gradio's own 404) is not worth showing whole.
  if (t && !t.startsWith('<')) return { text: t.length > 300 ? t.slice(0, 300) + '…' : t }
  return {}
}

function webuiTextOf(p: ParsedErrorBody): string | undefined {
  if (p.fields && p.fields.length > 0) {
    return p.fields.map((f) => (f.path ? `${f.path}: ${f.msg}` : f.msg)).join('; ')
  }
  if (p.text && p.errorClass && p.errorClass !== 'HTTPException') return `${p.errorClass}: ${p.text}`
  return p.text ?? p.errorClass
}

/**
 * A 500 is retryable only when it looks like a passing condition. A1111's 500s are mostly the
 * request's own fault (unknown upscaler, bad base64, unknown option key, missing checkpoint), and
 * repeating those burns GPU time (an unknown hires upscaler fails only after the first pass).
 * Out-of-memory may pass once other work finishes; a 500 without A1111's body came from
 * something else (a proxy, a crash) and is worth another try.
 */
function isTransientServerError(status: number, p: ParsedErrorBody): boolean {
  if (status === 502 || status === 503 || status === 504) return true
  const text = `${p.errorClass ?? ''} ${p.text ?? ''}`.toLowerCase()
  if (text.includes('out of memory') || text.includes('outofmemory')) return true
  return p.errorClass === undefined && p.text === undefined
}

function notFoundHint(path: string): string {
  if (path.startsWith('/adetailer/')) return 'is the ADetailer extension installed?'
  if (path.includes('/loras') || path.includes('/refresh-loras')) return 'is the built-in Lora extension enabled?'
  if (path.includes('/sd-modules')) return 'this endpoint exists only on Forge'
  if (path.includes('/sd-vae')) return 'Forge has /sdapi/v1/sd-modules instead'
  if (path.startsWith('/sdapi/')) return 'is the WebUI started with --api?'
  return 'check the WebUI version and extensions'
}

export type HttpErrorContext = {
  method: string
  path: string
  /** The WebUI's address without credentials, for messages. */
  origin: string
}

/** Maps a non-2xx answer to a `WebuiError`. `body` is the parsed JSON or undefined. */
export function errorFromResponse(status: number, body: unknown, rawText: string, ctx: HttpErrorContext): WebuiError {
  const endpoint = `${ctx.method} ${ctx.path}`
  const p = parseErrorBody(body, rawText)
  const webuiMessage = webuiTextOf(p)
  const base = { status, endpoint, ...(webuiMessage !== undefined ? { webuiMessage } : {}) }

  if (status === 401 || status === 403) {
    const t = (p.text ?? '').toLowerCase()
    const message = t.includes('not authenticated')
      ? `The WebUI at ${ctx.origin} requires a username and password (--api-auth) and none were sent`
      : t.includes('incorrect')
        ? `The WebUI at ${ctx.origin} rejected the username or password`
        : `The WebUI at ${ctx.origin} refused access to ${endpoint}${p.text ? `: ${p.text}` : ''}`
    return { kind: 'auth', message, retryable: false, ...base }
  }

  if (status === 404 || status === 405) {
    const routeMissing = status === 405 || p.text === undefined || /^(not found|method not allowed)$/i.test(p.text)
    if (routeMissing) {
      const message =
        status === 405
          ? `The WebUI does not accept ${ctx.method} on ${ctx.path}`
          : `The WebUI has no endpoint ${endpoint} (${notFoundHint(ctx.path)})`
      return { kind: 'not_found', message, retryable: false, ...base }
    }
    // A route that exists but could not find what the request named ("Init image not found",
    // "Sampler not found" on ≤1.8): the request is at fault, not the route.
    return { kind: 'not_found', message: `The WebUI could not find what ${endpoint} asked for: ${p.text}`, retryable: false, ...base }
  }

  if (status === 422 || status === 400) {
    if (p.fields && p.fields.length > 0) {
      const first = p.fields[0]!
      const whole = first.path === ''
      let message = whole
        ? `The WebUI could not read the request body: ${first.msg}`
        : `The WebUI rejected field ${first.path}: ${first.msg}`
      if (p.fields.length > 1) message += ` (and ${p.fields.length - 1} more)`
      return { kind: 'validation', message, retryable: false, ...base }
    }
    const message = p.text ? `The WebUI rejected the request: ${p.text}` : `The WebUI rejected ${endpoint} as invalid (HTTP ${status})`
    return { kind: 'validation', message, retryable: false, ...base }
  }

  if (status >= 500) {
    const message = p.text
      ? `The WebUI failed on ${endpoint}: ${p.text}`
      : `The WebUI failed on ${endpoint} with HTTP ${status}${p.errorClass ? ` (${p.errorClass})` : ''}`
    return { kind: 'server', message, retryable: isTransientServerError(status, p), ...base }
  }

  // Other 4xx (408, 413, 429 …): say what we know; 408/429 invite a later try.
  const message = `The WebUI answered ${endpoint} with HTTP ${status}${p.text ? `: ${p.text}` : ''}`
  return { kind: status === 408 ? 'timeout' : 'server', message, retryable: status === 408 || status === 429, ...base }
}

// #endregion

// #region transport errors

/**
 * Whether the request bytes may have reached the WebUI. Only `'no'` makes it safe to resend a
 * generation: once A1111 has the request it runs it (or queues it) even if we hang up.
 */
export type Sent = 'no' | 'maybe'

export type TransportFailure = { error: WebuiError; sent: Sent }

/** Why we aborted a request ourselves; carried as the AbortSignal's reason. */
export class AbortReason extends Error {
  constructor(
    readonly why: 'timeout' | 'stalled' | 'aborted',
    message: string,
  ) {
    super(message)
    this.name = 'AbortReason'
  }
}

function codeOf(err: unknown): string | undefined {
  if (!isRecord(err) && !(err instanceof Error)) return undefined
  const e = err as { code?: unknown; errors?: unknown; cause?: unknown }
  if (typeof e.code === 'string') return e.code
  // Node's happy-eyeballs connect fails with an AggregateError of per-address errors.
  if (Array.isArray(e.errors)) {
    for (const sub of e.errors) {
      const c = codeOf(sub)
      if (c) return c
    }
  }
  if (e.cause !== undefined && e.cause !== err) return codeOf(e.cause)
  return undefined
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`
}

export type TransportContext = HttpErrorContext & { connectTimeoutMs: number; idleTimeoutMs: number }

/** Maps whatever undici/Node threw (or our own abort reason) to a `WebuiError`. */
export function errorFromTransport(err: unknown, ctx: TransportContext): TransportFailure {
  const endpoint = `${ctx.method} ${ctx.path}`
  if (err instanceof AbortReason) {
    // A timeout or stall is a passing condition from the request's point of view; a cancel is
    // the caller's own wish and must not be retried behind their back.
    if (err.why === 'aborted') {
      return { error: { kind: 'aborted', message: `The request ${endpoint} was cancelled`, retryable: false, endpoint }, sent: 'maybe' }
    }
    return { error: { kind: err.why, message: err.message, retryable: true, endpoint }, sent: 'maybe' }
  }
  const code = codeOf(err)
  const detail = err instanceof Error ? err.message : String(err)
  const at = `Cannot reach the WebUI at ${ctx.origin}`
  switch (code) {
    case 'ECONNREFUSED':
      return { error: { kind: 'connection', message: `${at}: connection refused (is it running?)`, retryable: true, endpoint }, sent: 'no' }
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { error: { kind: 'connection', message: `${at}: host name not found`, retryable: true, endpoint }, sent: 'no' }
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
      return { error: { kind: 'connection', message: `${at}: network unreachable`, retryable: true, endpoint }, sent: 'no' }
    case 'UND_ERR_CONNECT_TIMEOUT':
      return {
        error: { kind: 'timeout', message: `${at}: no answer to the connection within ${seconds(ctx.connectTimeoutMs)}`, retryable: true, endpoint },
        sent: 'no',
      }
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return {
        error: {
          kind: 'timeout',
          message: `The WebUI at ${ctx.origin} did not answer ${endpoint} within ${seconds(ctx.idleTimeoutMs)}`,
          retryable: true,
          endpoint,
        },
        sent: 'maybe',
      }
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
    case 'UND_ERR_DESTROYED': {
      // A socket that had written nothing when it died never carried our request.
      const info = (err as { socket?: { bytesWritten?: unknown } }).socket
      const sent: Sent = info && info.bytesWritten === 0 ? 'no' : 'maybe'
      return {
        error: { kind: 'connection', message: `The connection to the WebUI at ${ctx.origin} was closed before it answered ${endpoint}`, retryable: true, endpoint },
        sent,
      }
    }
    case 'UND_ERR_ABORTED':
    case 'ABORT_ERR':
      return { error: { kind: 'aborted', message: `The request ${endpoint} was cancelled`, retryable: false, endpoint }, sent: 'maybe' }
    default:
      if (err instanceof Error && err.name === 'AbortError') {
        return { error: { kind: 'aborted', message: `The request ${endpoint} was cancelled`, retryable: false, endpoint }, sent: 'maybe' }
      }
      return {
        error: { kind: 'connection', message: `The request ${endpoint} to the WebUI at ${ctx.origin} failed: ${detail}`, retryable: true, endpoint },
        sent: 'maybe',
      }
  }
}

// #endregion

/** The answer was 2xx but not what the endpoint promises (wrong JSON, wrong shape). */
export function badResponse(endpoint: string, what: string, status?: number): WebuiError {
  return {
    kind: 'bad_response',
    message: `The WebUI answered ${endpoint} with data this client does not understand: ${what}`,
    retryable: false,
    endpoint,
    ...(status !== undefined ? { status } : {}),
  }
}
