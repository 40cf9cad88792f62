/**
 * The stall detector that replaces fixed timeouts on generation calls.
 *
 * A generation legitimately takes anywhere from seconds to many minutes (SDXL + hires + ADetailer
 * on a small card, or a queue of earlier jobs), so any fixed timeout is either too short for real
 * work or too long for a hung WebUI. The original app's answer, fixed 60/90 s watchdogs with
 * warnings and diagnostic dumps, both killed slow jobs and flooded the machine under pressure.
 * Instead we watch whether the WebUI is *moving*: while the request is outstanding, poll
 * `/sdapi/v1/progress` (at most twice a second) and call it stalled only when nothing changed
 * for `stallMs`: no new sampling step, job, batch or progress value, or no answer at all from the
 * progress endpoint. One decision, one abort, no repeated alarms.
 */
import type { WebuiResult } from './errors.ts'
import type { Progress } from './schemas.ts'

export type ProgressSample = {
  /** 0..1 over the whole request (all batches, hires pass included). */
  progress: number
  /** Sampling step of the current pass and its total. */
  step: number
  steps: number
  /** The WebUI's estimate of the time left, in seconds. */
  etaSeconds: number
  /** Live preview (bare base64), refreshed by the WebUI every few steps; null when none. */
  previewBase64: string | null
}

/**
 * - `steps`: only a change in job, batch, sampling step or progress counts as movement
 *   (txt2img/img2img, where steps tick).
 * - `busy`: a WebUI that answers and reports a running job also counts as moving. Extras
 *   (upscales) have no steps, so `steps` would call every long upscale stalled; the cost is that
 *   a GPU hang inside an upscale is only caught if the progress endpoint stops answering.
 */
export type StallMode = 'steps' | 'busy'

export type StallInfo = {
  /** Milliseconds since the last observed movement. */
  quietMs: number
  /** Whether the progress endpoint answered at all during the quiet period. */
  progressAnswered: boolean
}

export type StallWatchOptions = {
  poll: (signal: AbortSignal) => Promise<WebuiResult<Progress>>
  stallMs: number
  /** Poll interval; values below 500 ms are raised to 500 so progress polls never crowd the WebUI. */
  pollMs?: number
  mode: StallMode
  onProgress?: (sample: ProgressSample) => void
  onStall: (info: StallInfo) => void
}

export type StallWatch = { stop(): void }

export const MIN_POLL_MS = 500

function isRunning(p: Progress): boolean {
  const s = p.state
  return (s?.job_count ?? 0) > 0 || (s?.job ?? '') !== ''
}

/** Everything that moves while real work happens; `eta_relative` is left out, it drifts with the clock. */
function movementKey(p: Progress): string {
  const s = p.state ?? {}
  return [s.job_timestamp, s.job, s.job_no, s.job_count, s.sampling_step, s.sampling_steps, p.progress.toFixed(4)].join('|')
}

export function toSample(p: Progress): ProgressSample {
  const s = p.state ?? {}
  return {
    progress: Math.max(0, Math.min(1, p.progress)),
    step: s.sampling_step ?? 0,
    steps: s.sampling_steps ?? 0,
    etaSeconds: Math.max(0, p.eta_relative ?? 0),
    previewBase64: p.current_image ?? null,
  }
}

export function watchForStall(opts: StallWatchOptions): StallWatch {
  const pollMs = Math.max(MIN_POLL_MS, opts.pollMs ?? 1_000)
  // A single poll may not outlive the stall window, or a hung progress endpoint would hide the stall.
  const pollTimeoutMs = Math.max(MIN_POLL_MS, Math.min(opts.stallMs, pollMs * 4))
  let stopped = false
  let lastMove = Date.now()
  let answeredSinceMove = false
  let lastKey: string | undefined
  let lastEmitted: ProgressSample | undefined
  let inflight: AbortController | undefined
  let sleepTimer: ReturnType<typeof setTimeout> | undefined
  let wake: (() => void) | undefined

  // The deadline is a timer of its own so a stall is called on time even while a poll hangs.
  let stallTimer = setTimeout(fire, opts.stallMs)
  function moved() {
    lastMove = Date.now()
    answeredSinceMove = false
    clearTimeout(stallTimer)
    stallTimer = setTimeout(fire, opts.stallMs)
  }
  function fire() {
    if (stopped) return
    // Node may run a timer a millisecond before Date.now() reaches its due time: never call a
    // stall before the full window has passed.
    const early = opts.stallMs - (Date.now() - lastMove)
    if (early > 0) {
      stallTimer = setTimeout(fire, early)
      return
    }
    const info = { quietMs: Date.now() - lastMove, progressAnswered: answeredSinceMove }
    stop()
    opts.onStall(info)
  }
  function stop() {
    stopped = true
    clearTimeout(stallTimer)
    clearTimeout(sleepTimer)
    inflight?.abort()
    wake?.()
  }

  function emit(p: Progress) {
    if (!opts.onProgress || !isRunning(p)) return
    const s = toSample(p)
    const prev = lastEmitted
    if (prev && prev.progress === s.progress && prev.step === s.step && prev.steps === s.steps && prev.previewBase64 === s.previewBase64) {
      return
    }
    lastEmitted = s
    try {
      opts.onProgress(s)
    } catch {
      // A failing listener (a closed SSE stream) must not cost the generation.
    }
  }

  async function loop() {
    while (!stopped) {
      const started = Date.now()
      const ctrl = new AbortController()
      inflight = ctrl
      const t = setTimeout(() => ctrl.abort(), pollTimeoutMs)
      const r = await opts.poll(ctrl.signal)
      clearTimeout(t)
      inflight = undefined
      if (stopped) return
      if (r.ok) {
        answeredSinceMove = true
        const key = movementKey(r.data)
        if (key !== lastKey || (opts.mode === 'busy' && isRunning(r.data))) moved()
        lastKey = key
        emit(r.data)
      }
      const wait = Math.max(0, pollMs - (Date.now() - started))
      await new Promise<void>((resolve) => {
        wake = resolve
        sleepTimer = setTimeout(resolve, wait)
      })
      wake = undefined
    }
  }
  void loop()
  return { stop }
}
