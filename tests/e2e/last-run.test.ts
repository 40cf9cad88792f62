/**
 * The server offers the last run's effective stage configs as defaults for new nodes: after a run,
 * a stage node whose settings differ shows "Use last run's settings", and one click sets them.
 */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { node, startApp, until, type App } from './harness.ts'

let app: App

beforeAll(async () => { app = await startApp({ stepMs: 1 }) }, 60_000)
afterAll(async () => { await app?.close() }, 30_000)

describe("last run's settings", () => {
  it('are offered on a stage node and applied in one click', async () => {
    const graph = JSON.parse(readFileSync('graphs/learning-sweep.json', 'utf8'))
    await app.api('/api/runs', { method: 'POST', json: { graph, runSeed: 4 } })
    await until(async () => (await app.api('/api/queue')).counts.succeeded === 6, 'the sweep to finish')
    await until(async () => Object.keys((await app.api('/api/learning/last-config')).configs).length > 0, 'last configs')

    const { page } = app
    await page.goto(`${app.url}/?graph=portrait`)
    await page.waitForSelector(node('txt'))
    await page.click(`${node('txt')} .node-title`)
    const offer = page.locator('.inspector button:has-text("Use last run’s settings")')
    await offer.waitFor()
    // The portrait's People preset says 28 steps; the sweep ran 25.
    expect(await offer.getAttribute('title')).toContain('steps 25')
    await offer.click()
    await expect.poll(() => page.locator('.inspector button:has-text("Use last run’s settings")').count()).toBe(0)
    await app.shot('40-last-run-offer-applied')
    expect(app.errors).toEqual([])
  })
})
