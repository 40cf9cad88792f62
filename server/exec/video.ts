/**
 * Run-level video stages, durable work items like jobs (the `videos` table: waiting → encoding →
 * done | failed). When every job feeding a video stage has succeeded, the frames (each source
 * stage's images, in the VideoSpec's job order) go into a concat list and ffmpeg is spawned
 * without a shell with the engine's arguments. The file lands in `outputs/<runId>/` (written
 * under a `.partial` name and renamed), gets an artifact row of kind `video`, and a `video-done`
 * or `video-failed` event goes out; a failure quotes ffmpeg's last stderr lines.
 *
 * At start, `recover()` finds what a crash interrupted: a video left 'encoding' loses its partial
 * file and is encoded again, and a video whose frames are all done but which was never made is
 * made. A failed video can be made again with `retry()` (POST /api/runs/:runId/videos/:stageId/retry).
 */
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { readdir, rename, rm } from 'node:fs/promises'
import { join, sep } from 'node:path'
import type { VideoSpec } from '../../engine/compile/spec.ts'
import type { VideoConfig } from '../../engine/config/stages.ts'
import { buildConcatList, buildFfmpegArgs, videoExtension } from '../../engine/payloads/index.ts'
import { writeFileAtomic } from '../data/atomic.ts'
import { inside, toDataRelative, type DataPaths } from '../data/paths.ts'
import { describeStorage, storageProblem } from '../data/storage.ts'
import type { EventBus } from '../events/bus.ts'
import type { VideoRecord, VideoStore } from '../queue/videos.ts'
import { QueueError, type ArtifactRecord, type ArtifactStore, type QueueStore } from '../queue/types.ts'
import { artifactIdFor, runFolder } from './outputs.ts'

const STDERR_LINES = 12

/** FFMPEG_PATH, else the binary @ffmpeg-installer/ffmpeg ships for this platform. */
export function ffmpegPath(explicit?: string): string {
  if (explicit) return explicit
  if (process.env.FFMPEG_PATH) return process.env.FFMPEG_PATH
  const require = createRequire(import.meta.url)
  return (require('@ffmpeg-installer/ffmpeg') as { path: string }).path
}

export interface FfmpegResult {
  code: number | null
  stderrTail: string[]
  error?: string
}

/** Runs ffmpeg with an argument array (no shell: paths with spaces or quotes stay one argument). */
export function runFfmpeg(bin: string, args: string[], timeoutMs: number): Promise<FfmpegResult> {
  return new Promise((resolve) => {
    const child = spawn(bin, args, { shell: false, stdio: ['ignore', 'ignore', 'pipe'], windowsHide: true })
    let tail = ''
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (d: string) => {
      // Only the end matters for the error message; keep a bounded window.
      tail = (tail + d).slice(-8_000)
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    const lines = (): string[] => tail.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).slice(-STDERR_LINES)
    child.on('error', (e) => {
      clearTimeout(timer)
      resolve({ code: null, stderrTail: lines(), error: e.message })
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, stderrTail: lines(), ...(signal ? { error: `killed by ${signal}${signal === 'SIGKILL' ? ' (time limit)' : ''}` } : {}) })
    })
  })
}

/** The temporary file ffmpeg writes before the rename: `.clip.partial.mp4`. */
const partialPrefix = (stageId: string): string => `.${stageId}.partial.`

export class VideoMaker {
  private readonly pending = new Set<Promise<void>>()

  constructor(
    private readonly deps: { paths: DataPaths; queue: QueueStore; artifacts: ArtifactStore; videos: VideoStore; bus: EventBus; ffmpegPath?: string; timeoutMs: number },
  ) {}

  /**
   * At start: rows for runs queued before videos were tracked; partial files of encodes a crash
   * interrupted removed; then every open video whose frames are all done is made.
   */
  async recover(): Promise<number> {
    const { queue, videos } = this.deps
    for (const runId of videos.runsWithoutRows()) {
      for (const v of queue.getRun(runId)?.run.videos ?? []) {
        const made = this.deps.artifacts.ofRun(runId).some((a) => a.kind === 'video' && a.stageId === v.stageId)
        videos.ensure(runId, v.stageId)
        if (made) videos.finish(runId, v.stageId, 'done')
      }
    }
    const open = videos.open()
    for (const rec of open) {
      if (rec.state !== 'encoding') continue
      const video = this.spec(rec.runId, rec.stageId)
      if (video) await removePartials(runFolder(this.deps.paths, video), rec.stageId)
      videos.finish(rec.runId, rec.stageId, 'waiting')
    }
    for (const runId of new Set(open.map((r) => r.runId))) this.jobFinished(runId)
    return open.length
  }

