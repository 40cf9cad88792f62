/**
 * The tiled SD upscale, as a person sets it up: on the portrait example's upscale node, choose
 * the `sd-upscale` mode, see its tile fields (and not the extras ones), set the tile overlap, see
 * the script request in the job preview, run it, and get images of the previewed size that the
 * WebUI made tile by tile.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { node, startApp, until, type App } from './harness.ts'

let app: App

beforeAll(async () => { app = await startApp({ stepMs: 1 }) }, 60_000)
afterAll(async () => { await app?.close() }, 30_000)

describe('SD upscale from the inspector to the WebUI', () => {
  it('sets the mode and tile overlap, previews the script request and runs it in tiles', { timeout: 90_000 }, async () => {
    const { page } = app
    await page.goto(`${app.url}/?graph=portrait`)
    await page.waitForSelector(node('up'))
    let last = ''
    await until(async () => {
      const box = JSON.stringify(await page.locator(node('up')).boundingBox())
      const still = box === last
      last = box
      return still
    }, 'the canvas to settle', 10_000)
    await page.click(`${node('up')} .node-title`)
    await page.waitForSelector('.inspector')
    const row = (label: RegExp) => page.locator('.inspector .field-row', { has: page.locator('label', { hasText: label }) }).first()

    await row(/^Mode/).locator('select').selectOption('sd-upscale')
    await row(/^Tile overlap/).waitFor()
    expect(await row(/^Upscaler 2/).count()).toBe(0)
    const overlap = row(/^Tile overlap/).locator('input')
    await overlap.fill('96')
    await overlap.press('Enter')
    // It re-diffuses, so once recompiled its sampling fields are inherited from the image's stage.
    await row(/^Steps/).locator('.chip-stage').waitFor()
    await page.locator(node('up'), { hasText: 'sd-upscale' }).waitFor()
    await app.shot('47-upscale-sd-upscale-inspector')

    await page.click('[role="tab"]:has-text("Jobs")')
    await page.click('.plan-chip:has-text("Upscale 2×")')
    await page.click('button.tab:has-text("WebUI payload")')
    const payload = page.locator('pre.payload')
    await until(async () => (await payload.textContent() ?? '').includes('"sd upscale"'), 'the SD upscale payload')
    const body = JSON.parse((await payload.textContent())!)
    expect(body).toMatchObject({ script_name: 'sd upscale', width: 512, height: 512 })
    expect(body.script_args).toEqual(['', 96, 'R-ESRGAN 4x+', 2])

    const sim = app.server.sim!
    sim.resetStats()
    await page.click('.run-buttons .btn.primary')
    await page.waitForSelector('.toast:has-text("Queued: 3 jobs")')
    await until(async () => (await app.api('/api/queue')).counts.succeeded === 3, 'the three jobs done', 60_000)
    // 512×768 ×2 = 1024×1536 in 512² tiles overlapping by 96: 3 × 4 = 12 tiles per job.
    expect(sim.stats().sdUpscaleTiles).toBe(36)
    expect(app.errors).toEqual([])
  })
})
