/**
 * One worker per backend, with `slotsPerBackend` (2) job loops. Each loop claims a job (preferring
 * the model the WebUI will have loaded), runs its stages, hands the file writing to the background
 * and claims the next job straight away. With two loops, one job's request always waits inside
 * the WebUI while the other's runs, so the GPU goes from one request to the next without waiting
 * for us (see docs/execution.md).
 *
 * A loop sleeps until the queue changes when nothing is claimable or the queue is paused, and
 * until the backend is up again when it is down. `stop()` aborts in-flight jobs, which go back to
 * the queue, and waits for pending file writes.
 *
 * Nothing thrown here may end the process: a loop catches everything (a full disk makes even the
 * queue database refuse writes), reports it, pauses the queue for a storage failure, and goes on.
 */
import type { QueuedJob } from '../queue/types.ts'
import type { Backend } from './backends.ts'
import { finishJob, type FinishDeps } from './finish.ts'
import { rootModel, runJob, type ExecDeps, type JobOutcome } from './run-job.ts'
import { claimFilter, dispatchProblem } from './routing.ts'

/** After an unexpected error the loop waits this long (or for a queue change) before claiming again. */
const ERROR_PAUSE_MS = 1_000

interface Running {
  job: QueuedJob
  controller: AbortController
  cancelled: boolean
}

export class Worker {
  private stopped = false
  private loops: Promise<void>[] = []
  private readonly running = new Map<string, Running>()
  private readonly finishing = new Set<Promise<void>>()
  /** Jobs whose files and queue update are still being written. */
  private readonly finishingJobs = new Set<string>()
  private wakers = new Set<() => void>()
  private unsubscribe: (() => void)[] = []
  /** Which queued jobs this backend may take (undefined with one backend: all). */
  private accept: ((jobId: string) => boolean) | undefined

  constructor(
    readonly backend: Backend,
    private readonly deps: ExecDeps,
    private readonly fin: FinishDeps,
  ) {}

  /** Whether this worker is running or finishing the job (so it is not an orphan of a failed write). */
  holds(jobId: string): boolean {
    return this.running.has(jobId) || this.finishingJobs.has(jobId)
  }

  start(): void {
    this.stopped = false
    this.accept = claimFilter(this.backend, this.deps.pool.backends, (id) => this.deps.queue.get(id)?.spec)
    this.unsubscribe.push(this.deps.queue.onChange(() => {
      this.checkCancelled()
      this.wake()
    }))
    this.unsubscribe.push(this.deps.pool.onStateChange((b) => {
      if (b !== this.backend) return
      // Down: its jobs go back to the queue now for the other backends, not after a timeout.
      if (b.state === 'down') for (const r of this.running.values()) r.controller.abort(`the WebUI ${b.id} went down`)
      this.wake()
    }))
    for (let i = 0; i < this.deps.opts.slotsPerBackend; i++) this.loops.push(this.loop())
  }

  async stop(): Promise<void> {
    this.stopped = true
    for (const r of this.running.values()) r.controller.abort('the server is stopping')
    this.wake()
    await Promise.all(this.loops)
    await Promise.allSettled([...this.finishing])
    for (const u of this.unsubscribe) u()
    this.unsubscribe = []
    this.loops = []
  }

  /** Resolves when every finished job's files, manifest and learning line are written. */
  async settled(): Promise<void> {
    while (this.finishing.size > 0) await Promise.allSettled([...this.finishing])
  }

  /** Whether this worker runs the job; if so it is cancelled (the WebUI is interrupted when it runs it). */
  cancel(jobId: string): boolean {
    const r = this.running.get(jobId)
    if (!r) return false
    r.cancelled = true
    this.backend.cancel(jobId)
    return true
  }

  /** Jobs cancelled in the queue directly (not through the executor) are noticed here. */
  private checkCancelled(): void {
    for (const [jobId, r] of this.running) {
      if (!r.cancelled && this.deps.queue.get(jobId)?.state === 'cancelled') this.cancel(jobId)
    }
  }

  /** Resolves on the next queue or backend change (or stop). */
  private sleep(): Promise<void> {
    return new Promise((resolve) => this.wakers.add(resolve))
  }

