/**
 * The executor: where queued JobSpecs become images. One worker per WebUI backend, each keeping
 * two jobs in flight; outputs, manifests, learning data and videos written off the critical path.
 *
 * @example
 * const exec = createExecutor({ paths, store: { queue, artifacts, cache, ratings }, bus, webuiUrls: ['http://127.0.0.1:7860'] })
 * await exec.start()          // first health check of every backend, then the workers run
 * queue.submit(run)           // workers pick jobs up by themselves
 * await exec.idle()           // nothing queued or running, every file written
 * await exec.stop()           // in-flight jobs go back to the queue
 *
 * Decisions (two in flight, cache reuse, retries, favourites): docs/execution.md.
 */
import type { BackendStatus, ServerEvent } from '../../engine/api/events.ts'
import type { FavouritesResponse, ResourcesResponse } from '../../engine/api/http.ts'
import type { DataPaths } from '../data/paths.ts'
import type { EventBus } from '../events/bus.ts'
import type { Database } from '../queue/db.ts'
import type { PendingLines } from '../queue/pending-lines.ts'
import type { ArtifactStore, QueueStore, RatingIndex, StageCache } from '../queue/types.ts'
import type { VideoRecord, VideoStore } from '../queue/videos.ts'
import { BackendPool } from './backends.ts'
import type { QueueEtaResponse } from '../../engine/api/queue-extras.ts'
import { Learning, LEARNING_LOG } from './learning.ts'
import { recordEnds } from './end-lines.ts'
import { removeInterruptedWrites } from './leftovers.ts'
import { LineWriter } from './line-writer.ts'
import { registerLineWriter } from '../data/writer-lock.ts'
import { StorageGuard, type StorageStatus } from './storage-guard.ts'
import { createPlanCache, queueEta } from './queue-eta.ts'
import { ResourceCache } from './resources.ts'
import type { ExecDeps } from './run-job.ts'
import { ExecutorOptions, type ExecutorOptionsInput, type LastConfigs } from './types.ts'
import { VideoMaker } from './video.ts'
import { Worker } from './worker.ts'
import { routeProblems } from './routing.ts'
import type { RunSpec } from '../../engine/compile/spec.ts'

export { ExecutorOptions, type ExecutorOptionsInput, LastConfigs } from './types.ts'
export { shrunkMean, FAVOURITE_M, FAVOURITE_PRIOR } from './learning.ts'

export interface ExecutorInput {
  paths: DataPaths
  store: { db: Database; queue: QueueStore; artifacts: ArtifactStore; cache: StageCache; ratings: RatingIndex; videos: VideoStore; pendingLines: PendingLines }
  bus: EventBus
  /** One backend per URL; basic-auth credentials go in the URL (`http://user:pass@host:7860`). */
  webuiUrls: readonly string[]
  /** The WebUIs are the in-process simulator (shown in BackendStatus and /api/health). */
  simulated?: boolean
  options?: ExecutorOptionsInput
}

export interface Executor {
  /** Health-checks every backend once, then starts the workers. */
  start(): Promise<void>
  /** Stops claiming, sends in-flight jobs back to the queue, waits for pending writes. */
  stop(): Promise<void>
  backends(): BackendStatus[]
  /** Cancels in the queue; a running job's WebUI request is interrupted. */
  cancelJob(jobId: string): Promise<void>
  /** Cancels every queued and running job (of one run), interrupting the running ones; returns how many. */
  cancelAll(runId?: string): number
  /** Remaining time of the live jobs from measured stage times (null where nothing was measured). */
  queueEta(): QueueEtaResponse
  /** Rating 0–5 of a job or an image: appended to learning/ratings.jsonl and indexed. */
  rate(targetKind: 'job' | 'image', targetId: string, rating: number): Promise<void>
  favourites(): FavouritesResponse
  /** Effective stage configs of the latest finished jobs, by stage kind: defaults for new nodes. */
  lastConfigs(): LastConfigs
  /** Merged lists of every backend (cached). */
  resources(): Promise<ResourcesResponse>
  refreshResources(): Promise<ResourcesResponse>
  /** Jobs of a compiled run that no backend can serve, from each backend's cached lists (routing.ts). */
  routeProblems(run: RunSpec): { path: string; message: string }[]
  /** The last progress event of each running job, for an event stream that connects mid-run. */
  currentProgress(): ServerEvent[]
  /** Resolves once nothing is queued or running and every file, line and video is written. */
  idle(): Promise<void>
  /** Makes a failed video again (QueueError 'not-found' / 'bad-state' otherwise). */
  retryVideo(runId: string, stageId: string): VideoRecord
  /** Writes the learning and rating lines waiting in the database soon (after a prune queued some). */
  flushLines(): void
  /** Removes these jobs' lines from learning/learning_log.jsonl through the one line writer (LineWriter.forgetLines). */
  forgetLearningLines(jobIds: ReadonlySet<string>): Promise<number>
  /** Free space and its floor, lines waiting for a learning file, the last write error: for /api/health. */
  storage(): Promise<StorageStatus & { pendingLines: number; lastWriteError: string | null }>
}

const GRAPH_CACHE_SIZE = 16

