/**
 * The review loop in real Chromium: run the learning-sweep example (CFG 5/7/9 × two samplers),
 * open its run's compare grid from History, change the axes, rate a cell, export the grid PNG
 * (it downloads, decodes, and has the size its 2 × 3 layout needs); then the insights show the
 * known mean of seeded ratings with a chart, and accepting the suggestion changes the graph's
 * randomizer in one step that Ctrl+Z undoes.
 */
import { readFile } from 'node:fs/promises'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { node, startApp, until, type App } from './harness.ts'
import { seriousViolations } from './axe.ts'

let app: App

beforeAll(async () => { app = await startApp() }, 60_000)
afterAll(async () => { await app?.close() }, 30_000)

const cell = (x: number, y: number) => `.compare-cell[data-x="${x}"][data-y="${y}"]`

describe('compare grid and insights', () => {
  let runId = ''

  it('runs the sweep and opens its grid from History: CFG across, samplers down', async () => {
    const { page } = app
    await page.goto(app.url)
    await page.waitForSelector('.server-pill.online')
    await page.click('.library-row[data-graph="learning-sweep"] .library-item')
    await page.waitForSelector(node('sweep'))
    await page.click('.run-buttons .btn.primary')
    await until(async () => (await app.api('/api/queue')).counts.succeeded === 6, 'six succeeded jobs')
    await page.click('.main-tabs .tab:has-text("History")')
    await page.locator('.hrow .hactions button:has-text("Compare")').first().click()
    await page.waitForSelector('.compare-view .compare-grid')
    runId = (await app.api('/api/history')).jobs[0].runId
    await expect.poll(() => page.locator('.compare-grid thead th[scope="col"]').allTextContents()).toEqual(['5', '7', '9'])
    expect(await page.locator('.compare-grid tbody th[scope="row"]').allTextContents()).toEqual(['DPM++ 2M', 'Euler a'])
    await page.waitForFunction(() => [...document.querySelectorAll('.compare-thumb img')].length === 6 && [...document.querySelectorAll('.compare-thumb img')].every((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0))
    await app.shot('90-compare-grid')
    expect(await seriousViolations(page, 'compare')).toEqual([])
  }, 90_000)

  it('changes the axes: samplers across swaps CFG down; CFG as Z gives one tab per value', async () => {
    const { page } = app
    const columns = () => page.locator('.compare-grid thead th[scope="col"]').allTextContents()
    await page.selectOption('select[aria-label="X axis"]', 'txt2img.sampler_name')
    await expect.poll(columns).toEqual(['DPM++ 2M', 'Euler a'])
    expect(await page.locator('select[aria-label="Y axis"]').inputValue()).toBe('txt2img.cfg_scale')
    expect(await page.locator('.compare-grid tbody th[scope="row"]').allTextContents()).toEqual(['5', '7', '9'])
    // Z: one grid per CFG value, as tabs; the Y axis it came from is left empty.
    await page.selectOption('select[aria-label="Z axis"]', 'txt2img.cfg_scale')
    await expect.poll(() => page.locator('.compare-tabs [role="tab"]').allTextContents()).toEqual(['txt2img.cfg_scale = 5', 'txt2img.cfg_scale = 7', 'txt2img.cfg_scale = 9'])
    expect(await page.locator('select[aria-label="Y axis"]').inputValue()).toBe('')
    await page.click('.compare-tabs [role="tab"]:has-text("= 9")')
    expect(await page.locator('.export-png').getAttribute('href')).toContain('z=txt2img.cfg_scale&zValue=9')
    await expect.poll(() => page.locator('.compare-cell[data-artifact]').count()).toBe(2)
    await page.selectOption('select[aria-label="Y axis"]', 'txt2img.cfg_scale')
    await expect.poll(() => page.locator('.compare-tabs').count()).toBe(0)
    expect(await page.locator('.compare-grid tbody th[scope="row"]').allTextContents()).toEqual(['5', '7', '9'])
  })

  it('rates a cell in place (saved at once)', async () => {
    const { page } = app
    const target = page.locator(cell(1, 2))
    const artifact = (await target.getAttribute('data-artifact'))!
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/ratings') && r.request().method() === 'PUT' && r.ok())
    await target.locator('button[aria-label="4 stars"]').click()
    await saved
    await expect.poll(() => target.locator('.stars').getAttribute('data-rating')).toBe('4')
    expect((await app.api(`/api/artifacts/${artifact}/meta`)).rating).toBe(4)
    // It is the Euler a / CFG 9 image.
    const cmp = await app.api(`/api/runs/${runId}/compare`)
    const job = cmp.jobs.find((j: { artifacts: { artifactId: string }[] }) => j.artifacts[0]!.artifactId === artifact)
    expect([job.fields['txt2img.sampler_name'], job.fields['txt2img.cfg_scale']]).toEqual(['Euler a', 9])
  })

  it('exports the grid as one PNG that decodes at the size of its 2 × 3 layout', async () => {
    const { page } = app
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('.export-png')])
    const bytes = await readFile((await download.path())!)
    const meta = await sharp(bytes).metadata()
    // 256 px cells: Y labels 240 wide, 2 columns of 260 (+4); label rows 64 high, 3 rows of 260 (+4).
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 240 + 2 * 260 + 4, 64 + 3 * 260 + 4])
    expect(download.suggestedFilename()).toBe(`${runId}-grid.png`)
    await page.click('button[aria-label="Close compare"]')
    await page.waitForSelector('.compare-view', { state: 'detached' })
  })

  it('compares jobs ticked in History (a selection, not a whole run)', async () => {
    const { page } = app
    const boxes = page.locator('.hrow input[type="checkbox"]')
    await boxes.nth(0).check()
    await boxes.nth(1).check()
    await page.click('.history-picked button:has-text("Compare 2 selected")')
    await page.waitForSelector('.compare-view .compare-grid')
    expect(await page.locator('.compare-view h2').textContent()).toContain('2 selected jobs')
    await expect.poll(() => page.locator('.compare-cell[data-artifact]').count()).toBe(2)
    expect(await page.locator('.export-png').getAttribute('href')).toMatch(/^\/api\/compare\/grid\?jobIds=/)
    await page.click('button[aria-label="Close compare"]')
    await page.click('.history-picked button:has-text("Clear")')
  })

  it('insights show the known mean of seeded ratings, with a chart', async () => {
    const { page } = app
    // CFG 5 → 5 and 4, CFG 7 → 3 and 3, CFG 9 → 2 and 1.
    const cmp = await app.api(`/api/runs/${runId}/compare`)
    const want: Record<number, number[]> = { 5: [5, 4], 7: [3, 3], 9: [2, 1] }
    for (const j of cmp.jobs) await app.api('/api/ratings', { method: 'PUT', json: { targetKind: 'image', targetId: j.artifacts[0].artifactId, rating: want[j.fields['txt2img.cfg_scale']]!.shift() } })
    await page.click('.insights-open')
    const cfg = page.locator('.insight-field[data-field="txt2img.cfg_scale"]')
    await cfg.waitFor()
    await expect.poll(() => cfg.locator('tr[data-value="5"] .insight-mean').textContent()).toBe('4.5')
    expect(await cfg.locator('tr[data-value="9"] .insight-mean').textContent()).toBe('1.5')
    expect(await cfg.locator('tr[data-value="5"] .insight-count').textContent()).toBe('2')
    await cfg.locator('.uplot canvas').waitFor()
    await page.locator('.insight-field[data-field="txt2img.sampler_name"] .uplot canvas').waitFor()
    await expect.poll(() => page.locator('.suggestion[data-path="txt2img.cfg_scale"]').textContent()).toContain('5 rated 4.5')
    await app.shot('91-insights')
    expect(await seriousViolations(page, 'insights')).toEqual([])
  })

  it('accepting the suggestion changes the graph\'s randomizer, and Ctrl+Z undoes it', async () => {
    const { page } = app
    const summary = () => page.locator(node('sweep')).textContent()
    expect(await summary()).toContain('txt2img.cfg_scale: 5 / 7 / 9')
    await page.click('.insights-suggest button:has-text("Accept into graph")')
    await page.waitForSelector('.insights-view', { state: 'detached' })
    await expect.poll(summary).toContain('txt2img.cfg_scale: 4 / 5 / 6')
    // The sampler sweep was kept (both samplers are within each other's interval).
    expect(await summary()).toContain('txt2img.sampler_name: Euler a /')
    await app.shot('92-suggestion-accepted')
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } })
    await page.keyboard.press('Control+z')
    await expect.poll(summary).toContain('txt2img.cfg_scale: 5 / 7 / 9')
    expect(app.errors).toEqual([])
  })
})
