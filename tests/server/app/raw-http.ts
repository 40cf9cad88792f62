/**
 * HTTP requests with full control over the headers a browser would set itself (Host, Origin),
 * which fetch() does not let a caller choose. Used by the local-safety tests and the fuzzer.
 */
import { request } from 'node:http'

export interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
  body: any
}

export interface RawRequest {
  method?: string
  headers?: Record<string, string>
  body?: string | Buffer
  timeoutMs?: number
}

export function raw(baseUrl: string, path: string, opts: RawRequest = {}): Promise<RawResponse> {
  const url = new URL(baseUrl)
  return new Promise((resolve, reject) => {
    const req = request({
      host: url.hostname, port: Number(url.port), method: opts.method ?? 'GET', path, agent: false,
      // An explicit length: Node sends a DELETE or GET body unframed otherwise, and the server reads it as garbage.
      headers: { host: url.host, ...(opts.body !== undefined ? { 'content-length': String(Buffer.byteLength(opts.body)) } : {}), ...(opts.headers ?? {}) },
    }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        let body: unknown = text
        try { body = JSON.parse(text) } catch { /* not JSON */ }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body })
      })
      res.on('error', reject)
    })
    // A deadline for the whole exchange, not an idle timeout: a stream that trickles keep-alives must not hang the caller.
    const ms = opts.timeoutMs ?? 15_000
    const deadline = setTimeout(() => req.destroy(new Error(`${opts.method ?? 'GET'} ${path}: no complete answer within ${ms} ms`)), ms)
    req.on('close', () => clearTimeout(deadline))
    req.on('error', reject)
    req.end(opts.body)
  })
}

/** The status line and headers only (for endless responses such as the event stream). */
export function rawHead(baseUrl: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  const url = new URL(baseUrl)
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: Number(url.port), path, agent: false, headers: { host: url.host, ...headers } }, (res) => {
      resolve({ status: res.statusCode ?? 0, headers: res.headers })
      res.destroy()
    })
    req.on('error', reject)
    req.end()
  })
}
