/**
 * The one place that touches the network: an undici Agent with keep-alive, the basic-auth
 * header, idle timeouts, and JSON in and out. It never retries and never interprets status
 * codes beyond "2xx or not"; callers get either the raw answer or a `TransportFailure`.
 */
import { Agent, request, type Dispatcher } from 'undici'
import { AbortReason, errorFromTransport, type TransportFailure } from './errors.ts'

export type Credentials = { user: string; pass: string }

export type Target = {
  /** `protocol//host:port`, what undici connects to. */
  origin: string
  /** A path prefix from the base URL (A1111's `--subpath`), without a trailing slash. */
  prefix: string
  /** The base URL as shown to users: never contains credentials. */
  display: string
  auth?: Credentials
}

/**
 * Reads `http://user:pass@host:7860/sub` into a target. Credentials in `auth` win over those in
 * the URL, so a URL copied from a browser bar can be used as-is and still be overridden.
 * Throws on a URL that is not http(s): that is a configuration mistake, not a WebUI failure.
 */
export function parseBaseUrl(baseUrl: string, auth?: Credentials): Target {
  let url: URL
  try {
    url = new URL(baseUrl)
  } catch {
    throw new TypeError(`Not a valid WebUI address: "${baseUrl}" (expected e.g. http://127.0.0.1:7860)`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`The WebUI address must start with http:// or https://, got "${url.protocol}"`)
  }
  const fromUrl = url.username !== '' ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined
  const prefix = url.pathname.replace(/\/+$/, '')
  const display = `${url.origin}${prefix}`
  const creds = auth ?? fromUrl
  return { origin: url.origin, prefix, display, ...(creds ? { auth: creds } : {}) }
}

export function basicAuthHeader(c: Credentials): string {
  return 'Basic ' + Buffer.from(`${c.user}:${c.pass}`, 'utf8').toString('base64')
}

/**
 * uvicorn closes idle keep-alive sockets after 5 s by default (A1111 sets 30 s, other launchers
 * may not). A socket the server is closing while we write to it resets, and for a POST we cannot
 * tell whether it arrived, so we let our side expire first.
 */
const KEEP_ALIVE_MS = 4_000

export function createAgent(connectTimeoutMs: number): Agent {
  return new Agent({
    keepAliveTimeout: KEEP_ALIVE_MS,
    keepAliveMaxTimeout: KEEP_ALIVE_MS,
    connect: { timeout: connectTimeoutMs },
  })
}

export type HttpRequest = {
  method: 'GET' | 'POST'
  /** Path from the WebUI root, e.g. `/sdapi/v1/progress`. */
  path: string
  /** Query string without `?`, kept out of `path` so error messages name the endpoint only. */
  query?: string
  body?: unknown
  signal?: AbortSignal
  /** Longest wait for the response headers; 0 waits for ever (generation, guarded by the stall detector). */
  headersTimeoutMs: number
  /** Longest silence while the body streams in. */
  bodyTimeoutMs: number
}

export type HttpResponse = {
  status: number
  /** Parsed JSON, or undefined when the body was empty or not JSON. */
  json: unknown
  /** Why the body did not parse as JSON, when it did not. */
  jsonError?: string
  text: string
}

export type HttpOutcome = { ok: true; res: HttpResponse } | { ok: false; failure: TransportFailure }

export type Http = {
  target: Target
  connectTimeoutMs: number
  send(req: HttpRequest): Promise<HttpOutcome>
  close(): Promise<void>
}

export function createHttp(opts: { target: Target; connectTimeoutMs: number; dispatcher?: Dispatcher }): Http {
  const ownAgent = opts.dispatcher ? undefined : createAgent(opts.connectTimeoutMs)
  const dispatcher: Dispatcher = opts.dispatcher ?? ownAgent!
  const { target } = opts
  const authHeader = target.auth ? basicAuthHeader(target.auth) : undefined

  async function send(req: HttpRequest): Promise<HttpOutcome> {
    const ctx = {
      method: req.method,
      path: req.path,
      origin: target.display,
      connectTimeoutMs: opts.connectTimeoutMs,
      idleTimeoutMs: req.headersTimeoutMs || req.bodyTimeoutMs,
    }
    if (req.signal?.aborted) return { ok: false, failure: errorFromTransport(reasonOf(req.signal), ctx) }
    const headers: Record<string, string> = { accept: 'application/json' }
    if (authHeader) headers.authorization = authHeader
    let payload: string | undefined
    if (req.method === 'POST') {
      headers['content-type'] = 'application/json'
      payload = JSON.stringify(req.body ?? {})
    }
    try {
      const url = `${target.origin}${target.prefix}${req.path}${req.query ? `?${req.query}` : ''}`
      const res = await request(url, {
        method: req.method,
        headers,
        body: payload,
        dispatcher,
        signal: req.signal,
        headersTimeout: req.headersTimeoutMs,
        bodyTimeout: req.bodyTimeoutMs,
      })
      const text = await res.body.text()
      let json: unknown
      let jsonError: string | undefined
      if (text.trim() !== '') {
        try {
          json = JSON.parse(text)
        } catch (e) {
          jsonError = e instanceof Error ? e.message : String(e)
        }
      }
      return { ok: true, res: { status: res.statusCode, json, text, ...(jsonError ? { jsonError } : {}) } }
    } catch (err) {
      // undici rejects with the signal's reason when one was given; prefer ours for the message.
      const e = req.signal?.aborted ? reasonOf(req.signal) : err
      return { ok: false, failure: errorFromTransport(e, ctx) }
    }
  }

  return {
    target,
    connectTimeoutMs: opts.connectTimeoutMs,
    send,
    async close() {
      // Only an Agent we made is ours to close; a shared dispatcher belongs to its creator.
      if (ownAgent) await ownAgent.close()
    },
  }
}

function reasonOf(signal: AbortSignal): unknown {
  const r: unknown = signal.reason
  return r instanceof AbortReason ? r : new AbortReason('aborted', 'The request was cancelled')
}
