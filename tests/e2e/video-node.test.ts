/** A video node shows the video its run made, playable in place, once ffmpeg has encoded it. */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { node, startApp, until, type App } from './harness.ts'

let app: App

beforeAll(async () => { app = await startApp({ stepMs: 1 }) }, 60_000)
afterAll(async () => { await app?.close() }, 30_000)

describe('video node', () => {
  it('shows the run’s video when it is done', async () => {
    const { page } = app
    await page.goto(`${app.url}/?graph=video`)
    await page.waitForSelector(node('clip'))
    const graph = JSON.parse(readFileSync('graphs/video.json', 'utf8'))
    await app.api('/api/runs', { method: 'POST', json: { graph } })
    const video = page.locator(`${node('clip')} .thumb.video video`)
    await video.waitFor({ timeout: 45_000 })
    const src = await video.getAttribute('src')
    expect(src).toMatch(/^\/api\/artifacts\//)
    const head = await fetch(app.url + src!)
    expect(head.headers.get('content-type')).toBe('video/mp4')
    await until(async () => (await app.api('/api/queue')).counts.succeeded === 12, 'all frames')
    await app.shot('41-video-node')
    expect(app.errors).toEqual([])
  }, 90_000)
})
