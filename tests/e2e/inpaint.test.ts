/**
 * Inpainting in the editor (issue 11 §2): on an img2img node a person opens the mask painter,
 * paints a stroke with the mouse, saves; the mask is stored on the server, the node names it, the
 * graph autosaves it, and after a reload the job preview's WebUI payload carries it with the
 * inpaint settings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { node, startApp, until, type App } from './harness.ts'
import { encodePng } from '../../server/png/synth.ts'

let app: App
beforeAll(async () => { app = await startApp({ stepMs: 1 }) }, 60_000)
afterAll(async () => { await app?.close() }, 30_000)

const GRAPH = {
  version: 2, id: 'inpaint-e2e', name: 'Inpaint', description: '', tags: [], viewport: { x: 0, y: 0, zoom: 1 },
  nodes: [
    { id: 't', kind: 'txt2img', position: { x: 0, y: 0 }, params: { prompt: 'a lake at dawn', width: 512, height: 384 } },
    { id: 'fix', kind: 'img2img', position: { x: 360, y: 0 }, label: 'Fix the sky', params: { denoising_strength: 0.6 } },
  ],
  edges: [{ id: 'e1', source: 't', sourcePort: 'image', target: 'fix', targetPort: 'image' }],
}

describe('painting an inpaint mask', () => {
  it('paint with the mouse, save, reload: the job preview sends the mask', { timeout: 90_000 }, async () => {
    const { page } = app
    await app.api('/api/graphs/inpaint-e2e', { method: 'PUT', json: GRAPH })
    await page.goto(`${app.url}/?graph=inpaint-e2e`)
    await page.waitForSelector(node('fix'))
    let last = ''
    await until(async () => {
      const box = JSON.stringify(await page.locator(node('fix')).boundingBox())
      const still = box === last
      last = box
      return still
    }, 'the canvas to settle', 10_000)
    await page.click(`${node('fix')} .node-title`)
    await page.click('.mask-panel button:has-text("Paint mask")')
    const canvas = page.locator('dialog.mask-painter[open] canvas.mask-canvas')
    await canvas.waitFor()
    // The painter works at the size the stage will receive (the txt2img's 512×384).
    expect(await page.locator('dialog.mask-painter').textContent()).toContain('512×384')
    const box = (await canvas.boundingBox())!
    await page.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.2)
    await page.mouse.down()
    await page.mouse.move(box.x + box.width * 0.9, box.y + box.height * 0.2, { steps: 12 })
    await page.mouse.up()
    await page.click('dialog.mask-painter label:has-text("Blur preview")')
    expect(await canvas.evaluate((c) => getComputedStyle(c).filter)).toMatch(/^blur\(/)
    await app.shot('70-mask-painter')
    await page.click('dialog.mask-painter button:has-text("Save mask")')
    await page.locator('dialog.mask-painter').waitFor({ state: 'detached' })
    await page.locator('.mask-panel .mask-current code').waitFor()

    // The library already holds the inpaint example's mask: the new one is the one the panel names.
    const shown = (await page.locator('.mask-panel .mask-current code').textContent())!
    const { masks } = await app.api('/api/masks')
    expect(masks.map((m: { id: string }) => m.id)).toContain(shown)
    const mask = masks.find((m: { id: string }) => m.id === shown) as { id: string; width: number; height: number; coverage: number }
    expect([mask.width, mask.height]).toEqual([512, 384])
    // A stroke across 80% of the width, about 2×radius (2×24 px) tall: roughly 10% of the image.
    expect(mask.coverage).toBeGreaterThan(0.05)
    expect(mask.coverage).toBeLessThan(0.2)
    await until(async () => (await app.api('/api/graphs/inpaint-e2e')).nodes.find((n: { id: string }) => n.id === 'fix').params.inpaint?.mask_id === mask.id, 'the mask id autosaved')

    await page.reload()
    await page.click('.main-tabs .tab:has-text("Jobs")')
    await page.click('.plan-chip:has-text("Fix the sky")')
    await page.click('.stage-detail .tab:has-text("WebUI payload")')
    // Waits on the condition: the preview recompiles as the reopened document settles.
    const payload = async () => JSON.parse((await page.locator('.stage-detail pre.payload').textContent())!)
    await expect.poll(async () => (await payload()).mask, { timeout: 10_000 }).toBe(`<mask ${mask.id}: PNG from the data folder, at 512×384>`)
    const body = await payload()
    expect(body.mask).toBe(`<mask ${mask.id}: PNG from the data folder, at 512×384>`)
    expect(body).toMatchObject({ mask_blur: 4, inpainting_fill: 1, inpaint_full_res: false, inpaint_full_res_padding: 32, inpainting_mask_invert: 0 })
    await app.shot('71-mask-in-payload')
    expect(app.errors).toEqual([])
  })

  it('a mask PNG made elsewhere can be uploaded; a file that is not a PNG is refused in the panel', { timeout: 60_000 }, async () => {
    const { page } = app
    await page.click('.main-tabs .tab:has-text("Inspector")')
    await page.click(`${node('fix')} .node-title`)
    const px = new Uint8Array(64 * 48 * 4)
    for (let i = 0; i < 64 * 48; i++) { const v = i % 64 < 16 ? 255 : 0; px.set([v, v, v, 255], i * 4) }
    const input = page.locator('.mask-panel input[type="file"]')
    await input.setInputFiles({ name: 'sky.png', mimeType: 'image/png', buffer: encodePng({ width: 64, height: 48, pixels: px }) })
    await page.locator('.mask-panel .mask-current:has-text("64×48, 25% painted")').waitFor()
    const id = (await page.locator('.mask-panel .mask-current code').textContent())!
    // The stage receives 512×384: the panel says the 64×48 mask will be stretched.
    await page.locator('.mask-panel .warn-text:has-text("512×384")').waitFor()
    await page.locator('.mask-panel').scrollIntoViewIfNeeded()
    await app.shot('72-mask-panel')
    await until(async () => (await app.api('/api/graphs/inpaint-e2e')).nodes.find((n: { id: string }) => n.id === 'fix').params.inpaint?.mask_id === id, 'the uploaded mask id autosaved')
    await input.setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('not a png at all') })
    await page.locator('.mask-panel [role="alert"]:has-text("body.image")').waitFor()
    // The refused file changed nothing.
    expect(await page.locator('.mask-panel .mask-current code').textContent()).toBe(id)
  })

  it('a graph naming a mask this data folder lacks says so on the node\'s panel', { timeout: 60_000 }, async () => {
    const { page } = app
    const missing = 'mask-0123456789abcdef01234567'
    const graph = structuredClone(GRAPH)
    graph.id = 'inpaint-missing'
    ;(graph.nodes[1]!.params as Record<string, unknown>).inpaint = { mask_id: missing }
    await app.api('/api/graphs/inpaint-missing', { method: 'PUT', json: graph })
    await page.goto(`${app.url}/?graph=inpaint-missing`)
    await page.click('.main-tabs .tab:has-text("Inspector")')
    await page.click(`${node('fix')} .node-title`)
    await page.locator(`.mask-panel [role="alert"]:has-text("${missing} is not in this data folder")`).waitFor()
  })
})
