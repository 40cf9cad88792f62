/**
 * The editor under the server's local-safety rules (docs/api.md): leaving the page with an edit
 * not yet autosaved still saves it (pagehide → fetch with keepalive and a JSON content type;
 * sendBeacon could not send JSON and would be refused), and nothing the editor sends is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { node, startApp, until, type App } from './harness.ts'

let app: App

beforeAll(async () => { app = await startApp({ stepMs: 1 }) }, 60_000)
afterAll(async () => { await app?.close() }, 30_000)

describe('leaving the page', () => {
  it('saves a pending library edit on the way out, and the server refuses nothing the editor sends', async () => {
    const { page } = app
    const refused: string[] = []
    page.on('response', (r) => { if (r.status() === 403) refused.push(`${r.request().method()} ${r.url()}`) })
    await page.goto(`${app.url}/?graph=portrait`)
    // The library graph is open (not the start-up graph it replaces) before anything is edited.
    await page.waitForSelector('.graph-name[value^="Portrait"]')
    await page.waitForSelector('.library-row.current[data-graph="portrait"]')
    await page.click(`${node('txt')} .node-title`)
    const steps = page.locator('#f-txt-steps')
    await steps.fill('37')
    await steps.press('Enter')
    await page.waitForSelector('.dirty.on')
    // Leave before the library autosave (1.5 s) fires: only the pagehide flush can save it.
    await page.goto('about:blank')
    await until(async () => (await app.api('/api/graphs/portrait')).nodes.find((n: { id: string }) => n.id === 'txt').params.steps === 37, 'the edit saved on leaving', 15_000)
    expect(refused).toEqual([])
    expect(app.errors).toEqual([])
  }, 60_000)
})