  /**
   * Called after each job of the run ends (succeeded or failed), and at start. A video whose
   * frames' jobs have all succeeded is made (also one that failed before: its jobs were retried).
   */
  jobFinished(runId: string): void {
    const run = this.deps.queue.getRun(runId)
    if (!run || run.run.videos.length === 0) return
    for (const video of run.run.videos) {
      const { stageId } = video
      this.deps.videos.ensure(runId, stageId)
      const rec = this.deps.videos.get(runId, stageId)!
      // A failed encode is made again only on request (retry); one that failed for its frames
      // is made once their retried jobs have succeeded.
      if (rec.state === 'encoding' || rec.state === 'done' || (rec.state === 'failed' && !rec.framesFailed)) continue
      const frames = this.frameJobs(video)
      if (frames.open > 0) continue
      if (frames.notSucceeded > 0) {
        // A retry of the failed jobs makes the video later.
        const error = `${frames.notSucceeded} of ${frames.total} jobs that make this video's frames did not succeed; retry them to make the video`
        const already = rec.state === 'failed' && rec.error === error
        this.deps.videos.finish(runId, stageId, 'failed', error, true)
        if (!already) this.deps.bus.publish({ type: 'video-failed', runId, stageId, error })
        continue
      }
      this.start(runId, video)
    }
  }

  /**
   * Makes a failed video again. QueueError 'not-found' for an unknown run or video stage,
   * 'bad-state' when it is being made, already made, or its frames are not all done.
   */
  retry(runId: string, stageId: string): VideoRecord {
    const video = this.spec(runId, stageId)
    if (!video) throw new QueueError('not-found', `run "${runId}" has no video stage "${stageId}"`)
    this.deps.videos.ensure(runId, stageId)
    const rec = this.deps.videos.get(runId, stageId)!
    if (rec.state === 'encoding') throw new QueueError('bad-state', `the video "${stageId}" is being made now`)
    if (rec.state === 'done') throw new QueueError('bad-state', `the video "${stageId}" is already made`)
    const frames = this.frameJobs(video)
    if (frames.open > 0) throw new QueueError('bad-state', `${frames.open} of ${frames.total} jobs that make this video's frames have not finished; the video is made when they have`)
    if (frames.notSucceeded > 0) throw new QueueError('bad-state', `${frames.notSucceeded} of ${frames.total} jobs that make this video's frames did not succeed; retry them, and the video is made after them`)
    this.start(runId, video)
    return this.deps.videos.get(runId, stageId)!
  }

  private spec(runId: string, stageId: string): VideoSpec | undefined {
    return this.deps.queue.getRun(runId)?.run.videos.find((v) => v.stageId === stageId)
  }

  private frameJobs(video: VideoSpec): { total: number; open: number; notSucceeded: number } {
    const states = video.sources.flatMap((s) => s.jobIds).map((id) => this.deps.queue.get(id)?.state)
    const open = states.filter((s) => s === 'queued' || s === 'running' || s === undefined).length
    return { total: states.length, open, notSucceeded: states.filter((s) => s === 'failed' || s === 'cancelled').length }
  }

  private start(runId: string, video: VideoSpec): void {
    // Made before the row existed (an old database): the artifact row is the record.
    if (this.deps.artifacts.ofRun(runId).some((a) => a.kind === 'video' && a.stageId === video.stageId)) {
      this.deps.videos.finish(runId, video.stageId, 'done')
      return
    }
    // The conditional update makes "only one encode per video" hold across callers.
    if (!this.deps.videos.begin(runId, video.stageId)) return
    const p = this.make(runId, video)
      // ffmpeg's messages quote its input and output paths: keep them relative to the data folder.
      .then((error) => error?.replaceAll(`${this.deps.paths.root}${sep}`, '') ?? null)
      .then((error) => {
        if (error === null) this.deps.videos.finish(runId, video.stageId, 'done')
        else {
          this.deps.videos.finish(runId, video.stageId, 'failed', error)
          this.deps.bus.publish({ type: 'video-failed', runId, stageId: video.stageId, error })
        }
      })
      .catch((e) => console.error(`[video] ${runId}/${video.stageId}: could not record the outcome`, e))
      .finally(() => this.pending.delete(p))
    this.pending.add(p)
  }