  private wake(): void {
    const w = this.wakers
    this.wakers = new Set()
    for (const f of w) f()
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      if (this.backend.state !== 'up') {
        await this.sleep()
        continue
      }
      // Subscribe before claiming, so a change between an empty claim and the sleep is not lost.
      const changed = this.sleep()
      try {
        // Below the free-space floor the queue pauses itself (with the reason) instead of starting a job.
        if (!(await this.fin.guard.roomForAJob())) {
          await changed
          continue
        }
        // With a job already in flight here, only a job on the same model may join it: two models in
        // flight would alternate their stages at the WebUI and switch checkpoints at every stage.
        const job = this.deps.queue.claim(this.backend.id, this.backend.claimModel(), { onlySameModel: this.running.size > 0, ...(this.accept ? { accept: this.accept } : {}) })
        if (!job) {
          await changed
          continue
        }
        const model = rootModel(job.spec)
        if (model !== '') this.backend.nextModel = model
        await this.runOne(job)
      } catch (e) {
        await this.survive(e, changed)
      }
    }
  }

  /** An error out of a claim or a queue update: reported, the queue paused if it is storage, and the loop goes on. */
  private async survive(e: unknown, changed: Promise<void>): Promise<void> {
    const problem = this.fin.guard.classify(e)
    if (problem) {
      try {
        await this.fin.guard.onFailure(problem)
      } catch (inner) {
        console.error('[worker] could not pause the queue after a storage error', inner)
      }
    } else {
      console.error(`[worker ${this.backend.id}] unexpected error; the worker goes on`, e)
    }
    let timer: ReturnType<typeof setTimeout> | undefined
    await Promise.race([changed, new Promise<void>((r) => { timer = setTimeout(r, ERROR_PAUSE_MS) })])
    clearTimeout(timer)
  }

  private async runOne(job: QueuedJob): Promise<void> {
    const r: Running = { job, controller: new AbortController(), cancelled: false }
    this.running.set(job.jobId, r)
    this.backend.jobs.add(job.jobId)
    let outcome: JobOutcome
    // The backend's lists may have lost a resource since the run was queued: fail before any request.
    const problem = dispatchProblem(job.spec, this.backend)
    try {
      outcome = problem !== null
        ? { kind: 'failed', stageId: null, error: problem, retryable: false }
        : await runJob({ job, backend: this.backend, signal: r.controller.signal, cancelled: () => r.cancelled }, this.deps)
    } catch (e) {
      outcome = { kind: 'failed', stageId: null, error: `Internal error: ${(e as Error).message}`, retryable: false }
    } finally {
      this.running.delete(job.jobId)
    }
    if (outcome.kind === 'generated') {
      const model = rootModel(job.spec)
      if (model !== '') this.backend.setLoadedModel(model)
      // Files, manifest, learning line and the queue update happen while the loop claims its next job.
      this.finishingJobs.add(job.jobId)
      const p = finishJob(job, this.backend, outcome.result, this.deps, this.fin)
        .catch(async (e) => {
          // The queue database itself refused the update (a full disk): the job stays "running"
          // until the user resumes the queue, which sends it back to the queue (executor.resumed).
          await this.survive(e, Promise.resolve())
        })
        .finally(() => {
          this.finishing.delete(p)
          this.finishingJobs.delete(job.jobId)
          this.backend.jobs.delete(job.jobId)
          this.backend.progress.delete(job.jobId)
        })
      this.finishing.add(p)
      return
    }
    this.backend.jobs.delete(job.jobId)
    this.backend.progress.delete(job.jobId)
    const { queue, bus, opts } = this.deps
    switch (outcome.kind) {
      case 'cancelled':
        // The queue already says cancelled; nothing is completed.
        return
      case 'requeue':
        queue.requeue(job.jobId, outcome.error)
        return
      case 'failed': {
        const attempts = queue.get(job.jobId)?.attempts ?? job.attempts
        if (outcome.retryable && attempts < opts.maxAttempts && !this.stopped) {
          // Back off before the job is claimable again; the other slot keeps the WebUI busy meanwhile.
          const delay = Math.min(opts.retryMaxDelayMs, opts.retryBaseDelayMs * 2 ** Math.max(0, attempts - 1))
          await this.pause(delay, r.controller.signal)
          if (r.cancelled) return
          queue.requeue(job.jobId, outcome.error)
          return
        }
        if (queue.fail(job.jobId, outcome.error, outcome.stageId)) {
          bus.publish({ type: 'job-failed', jobId: job.jobId, runId: job.runId, stageId: outcome.stageId, error: outcome.error })
          this.fin.video.jobFinished(job.runId)
        }
        return
      }
    }
  }

  private pause(ms: number, signal: AbortSignal): Promise<void> {
    if (ms <= 0) return Promise.resolve()
    return new Promise((resolve) => {
      const t = setTimeout(done, ms)
      function done(): void {
        clearTimeout(t)
        signal.removeEventListener('abort', done)
        resolve()
      }
      signal.addEventListener('abort', done, { once: true })
    })
  }
}
