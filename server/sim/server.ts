/**
 * HTTP plumbing of the simulator on bare `node:http`: we need to hang a request forever, destroy
 * a socket mid-request and refuse connections while "down", which a framework would hide.
 *
 * Order per request (as FastAPI does it): faults → route match (404/405) → auth → handler.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { HttpError, PyError, renderError } from './errors.ts'
import { FaultInjector } from './faults.ts'
import { pyJson } from './pyjson.ts'
import { parseJsonBody } from './validate.ts'
import type { SimState } from './state.ts'

export interface RouteCtx {
  state: SimState
  url: URL
  req: IncomingMessage
  /** The body parsed as JSON (FastAPI's 422 for malformed JSON). */
  json(): Promise<unknown>
}

export interface Route {
  method: 'GET' | 'POST'
  path: string
  /** Behind --api-auth (routes registered through Api.add_api_route). */
  auth: boolean
  /** Returns the JSON body of a 200 (undefined → `null`). */
  handle(ctx: RouteCtx): unknown
}

export interface SimServer {
  server: Server
  faults: FaultInjector
  /** Destroys every open connection but `except` (going down kills in-flight requests too). */
  dropConnections(except?: Socket): void
  close(): Promise<void>
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = pyJson(body ?? null)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = []
    req.on('data', (c: Buffer) => parts.push(c))
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')))
    req.on('error', reject)
  })
}

/** `user:pass[,u2:p2]`; a password cannot contain ':' (A1111 splits on it). */
export function parseAuth(spec: string | undefined): Map<string, string> | null {
  if (!spec) return null
  const creds = new Map<string, string>()
  for (const pair of spec.split(',')) {
    const i = pair.indexOf(':')
    if (i < 1 || pair.indexOf(':', i + 1) >= 0) throw new Error(`bad --api-auth entry ${JSON.stringify(pair)}: expected user:pass`)
    creds.set(pair.slice(0, i), pair.slice(i + 1))
  }
  return creds
}

function checkAuth(req: IncomingMessage, creds: Map<string, string>): void {
  const header = req.headers.authorization ?? ''
  const m = /^Basic\s+(.+)$/i.exec(header)
  if (!m) throw new HttpError(401, 'Not authenticated')
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8')
  const i = decoded.indexOf(':')
  if (i < 0) throw new HttpError(401, 'Invalid authentication credentials')
  const user = decoded.slice(0, i)
  if (creds.get(user) !== decoded.slice(i + 1)) throw new HttpError(401, 'Incorrect username or password')
}

export function createSimServer(state: SimState, routes: Route[], opts: { auth: Map<string, string> | null; faults: FaultInjector }): SimServer {
  const byPath = new Map<string, Map<string, Route>>()
  for (const r of routes) {
    if (!byPath.has(r.path)) byPath.set(r.path, new Map())
    byPath.get(r.path)!.set(r.method, r)
  }
  const sockets = new Set<Socket>()
  const hanging = new Set<ServerResponse>()
  const flavor = state.config.flavor

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim.local')
    const isControl = url.pathname.startsWith('/sim/')
    if (!isControl) {
      if (opts.faults.current.down) {
        req.socket.destroy()
        return
      }
      state.countRequest(url.pathname)
      const fate = opts.faults.draw()
      if (fate === 'drop') {
        req.socket.destroy()
        return
      }
      if (fate === 'hang') {
        hanging.add(res)
        res.on('close', () => hanging.delete(res))
        return
      }
      if (fate === 'error') {
        const e = renderError(new PyError('RuntimeError', 'CUDA out of memory. Tried to allocate 2.00 GiB (simulated fault)'), flavor)
        send(res, e.status, e.body)
        return
      }
    }
    const methods = byPath.get(url.pathname)
    if (!methods) return send(res, 404, { detail: 'Not Found' })
    const route = methods.get(req.method ?? 'GET')
    if (!route) {
      res.setHeader('allow', [...methods.keys()].join(', '))
      return send(res, 405, { detail: 'Method Not Allowed' })
    }
    let bodyText: Promise<string> | undefined
    const ctx: RouteCtx = {
      state, url, req,
      json: async () => parseJsonBody(await (bodyText ??= readBody(req)), flavor),
    }
    try {
      if (route.auth && opts.auth) checkAuth(req, opts.auth)
      const body = await route.handle(ctx)
      // Drain an unread body so the keep-alive connection stays usable.
      if (!bodyText) await readBody(req)
      if (!res.destroyed) send(res, 200, body)
    } catch (e) {
      const r = renderError(e, flavor)
      if (!bodyText) await readBody(req).catch(() => '')
      if (!res.destroyed) send(res, r.status, r.body)
    }
  }

  const server = createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
    handle(req, res).catch((e: unknown) => {
      // A bug in the simulator must not kill the process: answer like an unhandled exception.
      if (!res.headersSent && !res.destroyed) {
        const r = renderError(e, flavor)
        send(res, r.status, r.body)
      }
    })
  })
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  return {
    server,
    faults: opts.faults,
    dropConnections: (except) => {
      for (const s of sockets) if (s !== except) s.destroy()
      for (const res of hanging) res.destroy()
      hanging.clear()
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy()
        hanging.clear()
        server.close(() => resolve())
        server.closeAllConnections()
        for (const s of sockets) s.destroy()
      }),
  }
}

