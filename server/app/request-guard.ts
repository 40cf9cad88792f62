/**
 * Local safety (DESIGN §9): no web page the user happens to visit may drive this server.
 *
 * - `Host` must name this server: a loopback name or address (localhost, 127.x.x.x, [::1]) or the
 *   bound host, with no port or the bound port, or an entry of ALLOWED_HOSTS. A DNS-rebinding
 *   page (evil.example resolving to 127.0.0.1) sends `Host: evil.example:7870` and is refused,
 *   so it can read nothing: not the API, not the event stream, not images, not the editor files.
 * - State-changing requests (POST, PUT, PATCH, DELETE) need `Content-Type: application/json` (or an
 *   upload type the route declares): a cross-site page can only send that after a CORS preflight,
 *   which we never approve unless ALLOWED_ORIGINS says so. A "simple" text/plain or form POST is refused.
 * - When such a request carries `Origin`, it must be this server's own (same host as `Host`) or
 *   an entry of ALLOWED_ORIGINS. Requests without Origin (curl, the CLI) are not cross-site.
 *
 * Every refusal is a 403 whose problem names the header and says what to change.
 */
import type { MiddlewareHandler } from 'hono'
import { ApiError } from './problems.ts'
import { isLoopbackHost } from './security.ts'

export interface SiteIdentity {
  /** The address the server listens on (HOST). */
  boundHost: string
  /** The port it listens on (known only once listening, hence a function). */
  port(): number
  /** ALLOWED_HOSTS: extra `name` or `name:port` values accepted in `Host`. */
  allowedHosts: readonly string[]
  /** ALLOWED_ORIGINS: extra origins (`https://flow.example`) accepted in `Origin`; they also get CORS headers. */
  allowedOrigins: readonly string[]
}

/** A route that accepts a body other than JSON, e.g. `{ method: 'PUT', path: /^\/api\/uploads\/[^/]+$/, types: ['image/png'] }`. */
export interface UploadRoute {
  method: string
  path: RegExp
  types: readonly string[]
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** `Host` value → lower-case name (IPv6 without brackets) and port (null when absent); null when malformed. */
export function splitHost(value: string): { name: string; port: number | null } | null {
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/i.exec(value.trim())
  if (!m) return null
  const name = m[1]!.toLowerCase().replace(/^\[(.*)\]$/, '$1')
  const port = m[2] === undefined ? null : Number(m[2])
  if (port !== null && port > 65535) return null
  return { name, port }
}

export function hostAllowed(value: string | undefined, site: SiteIdentity): boolean {
  if (!value) return false
  const host = splitHost(value)
  if (!host) return false
  const port = site.port()
  const ourName = host.name === splitHost(site.boundHost.includes(':') ? `[${site.boundHost}]` : site.boundHost)?.name
  if ((isLoopbackHost(host.name) || ourName) && (host.port === null || host.port === port)) return true
  return site.allowedHosts.some((entry) => {
    const allowed = splitHost(entry)
    if (!allowed || allowed.name !== host.name) return false
    // `name` alone means that name on our port (or none); `name:port` means exactly that (a proxy's).
    return allowed.port === null ? host.port === null || host.port === port : allowed.port === host.port
  })
}

/** Normalised origin (`http://a.example:8080`), or null for `null`, file: and anything unparsable. */
export function normaliseOrigin(value: string): string | null {
  try {
    const url = new URL(value)
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null
    return url.origin
  } catch {
    return null
  }
}

/** Same-origin means: the Origin's host is exactly the (already accepted) `Host` of the request. */
export function originAllowed(origin: string, hostHeader: string, site: SiteIdentity): boolean {
  const normal = normaliseOrigin(origin)
  if (!normal) return false
  const url = new URL(normal)
  let ownHost: string | null = null
  try { ownHost = new URL(`${url.protocol}//${hostHeader}`).host } catch { /* a Host no URL can hold is nobody's origin */ }
  if (url.host === ownHost) return true
  return site.allowedOrigins.some((entry) => normaliseOrigin(entry) === normal)
}

function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase()
}

const refuse = (path: string, error: string, message: string): ApiError => new ApiError(403, error, [{ path, message }])

export function requestGuard(site: SiteIdentity, uploads: readonly UploadRoute[] = []): MiddlewareHandler {
  return async function localSafety(c, next) {
    const host = c.req.header('host')
    if (!hostAllowed(host, site)) {
      throw refuse('headers.host', `Host "${host ?? ''}" is not this server: requests must address it by a loopback name (localhost, 127.0.0.1, [::1]) or a name listed in ALLOWED_HOSTS`, 'not a name of this server')
    }
    const method = c.req.method
    if (!STATE_CHANGING.has(method)) return next()
    const origin = c.req.header('origin')
    if (origin !== undefined && !originAllowed(origin, host!, site)) {
      throw refuse('headers.origin', `Origin "${origin}" may not change anything here: only pages served by this server (or listed in ALLOWED_ORIGINS) can`, 'not this server\'s origin')
    }
    const type = mediaType(c.req.header('content-type'))
    if (type !== 'application/json') {
      const declared = uploads.find((u) => u.method === method && u.path.test(c.req.path))
      if (!declared || !declared.types.includes(type)) {
        const accepted = ['application/json', ...(declared?.types ?? [])].join(' or ')
        throw refuse('headers.content-type', `${method} ${c.req.path} needs Content-Type: ${accepted} (got ${type ? `"${type}"` : 'none'})`, `must be ${accepted}`)
      }
    }
    return next()
  }
}
