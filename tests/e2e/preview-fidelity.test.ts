/**
 * What the preview shows is what runs, as a person sees it:
 * - the ADetailer node of the portrait example shows its steps, sampler and CFG as inherited from
 *   "Generate" (a `stage` chip naming it), and the job preview marks the value with that stage;
 * - Run queues exactly the previewed jobs (their seeds come from the preview's run seed), and the
 *   preview then moves on to the next run's seeds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { node, startApp, until, type App } from './harness.ts'

let app: App

beforeAll(async () => { app = await startApp({ stepMs: 1 }) }, 60_000)
afterAll(async () => { await app?.close() }, 30_000)

describe('provenance of inherited settings', () => {
  it('the inspector and the job preview say which stage a value is inherited from', { timeout: 60_000 }, async () => {
    const { page } = app
    await page.goto(`${app.url}/?graph=portrait`)
    await page.waitForSelector(node('detail'))
    // The canvas fits the graph into view after loading: click once the node stops moving.
    let last = ''
    await until(async () => {
      const box = JSON.stringify(await page.locator(node('detail')).boundingBox())
      const still = box === last
      last = box
      return still
    }, 'the canvas to settle', 10_000)
    await page.click(`${node('detail')} .node-title`)
    await page.waitForSelector('.inspector')
    const steps = page.locator('.inspector .field-row', { has: page.locator('label', { hasText: /^Steps/ }) }).first()
    await steps.locator('.chip-stage').waitFor()
    expect(await steps.locator('.chip-stage').getAttribute('title')).toBe('Inherited from the stage that made the image, “Generate”')
    // The People preset gives Generate 28 steps: the face pass runs with them, not a default.
    expect(await steps.locator('input').first().inputValue()).toBe('28')
    await app.shot('45-inspector-inherited-from-stage')

    await page.click('.right-panel [role="tab"]:has-text("Jobs"), [role="tab"]:has-text("Jobs")')
    await page.click('.plan-chip:has-text("Face + hands")')
    const row = page.locator('.config-table tr', { has: page.locator('td.cfg-key', { hasText: /^steps$/ }) })
    await row.waitFor()
    expect(await row.locator('td.cfg-val').textContent()).toBe('28')
    expect(await row.locator('.chip-stage').textContent()).toBe('↳ Generate')
    expect(await row.locator('.chip-stage').getAttribute('title')).toBe('inherited from Generate')
    await app.shot('46-preview-inherited-from-stage')
    expect(app.errors).toEqual([])
  })

  it('Run queues exactly the jobs the preview shows (seeds drawn from its run seed), then previews the next run', { timeout: 60_000 }, async () => {
    const { page } = app
    await page.goto(`${app.url}/?graph=portrait`)
    await page.click('[role="tab"]:has-text("Jobs")')
    const metas = page.locator('.job-row .job-meta')
    await expect.poll(() => metas.count()).toBe(3)
    const seedsShown = async () => (await metas.allTextContents()).map((t) => Number(/seed (\d+)/.exec(t)![1]))
    const previewed = await seedsShown()
    await page.click('.run-buttons .btn.primary')
    await page.waitForSelector('.toast:has-text("Queued: 3 jobs")')
    const queued = (await app.api('/api/queue')).jobs.map((j: { seed: number }) => j.seed)
    expect([...queued].sort()).toEqual([...previewed].sort())
    await expect.poll(async () => (await seedsShown()).some((s) => previewed.includes(s))).toBe(false)
    expect(app.errors).toEqual([])
  })
})
