/**
 * The pool of WebUIs: one client per URL, a health loop, what each has loaded, and the requests
 * each has in flight (in the order they were sent, which is the order A1111 runs them).
 *
 * Health: a backend is `down` after a failed check or a connection error during a job, and `up`
 * again when a check passes. Every change of state or loaded model is published as a `backend`
 * event. Listeners (the workers) hear about state changes so they can pause or requeue.
 */
import type { BackendStatus, ServerEvent } from '../../engine/api/events.ts'
import type { EventBus } from '../events/bus.ts'
import { createWebuiClient, type RunOutput, type RunRequest, type WebuiClient, type WebuiResult } from '../webui/index.ts'
import type { ProgressSample } from '../webui/stall.ts'
import { previewDataUrl } from './image.ts'
import { readLists, type BackendLists } from './resources.ts'
import { forForge } from './forge.ts'
import { stripHash } from '../../engine/resources/catalog.ts'
import type { ExecutorOptions } from './types.ts'

type ProgressEvent = Extract<ServerEvent, { type: 'progress' }>

/** One request sent to a WebUI and not answered yet. */
export interface Flight {
  jobId: string
  stageId: string
  /** Set by a cancel: the request is interrupted as soon as it is the one the WebUI runs. */
  cancelled: boolean
  interrupted: boolean
}

/**
 * `name.safetensors [hash]` → `name.safetensors`: the options report the title with its hash,
 * while JobSpecs (and the queue's model column) carry the name the user picked from the list.
 */
export function checkpointName(title: string): string {
  return stripHash(title)
}

export class Backend {
  state: BackendStatus['state'] = 'unknown'
  flavor: BackendStatus['flavor'] = null
  /** What the WebUI has loaded (read at start, then the model of each finished job). */
  loadedModel: string | null = null
  /**
   * What it will have loaded once the requests already sent have run: the model of the last job
   * claimed. Claims use this, so the second slot picks a job of the same model as the first.
   */
  nextModel: string | null = null
  lastError: string | null = null
  /**
   * Its resource lists, read when it comes up and on refresh (kept while it is down). Routing and
   * the check before each job's first request use them: no per-job round trip.
   */
  lists: BackendLists | null = null
  /** Bumped whenever `lists` changes, so routing decisions cached per job are recomputed. */
  listsVersion = 0
  readonly jobs = new Set<string>()
  readonly flights: Flight[] = []
  private lastProgressAt = 0
  /** The last progress event per running job, for clients that connect mid-run. */
  readonly progress = new Map<string, ProgressEvent>()

  /** The current client; replaced by `reopen()` after the pool was stopped (stop closes it). */
  client: WebuiClient
  private closed = false

  constructor(
    readonly id: string,
    private readonly makeClient: () => WebuiClient,
    readonly simulated: boolean,
    private readonly opts: ExecutorOptions,
    private readonly bus: EventBus,
  ) {
    this.client = makeClient()
  }

  async close(): Promise<void> {
    this.closed = true
    await this.client.close()
  }

  /** A fresh client after close(), so an executor can be started again. */
  reopen(): void {
    if (!this.closed) return
    this.client = this.makeClient()
    this.closed = false
    this.state = 'unknown'
  }

  get url(): string {
    return this.client.baseUrl
  }

  status(): BackendStatus {
    return {
      id: this.id,
      url: this.url,
      state: this.state,
      simulated: this.simulated,
      flavor: this.flavor,
      loadedModel: this.loadedModel,
      currentJob: this.flights[0]?.jobId ?? this.jobs.values().next().value ?? null,
      lastError: this.lastError,
    }
  }

  /** The model a claim should prefer. */
  claimModel(): string | null {
    return this.nextModel ?? this.loadedModel
  }

  /**
   * Sends one engine-built request. Progress samples, whichever request's stall watcher polled
   * them, describe what the WebUI runs now: the oldest request in flight.
   */
  async send(request: RunRequest, meta: { jobId: string; stageId: string }, signal: AbortSignal): Promise<WebuiResult<RunOutput>> {
    const flight: Flight = { jobId: meta.jobId, stageId: meta.stageId, cancelled: false, interrupted: false }
    this.flights.push(flight)
    try {
      // Forge takes the VAE as a module list, not sd_vae (forge.ts).
      const sent = this.flavor === 'forge' ? forForge(request, this.lists?.vaeFiles ?? {}) : request
      return await this.client.run(sent, {
        signal,
        stallMs: this.opts.stallMs,
        onProgress: (s) => this.onSample(s),
      })
    } finally {
      const i = this.flights.indexOf(flight)
      if (i >= 0) this.flights.splice(i, 1)
      // The request behind it is now the one the WebUI runs; if it was cancelled, stop it now.
      this.interruptIfRunning()
    }
  }

  /** Marks a job's requests cancelled; the one the WebUI is running is interrupted at once. */
  cancel(jobId: string): void {
    for (const f of this.flights) if (f.jobId === jobId) f.cancelled = true
    this.interruptIfRunning()
  }

