/**
 * The WebUI client: one method per endpoint StableNew Flow uses, each returning a
 * `WebuiResult` (never throwing for anything the network or the WebUI does), each taking an
 * `AbortSignal`, each answer checked by a zod schema.
 */
import type { z } from 'zod'
import { AbortReason, badResponse, errorFromResponse, fail, ok, type WebuiError, type WebuiResult } from './errors.ts'
import { createHttp, parseBaseUrl, type Http } from './http.ts'
import { DEFAULT_RETRY, withRetry, type Attempt, type RetryPolicy } from './retry.ts'
import * as S from './schemas.ts'
import { watchForStall, type StallMode } from './stall.ts'
import type { CallOptions, GenerationOptions, Health, RunOutput, RunRequest, WebuiBody, WebuiClientOptions, WebuiFlavor } from './types.ts'

type Spec<T> = {
  method: 'GET' | 'POST'
  path: string
  query?: string
  body?: unknown
  schema: z.ZodType<T, unknown>
  /** Safe to send twice (see retry.ts). */
  idempotent: boolean
  headersTimeoutMs: number
  signal?: AbortSignal
  attempts?: number
}

const API = '/sdapi/v1'

/** Resolves with `p`, or with an `aborted` error as soon as `signal` aborts. */
function untilAborted<T>(p: Promise<WebuiResult<T>>, signal: AbortSignal | undefined, endpoint: string): Promise<WebuiResult<T>> {
  if (!signal) return p
  const cancelled = (): WebuiResult<T> => fail({ kind: 'aborted', message: `The request ${endpoint} was cancelled`, retryable: false, endpoint })
  if (signal.aborted) return Promise.resolve(cancelled())
  return new Promise((resolve) => {
    const onAbort = () => resolve(cancelled())
    signal.addEventListener('abort', onAbort, { once: true })
    void p.then((r) => {
      signal.removeEventListener('abort', onAbort)
      resolve(r)
    })
  })
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

export class WebuiClient {
  readonly baseUrl: string
  private readonly http: Http
  private readonly requestTimeoutMs: number
  private readonly lockTimeoutMs: number
  private readonly stallMs: number
  private readonly pollMs: number
  private readonly interruptOnStall: boolean
  private readonly retry: RetryPolicy
  private flavorProbe: Promise<WebuiResult<WebuiFlavor>> | undefined
  private flavorKnown: WebuiFlavor | null = null

  constructor(opts: WebuiClientOptions) {
    const target = parseBaseUrl(opts.baseUrl, opts.auth)
    this.baseUrl = target.display
    this.http = createHttp({ target, connectTimeoutMs: opts.connectTimeoutMs ?? 5_000, ...(opts.dispatcher ? { dispatcher: opts.dispatcher } : {}) })
    this.requestTimeoutMs = opts.requestTimeoutMs ?? 30_000
    this.lockTimeoutMs = opts.lockTimeoutMs ?? 600_000
    this.stallMs = opts.stallMs ?? 120_000
    this.pollMs = opts.pollMs ?? 1_000
    this.interruptOnStall = opts.interruptOnStall ?? true
    this.retry = {
      attempts: 1 + Math.max(0, opts.retries ?? DEFAULT_RETRY.attempts - 1),
      baseDelayMs: opts.retryBaseDelayMs ?? DEFAULT_RETRY.baseDelayMs,
      maxDelayMs: opts.retryMaxDelayMs ?? DEFAULT_RETRY.maxDelayMs,
      random: opts.random ?? Math.random,
    }
  }

  // #region plumbing

  private async call<T>(spec: Spec<T>): Promise<WebuiResult<T>> {
    const endpoint = `${spec.method} ${spec.path}`
    const once = async (): Promise<Attempt<T>> => {
      const out = await this.http.send({
        method: spec.method,
        path: spec.path,
        ...(spec.query ? { query: spec.query } : {}),
        body: spec.body,
        ...(spec.signal ? { signal: spec.signal } : {}),
        headersTimeoutMs: spec.headersTimeoutMs,
        bodyTimeoutMs: this.requestTimeoutMs,
      })
      if (!out.ok) return { ok: false, error: out.failure.error, sent: out.failure.sent }
      const { res } = out
      if (res.status < 200 || res.status >= 300) {
        const error = errorFromResponse(res.status, res.json, res.text, { method: spec.method, path: spec.path, origin: this.baseUrl })
        return { ok: false, error, sent: 'maybe' }
      }
      if (res.jsonError !== undefined) {
        return { ok: false, error: badResponse(endpoint, `not JSON (${res.jsonError})`, res.status), sent: 'maybe' }
      }
      const parsed = spec.schema.safeParse(res.json)
      if (!parsed.success) {
        return { ok: false, error: badResponse(endpoint, S.describeIssues(parsed.error), res.status), sent: 'maybe' }
      }
      return { ok: true, value: parsed.data }
    }
    const policy = spec.attempts !== undefined ? { ...this.retry, attempts: spec.attempts } : this.retry
    const r = await withRetry(once, { policy, idempotent: spec.idempotent, ...(spec.signal ? { signal: spec.signal } : {}) })
    return r.ok ? ok(r.value) : fail(r.error)
  }

  private get<T>(path: string, schema: z.ZodType<T, unknown>, opts?: CallOptions, query?: string): Promise<WebuiResult<T>> {
    return this.call({
      method: 'GET',
      path,
      ...(query ? { query } : {}),
      schema,
      idempotent: true,
      headersTimeoutMs: opts?.timeoutMs ?? this.requestTimeoutMs,
      ...(opts?.signal ? { signal: opts.signal } : {}),
    })
  }

  private post<T>(path: string, body: unknown, schema: z.ZodType<T, unknown>, idempotent: boolean, timeoutMs: number, opts?: CallOptions) {
    return this.call({
      method: 'POST',
      path,
      body,
      schema,
      idempotent,
      headersTimeoutMs: opts?.timeoutMs ?? timeoutMs,
      ...(opts?.signal ? { signal: opts.signal } : {}),
    })
  }

  /**
   * A generation call: no fixed timeout on the answer, a stall detector instead (stall.ts).
   * On a stall the request is aborted with kind `stalled` and, unless disabled, the WebUI is
   * asked to interrupt, since it would otherwise keep the GPU busy for a result nobody reads.
   */
  private async generate<T>(path: string, body: unknown, schema: z.ZodType<T, unknown>, mode: StallMode, opts?: GenerationOptions): Promise<WebuiResult<T>> {
    const endpoint = `POST ${path}`
    if (!isPlainObject(body)) {
      return fail({ kind: 'validation', message: `The request body for ${endpoint} must be a JSON object`, retryable: false, endpoint })
    }
    const stallMs = opts?.stallMs ?? this.stallMs
    const ctrl = new AbortController()
    const outer = opts?.signal
    const onOuterAbort = () => ctrl.abort(new AbortReason('aborted', 'cancelled'))
    if (outer?.aborted) onOuterAbort()
    else outer?.addEventListener('abort', onOuterAbort, { once: true })

    let stalled: { quietMs: number; progressAnswered: boolean } | undefined
    const onProgress = opts?.onProgress
    const watch = watchForStall({
      poll: (signal) => this.pollProgress(signal, onProgress !== undefined),
      stallMs,
      pollMs: this.pollMs,
      mode,
      ...(onProgress ? { onProgress } : {}),
      onStall: (info) => {
        stalled = info
        ctrl.abort(new AbortReason('stalled', 'stalled'))
      },
    })
    try {
      const r = await this.call({ method: 'POST', path, body, schema, idempotent: false, headersTimeoutMs: 0, signal: ctrl.signal })
      if (r.ok || !stalled) return r
      let message = stalled.progressAnswered
        ? `The WebUI at ${this.baseUrl} made no progress on ${endpoint} for ${Math.round(stalled.quietMs / 100) / 10} s, so the request was abandoned`
        : `The WebUI at ${this.baseUrl} stopped answering progress checks during ${endpoint} for ${Math.round(stalled.quietMs / 100) / 10} s, so the request was abandoned`
      if (opts?.interruptOnStall ?? this.interruptOnStall) {
        // Bounded: a WebUI hung hard enough to stall may not answer this either, and the caller
        // should hear about the stall promptly.
        const ir = await this.interrupt({ timeoutMs: Math.min(2_000, this.requestTimeoutMs) })
        message += ir.ok ? ' and the WebUI was asked to interrupt it' : ' (asking the WebUI to interrupt it failed too)'
      }
      return fail({ kind: 'stalled', message, retryable: true, endpoint })
    } finally {
      watch.stop()
      outer?.removeEventListener('abort', onOuterAbort)
    }
  }

  /** One progress request for the stall detector: no retries (the next poll is the retry). */
  private pollProgress(signal: AbortSignal, withPreview: boolean): Promise<WebuiResult<S.Progress>> {
    return this.call({
      method: 'GET',
      path: `${API}/progress`,
      query: `skip_current_image=${withPreview ? 'false' : 'true'}`,
      schema: S.Progress,
      idempotent: true,
      headersTimeoutMs: this.requestTimeoutMs,
      signal,
      attempts: 1,
    })
  }

  // #endregion

  // #region lists

  sdModels(opts?: CallOptions) {
    return this.get(`${API}/sd-models`, S.SdModelList, opts)
  }
  /** A1111 only; Forge answers 404 (use `vaes()` to get the right one for either). */
  sdVae(opts?: CallOptions) {
    return this.get(`${API}/sd-vae`, S.SdModuleList, opts)
  }
  /** Forge only: VAEs and text encoders. */
  sdModules(opts?: CallOptions) {
    return this.get(`${API}/sd-modules`, S.SdModuleList, opts)
  }
  /** VAE choices on either flavour: `/sd-vae` on A1111, `/sd-modules` on Forge. */
  async vaes(opts?: CallOptions): Promise<WebuiResult<S.SdModule[]>> {
    const flavor = await this.detectFlavor(opts)
    if (!flavor.ok) return flavor
    return flavor.data === 'forge' ? this.sdModules(opts) : this.sdVae(opts)
  }
  samplers(opts?: CallOptions) {
    return this.get(`${API}/samplers`, S.SamplerList, opts)
  }
  schedulers(opts?: CallOptions) {
    return this.get(`${API}/schedulers`, S.SchedulerList, opts)
  }
  upscalers(opts?: CallOptions) {
    return this.get(`${API}/upscalers`, S.UpscalerList, opts)
  }
  latentUpscaleModes(opts?: CallOptions) {
    return this.get(`${API}/latent-upscale-modes`, S.LatentUpscaleModeList, opts)
  }
  promptStyles(opts?: CallOptions) {
    return this.get(`${API}/prompt-styles`, S.PromptStyleList, opts)
  }
  embeddings(opts?: CallOptions) {
    return this.get(`${API}/embeddings`, S.Embeddings, opts)
  }
  loras(opts?: CallOptions) {
    return this.get(`${API}/loras`, S.LoraList, opts)
  }
  /** ADetailer's detector models; `not_found` when the extension is not installed. */
  async adetailerModels(opts?: CallOptions): Promise<WebuiResult<string[]>> {
    const r = await this.get('/adetailer/v1/ad_model', S.AdetailerModels, opts)
    return r.ok ? ok(r.data.ad_model) : r
  }
  /** ControlNet's preprocessors; `not_found` when the extension is not installed. */
  async controlnetModules(opts?: CallOptions): Promise<WebuiResult<string[]>> {
    const r = await this.get('/controlnet/module_list', S.ControlNetModules, opts)
    return r.ok ? ok(r.data.module_list) : r
  }
  /** ControlNet's models as `name [hash]`; `not_found` when the extension is not installed. */
  async controlnetModels(opts?: CallOptions): Promise<WebuiResult<string[]>> {
    const r = await this.get('/controlnet/model_list', S.ControlNetModels, opts)
    return r.ok ? ok(r.data.model_list) : r
  }

  // #endregion

  // #region options and control

  getOptions(opts?: CallOptions) {
    return this.get(`${API}/options`, S.Options, opts)
  }
  /** Waits for the WebUI's queue when it switches model or VAE, hence the long default wait. */
  setOptions(values: WebuiBody, opts?: CallOptions) {
    return this.post(`${API}/options`, values, S.Nothing, true, this.lockTimeoutMs, opts)
  }
  refreshCheckpoints(opts?: CallOptions) {
    return this.post(`${API}/refresh-checkpoints`, {}, S.Nothing, true, this.lockTimeoutMs, opts)
  }
  /** Progress of whatever the WebUI runs now. A preview is included unless `skipCurrentImage`. */
  progress(opts?: CallOptions & { skipCurrentImage?: boolean }) {
    return this.get(`${API}/progress`, S.Progress, opts, `skip_current_image=${opts?.skipCurrentImage ? 'true' : 'false'}`)
  }
  /** Stops the running job; its request still answers 200 with the images made so far. */
  interrupt(opts?: CallOptions) {
    return this.post(`${API}/interrupt`, {}, S.Nothing, false, this.requestTimeoutMs, opts)
  }
  /** Skips the current batch of the running job. */
  skip(opts?: CallOptions) {
    return this.post(`${API}/skip`, {}, S.Nothing, false, this.requestTimeoutMs, opts)
  }
  pngInfo(imageBase64: string, opts?: CallOptions) {
    return this.post(`${API}/png-info`, { image: imageBase64 }, S.PngInfo, true, this.requestTimeoutMs, opts)
  }

  /**
   * One GET of `/sdapi/v1/progress`: it exists with `--nowebui` (unlike `/internal/ping`), sits
   * behind `--api-auth` (so bad credentials show here), and answers at once even while busy.
   */
  async health(opts?: CallOptions): Promise<WebuiResult<Health>> {
    const started = performance.now()
    const r = await this.call({
      method: 'GET',
      path: `${API}/progress`,
      query: 'skip_current_image=true',
      schema: S.Progress,
      idempotent: true,
      headersTimeoutMs: opts?.timeoutMs ?? Math.min(this.requestTimeoutMs, 10_000),
      ...(opts?.signal ? { signal: opts.signal } : {}),
      attempts: 1,
    })
    if (!r.ok) return r
    const s = r.data.state
    const busy = (s?.job_count ?? 0) > 0 || (s?.job ?? '') !== ''
    return ok({ latencyMs: Math.round((performance.now() - started) * 10) / 10, busy, flavor: this.flavorKnown })
  }

  /**
   * A1111 or Forge, probed once and remembered: Forge replaced `/sd-vae` with `/sd-modules`,
   * so a 200 there means Forge and a 404 means A1111. Failures are not remembered.
   */
  detectFlavor(opts?: CallOptions): Promise<WebuiResult<WebuiFlavor>> {
    if (this.flavorKnown) return Promise.resolve(ok(this.flavorKnown))
    // One probe serves every concurrent caller, so it runs without any one caller's signal;
    // each caller still stops waiting when its own signal aborts.
    if (!this.flavorProbe) {
      this.flavorProbe = (async () => {
        const r = await this.sdModules(opts?.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : undefined)
        let out: WebuiResult<WebuiFlavor>
        if (r.ok) out = ok('forge')
        else if (r.error.kind === 'not_found') out = ok('a1111')
        else out = r
        if (out.ok) this.flavorKnown = out.data
        this.flavorProbe = undefined
        return out
      })()
    }
    return untilAborted(this.flavorProbe, opts?.signal, `GET ${API}/sd-modules`)
  }

  // #endregion

  // #region generation

  txt2img(body: WebuiBody, opts?: GenerationOptions) {
    return this.generate(`${API}/txt2img`, body, S.GenerationResponse, 'steps', opts)
  }
  img2img(body: WebuiBody, opts?: GenerationOptions) {
    return this.generate(`${API}/img2img`, body, S.GenerationResponse, 'steps', opts)
  }
  extraSingleImage(body: WebuiBody, opts?: GenerationOptions) {
    return this.generate(`${API}/extra-single-image`, body, S.ExtraSingleResponse, 'busy', opts)
  }
  extraBatchImages(body: WebuiBody, opts?: GenerationOptions) {
    return this.generate(`${API}/extra-batch-images`, body, S.ExtraBatchResponse, 'busy', opts)
  }

  /**
   * Sends a request the engine built (`{ endpoint, body }`) to the matching method. `endpoint`
   * may be the full path (`/sdapi/v1/txt2img`) or the last segment (`txt2img`).
   */
  async run(request: RunRequest, opts?: GenerationOptions): Promise<WebuiResult<RunOutput>> {
    const name = request.endpoint.replace(/^\/?(sdapi\/v1\/)?/, '').replace(/\/+$/, '')
    const body = request.body
    if (!isPlainObject(body)) {
      const endpoint = `POST ${API}/${name}`
      return fail({ kind: 'validation', message: `The request body for ${endpoint} must be a JSON object`, retryable: false, endpoint })
    }
    switch (name) {
      case 'txt2img':
      case 'img2img': {
        const r = name === 'txt2img' ? await this.txt2img(body, opts) : await this.img2img(body, opts)
        return r.ok ? ok({ endpoint: name, images: r.data.images, result: r.data }) : r
      }
      case 'extra-single-image': {
        const r = await this.extraSingleImage(body, opts)
        return r.ok ? ok({ endpoint: name, images: [r.data.image], result: r.data }) : r
      }
      case 'extra-batch-images': {
        const r = await this.extraBatchImages(body, opts)
        return r.ok ? ok({ endpoint: name, images: r.data.images, result: r.data }) : r
      }
      default: {
        const error: WebuiError = {
          kind: 'validation',
          message: `This client does not send requests to "${request.endpoint}" (expected txt2img, img2img, extra-single-image or extra-batch-images)`,
          retryable: false,
          endpoint: request.endpoint,
        }
        return fail(error)
      }
    }
  }

  // #endregion

  /** Closes the client's own connections (not a dispatcher passed in). */
  close(): Promise<void> {
    return this.http.close()
  }
}
