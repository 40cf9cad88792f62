/**
 * The WebUI client's public face. Everything the server needs comes from here.
 *
 * @example
 * const webui = createWebuiClient({ baseUrl: 'http://127.0.0.1:7860', stallMs: 90_000 })
 * const r = await webui.txt2img({ prompt: 'a cat', steps: 20 }, { signal, onProgress: (p) => send(p) })
 * if (!r.ok) console.error(r.error.message) // "Cannot reach the WebUI at http://127.0.0.1:7860: connection refused …"
 */
import { WebuiClient } from './client.ts'
import type { WebuiClientOptions } from './types.ts'

export function createWebuiClient(opts: WebuiClientOptions): WebuiClient {
  return new WebuiClient(opts)
}

export { WebuiClient }
export type { CallOptions, GenerationOptions, Health, RunOutput, RunRequest, WebuiBody, WebuiClientOptions, WebuiFlavor } from './types.ts'
export type { WebuiError, WebuiErrorKind, WebuiResult } from './errors.ts'
export { errorFromResponse, parseErrorBody } from './errors.ts'
export type { Credentials } from './http.ts'
export { isRetrySafe, backoffDelay, DEFAULT_RETRY, type RetryPolicy } from './retry.ts'
export type { ProgressSample, StallMode } from './stall.ts'
export * as schemas from './schemas.ts'
