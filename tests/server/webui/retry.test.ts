/** The retry rule and the backoff curve, with fake attempts and a fixed jitter. */
import { describe, expect, it } from 'vitest'
import type { WebuiError } from '../../../server/webui/errors.ts'
import { backoffDelay, isRetrySafe, withRetry, type Attempt, type RetryPolicy } from '../../../server/webui/retry.ts'

const err = (kind: WebuiError['kind'], status?: number): WebuiError => ({
  kind,
  message: kind,
  retryable: true,
  endpoint: 'POST /sdapi/v1/txt2img',
  ...(status !== undefined ? { status } : {}),
})

describe('isRetrySafe', () => {
  it('anything that never reached the WebUI is retried, generation included', () => {
    expect(isRetrySafe(err('connection'), 'no', false)).toBe(true)
    expect(isRetrySafe(err('timeout'), 'no', false)).toBe(true)
  })
  it('a generation that may have started is never retried', () => {
    expect(isRetrySafe(err('connection'), 'maybe', false)).toBe(false)
    expect(isRetrySafe(err('server', 500), 'maybe', false)).toBe(false)
    expect(isRetrySafe(err('server', 503), 'maybe', false)).toBe(false)
    expect(isRetrySafe(err('timeout'), 'maybe', false)).toBe(false)
    expect(isRetrySafe(err('stalled'), 'maybe', false)).toBe(false)
  })
  it('idempotent calls retry broken connections and 5xx, not 4xx or timeouts', () => {
    expect(isRetrySafe(err('connection'), 'maybe', true)).toBe(true)
    expect(isRetrySafe(err('server', 500), 'maybe', true)).toBe(true)
    expect(isRetrySafe(err('server', 502), 'maybe', true)).toBe(true)
    expect(isRetrySafe(err('validation', 422), 'maybe', true)).toBe(false)
    expect(isRetrySafe(err('auth', 401), 'maybe', true)).toBe(false)
    expect(isRetrySafe(err('not_found', 404), 'maybe', true)).toBe(false)
    expect(isRetrySafe(err('timeout'), 'maybe', true)).toBe(false)
    expect(isRetrySafe(err('bad_response', 200), 'maybe', true)).toBe(false)
  })
  it('a cancel is never retried', () => {
    expect(isRetrySafe(err('aborted'), 'no', true)).toBe(false)
  })
})

describe('backoffDelay', () => {
  const policy = (r: number): RetryPolicy => ({ attempts: 5, baseDelayMs: 100, maxDelayMs: 1000, random: () => r })
  it('doubles per retry, with half the step jittered, capped', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, policy(0)))).toEqual([50, 100, 200, 400, 500])
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, policy(0.999)))).toEqual([100, 200, 400, 800, 1000])
  })
})

describe('withRetry', () => {
  const policy: RetryPolicy = { attempts: 3, baseDelayMs: 1, maxDelayMs: 2, random: () => 0 }
  const failing = (e: WebuiError, sent: 'no' | 'maybe') => {
    let calls = 0
    const once = async (): Promise<Attempt<string>> => {
      calls++
      return { ok: false, error: e, sent }
    }
    return { once, calls: () => calls }
  }

  it('stops after the configured attempts', async () => {
    const f = failing(err('connection'), 'no')
    const r = await withRetry(f.once, { policy, idempotent: false })
    expect(r.ok).toBe(false)
    expect(f.calls()).toBe(3)
  })
  it('does not retry an unsafe failure', async () => {
    const f = failing(err('connection'), 'maybe')
    await withRetry(f.once, { policy, idempotent: false })
    expect(f.calls()).toBe(1)
  })
  it('returns the first success', async () => {
    let n = 0
    const r = await withRetry(
      async (): Promise<Attempt<string>> => (++n < 2 ? { ok: false, error: err('server', 503), sent: 'maybe' } : { ok: true, value: 'done' }),
      { policy, idempotent: true },
    )
    expect(r).toEqual({ ok: true, value: 'done' })
    expect(n).toBe(2)
  })
  it('a cancel during the backoff ends with an aborted error', async () => {
    const ctrl = new AbortController()
    const f = failing(err('connection'), 'no')
    const p = withRetry(f.once, { policy: { ...policy, baseDelayMs: 10_000, maxDelayMs: 10_000 }, idempotent: true, signal: ctrl.signal })
    setTimeout(() => ctrl.abort(), 20)
    const r = await p
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.kind).toBe('aborted')
    expect(f.calls()).toBe(1)
  })
})
