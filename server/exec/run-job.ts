/**
 * One job on one backend: each stage of `spec.plan.stages` in order, one WebUI call per input
 * image (the root: one call, or its source artifact), requests built by the engine
 * (`stageRequest`, never here), the stage cache consulted before every call.
 *
 * `runJob` returns as soon as the last response is in: the GPU-critical part. Saving files,
 * thumbnails and artifact rows started as each response arrived and is returned as a promise
 * (`persisted`), so the worker can send its next job's first request at once.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { ArtifactRef } from '../../engine/api/events.ts'
import type { JobSpec, StagePlan } from '../../engine/compile/spec.ts'
import { stageRequest } from '../../engine/compile/stage-request.ts'
import type { DataPaths } from '../data/paths.ts'
import type { EventBus } from '../events/bus.ts'
import type { PendingLines } from '../queue/pending-lines.ts'
import type { ArtifactRecord, ArtifactStore, QueuedJob, QueueStore, StageCache } from '../queue/types.ts'
import type { Backend, BackendPool } from './backends.ts'
import { cacheKey, pngIdentity, stripOurChunks, withoutImages } from './image.ts'
import { ControlImageError, loadControlImages, withoutControlImages } from './control-images.ts'
import { artifactIdFor, saveImage } from './outputs.ts'
import { loadStageMask, maskForImage, type StageMask } from './masks.ts'
import { stageMaskId } from '../../engine/compile/masks.ts'
import type { ExecutorOptions, ManifestCall, OutputRef, StageTiming } from './types.ts'

export interface ExecDeps {
  paths: DataPaths
  queue: QueueStore
  artifacts: ArtifactStore
  cache: StageCache
  pendingLines: PendingLines
  bus: EventBus
  pool: BackendPool
  opts: ExecutorOptions
  /** The run's graph as JSON (for the stablenew:graph chunk), cached per run. */
  graphJson(runId: string): string
}

export interface ActiveJob {
  job: QueuedJob
  backend: Backend
  /** Aborted when the worker stops or the backend goes down: the job goes back to the queue. */
  signal: AbortSignal
  /** True once the job was cancelled in the queue. */
  cancelled(): boolean
}

export interface StageRecord {
  stage: StagePlan
  seeds: number[]
  calls: ManifestCall[]
  timing: StageTiming
}

export interface GeneratedJob {
  stages: StageRecord[]
  /** Every output in stage order; resolves when every file and row is written. */
  persisted: Promise<OutputRef[]>
  startedAt: string
  startMs: number
}

export type JobOutcome =
  | { kind: 'generated'; result: GeneratedJob }
  | { kind: 'failed'; stageId: string | null; error: string; retryable: boolean }
  | { kind: 'requeue'; error: string }
  | { kind: 'cancelled' }

/** An image a stage made (or the cache gave back): what its children are built from. */
interface StageImage {
  base64: string
  width: number
  height: number
  hash: string
}

class Stop extends Error {
  constructor(readonly outcome: Exclude<JobOutcome, { kind: 'generated' }>) {
    super(outcome.kind)
  }
}

const describeStage = (s: StagePlan): string => `Stage "${s.label || s.stageId}" (${s.kind})`

/** The checkpoint the job starts with (backends that have it loaded are preferred). */
export function rootModel(spec: JobSpec): string {
  const model = spec.plan.stages[0]!.config.values.model
  return typeof model === 'string' ? model : ''
}

async function loadArtifactImage(deps: ExecDeps, artifactId: string): Promise<{ record: ArtifactRecord; image: StageImage }> {
  const record = deps.artifacts.get(artifactId)
  if (!record) throw new Error(`the source image ${artifactId} no longer exists`)
  const bytes = stripOurChunks(await readFile(join(deps.paths.root, record.path)))
  const id = pngIdentity(bytes)
  return { record, image: { base64: bytes.toString('base64'), width: id.width, height: id.height, hash: id.hash } }
}

