/**
 * A new user on a fresh server, in real Chromium: open the portrait example, run it, watch
 * progress and then thumbnails on every stage node (reloading mid-run re-attaches), rate an
 * image 4 stars, open it full size, reload (thumbnails, the rating, the finished jobs in
 * history), drop an output PNG on the canvas to get its graph back (and an A1111 PNG to get a
 * node), and see the banners for a WebUI down and the server gone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deflateSync } from 'node:zlib'
import { writeChunks, writeTextChunks, type PngChunk } from '../../server/png/chunks.ts'
import { node, respond, startApp, until, type App } from './harness.ts'

const STAGES = ['txt', 'detail', 'up']
let app: App

beforeAll(async () => { app = await startApp({ stepMs: 40 }) }, 60_000)
afterAll(async () => { await app?.close() }, 30_000)

/** Drops a PNG (bytes made in Node) on the canvas as a file, the way a person drags one in. */
async function dropFile(bytes: Uint8Array, name: string) {
  const dt = await app.page.evaluateHandle(({ b64, name }) => {
    const bin = atob(b64)
    const arr = new Uint8Array(bin.length)
    for (let i = 0; i < bin.length; i++) arr[i] = bin.charCodeAt(i)
    const t = new DataTransfer()
    t.items.add(new File([arr], name, { type: 'image/png' }))
    return t
  }, { b64: Buffer.from(bytes).toString('base64'), name })
  const box = (await app.page.locator('.canvas').boundingBox())!
  await app.page.dispatchEvent('.canvas .react-flow__pane', 'drop', { dataTransfer: dt, clientX: box.x + box.width / 2, clientY: box.y + 140 })
}

