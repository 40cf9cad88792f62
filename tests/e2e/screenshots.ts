/**
 * Screenshots of the editor (offline, on the portrait example) for a person to look at:
 * `npx vite build && npx tsx tests/e2e/screenshots.ts`. Writes tests/e2e/screenshots/*.png
 * (git-ignored) and fails if the page logs an error.
 */
import { mkdtemp, mkdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type Page } from 'playwright-core'
import { chromiumPath } from '../../scripts/chromium.ts'
import { startStaticServer } from './static-server.ts'

const OUT = resolve('tests/e2e/screenshots')
const CHROMIUM = chromiumPath()
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync']

async function shot(page: Page, name: string) {
  await page.waitForTimeout(350)
  await page.screenshot({ path: join(OUT, `${name}.png`) })
  console.log(`  ${name}.png`)
}

async function centreOf(page: Page, selector: string) {
  const box = await page.locator(selector).first().boundingBox()
  if (!box) throw new Error(`no box for ${selector}`)
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 }
}

async function main() {
  await mkdir(OUT, { recursive: true })
  const { server, url } = await startStaticServer()
  const profile = await mkdtemp(join(tmpdir(), 'snf-chromium-'))
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, headless: true, viewport: { width: 1600, height: 960 } })
  const errors: string[] = []
  try {
    const page = context.pages()[0] ?? (await context.newPage())
    page.on('console', (m) => { if (m.type() === 'error' && !m.text().includes('503')) errors.push(m.text()) })
    page.on('pageerror', (e) => errors.push(String(e)))
    await page.goto(url)
    await page.waitForSelector('.react-flow__node[data-id="txt"]')
    await page.waitForSelector('.banner.warn')
    await shot(page, '01-canvas-portrait-offline')

    await page.click('.react-flow__node[data-id="txt"] .node-head')
    await shot(page, '02-inspector-txt2img')

    await page.click('.react-flow__node[data-id="detail"] .node-head')
    await shot(page, '03-inspector-adetailer-passes')

    await page.click('.main-tabs .tab:nth-child(2)')
    await page.click('.plan-chip:nth-child(1)')
    await shot(page, '04-jobs-config')
    await page.click('.plan-step:nth-child(2) .plan-chip')
    await page.click('.stage-detail .tab:nth-child(2)')
    await shot(page, '05-jobs-payload')

    // Bypass the pack: the graph gets an error, shown on the node and in Problems.
    await page.click('.react-flow__node[data-id="pack"] .node-head')
    await page.keyboard.press('Control+b')
    await page.click('.main-tabs .tab:nth-child(3)')
    await shot(page, '06-problems-bypassed-pack')
    await page.keyboard.press('Control+z')

    // A wire dropped on empty canvas opens the picker of compatible kinds.
    const from = await centreOf(page, '.react-flow__node[data-id="up"] .react-flow__handle-right')
    await page.mouse.move(from.x, from.y)
    await page.mouse.down()
    // Stay clear of the canvas edge, where React Flow pans while a wire is dragged.
    await page.mouse.move(from.x + 50, from.y + 120, { steps: 8 })
    await page.mouse.move(from.x + 70, from.y + 160, { steps: 4 })
    await page.mouse.up()
    await page.waitForSelector('.picker')
    await shot(page, '07-picker-from-image-output')
    await page.keyboard.press('Escape')
    await page.click('.react-flow__controls-fitview')

    // An invalid connection (preset config → upscale image) is refused with the reason.
    const a = await centreOf(page, '.react-flow__node[data-id="people"] .react-flow__handle-right')
    const b = await centreOf(page, '.react-flow__node[data-id="up"] .react-flow__handle-left')
    await page.mouse.move(a.x, a.y)
    await page.mouse.down()
    await page.mouse.move(b.x, b.y, { steps: 12 })
    await shot(page, '08-refused-while-dragging')
    await page.mouse.up()
    await shot(page, '09-refused-toast')

    // Paste a copy, then show the whole canvas again.
    await page.click('.react-flow__node[data-id="txt"] .node-head')
    await page.keyboard.press('Control+c')
    await page.keyboard.press('Control+v')
    await page.click('.main-tabs .tab:nth-child(1)')
    await shot(page, '10-pasted-copy')

    // 10,000 jobs: learning sweep × 17 step values (capped at 100 variants) × 100 batch runs; the job list must stay smooth.
    page.once('dialog', (d) => void d.accept())
    await page.click('.library-item:has-text("Learning sweep")')
    await page.click('.react-flow__node[data-id="sweep"] .node-head')
    await page.click('button:has-text("+ Sweep")')
    const row = page.locator('.sweep-row').nth(2)
    await row.locator('select').selectOption('txt2img.steps')
    await row.locator('input').fill(Array.from({ length: 17 }, (_, i) => 10 + i).join(', '))
    await row.locator('input').press('Enter')
    await page.click('.react-flow__node[data-id="txt"] .node-head')
    await page.fill('#f-txt-batch_runs', '100')
    await page.press('#f-txt-batch_runs', 'Enter')
    await page.click('.main-tabs .tab:nth-child(2)')
    await page.waitForFunction(() => (document.querySelector('.totals b')?.textContent ?? '').replace(/\D/g, '') === '10000')
    const compileMs = await page.locator('.totals .muted').textContent()
    const box = (await page.locator('.job-list').boundingBox())!
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    // A string, not a function: tsx adds helpers to functions that do not exist in the page.
    const frames = page.evaluate(`new Promise((ok) => {
      let n = 0, last = performance.now(), worst = 0
      const end = last + 2000
      const tick = (t) => { n++; worst = Math.max(worst, t - last); last = t; if (t < end) requestAnimationFrame(tick); else ok({ frames: n, worst }) }
      requestAnimationFrame(tick)
    })`) as Promise<{ frames: number; worst: number }>
    for (let i = 0; i < 40; i++) { await page.mouse.wheel(0, 1200); await page.waitForTimeout(40) }
    const stats = await frames
    const rendered = await page.locator('.job-list .vrow').count()
    console.log(`  10,000 jobs (102 variants capped at 100 × 100 batch runs): compile ${compileMs?.trim()}, ${rendered} rows in the DOM, ${stats.frames} frames in 2 s while scrolling, worst frame ${stats.worst.toFixed(1)} ms`)
    await shot(page, '11-jobs-10k')
  } finally {
    await context.close()
    server.close()
    await rm(profile, { recursive: true, force: true })
  }
  if (errors.length) {
    console.error('page errors:\n' + errors.join('\n'))
    process.exitCode = 1
  }
}

await main()
