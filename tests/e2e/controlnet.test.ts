/**
 * ControlNet in the inspector: the example's img2img shows its units as tabs, the preprocessor and
 * model are dropdowns filled from the WebUI's /controlnet lists, the control image picker offers
 * the earlier stage's output, and uploading a file stores it on the server and selects it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { renderImage } from '../../server/png/synth.ts'
import { node, startApp, until, type App } from './harness.ts'

let app: App

beforeAll(async () => { app = await startApp({ stepMs: 1 }) }, 60_000)
afterAll(async () => { await app?.close() }, 30_000)

describe('ControlNet units in the inspector', () => {
  it('edits a unit with dropdowns from the WebUI and uploads a control image', async () => {
    const { page } = app
    await page.goto(`${app.url}/?graph=controlnet-inpaint`)
    await page.waitForSelector(node('guided'))
    await page.click(`${node('guided')} .node-title`)
    const units = page.locator('.inspector fieldset.passes:has(legend:has-text("ControlNet units"))')
    await units.waitFor()
    expect(await units.locator('[role="tab"]').allTextContents()).toEqual(['1: canny', '2: tile_resample'])

    // Unit 1: its control image is the Generate stage's output, its model one of the WebUI's.
    const image = units.locator('.control-image select')
    expect(await image.inputValue()).toBe('stage:txt')
    expect(await image.locator('option').allTextContents()).toEqual(expect.arrayContaining(['This stage’s input image', 'Output of Generate (txt)', 'Output of Upscale 1.5× (up)']))
    const model = units.locator('select[id$="controlnet.0.model"]')
    await until(async () => (await model.locator('option').count()) > 1, 'the ControlNet model list')
    expect(await model.locator('option').allTextContents()).toContain('control_v11f1p_sd15_depth [cfd03158]')
    await model.selectOption('control_v11f1p_sd15_depth [cfd03158]')
    const module = units.locator('select[id$="controlnet.0.module"]')
    await module.selectOption('depth_midas')
    await expect.poll(() => units.locator('[role="tab"]').first().textContent()).toBe('1: depth_midas')

    // Upload a file: stored on the server, selected, shown.
    const png = renderImage({ width: 48, height: 48, seed: 2, prompt: 'pose', stage: 'txt2img' })
    await units.locator('input[type="file"]').setInputFiles({ name: 'pose.png', mimeType: 'image/png', buffer: png })
    await expect.poll(() => image.inputValue()).toMatch(/^upload:up-[0-9a-f]{16}$/)
    const uploaded = (await app.api('/api/uploads')).uploads
    expect(uploaded).toEqual([expect.objectContaining({ width: 48, height: 48 })])
    expect(await image.inputValue()).toBe(`upload:${uploaded[0].id}`)
    await units.locator('img.control-image-thumb').waitFor()
    // The edited graph compiles cleanly: no problem is shown on the node.
    await expect.poll(() => page.locator('.inspector-problems li').count()).toBe(0)
    await units.scrollIntoViewIfNeeded()
    await app.shot('50-controlnet-units')
    expect(app.errors).toEqual([])
  }, 60_000)
})