export function createExecutor(input: ExecutorInput): Executor {
  const opts = ExecutorOptions.parse(input.options ?? {})
  const { db, queue, artifacts, cache, ratings, videos, pendingLines } = input.store
  const pool = new BackendPool(input.webuiUrls.map((url) => ({ url, simulated: input.simulated ?? false })), opts, input.bus)

  // The graph JSON is the same for every image of a run and can be large: serialise it once.
  const graphs = new Map<string, string>()
  const graphJson = (runId: string): string => {
    let json = graphs.get(runId)
    if (json === undefined) {
      json = JSON.stringify(queue.getRun(runId)?.run.graph ?? null)
      graphs.set(runId, json)
      if (graphs.size > GRAPH_CACHE_SIZE) graphs.delete(graphs.keys().next().value!)
    }
    return json
  }

  const deps: ExecDeps = { paths: input.paths, queue, artifacts, cache, pendingLines, bus: input.bus, pool, opts, graphJson }
  const lines = new LineWriter(input.paths, pendingLines, opts.lineRetryMs)
  const learning = new Learning(input.paths, { db, queue, artifacts, ratings, pendingLines }, lines)
  const guard = new StorageGuard(input.paths, queue, opts.minFreeBytes)
  const video = new VideoMaker({ paths: input.paths, queue, artifacts, videos, bus: input.bus, ...(opts.ffmpegPath ? { ffmpegPath: opts.ffmpegPath } : {}), timeoutMs: opts.videoTimeoutMs })
  const workers = pool.backends.map((b) => new Worker(b, deps, { learning, lines, guard, video }))
  const resources = new ResourceCache(() => pool.backends, opts.resourcesTtlMs)
  const plans = createPlanCache((jobId) => {
    // Only what the estimate reads: a queue of 10,000 jobs keeps no resolved configs here.
    const stages = queue.get(jobId)?.spec.plan.stages
    return stages && { stages: stages.map((s) => ({ kind: s.kind, images: s.images })) }
  })
  let started = false
  // Failed and cancelled jobs get a learning-log line too (with the error): insights show failure rates.
  const endDeps = { db, queue, pendingLines, lines }
  const offEnds = input.bus.subscribe((e) => { if (e.type === 'job-failed') recordEnds([e.jobId], 'failed', endDeps) })

  const busy = (): boolean =>
    queue.snapshot({ finishedLimit: 0 }).jobs.some((j) => j.state === 'queued' || j.state === 'running')

  /**
   * The user resumed the queue: a job whose end could not be recorded (the queue database refused
   * the write on a full disk) is still "running" with no worker; it goes back to the queue. Lines
   * waiting for a learning file are tried again.
   */
  let wasPaused = queue.isPaused()
  const onQueueChange = (): void => {
    const paused = queue.isPaused()
    const resumed = wasPaused && !paused
    wasPaused = paused
    if (!resumed || !started) return
    lines.flushSoon()
    for (const j of queue.snapshot({ finishedLimit: 0, queuedLimit: 0 }).jobs) {
      if (j.state === 'running' && !workers.some((w) => w.holds(j.jobId))) queue.requeue(j.jobId, 'its end could not be recorded (storage error); run again')
    }
  }
  let offQueue: (() => void) | null = null
  let unregister: (() => void) | null = null

  return {
    flushLines: () => lines.flushSoon(),
    forgetLearningLines: (jobIds) => lines.forgetLines(LEARNING_LOG, jobIds),
    async start() {
      if (started) return
      started = true
      // Marks this process as the learning files' appender: `flow prune --forget-learning` refuses meanwhile.
      unregister = registerLineWriter(input.paths)
      await learning.load()
      // Lines a read-only folder or a crash left in the database; temp files and videos a crash interrupted.
      lines.flushSoon()
      await removeInterruptedWrites(input.paths, queue)
      await video.recover()
      offQueue = queue.onChange(onQueueChange)
      await pool.start()
      for (const w of workers) w.start()
    },
    async stop() {
      if (!started) return
      started = false
      offQueue?.()
      offEnds()
      await Promise.all(workers.map((w) => w.stop()))
      await video.idle()
      await lines.flush().catch(() => undefined)
      lines.stop()
      unregister?.()
      unregister = null
      await pool.stop()
    },
    retryVideo: (runId, stageId) => video.retry(runId, stageId),
    async storage() {
      return { ...(await guard.status()), pendingLines: lines.pendingCount(), lastWriteError: lines.lastError }
    },
    backends: () => pool.backends.map((b) => b.status()),
    async cancelJob(jobId) {
      const was = queue.cancel(jobId)
      if (was === 'running') for (const w of workers) w.cancel(jobId)
      recordEnds([jobId], 'cancelled', endDeps)
    },
    queueEta() {
      const live = queue.liveJobs()
      plans.keepOnly(live.map((j) => j.jobId))
      const up = pool.backends.filter((b) => b.status().state === 'up').length
      return queueEta(live, plans.planOf, learning.stageTimes, up, Date.now())
    },
    cancelAll(runId) {
      const { cancelled, running } = queue.cancelAll(runId)
      for (const jobId of running) for (const w of workers) w.cancel(jobId)
      recordEnds(cancelled, 'cancelled', endDeps)
      return cancelled.length
    },
    async rate(targetKind, targetId, rating) {
      await learning.rate(targetKind, targetId, rating)
    },
    favourites: () => learning.favourites(),
    lastConfigs: () => learning.lastConfigs(),
    resources: () => resources.get(),
    refreshResources: () => resources.refresh(),
    routeProblems: (run) => routeProblems(run, pool.backends),
    currentProgress: () => pool.backends.flatMap((b) => [...b.progress.values()]),
    async idle() {
      for (;;) {
        if (!busy()) {
          await Promise.all(workers.map((w) => w.settled()))
          await video.idle()
          if (!busy()) return
        }
        await new Promise<void>((resolve) => {
          const off = queue.onChange(() => {
            off()
            clearTimeout(t)
            resolve()
          })
          // A safety net in case a change is missed between the check and the subscription.
          const t = setTimeout(() => {
            off()
            resolve()
          }, 250)
        })
      }
    },
  }
}
