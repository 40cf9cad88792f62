/**
 * The canvas conventions ComfyUI and InvokeAI users bring, clicked through as a person would in
 * real Chromium against the real server: double-click node search, right-click menus (add,
 * delete, duplicate, bypass, align, group), groups that carry their nodes, notes (never
 * compiled), Ctrl+A, paste at the cursor, placement in view without overlap (and auto-pan on a
 * wire dropped at the edge), the Inspector coming forward, Ctrl+Enter running the graph as
 * displayed, the queue grouped by run with a measured ETA and cancel all, the lightbox's
 * previous/next, copying a payload, and hiding the minimap.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { centreOf, mouseDrag, node, startApp, until, type App } from './harness.ts'

let app: App

beforeAll(async () => { app = await startApp({ stepMs: 2 }) }, 60_000)
afterAll(async () => { await app?.close() }, 30_000)

type Box = { x: number; y: number; width: number; height: number }
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
const inside = (inner: Box, outer: Box) => inner.x >= outer.x - 1 && inner.y >= outer.y - 1 && inner.x + inner.width <= outer.x + outer.width + 1 && inner.y + inner.height <= outer.y + outer.height + 1

async function box(page: Page, selector: string): Promise<Box> {
  const b = await page.locator(selector).first().boundingBox()
  if (!b) throw new Error(`no box for ${selector}`)
  return b
}

/** Boxes of every canvas item except groups, by id. */
async function nodeBoxes(page: Page): Promise<Map<string, Box>> {
  const out = new Map<string, Box>()
  for (const el of await page.locator('.react-flow__node:not(.react-flow__node-frame)').all()) {
    const id = await el.getAttribute('data-id')
    const b = await el.boundingBox()
    if (id && b) out.set(id, b)
  }
  return out
}

/** A point of empty canvas (the pane itself is under it), nearest to the given fractions of the canvas. */
async function emptyPoint(page: Page, fx: number, fy: number): Promise<{ x: number; y: number }> {
  const c = await box(page, '.canvas')
  const p = await page.evaluate(({ c, fx, fy }) => {
    const candidates: { x: number; y: number; d: number }[] = []
    for (let x = c.x + 60; x < c.x + c.width - 60; x += 20) {
      for (let y = c.y + 60; y < c.y + c.height - 60; y += 20) candidates.push({ x, y, d: Math.hypot(x - (c.x + c.width * fx), y - (c.y + c.height * fy)) })
    }
    candidates.sort((a, b) => a.d - b.d)
    // Empty with room around it: the pane under the point and 40 px to each side.
    return candidates.find((p) => [[0, 0], [40, 0], [-40, 0], [0, 40], [0, -40]].every(([dx, dy]) => document.elementFromPoint(p.x + dx!, p.y + dy!)?.classList.contains('react-flow__pane'))) ?? null
  }, { c, fx, fy })
  if (!p) throw new Error('no empty canvas point')
  return p
}

async function expectNoOverlaps(page: Page, id: string) {
  const boxes = await nodeBoxes(page)
  const mine = boxes.get(id)!
  for (const [other, b] of boxes) if (other !== id) expect(overlaps(mine, b), `${id} overlaps ${other}`).toBe(false)
}

const selectedTab = (page: Page) => page.locator('.main-tabs .tab[aria-selected="true"]').textContent()

