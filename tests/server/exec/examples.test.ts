/**
 * Every example graph end to end against the simulated WebUI over loopback: outputs with the
 * WebUI's `parameters` chunk and both stablenew chunks, thumbnails, manifests, one learning-log
 * line per job, events, and for the video example a file ffmpeg decodes to the right frame count.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { cp, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { JobSpec } from '../../../engine/compile/spec.ts'
import { readPngSize, readTextChunks } from '../../../server/png/chunks.ts'
import { ffmpegPath } from '../../../server/exec/video.ts'
import { JobManifest, LearningLine } from '../../../server/exec/types.ts'
import { compileExample, GRAPHS, harness, type Harness } from './helpers.ts'

let h: Harness
beforeAll(async () => {
  h = await harness()
  // The inpaint example's mask, where a seeded library keeps it (server/library/seed.ts).
  await cp(join(GRAPHS, 'masks'), join(h.paths.library, 'masks'), { recursive: true })
  await h.exec.start()
})
afterAll(() => h.close())

async function learningLines(): Promise<LearningLine[]> {
  const text = await readFile(join(h.paths.learning, 'learning_log.jsonl'), 'utf8').catch(() => '')
  return text.split('\n').filter(Boolean).map((l) => LearningLine.parse(JSON.parse(l)))
}

describe.each(['portrait', 'landscape', 'learning-sweep', 'video', 'inpaint', 'controlnet-inpaint'])('example %s', (name) => {
  it('runs every job and leaves outputs, thumbnails, manifests and learning lines', async () => {
    const run = await compileExample(name, 11)
    h.store.queue.submit(run)
    await h.exec.idle()

    const jobs = h.store.queue.jobsOfRun(run.runId)
    expect(jobs.map((j) => [j.jobId, j.state, j.lastError])).toEqual(run.jobs.map((j) => [j.jobId, 'succeeded', null]))
    const artifacts = h.store.artifacts.ofRun(run.runId).filter((a) => a.kind === 'image')
    expect(artifacts).toHaveLength(run.totals.images)

    // Every image: the WebUI's infotext kept, our job and graph chunks added, a thumbnail beside it.
    for (const a of artifacts) {
      const bytes = await readFile(join(h.dir, a.path))
      const text = readTextChunks(bytes)
      if (!text.ok) throw new Error(text.error)
      expect(text.value.parameters).toMatch(/Steps: \d+/)
      const spec = JobSpec.parse(JSON.parse(text.value['stablenew:job']!))
      expect(spec.jobId).toBe(a.jobId)
      expect(JSON.parse(text.value['stablenew:graph']!)).toEqual(run.graph)
      const size = readPngSize(bytes)
      expect(size.ok && size.value).toEqual({ width: a.width, height: a.height })
      expect(a.path).toMatch(new RegExp(`^outputs/${run.runId}/p\\d\\d_v\\d{3}_b\\d\\d_${a.jobId.slice(0, 8)}_${a.stageId}_\\d\\d\\.png$`))
      const thumb = await sharp(join(h.dir, a.thumbPath!)).metadata()
      expect(thumb.format).toBe('webp')
      expect(Math.max(thumb.width!, thumb.height!)).toBeLessThanOrEqual(256)
    }
    // No two images share a file.
    expect(new Set(artifacts.map((a) => a.path)).size).toBe(artifacts.length)

    for (const job of run.jobs) {
      const manifest = JobManifest.parse(JSON.parse(await readFile(join(h.dir, job.outputDir, 'manifests', `${job.jobId}.json`), 'utf8')))
      expect(manifest.stages.map((s) => s.stageId)).toEqual(job.plan.stages.map((s) => s.stageId))
      expect(manifest.outputs).toHaveLength(job.plan.stages.reduce((n, s) => n + s.images, 0))
      expect(manifest.backend).toBe('webui-1')
      // Requests are recorded without image data.
      expect(JSON.stringify(manifest).length).toBeLessThan(50_000)
    }
    const lines = (await learningLines()).filter((l) => l.runId === run.runId)
    expect(lines.map((l) => l.jobId).sort()).toEqual(run.jobs.map((j) => j.jobId).sort())

    const done = h.events.filter((e) => e.type === 'job-done' && e.runId === run.runId)
    expect(done).toHaveLength(run.jobs.length)
    const stageDone = h.events.filter((e) => e.type === 'stage-done' && run.jobs.some((j) => j.jobId === e.jobId))
    expect(stageDone).toHaveLength(run.jobs.reduce((n, j) => n + j.plan.stages.length, 0))

    for (const video of run.videos) {
      const v = h.store.artifacts.ofRun(run.runId).find((a) => a.kind === 'video' && a.stageId === video.stageId)
      expect(v, JSON.stringify(h.events.filter((e) => e.type === 'video-failed'))).toBeDefined()
      expect(h.events.some((e) => e.type === 'video-done' && e.artifactId === v!.artifactId)).toBe(true)
      const file = join(h.dir, v!.path)
      expect(existsSync(file)).toBe(true)
      const decode = spawnSync(ffmpegPath(), ['-hide_banner', '-v', 'error', '-i', file, '-f', 'null', '-'], { encoding: 'utf8' })
      expect(decode.status, decode.stderr).toBe(0)
      const count = spawnSync(ffmpegPath(), ['-hide_banner', '-i', file, '-map', '0:v:0', '-f', 'null', '-'], { encoding: 'utf8' })
      const frames = [...count.stderr.matchAll(/frame=\s*(\d+)/g)].map((m) => Number(m[1])).at(-1)
      expect(frames).toBe(video.frames)
    }
  }, 60_000)
})

describe('lastConfigs and resources', () => {
  it('offers the effective configs of the latest jobs and the merged WebUI lists', async () => {
    const last = h.exec.lastConfigs()
    expect(last.txt2img).toMatchObject({ sampler_name: expect.any(String), steps: expect.any(Number) })
    const res = await h.exec.resources()
    expect(res.models).toContain('v1-5-pruned-emaonly.safetensors')
    expect(res.samplers.length).toBeGreaterThan(3)
    expect(res.adetailerModels).toContain('face_yolov8n.pt')
    expect(h.exec.backends()[0]).toMatchObject({ id: 'webui-1', state: 'up', simulated: true, flavor: 'a1111' })
  })
})