export async function runJob(active: ActiveJob, deps: ExecDeps): Promise<JobOutcome> {
  const { job, backend } = active
  const spec = job.spec
  const startMs = performance.now()
  const startedAt = new Date().toISOString()
  deps.bus.publish({ type: 'job-start', jobId: job.jobId, runId: job.runId, backend: backend.id })

  const outputs = new Map<string, StageImage[]>()
  const records: StageRecord[] = []
  /** Per stage, the promise of its output refs (in index order). */
  const stagePersisted: Promise<OutputRef[]>[] = []
  /** Every file write started, including those of a stage that did not finish. */
  const writes: Promise<unknown>[] = []

  const stopIfNeeded = (): void => {
    if (active.cancelled()) throw new Stop({ kind: 'cancelled' })
    if (active.signal.aborted) throw new Stop({ kind: 'requeue', error: String(active.signal.reason ?? 'stopped') })
  }

  try {
    for (const stage of spec.plan.stages) {
      stopIfNeeded()
      deps.bus.publish({ type: 'stage-start', jobId: job.jobId, stageId: stage.stageId, kind: stage.kind })
      const stageStartMs = performance.now()
      const stageStartedAt = new Date().toISOString()
      let inputs: (StageImage | undefined)[]
      if (stage.inputFrom !== null) {
        inputs = outputs.get(stage.inputFrom) ?? []
        if (inputs.length === 0) throw new Stop({ kind: 'failed', stageId: stage.stageId, error: `${describeStage(stage)} has no input image: stage "${stage.inputFrom}" made none`, retryable: false })
      } else if (stage.sourceImage !== undefined) {
        try {
          inputs = [(await loadArtifactImage(deps, stage.sourceImage)).image]
        } catch (e) {
          throw new Stop({ kind: 'failed', stageId: stage.stageId, error: `${describeStage(stage)}: ${(e as Error).message}`, retryable: false })
        }
      } else {
        inputs = [undefined]
      }

      let mask: StageMask | undefined
      const maskId = stageMaskId(stage)
      if (maskId !== null) {
        try {
          mask = await loadStageMask(deps.paths, maskId)
        } catch (e) {
          throw new Stop({ kind: 'failed', stageId: stage.stageId, error: `${describeStage(stage)}: ${(e as Error).message}`, retryable: false })
        }
      }

      const made: StageImage[] = []
      const calls: ManifestCall[] = []
      const seeds = new Set<number>()
      const refs: Promise<OutputRef>[] = []
      let allCached = true
      for (const [imageIndex, input] of inputs.entries()) {
        stopIfNeeded()
        let controls
        try {
          controls = await loadControlImages(deps.paths, stage, imageIndex, outputs, input)
        } catch (e) {
          if (!(e instanceof ControlImageError)) throw e
          throw new Stop({ kind: 'failed', stageId: stage.stageId, error: `${describeStage(stage)}: ${e.message}`, retryable: false })
        }
        // The k-th input is image k of the job's batch: its request uses that image's seed.
        const sentMask = mask && input ? maskForImage(mask, input.width, input.height) : undefined
        const request = stageRequest(spec, stage, imageIndex, input ? { base64: input.base64, width: input.width, height: input.height } : undefined, sentMask?.base64, controls.images)
        const body = request.body as Record<string, unknown>
        if (typeof body.seed === 'number') seeds.add(body.seed)
        const recorded = withoutControlImages(withoutImages(body, input?.hash ?? null, sentMask?.hash), controls.hashes)
        const key = cacheKey(request.endpoint, recorded)
        const callStart = performance.now()

        const hit = deps.cache.lookup(key)
        if (hit && hit.length > 0) {
          const reused = await reuseCached(deps, job, stage, hit, made.length)
          if (reused) {
            for (const r of reused) {
              made.push(r.image)
              refs.push(Promise.resolve(r.ref))
            }
            calls.push({ endpoint: request.endpoint, body: recorded, cacheKey: key, cached: true, ms: performance.now() - callStart, artifacts: reused.map((r) => r.ref.artifactId) })
            continue
          }
        }
        allCached = false

        const r = await backend.send(request, { jobId: job.jobId, stageId: stage.stageId }, active.signal)
        if (active.cancelled()) throw new Stop({ kind: 'cancelled' })
        if (!r.ok) {
          if (r.error.kind === 'aborted' || active.signal.aborted) {
            throw new Stop({ kind: 'requeue', error: String(active.signal.reason ?? r.error.message) })
          }
          if (r.error.kind === 'connection') {
            // The WebUI vanished: not this job's fault. Another backend (or this one, back up) takes it.
            deps.pool.markDown(backend, r.error.message)
            throw new Stop({ kind: 'requeue', error: r.error.message })
          }
          throw new Stop({ kind: 'failed', stageId: stage.stageId, error: `${describeStage(stage)} failed: ${r.error.message}`, retryable: r.error.retryable })
        }
        if (r.data.images.length === 0) {
          throw new Stop({ kind: 'failed', stageId: stage.stageId, error: `${describeStage(stage)} failed: the WebUI returned no image`, retryable: true })
        }
        const callRefs: Promise<OutputRef>[] = []
        // The WebUI's own infotext per image, kept for images that come without one (see saveImage).
        const infotexts = r.data.endpoint === 'txt2img' || r.data.endpoint === 'img2img' ? r.data.result.info?.infotexts ?? [] : []
        for (const [k, b64] of r.data.images.entries()) {
          const bytes = Buffer.from(b64, 'base64')
          let id
          try {
            id = pngIdentity(bytes)
          } catch (e) {
            throw new Stop({ kind: 'failed', stageId: stage.stageId, error: `${describeStage(stage)} failed: ${(e as Error).message}`, retryable: true })
          }
          const index = made.length
          made.push({ base64: b64, width: id.width, height: id.height, hash: id.hash })
          const write = persistImage(deps, spec, stage.stageId, index, bytes, id.width, id.height, infotexts[k])
          writes.push(write)
          callRefs.push(write)
        }
        refs.push(...callRefs)
        const callIds: string[] = []
        calls.push({ endpoint: request.endpoint, body: recorded, cacheKey: key, cached: false, ms: performance.now() - callStart, artifacts: callIds })
        // The cache learns this call only once its files exist, so a hit never points at nothing.
        void Promise.all(callRefs).then((rs) => {
          callIds.push(...rs.map((x) => x.artifactId))
          deps.cache.store(key, callIds)
        }, () => undefined)
      }
      outputs.set(stage.stageId, made)
      const persisted = Promise.all(refs)
      stagePersisted.push(persisted)
      persisted.then((rs) => {
        const artifacts: ArtifactRef[] = rs.map((x) => ({ artifactId: x.artifactId, jobId: job.jobId, stageId: x.stageId, index: x.index, width: x.width, height: x.height }))
        deps.bus.publish({ type: 'stage-done', jobId: job.jobId, stageId: stage.stageId, cached: allCached, artifacts })
      }, () => undefined)
      records.push({
        stage,
        seeds: [...seeds],
        calls,
        timing: { stageId: stage.stageId, kind: stage.kind, startedAt: stageStartedAt, ms: performance.now() - stageStartMs, cached: allCached },
      })
    }
  } catch (e) {
    if (e instanceof Stop) {
      // Files already started are still written (they are real outputs); wait for them so a
      // requeued attempt never races its own earlier writes (and no rejection goes unhandled).
      await Promise.allSettled(writes)
      return e.outcome
    }
    throw e
  }
  const persisted = Promise.all(stagePersisted).then((lists) => lists.flat())
  persisted.catch(() => undefined)
  return { kind: 'generated', result: { stages: records, persisted, startedAt, startMs } }
}