describe('canvas conventions', () => {
  it('double-click on empty canvas opens node search; Enter adds the node there, on free space', async () => {
    const { page } = app
    await page.goto(app.url)
    await page.waitForSelector('.server-pill.online')
    await page.click('.library-row[data-graph="portrait"] .library-item')
    for (const id of ['pack', 'people', 'txt', 'detail', 'up']) await page.waitForSelector(node(id))
    await expect.poll(() => page.locator('.topbar-totals').textContent()).toContain('3 jobs')

    const p = await emptyPoint(page, 0.5, 0.85)
    await page.mouse.dblclick(p.x, p.y)
    await page.waitForSelector('.node-search')
    await page.keyboard.type('upsc')
    await app.shot('60-node-search')
    await page.keyboard.press('Enter')
    await page.waitForSelector(node('upscale-1'))
    expect(await page.locator('.node-search').count()).toBe(0)
    const added = await box(page, node('upscale-1'))
    expect(Math.hypot(added.x + added.width / 2 - p.x, added.y - p.y)).toBeLessThan(250)
    expect(inside(added, await box(page, '.canvas'))).toBe(true)

    // Right beside it: a note would land on the first node; it is placed next to it instead.
    const q = await emptyPoint(page, 0.5, 0.85)
    await page.mouse.dblclick(q.x, q.y)
    await page.waitForSelector('.node-search')
    await page.keyboard.type('note')
    await page.keyboard.press('Enter')
    await page.waitForSelector(node('note-1'))
    await expectNoOverlaps(page, 'note-1')
    await expectNoOverlaps(page, 'upscale-1')
    await page.fill(`${node('note-1')} textarea`, 'Try CFG 5 next time {a|b} __nope__')
    await page.mouse.click((await emptyPoint(page, 0.1, 0.1)).x, (await emptyPoint(page, 0.1, 0.1)).y)
  }, 60_000)

  it('right-click menus: delete, duplicate, bypass, align, and a group that carries its nodes', async () => {
    const { page } = app
    // The stray upscale is an error; deleting it from its menu leaves a graph the note does not disturb.
    await page.click(`${node('upscale-1')} .node-head`, { button: 'right' })
    await page.waitForSelector('.context-menu[aria-label="Node menu"]')
    await page.click('.context-menu .menu-item:has-text("Delete")')
    await expect.poll(() => page.locator(node('upscale-1')).count()).toBe(0)
    await expect.poll(() => page.locator('.topbar-totals').textContent()).toContain('3 jobs')
    await expect.poll(() => page.locator('.topbar-totals .error-pill').count()).toBe(0)

    // On empty canvas: add node / note / group, paste, select all.
    const empty = await emptyPoint(page, 0.3, 0.85)
    await page.mouse.click(empty.x, empty.y, { button: 'right' })
    const paneItems = await page.locator('.context-menu[aria-label="Canvas menu"] .menu-item').allTextContents()
    expect(paneItems.map((t) => t.replace(/(double-click|Ctrl\+\w)$/, ''))).toEqual(['Add node…', 'Add note', 'Add group', 'Paste here', 'Select all'])
    await page.keyboard.press('Escape')

    // Duplicate → bypass → delete, each from the node's menu.
    await page.click(`${node('detail')} .node-head`, { button: 'right' })
    await page.click('.context-menu .menu-item:has-text("Duplicate")')
    await page.waitForSelector(node('adetailer-1'))
    await expectNoOverlaps(page, 'adetailer-1')
    await page.click(`${node('adetailer-1')} .node-head`, { button: 'right' })
    await page.click('.context-menu .menu-item:has-text("Bypass")')
    await page.waitForSelector(`${node('adetailer-1')} .node-flag:has-text("bypassed")`)
    await page.click(`${node('adetailer-1')} .node-head`, { button: 'right' })
    await page.click('.context-menu .menu-item:has-text("Delete")')
    await expect.poll(() => page.locator(node('adetailer-1')).count()).toBe(0)

    // Align: txt and people (Ctrl+click adds to the selection), tops aligned.
    await page.click(`${node('people')} .node-head`)
    await page.click(`${node('txt')} .node-head`, { modifiers: ['Control'] })
    await page.click(`${node('txt')} .node-head`, { button: 'right' })
    await page.waitForSelector('.context-menu .menu-head:has-text("2 selected")')
    await page.click('.context-menu .menu-item:has-text("Align top")')
    await expect.poll(async () => Math.round((await box(page, node('people'))).y)).toBe(Math.round((await box(page, node('txt'))).y))

    // Ctrl+A selects everything; Group wraps it; the group is saved as such, outside the jobs.
    await page.mouse.click(empty.x, empty.y)
    await page.keyboard.press('Control+a')
    const total = await page.locator('.react-flow__node').count()
    await expect.poll(() => page.locator('.react-flow__node.selected').count()).toBe(total)
    await page.click(`${node('up')} .node-head`, { button: 'right' })
    await page.click('.context-menu .menu-item:has-text("Group")')
    await page.waitForSelector(node('group-1'))
    const frame = await box(page, node('group-1'))
    for (const [id, b] of await nodeBoxes(page)) expect(inside(b, frame), `${id} inside the group`).toBe(true)

    await page.dblclick(`${node('group-1')} .frame-title`)
    await page.fill('.frame-title-input', 'Portrait pipeline')
    await page.keyboard.press('Enter')
    await page.waitForSelector(`${node('group-1')} .frame-title:has-text("Portrait pipeline")`)
    await app.shot('61-group-and-note')

    // Dragging the title moves the group and everything in it by the same amount.
    await page.mouse.click(empty.x, empty.y)
    const before = await nodeBoxes(page)
    const title = await centreOf(page, `${node('group-1')} .frame-title`)
    await mouseDrag(page, title, { x: title.x + 120, y: title.y + 80 })
    const moved = await box(page, node('group-1'))
    const dx = moved.x - frame.x
    const dy = moved.y - frame.y
    expect(Math.abs(dx)).toBeGreaterThan(60)
    for (const [id, b] of await nodeBoxes(page)) {
      expect(Math.abs(b.x - before.get(id)!.x - dx), `${id} moved with the group`).toBeLessThan(1.5)
      expect(Math.abs(b.y - before.get(id)!.y - dy)).toBeLessThan(1.5)
    }

    // Autosaved to the library with its group and note; the jobs are the same three.
    await until(async () => {
      const g = await app.api('/api/graphs/portrait')
      return g.groups?.[0]?.title === 'Portrait pipeline' && g.notes?.[0]?.text.startsWith('Try CFG 5') && g.groups[0].position.x !== 0
    }, 'the group and note in the saved graph')
    const saved = await app.api('/api/graphs/portrait')
    expect(saved.nodes.map((n: { id: string }) => n.id)).toEqual(['pack', 'people', 'txt', 'detail', 'up'])
    const compiled = await app.api('/api/compile', { method: 'POST', json: { graph: saved } })
    expect(compiled.errors).toEqual([])
    expect(compiled.run.totals.jobs).toBe(3)
  }, 90_000)

  it('Ctrl+C, then Ctrl+V pastes at the cursor; palette clicks and wire drops place new nodes in view', async () => {
    const { page } = app
    await page.click(`${node('pack')} .node-head`)
    await page.keyboard.press('Control+c')
    const q = await emptyPoint(page, 0.6, 0.15)
    await page.mouse.move(q.x, q.y)
    await page.keyboard.press('Control+v')
    await page.waitForSelector(node('pack-1'))
    const pasted = await box(page, node('pack-1'))
    // At the cursor, on the 20-unit snap grid.
    expect(Math.abs(pasted.x - q.x)).toBeLessThan(15)
    expect(Math.abs(pasted.y - q.y)).toBeLessThan(15)
    await page.keyboard.press('Delete')
    await expect.poll(() => page.locator(node('pack-1')).count()).toBe(0)

    // Palette clicks: in view, never on a node or under the minimap.
    const canvas = await box(page, '.canvas')
    const minimap = await box(page, '.canvas .react-flow__panel.minimap')
    for (const id of ['upscale-1', 'upscale-2']) {
      await page.click('.palette-item:has-text("Upscale")')
      await page.waitForSelector(node(id))
      await page.waitForTimeout(250) // a pan into view animates for 200 ms
      const b = await box(page, node(id))
      expect(inside(b, canvas), `${id} in view`).toBe(true)
      expect(overlaps(b, minimap), `${id} clear of the minimap`).toBe(false)
      await expectNoOverlaps(page, id)
    }

    // A wire dropped at the canvas's right edge: the new node is panned into view.
    const from = await centreOf(page, `${node('txt')} .react-flow__handle-right[data-handleid="image"]`)
    await mouseDrag(page, from, { x: canvas.x + canvas.width - 12, y: from.y })
    await page.waitForSelector('.picker')
    await page.click('.picker .picker-item:has-text("Upscale")')
    await page.waitForSelector(node('upscale-3'))
    await page.waitForTimeout(300)
    expect(inside(await box(page, node('upscale-3')), canvas)).toBe(true)
    await expectNoOverlaps(page, 'upscale-3')

    // Tidy up: the three new nodes go in one step each with Delete.
    for (const id of ['upscale-1', 'upscale-2', 'upscale-3']) {
      await page.click(`${node(id)} .node-head`)
      await page.keyboard.press('Delete')
    }
    await expect.poll(() => page.locator('.topbar-totals .error-pill').count()).toBe(0)
  }, 90_000)

  it('selecting a node brings the Inspector forward; Ctrl+Enter runs what is typed; the queue groups runs with an ETA and cancels all', async () => {
    const { page } = app
    await page.click('.main-tabs .tab:has-text("Queue")')
    await page.click(`${node('txt')} .node-head`)
    expect(await selectedTab(page)).toBe('Inspector')

    // Paused: the first run waits, with no measured stage times yet, so no ETA.
    await app.api('/api/queue/pause', { method: 'POST' })
    await page.fill('#f-txt-steps', '12') // typed, not committed (no Enter, no blur)
    await page.keyboard.press('Control+Enter')
    await page.waitForSelector('.toast:has-text("Queued: 3 jobs")')
    const first = (await app.api('/api/queue')).jobs.filter((j: { state: string }) => j.state === 'queued')
    expect(first).toHaveLength(3)
    const spec = (await app.api(`/api/jobs/${first[0].jobId}`)).spec
    expect(spec.plan.stages[0].config.values.steps).toBe(12)
    await page.click('.main-tabs .tab:has-text("Queue")')
    await page.waitForSelector('.run-group')
    // "—" is the server's answer (no measurement yet), not a placeholder: before it answers, "…".
    await expect.poll(() => page.locator('.queue-eta b').textContent(), { timeout: 10_000 }).toBe('—')
    expect(await page.locator('.run-group .run-eta').textContent()).toBe('—')

    await page.click('.queue-head .btn:has-text("Resume")')
    await until(async () => { const c = (await app.api('/api/queue')).counts; return c.queued + c.running === 0 && c.succeeded === 3 }, 'the first run to finish')

    // Two more runs while paused: two groups, each with a measured ETA.
    await page.click('.queue-head .btn:has-text("Pause")')
    await page.waitForSelector('.queue-head .btn:has-text("Resume")')
    await page.keyboard.press('Control+Enter')
    await page.waitForSelector('.toast:has-text("Queued: 3 jobs")')
    await page.waitForSelector('.run-buttons .btn.primary:not([disabled])')
    await page.keyboard.press('Control+Shift+Enter')
    // Polled on the text, so a failure says what the toast said instead (a refusal, a lost stream).
    await expect.poll(() => page.locator('.toast').first().textContent({ timeout: 1000 }).catch(() => null), { timeout: 30_000 }).toMatch(/Running now: 3 jobs/)
    await expect.poll(() => page.locator('.run-group').count()).toBe(2)
    await expect.poll(() => page.locator('.queue-eta b').textContent(), { timeout: 10_000 }).toMatch(/^(< 1 s|\d+ s|\d+ min \d\d s)$/)
    await expect.poll(() => page.locator('.run-group .run-eta').allTextContents(), { timeout: 10_000 }).toEqual([expect.stringMatching(/^(< 1 s|\d+ s)$/), expect.stringMatching(/^(< 1 s|\d+ s)$/)])
    await app.shot('62-queue-grouped-eta')

    await page.click('.queue-head .btn:has-text("Cancel all")')
    await page.click('.queue-head .confirm-inline .btn:has-text("Yes")')
    await expect.poll(() => page.locator('.run-group').count()).toBe(0)
    const counts = (await app.api('/api/queue')).counts
    expect(counts).toMatchObject({ queued: 0, running: 0, cancelled: 6, succeeded: 3 })
    await app.api('/api/queue/resume', { method: 'POST' })
  }, 90_000)

  it('lightbox steps through a node’s images; a payload can be copied; the minimap can be hidden, remembered', async () => {
    const { page, context } = app
    await page.waitForSelector(`${node('txt')} .thumb-open`)
    await expect.poll(() => page.locator(`${node('txt')} .thumb-open`).count()).toBe(3)
    await page.click(`${node('txt')} .thumb-open >> nth=0`)
    await page.waitForSelector('.lightbox .lightbox-count:has-text("1 / 3")')
    const src1 = await page.getAttribute('.lightbox-image img', 'src')
    await page.keyboard.press('ArrowRight')
    await page.waitForSelector('.lightbox .lightbox-count:has-text("2 / 3")')
    expect(await page.getAttribute('.lightbox-image img', 'src')).not.toBe(src1)
    await page.click('.lightbox [aria-label="Next image"]')
    await page.waitForSelector('.lightbox .lightbox-count:has-text("3 / 3")')
    expect(await page.locator('.lightbox [aria-label="Next image"]').isDisabled()).toBe(true)
    await page.keyboard.press('ArrowLeft')
    await page.waitForSelector('.lightbox .lightbox-count:has-text("2 / 3")')
    await app.shot('63-lightbox-next')
    await page.keyboard.press('Escape')
    await expect.poll(() => page.locator('.lightbox').count()).toBe(0)

    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url })
    await page.click('.main-tabs .tab:has-text("Jobs")')
    await page.click('.plan-chip >> nth=0')
    await page.click('.stage-detail .tab:has-text("WebUI payload")')
    await page.click('.stage-detail .copy-btn')
    await page.waitForSelector('.stage-detail .copy-btn:has-text("Copied")')
    const copied = await page.evaluate(() => navigator.clipboard.readText())
    expect(copied).toBe(await page.locator('.stage-detail pre.payload').textContent())
    expect(JSON.parse(copied).steps).toBe(12)

    const minimap = '.canvas .react-flow__panel.minimap'
    expect(await page.locator(minimap).count()).toBe(1)
    await page.click('.minimap-toggle')
    await expect.poll(() => page.locator(minimap).count()).toBe(0)
    await page.reload()
    await page.waitForSelector(node('txt'))
    expect(await page.locator(minimap).count()).toBe(0)
    expect(await page.getAttribute('.minimap-toggle', 'aria-pressed')).toBe('false')
    await page.click('.minimap-toggle')
    await expect.poll(() => page.locator(minimap).count()).toBe(1)
    expect(app.errors).toEqual([])
  }, 90_000)
})
