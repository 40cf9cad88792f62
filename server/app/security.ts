/**
 * Network safety (DESIGN §8): the server binds 127.0.0.1 unless told otherwise, and binding
 * anywhere else requires a TOKEN, which every /api request must then present as a Bearer token.
 */
import type { MiddlewareHandler } from 'hono'
import { timingSafeEqual } from 'node:crypto'
import { ApiError } from './problems.ts'

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
}

/** Throws with a message for the person starting the server when the bind would be unsafe. */
export function checkBind(host: string, token: string | undefined): void {
  if (!isLoopbackHost(host) && !token) {
    throw new Error(`refusing to listen on ${host} without a TOKEN: anyone on the network could use your WebUI. Set TOKEN=<secret> or bind 127.0.0.1.`)
  }
}

export function requireToken(token: string): MiddlewareHandler {
  const expected = Buffer.from(`Bearer ${token}`)
  return async function bearerToken(c, next) {
    const given = Buffer.from(c.req.header('authorization') ?? '')
    // Constant-time comparison, so the token cannot be guessed byte by byte from timings.
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new ApiError(401, 'missing or wrong token: send Authorization: Bearer <TOKEN>', [{ path: 'headers.authorization', message: 'missing or wrong token' }])
    }
    await next()
  }
}
