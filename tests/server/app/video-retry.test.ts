/**
 * A failed video can be made again: GET /api/runs/:runId says which video failed and why, and
 * POST /api/runs/:runId/videos/:stageId/retry makes it (202), here after a restart with a working
 * ffmpeg; 409 when it is already made, 404 for a stage that is not a video of the run.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { api, example, start, tempDataDir } from './helpers.ts'

const servers: { close(): Promise<void> }[] = []
afterEach(async () => { for (const s of servers.splice(0)) await s.close() })

async function until<T>(fn: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await fn()
    if (v !== undefined) return v
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe('video retry', () => {
  it('a failed video is reported on the run and made again by the retry route', async () => {
    const dataDir = tempDataDir()
    const broken = await start({ dataDir, executor: { ffmpegPath: '/bin/false' } })
    servers.push(broken)
    const run = await api(broken, '/api/runs', { method: 'POST', json: { graph: example('video') } })
    const runId: string = run.body.runId
    const failed = await until(async () => {
      const v = (await api(broken, `/api/runs/${runId}`)).body.videos?.[0]
      return v?.state === 'failed' ? v : undefined
    })
    expect(failed).toMatchObject({ stageId: 'clip', state: 'failed', attempts: 1 })
    expect(failed.error).toMatch(/^ffmpeg exited with code 1/)
    await broken.close()

    const fixed = await start({ dataDir })
    servers.push(fixed)
    // A failed video is not remade by itself at start: the user asks for it.
    expect((await api(fixed, `/api/runs/${runId}`)).body.videos[0].state).toBe('failed')
    const retried = await api(fixed, `/api/runs/${runId}/videos/clip/retry`, { method: 'POST' })
    expect(retried.status).toBe(202)
    expect(retried.body.video).toMatchObject({ stageId: 'clip', state: 'encoding', attempts: 2 })
    await until(async () => ((await api(fixed, `/api/runs/${runId}`)).body.videos[0].state === 'done' ? true : undefined))
    expect(existsSync(join(dataDir, 'outputs', runId, 'clip.mp4'))).toBe(true)
    const artifacts = (await api(fixed, `/api/runs/${runId}`)).body.artifacts as { stageId: string }[]
    expect(artifacts.filter((a) => a.stageId === 'clip')).toHaveLength(1)

    const again = await api(fixed, `/api/runs/${runId}/videos/clip/retry`, { method: 'POST' })
    expect(again.status).toBe(409)
    expect(again.body.error).toMatch(/already made/)
    const unknown = await api(fixed, `/api/runs/${runId}/videos/txt/retry`, { method: 'POST' })
    expect(unknown.status).toBe(404)
    expect((await api(fixed, `/api/runs/no-such-run/videos/clip/retry`, { method: 'POST' })).status).toBe(404)
  }, 60_000)
})