  /**
   * A1111's interrupt stops whatever runs now and is forgotten when the next request begins, so
   * it is only sent when the cancelled request is the oldest in flight (the one running).
   */
  private interruptIfRunning(): void {
    const head = this.flights[0]
    if (!head || !head.cancelled || head.interrupted) return
    head.interrupted = true
    void this.client.interrupt({ timeoutMs: 5_000 })
  }

  private onSample(s: ProgressSample): void {
    const head = this.flights[0]
    if (!head || head.cancelled) return
    const now = Date.now()
    // Both in-flight requests' stall watchers poll, so samples come twice as often as either
    // polls; one event per interval per backend (one job runs at a time on it).
    if (now - this.lastProgressAt < this.opts.progressIntervalMs) return
    this.lastProgressAt = now
    const event: ProgressEvent = {
      type: 'progress', jobId: head.jobId, stageId: head.stageId,
      progress: s.progress, step: Math.trunc(s.step), steps: Math.trunc(s.steps), etaSeconds: s.etaSeconds,
      preview: s.previewBase64 ? previewDataUrl(s.previewBase64) : null,
    }
    this.progress.set(head.jobId, event)
    this.bus.publish(event)
  }

  setState(state: BackendStatus['state'], error: string | null): boolean {
    if (error !== null) this.lastError = error
    if (this.state === state) return false
    this.state = state
    if (state === 'up') this.lastError = null
    this.publish()
    return true
  }

  setLists(lists: BackendLists): void {
    this.lists = lists
    this.listsVersion++
  }

  setLoadedModel(model: string | null): void {
    if (model === null || model === this.loadedModel) return
    this.loadedModel = model
    this.publish()
  }

  publish(): void {
    this.bus.publish({ type: 'backend', backend: this.status() })
  }
}

export interface BackendSpec {
  url: string
  simulated?: boolean
}

export class BackendPool {
  readonly backends: Backend[]
  private timer: NodeJS.Timeout | undefined
  private stopped = true
  private checking = new Map<Backend, Promise<void>>()
  private listeners = new Set<(b: Backend) => void>()

  constructor(specs: readonly BackendSpec[], private readonly opts: ExecutorOptions, bus: EventBus) {
    this.backends = specs.map((s, i) => new Backend(
      `webui-${i + 1}`,
      () => createWebuiClient({ baseUrl: s.url, stallMs: opts.stallMs, pollMs: opts.pollMs }),
      s.simulated ?? false,
      opts,
      bus,
    ))
  }

  get(id: string): Backend | undefined {
    return this.backends.find((b) => b.id === id)
  }

  /** Called after every state change of a backend. */
  onStateChange(listener: (b: Backend) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** First check of every backend (awaited, so workers start knowing who is up), then the loop. */
  async start(): Promise<void> {
    this.stopped = false
    for (const b of this.backends) b.reopen()
    await Promise.all(this.backends.map((b) => this.check(b)))
    const tick = (): void => {
      if (this.stopped) return
      void Promise.all(this.backends.map((b) => this.check(b))).finally(() => {
        if (!this.stopped) this.timer = setTimeout(tick, this.opts.healthIntervalMs)
      })
    }
    this.timer = setTimeout(tick, this.opts.healthIntervalMs)
  }

  async stop(): Promise<void> {
    this.stopped = true
    clearTimeout(this.timer)
    await Promise.allSettled([...this.checking.values()])
    await Promise.allSettled(this.backends.map((b) => b.close()))
  }

  /** A job saw the WebUI vanish: down now, without waiting for the next check. */
  markDown(b: Backend, error: string): void {
    if (b.setState('down', error)) this.emit(b)
  }

  /** One health check (never two at once for a backend). */
  check(b: Backend): Promise<void> {
    const running = this.checking.get(b)
    if (running) return running
    const p = this.runCheck(b).finally(() => this.checking.delete(b))
    this.checking.set(b, p)
    return p
  }

  private async runCheck(b: Backend): Promise<void> {
    const h = await b.client.health({ timeoutMs: this.opts.healthTimeoutMs })
    if (!h.ok) {
      if (b.setState('down', h.error.message)) this.emit(b)
      return
    }
    if (b.state === 'up') return
    // Coming up (first time or after downtime): learn what it has loaded, since it may have
    // restarted with another model, and which flavour it is.
    // Its lists too, so a job is checked against what this WebUI has before it runs here.
    const [options, flavor, lists] = await Promise.all([
      b.client.getOptions({ timeoutMs: this.opts.healthTimeoutMs }),
      b.client.detectFlavor({ timeoutMs: this.opts.healthTimeoutMs }),
      readLists(b.client, this.opts.healthTimeoutMs),
    ])
    if (!options.ok) {
      if (b.setState('down', options.error.message)) this.emit(b)
      return
    }
    if (flavor.ok) b.flavor = flavor.data
    b.setLists(lists)
    const ckpt = options.data.sd_model_checkpoint
    if (typeof ckpt === 'string' && ckpt !== '') {
      b.loadedModel = checkpointName(ckpt)
      b.nextModel = null
    }
    if (b.setState('up', null)) this.emit(b)
  }

  private emit(b: Backend): void {
    for (const l of this.listeners) {
      try { l(b) } catch { /* a listener's failure is its own */ }
    }
  }
}
