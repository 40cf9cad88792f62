/**
 * What the editor shows when the server protects the user's work: a failed video on its node
 * with a "Retry video" control that makes it once the cause is fixed (here: ffmpeg missing, then
 * installed), and the banner naming why the server paused the queue (free space below the floor).
 */
import { createRequire } from 'node:module'
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { node, startApp, until, type App } from './harness.ts'

let app: App | undefined
const dirs: string[] = []
afterEach(async () => {
  await app?.close()
  app = undefined
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
}, 30_000)

const videoGraph = () => JSON.parse(readFileSync('graphs/video.json', 'utf8'))

describe('durability in the editor', () => {
  it('a failed video shows on its node with Retry, which makes it once ffmpeg is there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'snf-e2e-ffmpeg-'))
    dirs.push(dir)
    const ffmpeg = join(dir, 'ffmpeg')
    app = await startApp({ stepMs: 1, executor: { ffmpegPath: ffmpeg } })
    const { page } = app
    await page.goto(`${app.url}/?graph=video`)
    await page.waitForSelector(node('clip'))
    await app.api('/api/runs', { method: 'POST', json: { graph: videoGraph() } })
    const retry = page.locator(`${node('clip')} [data-testid="video-retry"]`)
    await retry.waitFor({ timeout: 45_000 })
    expect(await page.locator(`${node('clip')} .node-problem`).textContent()).toMatch(/Failed: the video could not be written|ffmpeg .*ENOENT/)
    await app.shot('45-video-failed-retry')

    // The user installs ffmpeg where the server looks for it, then retries from the node.
    const require = createRequire(import.meta.url)
    symlinkSync((require('@ffmpeg-installer/ffmpeg') as { path: string }).path, ffmpeg)
    await retry.click()
    await page.locator(`${node('clip')} .thumb.video video`).waitFor({ timeout: 45_000 })
    expect(await page.locator(`${node('clip')} .node-problem`).count()).toBe(0)
    expect(app.errors).toEqual([])
  }, 120_000)

  it('the banner says why the server paused the queue', async () => {
    // A floor no disk meets: the first job does not start and the queue pauses with the reason.
    app = await startApp({ stepMs: 1, executor: { minFreeBytes: Number.MAX_SAFE_INTEGER } })
    const { page } = app
    await page.goto(`${app.url}/?graph=video`)
    await page.waitForSelector(node('clip'))
    await app.api('/api/runs', { method: 'POST', json: { graph: videoGraph() } })
    const banner = page.locator('[data-testid="queue-paused-by-server"]')
    await banner.waitFor({ timeout: 30_000 })
    expect(await banner.textContent()).toMatch(/The server paused the queue: only \d+ MB free in DATA_DIR, below the floor of \d+ MB \(MIN_FREE_MB\)/)
    await app.shot('46-paused-by-server')
    // Resume: still below the floor, so it pauses again at once and says so again.
    await banner.getByRole('button', { name: 'Resume the queue' }).click()
    await until(async () => (await app!.api('/api/queue')).paused === true, 'the floor pause again')
    expect((await app.api('/api/queue')).counts.succeeded).toBe(0)
    await banner.waitFor()
    expect(app.errors).toEqual([])
  }, 90_000)
})
