/**
 * Graphs in and out of the app (issue #10 §2) in real Chromium: upload a graph `.json` (current
 * and an old format version, migrated), drop one on the canvas, paste one from the clipboard,
 * download the open graph; an invalid file is refused with a sentence naming what is wrong and
 * the open graph stays. Each import is a new graph with its own id, not in the library.
 */
import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { node, startApp, type App } from './harness.ts'
import { GRAPH_VERSION } from '../../engine/graph/schema.ts'

let app: App

beforeAll(async () => { app = await startApp({ stepMs: 2 }) }, 60_000)
afterAll(async () => { await app?.close() }, 30_000)

const portrait = JSON.parse(await readFile('graphs/portrait.json', 'utf8')) as Record<string, unknown> & { name: string }
const docId = () => app.page.evaluate(() => JSON.parse(localStorage.getItem('stablenew:document') ?? 'null')?.id as string | undefined)
const upload = (name: string, text: string) => app.page.setInputFiles('.import-file', { name, mimeType: 'application/json', buffer: Buffer.from(text) })

/** One txt2img with a prompt: exactly one job. */
const single = { id: 'one', name: 'One cat', nodes: [{ id: 't', kind: 'txt2img', position: { x: 0, y: 0 }, params: { prompt: 'a cat' } }], edges: [] }

describe('import and export', () => {
  it('uploads our graph .json as a new graph with its own id', async () => {
    const { page } = app
    await page.goto(app.url)
    await page.waitForSelector('.server-pill.online')
    await upload('portrait.json', JSON.stringify(portrait))
    await page.waitForSelector(`.toast:has-text("Imported “${portrait.name}” from portrait.json")`)
    for (const id of ['pack', 'txt', 'detail', 'up']) await page.waitForSelector(node(id))
    expect(await docId()).not.toBe('portrait')
    await page.waitForSelector('.dirty.on:has-text("not saved")')
    expect(await page.locator('.library-row.current').count()).toBe(0)
  }, 60_000)

  it('migrates a graph saved in an older format (version 0), and counts "1 job" right', async () => {
    const { page } = app
    await upload('one.json', JSON.stringify(single))
    await page.waitForSelector('.dialog-buttons .btn:has-text("Discard")')
    await page.click('.dialog-buttons .btn:has-text("Discard")')
    await page.waitForSelector('.toast:has-text("updated from format version 0")')
    await page.waitForSelector('.graph-name[value="One cat"]')
    await page.waitForSelector(node('t'))
    await expect.poll(() => page.locator('.topbar-totals').textContent()).toMatch(/^1 job · 1 call · 1 image$/)
  }, 60_000)

  it('refuses an invalid file with a sentence naming what is wrong, and keeps the open graph', async () => {
    const { page } = app
    await upload('bad.json', JSON.stringify({ ...single, nodes: [{ id: 't', position: { x: 0, y: 0 }, params: {} }] }))
    await page.waitForSelector('.toast.error:has-text("bad.json is not a StableNew Flow graph — nodes.0.kind")')
    await upload('broken.json', '{"nodes": [')
    await page.waitForSelector('.toast.error:has-text("broken.json is not valid JSON")')
    expect(await page.locator('.graph-name').inputValue()).toBe('One cat')
    expect(await page.locator('dialog[open]').count()).toBe(0)
  }, 60_000)

  it('drops a .json on the canvas, and pastes a graph from the clipboard', async () => {
    const { page } = app
    const dt = await page.evaluateHandle((text) => {
      const t = new DataTransfer()
      t.items.add(new File([text], 'dropped.json', { type: 'application/json' }))
      return t
    }, JSON.stringify({ ...portrait, name: 'Dropped portrait' }))
    await page.dispatchEvent('.canvas .react-flow__pane', 'drop', { dataTransfer: dt })
    await page.click('.dialog-buttons .btn:has-text("Discard")')
    await page.waitForSelector('.graph-name[value="Dropped portrait"]')

    await page.click('.canvas .react-flow__pane', { position: { x: 20, y: 20 } })
    await page.evaluate((text) => {
      const data = new DataTransfer()
      data.setData('text/plain', text)
      document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
    }, JSON.stringify({ ...single, name: 'Pasted cat' }))
    await page.click('.dialog-buttons .btn:has-text("Discard")')
    await page.waitForSelector('.graph-name[value="Pasted cat"]')
    await page.waitForSelector('.toast:has-text("from the clipboard")')
  }, 60_000)

  it('downloads the open graph as JSON that imports back unchanged', async () => {
    const { page } = app
    await page.click('.library-tabs .tab:has-text("Graphs")')
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('.library-actions .btn:has-text("Download")')])
    expect(download.suggestedFilename()).toBe('pasted-cat.json')
    const text = await readFile((await download.path())!, 'utf8')
    const graph = JSON.parse(text)
    expect(graph).toMatchObject({ version: GRAPH_VERSION, id: await docId(), name: 'Pasted cat', nodes: [{ id: 't', kind: 'txt2img', params: { prompt: 'a cat' } }] })
    expect(app.errors).toEqual([])
  }, 60_000)
})
