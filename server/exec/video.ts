/**
 * Run-level video stages. When every job feeding a video stage has succeeded, the frames (each
 * source stage's images, in the VideoSpec's job order) go into a concat list and ffmpeg is
 * spawned without a shell with the engine's arguments. The file lands in `outputs/<runId>/`
 * (written under a temporary name and renamed), gets an artifact row of kind `video`, and a
 * `video-done` or `video-failed` event goes out; a failure quotes ffmpeg's last stderr lines.
 */
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { VideoSpec } from '../../engine/compile/spec.ts'
import type { VideoConfig } from '../../engine/config/stages.ts'
import { buildConcatList, buildFfmpegArgs, videoExtension } from '../../engine/payloads/index.ts'
import { writeFileAtomic } from '../data/atomic.ts'
import { inside, toDataRelative, type DataPaths } from '../data/paths.ts'
import type { EventBus } from '../events/bus.ts'
import type { ArtifactRecord, ArtifactStore, QueueStore } from '../queue/types.ts'
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

export class VideoMaker {
  /** `runId\0stageId` of videos made or being made by this process. */
  private readonly started = new Set<string>()
  private readonly pending = new Set<Promise<void>>()

  constructor(
    private readonly deps: { paths: DataPaths; queue: QueueStore; artifacts: ArtifactStore; bus: EventBus; ffmpegPath?: string; timeoutMs: number },
  ) {}

  /** Called after each job of the run ends (succeeded or failed). */
  jobFinished(runId: string): void {
    const run = this.deps.queue.getRun(runId)
    if (!run || run.run.videos.length === 0) return
    for (const video of run.run.videos) {
      const key = `${runId}\0${video.stageId}`
      if (this.started.has(key)) continue
      const jobIds = video.sources.flatMap((s) => s.jobIds)
      const states = jobIds.map((id) => this.deps.queue.get(id)?.state)
      if (states.some((s) => s === 'queued' || s === 'running' || s === undefined)) continue
      // Made before a restart: the artifact row is the record.
      if (this.deps.artifacts.ofRun(runId).some((a) => a.kind === 'video' && a.stageId === video.stageId)) {
        this.started.add(key)
        continue
      }
      this.started.add(key)
      const missing = states.filter((s) => s !== 'succeeded').length
      if (missing > 0) {
        // A retry of the failed jobs makes the video later.
        this.started.delete(key)
        this.deps.bus.publish({ type: 'video-failed', runId, stageId: video.stageId, error: `${missing} of ${jobIds.length} jobs that make this video's frames did not succeed; retry them to make the video` })
        continue
      }
      const p = this.make(runId, video).finally(() => this.pending.delete(p))
      this.pending.add(p)
    }
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

  private async make(runId: string, video: VideoSpec): Promise<void> {
    const { paths, artifacts, bus } = this.deps
    const fail = (error: string): void => bus.publish({ type: 'video-failed', runId, stageId: video.stageId, error })
    const config = video.config.values as VideoConfig
    const frames = this.framePaths(video)
    if (frames.length === 0) return fail('the video has no frames: its source stages made no images')
    const folder = runFolder(paths, video)
    const ext = videoExtension(config.codec)
    const out = inside(folder, `${video.stageId}.${ext}`)
    const temp = inside(folder, `.${video.stageId}.partial.${ext}`)
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
      return fail(`the video could not be written: ${(e as Error).message}`)
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
  }
}