  /** Waits for encodes in progress (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending])
  }

  private framePaths(video: VideoSpec): string[] {
    const frames: string[] = []
    for (const source of video.sources) {
      for (const jobId of source.jobIds) {
        // The newest row per index: a job retried after a failure may hold rows of both attempts.
        const byIndex = new Map<number, ArtifactRecord>()
        for (const a of this.deps.artifacts.ofJob(jobId)) {
          if (a.kind !== 'image' || a.stageId !== source.stageId) continue
          const prev = byIndex.get(a.index)
          if (!prev || prev.createdAt <= a.createdAt) byIndex.set(a.index, a)
        }
        for (const [, a] of [...byIndex].sort((x, y) => x[0] - y[0])) frames.push(join(this.deps.paths.root, a.path))
      }
    }
    return frames
  }

  /** Encodes; resolves with null when made, else the error. */
  private async make(runId: string, video: VideoSpec): Promise<string | null> {
    const { paths, artifacts, bus } = this.deps
    const fail = (error: string): string => error
    const config = video.config.values as VideoConfig
    const frames = this.framePaths(video)
    if (frames.length === 0) return fail('the video has no frames: its source stages made no images')
    const folder = runFolder(paths, video)
    const ext = videoExtension(config.codec)
    const out = inside(folder, `${video.stageId}.${ext}`)
    const temp = inside(folder, `${partialPrefix(video.stageId)}${ext}`)
    const list = inside(folder, 'manifests', `${video.stageId}.ffconcat`)
    try {
      await writeFileAtomic(list, buildConcatList(frames, config))
      const result = await runFfmpeg(ffmpegPath(this.deps.ffmpegPath), buildFfmpegArgs(config, { concatListPath: list, outputPath: temp }), this.deps.timeoutMs)
      if (result.code !== 0) {
        await rm(temp, { force: true })
        const why = result.error ?? `exited with code ${result.code}`
        return fail(`ffmpeg ${why}${result.stderrTail.length ? `:\n${result.stderrTail.join('\n')}` : ''}`)
      }
      await rename(temp, out)
    } catch (e) {
      await rm(temp, { force: true }).catch(() => undefined)
      const storage = storageProblem(e, paths.root)
      return fail(`the video could not be written: ${storage ? describeStorage(storage) : (e as Error).message}`)
    }
    const first = artifacts.ofRun(runId).find((a) => a.kind === 'image' && frames[0] === join(paths.root, a.path))
    // The h264 filter rounds odd sizes down to even ones; gif and vp9 keep the size.
    const even = (n: number): number => (config.codec === 'h264' ? n - (n % 2) : n)
    const record: ArtifactRecord = {
      artifactId: artifactIdFor(runId, video.stageId, 'video'),
      jobId: video.sources[0]?.jobIds[0] ?? '',
      runId,
      stageId: video.stageId,
      index: 0,
      kind: 'video',
      path: toDataRelative(paths, out),
      thumbPath: first?.thumbPath ?? null,
      width: even(first?.width ?? 0),
      height: even(first?.height ?? 0),
      createdAt: new Date().toISOString(),
    }
    artifacts.add(record)
    bus.publish({ type: 'video-done', runId, stageId: video.stageId, artifactId: record.artifactId })
    return null
  }
}

/** Removes what an interrupted encode left: `.clip.partial.mp4` (any extension). */
async function removePartials(folder: string, stageId: string): Promise<void> {
  let names: string[]
  try {
    names = await readdir(folder)
  } catch {
    return
  }
  await Promise.all(names.filter((n) => n.startsWith(partialPrefix(stageId))).map((n) => rm(inside(folder, n), { force: true })))
}
