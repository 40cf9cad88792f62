/**
 * When a failed WebUI call may be sent again, and how long to wait first.
 *
 * The rule (the only place it is decided):
 * 1. A request that certainly never reached the WebUI (connection refused, host not found,
 *    network unreachable, connect timeout, a socket that died before writing a byte) is retried
 *    for every endpoint, generation included: nothing ran, so nothing is wasted or doubled.
 * 2. An idempotent call (GETs, png-info, setting options, refreshing lists) is also retried when
 *    the connection broke after sending, or on any 5xx: running it twice changes nothing.
 * 3. Everything else is returned at once. In particular a generation (txt2img, img2img,
 *    extras) is never resent once it may have arrived: A1111 keeps running a request whose
 *    client hung up, so a resend queues a second copy behind the first and spends the GPU
 *    minutes twice. Timeouts and stalls are not retried here either; the queue, which knows
 *    the job, decides about those using `error.retryable`. `skip` and `interrupt` are not
 *    idempotent: a repeat could hit the next job in the WebUI's queue.
 * 4. A cancel by the caller is never retried.
 */
import type { Sent, WebuiError } from './errors.ts'

export type RetryPolicy = {
  /** Total attempts including the first, ≥ 1. */
  attempts: number
  /** Delay before the first retry; each later one doubles, up to `maxDelayMs`. */
  baseDelayMs: number
  maxDelayMs: number
  /** Source of jitter in [0, 1); injectable so tests are exact. */
  random: () => number
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 3,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  random: Math.random,
}

/** Whether this failure of this kind of call may be sent again (see the rule above). */
export function isRetrySafe(error: WebuiError, sent: Sent, idempotent: boolean): boolean {
  if (error.kind === 'aborted') return false
  if (sent === 'no' && (error.kind === 'connection' || error.kind === 'timeout')) return true
  if (!idempotent) return false
  if (error.kind === 'connection') return true
  return error.kind === 'server' && error.status !== undefined && error.status >= 500
}

/**
 * Exponential backoff with "equal jitter": half the step is fixed, half random, so clients that
 * failed together spread out but none retries almost at once into a server that is restarting.
 * `retry` counts from 1 (the wait before the second attempt).
 */
export function backoffDelay(retry: number, policy: RetryPolicy): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1))
  return Math.round(step / 2 + (step / 2) * policy.random())
}

/** Waits `ms`, or less if the signal aborts; resolves to false when aborted. */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false)
  return new Promise((resolve) => {
    const done = (value: boolean) => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      resolve(value)
    }
    const onAbort = () => done(false)
    const timer = setTimeout(() => done(true), ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

export type Attempt<T> = { ok: true; value: T } | { ok: false; error: WebuiError; sent: Sent }

/**
 * Runs `once` until it succeeds, the failure is not retry-safe, or attempts run out. Returns the
 * last outcome; the caller's signal cuts a backoff wait short.
 */
export async function withRetry<T>(
  once: (attempt: number) => Promise<Attempt<T>>,
  opts: { policy: RetryPolicy; idempotent: boolean; signal?: AbortSignal },
): Promise<Attempt<T>> {
  const attempts = Math.max(1, Math.floor(opts.policy.attempts))
  let last: Attempt<T> | undefined
  for (let attempt = 1; attempt <= attempts; attempt++) {
    last = await once(attempt)
    if (last.ok) return last
    if (attempt === attempts || !isRetrySafe(last.error, last.sent, opts.idempotent)) return last
    const waited = await sleep(backoffDelay(attempt, opts.policy), opts.signal)
    if (!waited) {
      const endpoint = last.error.endpoint
      return { ok: false, error: { kind: 'aborted', message: `The request ${endpoint} was cancelled`, retryable: false, endpoint }, sent: 'no' }
    }
  }
  return last!
}
