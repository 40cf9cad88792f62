/**
 * The simulator's mutable world: settings, the loaded checkpoint, A1111's `shared.state`
 * (what /progress reports), statistics and the queue lock.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { createRng, type Rng } from '../../engine/util/rng.ts'
import { FifoLock } from './queue.ts'
import { defaultOptions, type Checkpoint } from './resources.ts'
import { SimCatalog, type SimResourceLists } from './catalog.ts'
import type { RenderParams } from '../png/synth.ts'
import type { SimFlavor, SimStats } from './types.ts'

/** A1111's `shared.state`, the part /progress exposes. */
export interface JobState {
  skipped: boolean
  interrupted: boolean
  stopping_generation: boolean
  job: string
  job_count: number
  job_timestamp: string
  job_no: number
  sampling_step: number
  sampling_steps: number
  /** ms since epoch when the current job began. */
  timeStart: number
  /** What the live preview would show; rendered lazily by /progress. */
  preview: { params: RenderParams; key: string } | null
}

export interface SimConfig {
  flavor: SimFlavor
  stepMs: number
  modelSwitchMs: number
  nowebui: boolean
}

export const timestamp = (d = new Date()): string => {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`
}

export class SimState {
  readonly lock = new FifoLock()
  options: Record<string, unknown>
  /** What this WebUI has installed (its own lists). */
  readonly catalog: SimCatalog
  model: Checkpoint
  job: JobState = {
    skipped: false, interrupted: false, stopping_generation: false, job: '', job_count: 0,
    job_timestamp: '0', job_no: 0, sampling_step: 0, sampling_steps: 0, timeStart: 0, preview: null,
  }
  private counters = { requests: {} as Record<string, number>, modelSwitches: 0, busyMs: 0, generations: 0, sdUpscaleTiles: 0 }
  /** Counts jobs, so live-preview cache keys never collide between two jobs. */
  jobSeq = 0
  /** The last rendered live preview (by key), so frequent /progress polls render it once. */
  previewCache: { key: string; b64: string } | null = null
  /** Draws seeds for seed -1; seeded so whole test runs repeat exactly. */
  readonly seedRng: Rng = createRng(0x5eed)

  constructor(readonly config: SimConfig, lists: SimResourceLists = {}) {
    this.catalog = new SimCatalog(lists)
    this.model = this.catalog.checkpoints[0]!
    this.options = defaultOptions(config.flavor)
    this.options.sd_model_checkpoint = this.model.title
    this.options.sd_checkpoint_hash = this.model.sha256
  }

  countRequest(path: string): void {
    this.counters.requests[path] = (this.counters.requests[path] ?? 0) + 1
  }

  countGeneration(): void {
    this.counters.generations++
  }

  /** Tiles the SD upscale script re-diffused (one sampling each). */
  countTiles(n: number): void {
    this.counters.sdUpscaleTiles += n
  }

  stats(): SimStats {
    return {
      requests: { ...this.counters.requests },
      modelSwitches: this.counters.modelSwitches,
      busyMs: Math.round(this.counters.busyMs * 1000) / 1000,
      generations: this.counters.generations,
      sdUpscaleTiles: this.counters.sdUpscaleTiles,
      currentModel: this.model.title,
    }
  }

  resetStats(): void {
    this.counters = { requests: {}, modelSwitches: 0, busyMs: 0, generations: 0, sdUpscaleTiles: 0 }
  }

  /** Runs work under the queue lock, adding the time it holds the lock to busyMs. */
  locked<T>(fn: () => Promise<T>): Promise<T> {
    return this.lock.run(fn, (ms) => (this.counters.busyMs += ms))
  }

  /**
   * Loads another checkpoint (caller holds the lock). A no-op when it is already loaded, as
   * A1111's `reload_model_weights` is.
   */
  async switchModel(target: Checkpoint): Promise<void> {
    if (target === this.model) return
    if (this.config.modelSwitchMs > 0) await sleep(this.config.modelSwitchMs)
    this.model = target
    this.options.sd_model_checkpoint = target.title
    this.options.sd_checkpoint_hash = target.sha256
    this.counters.modelSwitches++
  }

  /** The checkpoint the `sd_model_checkpoint` option names (undefined if unknown). */
  checkpointFromOption(value: unknown): Checkpoint | undefined {
    return typeof value === 'string' ? this.catalog.findCheckpoint(value) : undefined
  }

  /** `shared.state.begin()`: a new job resets the flags, so an old interrupt cannot leak. */
  begin(job: string, jobCount: number): void {
    this.jobSeq++
    Object.assign(this.job, {
      skipped: false, interrupted: false, stopping_generation: false, job, job_count: jobCount,
      job_timestamp: timestamp(), job_no: 0, sampling_step: 0, sampling_steps: 0, timeStart: Date.now(), preview: null,
    })
  }

  /** `shared.state.end()`: only job and job_count reset; the rest keeps its last values. */
  end(): void {
    this.job.job = ''
    this.job.job_count = 0
    this.job.preview = null
  }
}
