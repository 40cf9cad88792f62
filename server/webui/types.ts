/**
 * Public option and result types of the WebUI client (kept apart from client.ts so that file
 * stays about behaviour).
 */
import type { Dispatcher } from 'undici'
import type { Credentials } from './http.ts'
import type * as S from './schemas.ts'
import type { ProgressSample } from './stall.ts'

export type WebuiFlavor = 'a1111' | 'forge'

export type WebuiClientOptions = {
  /** e.g. `http://127.0.0.1:7860`, or `http://user:pass@host:7860` for `--api-auth`. */
  baseUrl: string
  /** Basic-auth credentials; override any in `baseUrl`. */
  auth?: Credentials
  /** Longest wait for a TCP connection. Default 5 s. */
  connectTimeoutMs?: number
  /** Longest wait for an ordinary call's answer, and longest silence in any body. Default 30 s. */
  requestTimeoutMs?: number
  /** Calls that wait for A1111's queue lock (model switch via options, refresh-checkpoints). Default 10 min. */
  lockTimeoutMs?: number
  /** How long a generation may show no movement before it is abandoned. Default 120 s. */
  stallMs?: number
  /** Progress poll interval during generations (≥ 500 ms). Default 1 s. */
  pollMs?: number
  /** Retries after the first attempt, for failures that are safe to retry (see retry.ts). Default 2. */
  retries?: number
  retryBaseDelayMs?: number
  retryMaxDelayMs?: number
  /** Ask the WebUI to interrupt when a generation stalls. Default true. */
  interruptOnStall?: boolean
  /** An undici dispatcher to use instead of the client's own keep-alive Agent (not closed by `close()`). */
  dispatcher?: Dispatcher
  /** Jitter source for retry backoff; for tests. */
  random?: () => number
}

export type CallOptions = {
  signal?: AbortSignal
  /** Overrides the client's wait for this call's answer. */
  timeoutMs?: number
}

export type GenerationOptions = {
  signal?: AbortSignal
  /** Called with each new progress sample while the request runs (previews included). */
  onProgress?: (sample: ProgressSample) => void
  stallMs?: number
  interruptOnStall?: boolean
}

/** A plain JSON object, as the engine's payload builders produce. */
export type WebuiBody = Readonly<Record<string, unknown>>

export type Health = {
  /** Round trip of one progress request, in milliseconds. */
  latencyMs: number
  /** Whether the WebUI reports a running job. */
  busy: boolean
  /** The flavour, if it was detected earlier (health itself sends one request only). */
  flavor: WebuiFlavor | null
}

export type RunRequest = { endpoint: string; body: unknown }
export type RunOutput =
  | { endpoint: 'txt2img' | 'img2img'; images: string[]; result: S.GenerationResponse }
  | { endpoint: 'extra-single-image'; images: string[]; result: S.ExtraSingleResponse }
  | { endpoint: 'extra-batch-images'; images: string[]; result: S.ExtraBatchResponse }
