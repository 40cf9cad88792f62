/**
 * The gallery in real Chromium: rate 20 images with the keyboard alone, reload and see the
 * ratings; the viewer (stage chain, next, clear a rating); multi-select rating; delete a run
 * (its files gone, its ratings still in learning/ratings.jsonl; with "…and learning lines" its
 * learning-log lines gone); use an image as img2img source.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seriousViolations } from './axe.ts'
import { respond, startApp, until, type App } from './harness.ts'

let app: App
const runs: string[] = []
/** Artifact ids in gallery order (newest run first). */
let order: string[] = []

beforeAll(async () => {
  app = await startApp()
  const portrait = JSON.parse(readFileSync('graphs/portrait.json', 'utf8'))
  for (let i = 0; i < 3; i++) {
    runs.push((await app.api('/api/runs', { method: 'POST', json: { graph: portrait } })).runId)
    await until(async () => { const q = await app.api('/api/queue'); return q.counts.queued + q.counts.running === 0 }, 'the run to finish')
  }
  order = (await app.api('/api/gallery/images?limit=100')).images.map((i: { artifactId: string }) => i.artifactId)
}, 90_000)
afterAll(async () => { await app?.close() }, 30_000)

const cell = (id: string) => `.gallery-cell[data-artifact="${id}"]`
/** The stored rating; a cleared one is stored as 0, so 0 and "never rated" both read null. */
const ratingOf = async (id: string): Promise<number | null> => (await app.api(`/api/artifacts/${id}/meta`)).rating || null