async function persistImage(deps: ExecDeps, spec: JobSpec, stageId: string, index: number, bytes: Buffer, width: number, height: number, infotext?: string): Promise<OutputRef> {
  const record = await saveImage(deps.paths, { spec, graphJson: deps.graphJson(spec.runId), stageId, index, bytes, width, height, ...(infotext ? { infotext } : {}) })
  deps.artifacts.add(record)
  return { artifactId: record.artifactId, stageId, index, path: record.path, thumbPath: record.thumbPath, width, height, cached: false }
}

/**
 * A cache hit: the earlier artifacts' files are reused (not copied). This job gets its own
 * artifact rows pointing at those files, so its history, thumbnails, ratings and video frames
 * work like any other job's; a row of this same job (an earlier attempt) is reused as it is.
 * Returns undefined if a file has gone missing (then the call is made for real).
 */
async function reuseCached(deps: ExecDeps, job: QueuedJob, stage: StagePlan, ids: string[], firstIndex: number): Promise<{ image: StageImage; ref: OutputRef }[] | undefined> {
  const out: { image: StageImage; ref: OutputRef }[] = []
  for (const [i, id] of ids.entries()) {
    let loaded
    try {
      loaded = await loadArtifactImage(deps, id)
    } catch {
      return undefined
    }
    const { record, image } = loaded
    const index = firstIndex + i
    let artifactId = record.artifactId
    if (record.jobId !== job.jobId || record.stageId !== stage.stageId || record.index !== index) {
      artifactId = artifactIdFor(job.jobId, stage.stageId, index)
      deps.artifacts.add({
        ...record,
        artifactId,
        jobId: job.jobId,
        runId: job.runId,
        stageId: stage.stageId,
        index,
        createdAt: new Date().toISOString(),
      })
    }
    out.push({
      image,
      ref: { artifactId, stageId: stage.stageId, index, path: record.path, thumbPath: record.thumbPath, width: record.width, height: record.height, cached: true },
    })
  }
  return out
}
