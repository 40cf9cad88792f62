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

  it('the resolved config shows the seed and negative prompt the payload sends', async () => {
    const { page } = app
    await page.click('.main-tabs .tab:has-text("Jobs")')
    await page.click('.job-row >> nth=0')
    await page.click('.plan-chip >> nth=0')
    const cell = (key: string) => page.locator(`.config-table tr:has(td.cfg-key:text-is("${key}")) td.cfg-val`)
    const seed = JSON.parse((await cell('seed').textContent())!)
    const negative = JSON.parse((await cell('negative_prompt').textContent())!)
    await page.click('.stage-detail .tab:has-text("WebUI payload")')
    const body = JSON.parse((await page.locator('.stage-detail pre.payload').textContent())!)
    expect(seed).toBe(body.seed)
    expect(seed).not.toBe(-1)
    expect(negative).toBe(body.negative_prompt)
    await page.click('.stage-detail .tab:has-text("Resolved config")')
    expect(await page.locator('.config-table tr:has(td.cfg-key:text-is("seed")) .chip').textContent()).toBe('job')
  }, 60_000)

  it('one invalid field blanks no other field and no other node’s summary', async () => {
    const { page } = app
    const summary = (id: string) => page.locator(`${node(id)} .node-summary li`).count()
    const before = { detail: await summary('detail'), up: await summary('up') }
    expect(before.detail).toBeGreaterThan(0)
    await page.click(`${node('txt')} .node-head`)
    await page.click('.main-tabs .tab:has-text("Inspector")')
    const cfg = await page.locator('#f-txt-cfg_scale').inputValue()
    await page.fill('#f-txt-steps', '0')
    await page.press('#f-txt-steps', 'Enter')
    await page.waitForSelector('.topbar-totals .error-pill')
    await page.waitForTimeout(300)
    expect(await page.locator('#f-txt-cfg_scale').inputValue()).toBe(cfg)
    expect(await page.locator('#f-txt-steps').inputValue()).toBe('0')
    expect({ detail: await summary('detail'), up: await summary('up') }).toEqual(before)
    expect(await summary('txt')).toBeGreaterThan(0)
    await page.click('.topbar .icon-btn[aria-label="Undo"]')
    await expect.poll(() => page.locator('.topbar-totals .error-pill').count()).toBe(0)
  }, 60_000)

  it('no list shows an entry twice (Scheduler: "Automatic" once)', async () => {
    const { page } = app
    await page.click(`${node('txt')} .node-head`)
    const labels = await page.locator('#f-txt-scheduler option').allTextContents()
    expect(labels.filter((l) => /^automatic$/i.test(l))).toHaveLength(1)
    for (const id of ['#f-txt-sampler_name', '#f-txt-scheduler', '#f-txt-model']) {
      const values = await page.locator(`${id} option`).evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))
      expect(new Set(values).size).toBe(values.length)
    }
  }, 60_000)

  it('keyboard: a visible focus ring; each thumbnail one tab stop named by job and stage, its rating one more', async () => {
    const { page } = app
    await page.focus('.library-actions .btn:has-text("New")')
    await page.keyboard.press('Tab')
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)
    expect(outline).not.toBe('none')
    const thumb = page.locator(`${node('txt')} .thumb[data-artifact]`).first()
    const stops = await thumb.evaluate((el) => [...el.querySelectorAll('button, a, input, [tabindex]')].filter((e) => (e as HTMLElement).tabIndex >= 0).length)
    expect(stops).toBe(2)
    expect(await thumb.locator('.thumb-open img').getAttribute('alt')).toMatch(/^Job [0-9a-z-]{4,}, stage txt, image \d+$/)
  }, 60_000)

  it('asks with its own dialog and refuses an empty name with a message', async () => {
    const { page } = app
    await page.click('.library-tabs .tab:has-text("Graphs")')
    await page.click('.library-actions .btn:has-text("Save as")')
    const dialog = page.locator('dialog.app-dialog[open]')
    await dialog.locator('input').first().fill('   ')
    await dialog.locator('button[type="submit"]').click()
    await dialog.locator('[role="alert"]:has-text("cannot be empty")').waitFor()
    expect(await dialog.locator('input').first().getAttribute('aria-invalid')).toBe('true')
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
    expect(app.dialogs.filter((d) => d === 'prompt' || d === 'confirm')).toEqual([])
    expect(app.errors).toEqual([])
  }, 60_000)

  it('node text is readable at the example graphs’ default zoom (every line ≥ 9 px on screen)', async () => {
    const { page } = app
    await page.click('.library-tabs .tab:has-text("Graphs")')
    for (const id of ['portrait', 'landscape', 'learning-sweep', 'video', 'inpaint', 'controlnet-inpaint']) {
      await page.click(`.library-row[data-graph="${id}"] .library-item`)
      await page.waitForSelector(`.library-row.current[data-graph="${id}"]`)
      await page.waitForTimeout(400)
      const smallest = await page.evaluate(() => {
        const zoom = new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport')!).transform).a
        let min = Infinity
        for (const el of document.querySelectorAll('.react-flow__node *')) {
          if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent!.trim())) continue
          min = Math.min(min, parseFloat(getComputedStyle(el).fontSize) * zoom)
        }
        return min
      })
      expect(smallest, id).toBeGreaterThanOrEqual(9)
    }
  }, 60_000)
})