describe('the gallery', () => {
  it('rates 20 images by keyboard alone; after a reload the ratings are there', async () => {
    const { page } = app
    expect(order).toHaveLength(27)
    await page.goto(`${app.url}/#gallery`)
    await page.waitForSelector(cell(order[0]!))
    // The grid has the focus when the gallery opens: no click needed.
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press(String(1 + (i % 5)))
      await page.keyboard.press('ArrowRight')
    }
    const want = order.slice(0, 20).map((_, i) => 1 + (i % 5))
    await until(async () => JSON.stringify(await Promise.all(order.slice(0, 20).map(ratingOf))) === JSON.stringify(want), 'the 20 ratings to be saved')
    expect(await ratingOf(order[20]!)).toBeNull()
    await app.shot('70-gallery-rated')
    await page.reload()
    await page.waitForSelector(cell(order[0]!))
    for (const [i, id] of order.slice(0, 20).entries()) {
      await expect.poll(() => page.locator(cell(id)).getAttribute('data-rating')).toBe(String(want[i]))
    }
    expect(await page.locator(cell(order[20]!)).getAttribute('data-rating')).toBe('0')
    expect(await seriousViolations(page, 'gallery')).toEqual([])
  }, 90_000)

  it('opens the viewer with Enter: the stage chain, next with →, 0 clears the rating, Esc closes', async () => {
    const { page } = app
    await page.locator(cell(order[0]!)).click()
    await page.keyboard.press('Enter')
    await page.waitForSelector('.gallery-viewer .viewer-count:has-text("1 / 27")')
    await expect.poll(() => page.locator('.viewer-chain li').count()).toBe(3)
    await expect.poll(() => page.locator('.viewer-chain').textContent()).toMatch(/txt2img.*adetailer.*upscale/)
    await page.waitForSelector('.gallery-viewer pre.parameters')
    await app.shot('71-gallery-viewer')
    expect(await seriousViolations(page, 'gallery viewer')).toEqual([])
    await page.keyboard.press('ArrowRight')
    await page.waitForSelector('.viewer-count:has-text("2 / 27")')
    await page.keyboard.press('0')
    await until(async () => (await ratingOf(order[1]!)) === null, 'the rating to be cleared')
    await page.click('.viewer-zoom button:has-text("1:1")')
    await page.waitForSelector('.viewer-stage.zoom-1')
    const sizes = () => page.locator('.viewer-stage img').evaluate((img): [number, number] => [(img as HTMLImageElement).width, (img as HTMLImageElement).naturalWidth])
    // 1:1 is the image's real size; 2:1 doubles it, and the stage scrolls (a drag pans it).
    await expect.poll(async () => { const [w, n] = await sizes(); return w === n && n > 0 }).toBe(true)
    await page.click('.viewer-zoom button:has-text("2:1")')
    await expect.poll(async () => { const [w, n] = await sizes(); return w === 2 * n }).toBe(true)
    const stage = (await page.locator('.viewer-stage').boundingBox())!
    await page.mouse.move(stage.x + 200, stage.y + 400)
    await page.mouse.down()
    await page.mouse.move(stage.x + 150, stage.y + 200, { steps: 4 })
    await page.mouse.up()
    expect(await page.locator('.viewer-stage').evaluate((el) => el.scrollTop)).toBe(200)
    await app.shot('73-gallery-viewer-2to1')
    await page.keyboard.press('Escape')
    await page.waitForSelector('.gallery-viewer', { state: 'detached' })
    expect(await page.locator(cell(order[1]!)).getAttribute('data-rating')).toBe('0')
  }, 60_000)

  it('rates a multi-selection at once', async () => {
    const { page } = app
    await page.locator(cell(order[21]!)).click()
    await page.keyboard.press('Shift+ArrowRight')
    await page.keyboard.press('Shift+ArrowRight')
    await page.waitForSelector('.gallery-selection:has-text("3 images selected")')
    await app.shot('74-gallery-selection')
    await page.keyboard.press('4')
    await until(async () => (await Promise.all(order.slice(21, 24).map(ratingOf))).every((r) => r === 4), 'the selection to be rated 4')
    await page.keyboard.press('Escape')
    await page.waitForSelector('.gallery-selection', { state: 'detached' })
  }, 60_000)

  it('deletes a run: its files are gone, its ratings stay in the learning log', async () => {
    const { page } = app
    const victim = runs[1]!
    const victimImages = order.slice(9, 18)
    expect(existsSync(join(app.dataDir, 'outputs', victim))).toBe(true)
    await page.click(`.gallery-run[data-run="${victim}"] button:has-text("Delete run")`)
    await respond(page)
    await page.waitForSelector('.toast:has-text("Deleted 9 images")')
    await page.waitForSelector(`.gallery-run[data-run="${victim}"]`, { state: 'detached' })
    expect(existsSync(join(app.dataDir, 'outputs', victim))).toBe(false)
    const lines = readFileSync(join(app.dataDir, 'learning/ratings.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    for (const id of victimImages) expect(lines.some((l) => l.targetId === id && l.rating > 0)).toBe(true)
    expect((await app.api(`/api/gallery/images?runId=${victim}`)).total).toBe(0)
    await app.shot('72-gallery-after-delete')
  }, 60_000)

  it('uses an image as img2img source in the open graph, undoably', async () => {
    const { page } = app
    await page.locator(cell(order[0]!)).dblclick()
    await page.click('.gallery-viewer button:has-text("Use as img2img source")')
    await page.waitForSelector('.gallery', { state: 'detached' })
    await page.waitForSelector('.toast:has-text("starting from this image")')
    await page.waitForSelector('.react-flow__node[data-id^="img2img"]')
    await page.click('.main-tabs .tab:has-text("Inspector")')
    await expect.poll(() => page.locator('.right-body input').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toContain(order[0]!)
    await page.click('button[aria-label="Undo"]')
    await page.waitForSelector('.react-flow__node[data-id^="img2img"]', { state: 'detached' })
  }, 60_000)

  it('opens the graph an image came from, from the viewer (the Gallery button opens the gallery)', async () => {
    const { page } = app
    await page.click('.topbar .gallery-open')
    await page.locator(cell(order[0]!)).dblclick()
    await page.click('.gallery-viewer button:has-text("Open graph")')
    const dialog = page.locator('dialog.app-dialog[open]')
    // Leaving a document with unsaved changes asks first (documents.md); either way the graph opens.
    await Promise.race([dialog.waitFor().then(() => respond(page)).catch(() => undefined), page.waitForSelector('.gallery', { state: 'detached' })])
    await page.waitForSelector('.gallery', { state: 'detached' })
    await page.waitForSelector('.toast:has-text("Opened the graph as that run compiled it")')
    await expect.poll(() => page.locator('.graph-name').inputValue()).toContain('(from a run)')
    expect(app.errors).toEqual([])
  }, 60_000)

  it('a rating given in the gallery shows in the open History panel at once', async () => {
    const { page } = app
    await page.click('.main-tabs .tab:has-text("History")')
    const badge = page.locator(`.hthumb:has(img[src*="${order[0]!}"]) .hthumb-rating`)
    await expect.poll(() => badge.textContent()).toBe('★1')
    await page.click('.topbar .gallery-open')
    await page.locator(cell(order[0]!)).click()
    await page.keyboard.press('5')
    await until(async () => (await ratingOf(order[0]!)) === 5, 'the rating to be saved')
    await page.keyboard.press('Escape')
    await page.waitForSelector('.gallery', { state: 'detached' })
    await expect.poll(() => badge.textContent()).toBe('★5')
    expect(app.errors).toEqual([])
  }, 60_000)

  it('holds the list still while images are selected: new images wait behind a button', async () => {
    const { page } = app
    await page.click('.topbar .gallery-open')
    await page.locator(cell(order[0]!)).click()
    await page.keyboard.press('Shift+ArrowRight')
    await page.waitForSelector('.gallery-selection:has-text("2 images selected")')
    const picked = () => page.locator('.gallery-cell[aria-selected="true"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-artifact')))
    expect(await picked()).toEqual([order[0], order[1]])
    const portrait = JSON.parse(readFileSync('graphs/portrait.json', 'utf8'))
    const { runId } = await app.api('/api/runs', { method: 'POST', json: { graph: portrait } })
    await until(async () => { const q = await app.api('/api/queue'); return q.counts.queued + q.counts.running === 0 }, 'the new run to finish')
    await page.waitForSelector('.gallery-head button:has-text("New images")')
    // The selection still names the same images: a key pressed now acts on what is shown.
    expect(await picked()).toEqual([order[0], order[1]])
    expect(await page.locator('.gallery-run').first().getAttribute('data-run')).not.toBe(runId)
    await page.keyboard.press('Escape')
    await expect.poll(() => page.locator('.gallery-run').first().getAttribute('data-run')).toBe(runId)
    expect(await page.locator('.gallery-head button:has-text("New images")').count()).toBe(0)
    expect(app.errors).toEqual([])
  }, 60_000)

  it('deletes a selected image with the Delete key; with "Deleting clears ratings" its rating is cleared too', async () => {
    const { page } = app
    const victim = order[2]!
    expect(await ratingOf(victim)).toBe(3)
    await page.locator('.gallery-forget input').check()
    await page.locator(cell(victim)).click()
    await page.keyboard.press('Delete')
    await expect.poll(() => page.locator('dialog.app-dialog[open]').textContent()).toContain('Their ratings are cleared too')
    await respond(page)
    await page.waitForSelector('.toast:has-text("Deleted 1 image")')
    await page.waitForSelector(cell(victim), { state: 'detached' })
    const last = () => readFileSync(join(app.dataDir, 'learning/ratings.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.targetId === victim).at(-1)?.rating
    await until(() => last() === 0, 'the rating-0 line')
    expect(app.errors).toEqual([])
  }, 60_000)

  it('deletes a run with "…and learning lines": its jobs’ lines leave the learning log, other runs’ stay', async () => {
    const { page } = app
    const victim = runs[0]!
    const logText = () => readFileSync(join(app.dataDir, 'learning/learning_log.jsonl'), 'utf8')
    expect(logText()).toContain(`"runId":"${victim}"`)
    await page.locator('.gallery-forget-log input').check()
    const del = page.locator(`.gallery-run[data-run="${victim}"] button:has-text("Delete run")`)
    await del.scrollIntoViewIfNeeded()
    await del.click()
    await expect.poll(() => page.locator('dialog.app-dialog[open]').textContent()).toContain('learning-log lines are removed')
    await respond(page)
    await page.waitForSelector('.toast:has-text("learning-log lines removed")')
    expect(logText()).not.toContain(`"runId":"${victim}"`)
    expect(logText()).toContain(`"runId":"${runs[2]!}"`)
    expect(app.errors).toEqual([])
  }, 60_000)

  it('the inspector shows the source image, and says at once when it was deleted in the gallery', async () => {
    const { page } = app
    const source = order[1]!
    await page.locator(cell(source)).dblclick()
    await page.click('.gallery-viewer button:has-text("Use as img2img source")')
    await page.waitForSelector('.gallery', { state: 'detached' })
    await page.click('.main-tabs .tab:has-text("Inspector")')
    await page.waitForSelector(`.source-image-thumb[alt="Source image ${source}"]`)
    await page.click('.topbar .gallery-open')
    await page.locator(cell(source)).click()
    await page.keyboard.press('Delete')
    await respond(page)
    await page.waitForSelector('.toast:has-text("Deleted 1 image")')
    await page.keyboard.press('Escape')
    await page.waitForSelector('.gallery', { state: 'detached' })
    await expect.poll(() => page.locator('.source-image-missing').textContent()).toContain(`Source image ${source} is no longer in the data folder`)
    expect(await page.locator('.source-image-thumb').count()).toBe(0)
    // The check's honest 404 is the one line the browser logs for it.
    expect(app.errors).toEqual(['Failed to load resource: the server responded with a status of 404 (Not Found)'])
    app.errors.length = 0
  }, 60_000)
})