describe('run, watch, rate, reload, drop a PNG', () => {
  let ratedArtifact = ''

  it('opens the app and the portrait example from the library', async () => {
    const { page } = app
    await page.goto(app.url)
    await page.waitForSelector('.server-pill.online')
    await page.waitForSelector('.banner.info:has-text("Simulated WebUI")')
    await page.click('.library-row[data-graph="portrait"] .library-item')
    for (const id of STAGES) await page.waitForSelector(node(id))
    await expect.poll(() => page.locator('.topbar-totals').textContent()).toContain('3 jobs')
    await app.shot('20-online-portrait')
  }, 60_000)

  it('runs it: progress on the nodes, then a thumbnail on each stage node', async () => {
    const { page } = app
    await page.click('.run-buttons .btn.primary')
    await page.waitForSelector('.toast:has-text("Queued: 3 jobs")')
    // Progress with step counts on a stage node while the simulator samples (40 ms a step).
    await page.waitForSelector(`${node('txt')} .node-progress .progress-text:has-text("step")`)
    await page.click('.main-tabs .tab:has-text("Queue")')
    await page.waitForSelector('.qrow.state-running')
    await app.shot('21-running-progress-and-queue')
    // A reload mid-run re-attaches: the stream starts with the queue and the running jobs' progress.
    await page.reload()
    await page.waitForSelector('.react-flow__node .node-progress .progress-text:has-text("step")')
    await page.click('.main-tabs .tab:has-text("Queue")')
    await page.waitForSelector('.qrow.state-running .job-progress')
    // The rest runs fast; every stage node then shows its outputs.
    app.server.sim!.setOptions({ stepMs: 2 })
    await until(async () => { const q = await app.api('/api/queue'); return q.counts.succeeded === 3 }, 'three succeeded jobs')
    for (const id of STAGES) await page.waitForSelector(`${node(id)} .thumb img`)
    await expect.poll(() => page.locator(`${node('up')} .thumb`).count()).toBe(3)
    await page.waitForFunction(() => [...document.querySelectorAll('.thumb img')].every((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0))
    await app.shot('22-finished-thumbnails')
  }, 90_000)

  it('rates an image 4 stars (saved at once) and opens it full size with its parameters', async () => {
    const { page } = app
    const thumb = page.locator(`${node('txt')} .thumb`).first()
    ratedArtifact = (await thumb.getAttribute('data-artifact'))!
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/ratings') && r.request().method() === 'PUT' && r.ok())
    await thumb.locator('button[aria-label="4 stars"]').click()
    await saved
    await expect.poll(() => thumb.locator('.stars').getAttribute('data-rating')).toBe('4')
    const meta = await app.api(`/api/artifacts/${ratedArtifact}/meta`)
    expect(meta.rating).toBe(4)

    await thumb.locator('.thumb-open').click()
    await page.waitForSelector('.lightbox .parameters:has-text("Steps:")')
    await page.waitForFunction(() => (document.querySelector('.lightbox-image img') as HTMLImageElement | null)?.naturalWidth! > 0)
    expect(await page.locator('.lightbox .stars').getAttribute('data-rating')).toBe('4')
    await app.shot('23-lightbox')
    await page.keyboard.press('Escape')
    await page.waitForSelector('.lightbox', { state: 'detached' })
  }, 60_000)

  it('after a reload: the same graph, its thumbnails, the rating, and the finished jobs in history', async () => {
    const { page } = app
    await page.reload()
    await page.waitForSelector('.server-pill.online')
    await page.waitForSelector(`${node('txt')} .thumb[data-artifact="${ratedArtifact}"] .stars[data-rating="4"]`)
    await page.click('.main-tabs .tab:has-text("History")')
    await expect.poll(() => page.locator('.hrow').count()).toBe(3)
    await page.waitForSelector('.history-total:has-text("3 finished jobs")')
    await page.selectOption('.history-filters select[aria-label="Minimum rating"]', '4')
    await page.waitForSelector('.history-total:has-text("1 finished job")')
    const meta = await app.api(`/api/artifacts/${ratedArtifact}/meta`)
    expect(await page.locator('.hrow').getAttribute('data-job')).toBe(meta.jobId)
    await page.selectOption('.history-filters select[aria-label="Minimum rating"]', '')
    await page.waitForSelector('.history-total:has-text("3 finished jobs")')
    await page.waitForFunction(() => [...document.querySelectorAll('.hthumb img')].every((i) => (i as HTMLImageElement).complete))
    await app.shot('24-history-after-reload')
  }, 60_000)

  it('re-opens a graph from history, and an output PNG dropped on the canvas gives its graph back', async () => {
    const { page } = app
    // Open another graph first, so the drop visibly brings the portrait back.
    await page.click('.library-row[data-graph="landscape"] .library-item')
    await page.waitForSelector('.graph-name[value^="Landscape"]')
    const bytes = new Uint8Array(await (await fetch(`${app.url}/api/artifacts/${ratedArtifact}`)).arrayBuffer())
    await dropFile(bytes, 'portrait-output.png')
    await page.waitForSelector('.toast:has-text("Restored")')
    await page.waitForSelector('.graph-name[value^="Portrait"]')
    for (const id of ['pack', 'people', ...STAGES]) await page.waitForSelector(node(id))
    expect(await page.locator('.react-flow__edge').count()).toBe(5)
    // A new document (its own id): it is not the library's portrait and shows none of its outputs.
    await page.waitForSelector('.dirty.on')
    expect(await page.locator('.library-row.current').count()).toBe(0)
    await app.shot('25-restored-from-png')

    // History → Open graph: the graph exactly as that run compiled it. Leaving the unsaved copy asks first.
    await page.click('.library-row[data-graph="landscape"] .library-item')
    await respond(page)
    await page.waitForSelector('.graph-name[value^="Landscape"]')
    await page.click('.main-tabs .tab:has-text("History")')
    await page.locator('.hrow .btn:has-text("Open graph")').first().click()
    await page.waitForSelector('.graph-name[value^="Portrait"]')
  }, 60_000)

  it('an A1111 PNG (only `parameters`) becomes a txt2img node with its settings', async () => {
    const { page } = app
    const ihdr = Buffer.alloc(13)
    ihdr.writeUInt32BE(8, 0); ihdr.writeUInt32BE(8, 4); ihdr[8] = 8; ihdr[9] = 0
    const chunks: PngChunk[] = [{ type: 'IHDR', data: ihdr }, { type: 'IDAT', data: deflateSync(Buffer.alloc(8 * 9)) }, { type: 'IEND', data: Buffer.alloc(0) }]
    const info = 'a lighthouse at dusk, oil painting\nNegative prompt: blurry\nSteps: 31, Sampler: Euler a, Schedule type: Karras, CFG scale: 5.5, Seed: 777, Size: 640x448, Model: dreamshaper_8, Version: v1.10.1'
    const png = writeTextChunks(writeChunks(chunks), { parameters: info })
    if (!png.ok) throw new Error(png.error)
    const before = await page.locator('.react-flow__node').count()
    await dropFile(png.value, 'a1111.png')
    await page.waitForSelector('.toast:has-text("from the A1111 image")')
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(before + 1)
    await page.click('.main-tabs .tab:has-text("Inspector")')
    // The new node is selected: its inspector shows the infotext's values as set fields.
    await expect.poll(() => page.locator('.inspector textarea').first().inputValue()).toBe('a lighthouse at dusk, oil painting')
    const id = await page.locator('.react-flow__node.selected').getAttribute('data-id')
    expect(await page.locator(`#f-${id}-steps`).inputValue()).toBe('31')
    expect(await page.locator(`#f-${id}-cfg_scale`).inputValue()).toBe('5.5')
    expect(await page.locator(`#f-${id}-width`).inputValue()).toBe('640')
    await app.shot('26-a1111-png-node')

    // Leaving with an unsaved draft asks first; the draft (in this browser) comes back after the reload.
    const seen = app.dialogs.length
    await page.reload()
    expect(app.dialogs.slice(seen)).toContain('beforeunload')
    await page.waitForSelector(node(id!))
    await page.waitForSelector('.dirty.on:has-text("not saved")')
    expect(app.errors).toEqual([])
  }, 60_000)

  it('banners: a WebUI down (and back), then the server gone', async () => {
    const { page } = app
    app.server.sim!.setFaults({ down: true })
    await page.waitForSelector('[data-testid="webui-down"]')
    await app.shot('27-webui-down-banner')
    app.server.sim!.setFaults({ down: false })
    await page.waitForSelector('[data-testid="webui-down"]', { state: 'detached' })
    expect(app.errors).toEqual([])
    await app.server.close()
    await page.waitForSelector('.banner.error:has-text("The server is not reachable")')
    await page.waitForSelector('.server-pill:has-text("reconnecting")')
    expect(await page.locator('.run-buttons .btn.primary').getAttribute('aria-disabled')).toBe('true')
    await app.shot('28-server-gone-banner')
  }, 60_000)
})
