/**
 * Issue 11 §1 as a person uses it: pick prompt styles from the WebUI's list and set a variation
 * strength in the Advanced section of the txt2img inspector; the job preview then shows the prompt
 * the WebUI will use, the unset settings as "not sent", and the payload carries exactly that.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { node, startApp, until, type App } from './harness.ts'

let app: App

beforeAll(async () => { app = await startApp({ stepMs: 1 }) }, 60_000)
afterAll(async () => { await app?.close() }, 30_000)

describe('styles and advanced generation settings in the editor', () => {
  it('styles picked from the WebUI list and a variation strength reach the preview and the payload', { timeout: 60_000 }, async () => {
    const { page } = app
    await page.goto(`${app.url}/?graph=portrait`)
    await page.waitForSelector(node('txt'))
    let last = ''
    await until(async () => {
      const box = JSON.stringify(await page.locator(node('txt')).boundingBox())
      const still = box === last
      last = box
      return still
    }, 'the canvas to settle', 10_000)
    await page.click(`${node('txt')} .node-title`)
    await page.waitForSelector('.inspector')

    // Styles: a dropdown of the WebUI's styles (from /sdapi/v1/prompt-styles), picked in order.
    const add = page.locator('.inspector select[aria-label="Add styles"]')
    await until(async () => (await add.locator('option').allTextContents()).includes('Cinematic'), 'the style list')
    await add.selectOption('Cinematic')
    await add.selectOption('Sharp detail')
    const chips = page.locator('.inspector .multi-control .chip')
    await until(async () => (await chips.count()) === 2, 'two style chips')
    expect(await chips.allTextContents()).toEqual(['Cinematic×', 'Sharp detail×'])

    // Advanced: collapsed, unset fields say "not sent".
    const advanced = page.locator('.inspector details.field-section')
    expect(await advanced.getAttribute('open')).toBeNull()
    await advanced.locator('summary').click()
    const strengthRow = advanced.locator('.field-row', { has: page.locator('label', { hasText: /^Variation strength/ }) })
    expect(await strengthRow.locator('.chip').textContent()).toBe('not sent')
    const input = strengthRow.locator('input')
    await input.fill('0.3')
    await input.press('Enter')
    await strengthRow.locator('.chip-set').waitFor()
    await app.shot('60-inspector-styles-advanced')

    await page.click('[role="tab"]:has-text("Jobs")')
    await page.click('.plan-chip:has-text("Generate")')
    const row = (key: string) => page.locator('.config-table tr', { has: page.locator('td.cfg-key', { hasText: new RegExp(`^${key.replace(/[()]/g, '\\$&')}$`) }) })
    await row('prompt (styled)').waitFor()
    const styled = JSON.parse((await row('prompt (styled)').locator('td.cfg-val').textContent())!) as string
    expect(styled.startsWith('cinematic still of ')).toBe(true)
    expect(styled.endsWith(', shallow depth of field, film grain, highly detailed, sharp focus')).toBe(true)
    expect(await row('tiling').locator('.chip').textContent()).toBe('not sent')
    // An option A1111 reads from its settings is stated at its default instead (no leftover from another job).
    expect(await row('s_churn').locator('.chip').textContent()).toBe('default')
    expect(await row('subseed_strength').locator('td.cfg-val').textContent()).toBe('0.3')
    await app.shot('61-preview-styled-prompt')

    await page.click('.tabs.small button:has-text("WebUI payload")')
    const payload = JSON.parse((await page.locator('pre.payload').textContent())!) as Record<string, unknown>
    expect(payload.styles).toEqual(['Cinematic', 'Sharp detail'])
    expect(payload.subseed_strength).toBe(0.3)
    expect(payload.subseed).toBeGreaterThanOrEqual(0)
    expect(payload).not.toHaveProperty('tiling')
    expect((payload.override_settings as Record<string, unknown>).s_churn).toBe(0)
    // The prompt goes out raw: the WebUI applies the styles, as the styled row shows.
    expect(styled).toContain(payload.prompt as string)
    expect(app.errors).toEqual([])
  })
})
