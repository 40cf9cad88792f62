/**
 * Graph documents in real Chromium against the real server (docs/editor.md "Documents"), one test
 * per defect of issue #10 §1: a graph's id is its own from creation, so outputs, ratings and
 * history stay with it through Save; Save clears the browser draft; Discard discards; autosaves
 * are coalesced into one version; restore is one click and undoable; Run acts on a field still
 * being typed in; the title shows unsaved changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { centreOf, mouseDrag, node, respond, startApp, until, type App } from './harness.ts'
import { answer } from './dialogs.ts'

let app: App

beforeAll(async () => { app = await startApp({ stepMs: 2 }) }, 60_000)
afterAll(async () => { await app?.close() }, 30_000)

const handle = (id: string, side: 'left' | 'right', port: string) => `${node(id)} .react-flow__handle-${side}[data-handleid="${port}"]`
/** The open document's id, from the browser record (or the record the editor kept before documents had ids). */
const docId = () => app.page.evaluate(() => (JSON.parse(localStorage.getItem('stablenew:document') ?? localStorage.getItem('stablenew:open') ?? 'null')?.id as string | undefined))
const thumbs = (id: string) => app.page.locator(`${node(id)} .thumb[data-artifact]`).count()

async function dropKind(label: string, dx: number, dy: number) {
  await app.page.dragAndDrop(`.palette-item:has-text("${label}")`, '.canvas .react-flow__pane', { targetPosition: { x: dx, y: dy } })
}

/** New graph → Prompt pack (portraits) wired into txt2img: 3 jobs. */
async function buildNewGraph() {
  const { page } = app
  await page.click('.library-tabs .tab:has-text("Graphs")')
  await answer(app, () => page.click('.library-actions .btn:has-text("New")'), { optional: true })
  await page.waitForSelector('.graph-name[value="Untitled"]')
  await expect.poll(() => page.locator('.react-flow__node').count()).toBe(0)
  await dropKind('Prompt pack', 160, 220)
  await page.waitForSelector(node('pack-1'))
  await page.locator('.inspector .field-row select').first().selectOption('portraits')
  await dropKind('txt2img', 520, 200)
  await page.waitForSelector(node('txt2img-1'))
  await mouseDrag(page, await centreOf(page, handle('pack-1', 'right', 'prompts')), await centreOf(page, handle('txt2img-1', 'left', 'prompts')))
  await expect.poll(() => page.locator('.topbar-totals').textContent()).toContain('3 jobs')
}

async function runAndWait(graphIdNow: string) {
  const before = (await app.api('/api/queue')).counts.succeeded as number
  await app.page.click('.run-buttons .btn.primary')
  await app.page.waitForSelector('.toast:has-text("Queued: 3 jobs")')
  await until(async () => (await app.api('/api/queue')).counts.succeeded === before + 3, 'the run done')
  const jobs = (await app.api('/api/history?limit=3')).jobs as { graphId: string }[]
  expect(jobs.map((j) => j.graphId)).toEqual([graphIdNow, graphIdNow, graphIdNow])
}

async function reloadOnline() {
  await app.page.reload()
  await app.page.waitForSelector('.server-pill.online')
}

describe('graph documents', () => {
  let firstId = ''

  it('a new graph has its own id; its outputs stay on its nodes when it is saved under a name, and after a reload', async () => {
    const { page } = app
    await page.goto(app.url)
    await page.waitForSelector('.server-pill.online')
    await buildNewGraph()
    firstId = (await docId())!
    expect(firstId).not.toMatch(/^untitled/)
    await runAndWait(firstId)
    await expect.poll(() => thumbs('txt2img-1')).toBeGreaterThan(0)

    await answer(app, () => page.click('.library-actions .btn:has-text("Save"):not(:has-text("as"))'), { values: ['Keeps its outputs'] })
    await page.waitForSelector('.dirty.saved')
    const savedId = (await docId())!
    expect(savedId, 'the id survives Save').toBe(firstId)
    await page.waitForSelector(`.library-row.current[data-graph="${firstId}"]:has-text("Keeps its outputs")`)
    expect(await thumbs('txt2img-1')).toBeGreaterThan(0)
    await reloadOnline()
    await page.waitForSelector('.graph-name[value="Keeps its outputs"]')
    await expect.poll(() => thumbs('txt2img-1')).toBeGreaterThan(0) // outputs after reload
    // History names the graph its jobs belong to.
    await page.click('.main-tabs .tab:has-text("History")')
    await expect.poll(() => page.locator('.hrow .qmeta').first().textContent()).toContain('Keeps its outputs') // history name
    await app.shot('50-documents-outputs-kept')
  }, 90_000)

  it('after the first Save the draft is gone: a reload shows the saved graph, edits reach the library, Save asks nothing', async () => {
    const { page } = app
    // (Reloaded in the test above.) Saved, not a draft.
    await page.waitForSelector('.dirty.saved')
    await page.click(`${node('txt2img-1')} .node-head`)
    await page.click('.main-tabs .tab:has-text("Inspector")')
    await page.fill('#f-txt2img-1-steps', '21')
    await page.press('#f-txt2img-1-steps', 'Enter')
    await until(async () => (await app.api(`/api/graphs/${firstId}`)).nodes.find((n: { id: string }) => n.id === 'txt2img-1').params.steps === 21, 'the edit autosaved')
    await page.waitForSelector('.dirty.saved')
    const seen = app.dialogs.length
    await page.click('.library-tabs .tab:has-text("Graphs")')
    await page.click('.library-actions .btn:has-text("Save"):not(:has-text("as"))')
    await page.waitForSelector('.toast:has-text("Saved “Keeps its outputs”")')
    expect(await page.locator('dialog[open]').count()).toBe(0)
    expect(app.dialogs.slice(seen)).toEqual([])
    expect((await app.api('/api/graphs')).graphs.filter((g: { name: string }) => g.name === 'Keeps its outputs')).toHaveLength(1)
  }, 60_000)

  it('a new graph that never ran shows no other graph’s outputs, before or after a reload', async () => {
    const { page } = app
    await buildNewGraph()
    const secondId = await docId()
    expect(secondId).not.toBe(firstId)
    await reloadOnline()
    await page.waitForSelector(node('txt2img-1'))
    // The first graph's outputs (same stage id txt2img-1) load within this time when they belong here (test 1).
    await page.waitForTimeout(1500)
    expect(await thumbs('txt2img-1')).toBe(0)
  }, 60_000)

  it('discarding an unsaved graph discards it: a reload opens what was opened instead', async () => {
    const { page } = app
    // The unsaved graph from the test above is open, with changes.
    await page.waitForSelector('.dirty.on')
    await answer(app, () => page.click('.library-row[data-graph="landscape"] .library-item'))
    await page.waitForSelector('.graph-name[value^="Landscape"]')
    await reloadOnline()
    await page.waitForSelector('.library-row.current[data-graph="landscape"]')
    expect(await page.locator('.graph-name').inputValue()).toMatch(/^Landscape/)
    expect(await page.locator(node('txt2img-1')).count()).toBe(0)
  }, 60_000)

  it('autosaves make one version per window; Save makes one; the list counts them right', async () => {
    const { page } = app
    await page.click(`.library-row[data-graph="${firstId}"] .library-item`)
    await page.waitForSelector('.graph-name[value="Keeps its outputs"]')
    const before = (await app.api(`/api/graphs/${firstId}/versions`)).versions.length as number
    await page.click(`${node('txt2img-1')} .node-head`)
    await page.click('.main-tabs .tab:has-text("Inspector")')
    for (const steps of [22, 23, 24, 25]) {
      await page.fill('#f-txt2img-1-steps', String(steps))
      await page.press('#f-txt2img-1-steps', 'Enter')
      await until(async () => (await app.api(`/api/graphs/${firstId}`)).nodes.find((n: { id: string }) => n.id === 'txt2img-1').params.steps === steps, `steps ${steps} autosaved`)
    }
    const versions = (await app.api(`/api/graphs/${firstId}/versions`)).versions as { kind: string }[]
    // Four autosaves within minutes: one snapshot.
    expect(versions.length).toBe(before + 1)
    expect(versions.map((v) => v.kind)).toEqual(['autosave', ...Array(before).fill('save')])
    await page.click('.library-tabs .tab:has-text("Graphs")')
    const row = page.locator(`.library-row[data-graph="${firstId}"]`)
    await expect.poll(() => row.locator('.link:has-text("version")').textContent()).toBe(`${before + 1} versions`)
    await row.locator('.link:has-text("version")').click()
    await expect.poll(() => row.locator('.versions li').count()).toBe(before + 1)
    await app.shot('51-documents-versions')
  }, 60_000)

  it('restore is one click and undoable', async () => {
    const { page } = app
    const row = page.locator(`.library-row[data-graph="${firstId}"]`)
    const steps = async () => (await app.api(`/api/graphs/${firstId}`)).nodes.find((n: { id: string }) => n.id === 'txt2img-1').params.steps
    // The oldest version is the first Save, before any steps were set.
    await row.locator('.versions li').last().locator('.link:has-text("Restore")').click()
    await page.waitForSelector('.toast:has-text("Restored version")')
    expect(await page.locator('dialog[open]').count()).toBe(0)
    await until(async () => (await steps()) === undefined, 'the restored content saved')
    await page.click('.topbar .icon-btn[title^="Undo"]')
    await until(async () => (await steps()) === 25, 'the undo autosaved')
  }, 60_000)

  it('Run acts on a field still being typed in (Run was blocked by the old value)', async () => {
    const { page } = app
    await page.click(`${node('txt2img-1')} .node-head`)
    await page.click('.main-tabs .tab:has-text("Inspector")')
    await page.fill('#f-txt2img-1-steps', '0')
    await page.press('#f-txt2img-1-steps', 'Enter')
    await page.waitForSelector('.run-reason:has-text("Fix")')
    // Type the fix and click Run at once, without leaving the field first.
    await page.fill('#f-txt2img-1-steps', '27')
    const before = (await app.api('/api/queue')).counts.succeeded as number
    await page.click('.run-buttons .btn.primary')
    await page.waitForSelector('.toast:has-text("Queued: 3 jobs")')
    await until(async () => (await app.api('/api/queue')).counts.succeeded === before + 3, 'the run done')
    const [newest] = (await app.api('/api/history?limit=1')).jobs as { jobId: string }[]
    const job = await app.api(`/api/jobs/${newest!.jobId}`)
    expect(job.spec.plan.stages[0].config.values.steps).toBe(27)
  }, 60_000)

  it('Save as goes on under the new name with the same id and outputs; the library keeps the old one as saved', async () => {
    const { page } = app
    await page.click('.library-tabs .tab:has-text("Graphs")')
    await page.click(`.library-row[data-graph="${firstId}"] .library-item`)
    await page.waitForSelector('.graph-name[value="Keeps its outputs"]')
    await page.waitForSelector('.dirty.saved')
    const saved = await app.api(`/api/graphs/${firstId}`)
    await page.click('.library-actions .btn:has-text("Save as")')
    await respond(page, ['Second take'])
    await page.waitForSelector('.toast:has-text("Saved as “Second take”")')
    await page.waitForSelector(`.library-row.current[data-graph="${firstId}"]:has-text("Second take")`)
    expect(await docId()).toBe(firstId)
    await expect.poll(() => thumbs('txt2img-1')).toBeGreaterThan(0)
    const list = (await app.api('/api/graphs')).graphs as { id: string; name: string }[]
    const kept = list.find((g) => g.name === 'Keeps its outputs')
    expect(kept && kept.id).not.toBe(firstId)
    const keptGraph = await app.api(`/api/graphs/${kept!.id}`)
    expect({ ...keptGraph, id: firstId }).toEqual(saved)
  }, 60_000)

  it('the window title shows unsaved changes', async () => {
    const { page } = app
    await page.click('.library-tabs .tab:has-text("Graphs")')
    await answer(app, () => page.click('.library-actions .btn:has-text("New")'), { optional: true })
    await expect.poll(() => page.title()).toBe('Untitled (not in the library) — StableNew Flow')
    await dropKind('txt2img', 300, 200)
    await expect.poll(() => page.title()).toBe('● Untitled (not in the library) — StableNew Flow')
    expect(app.errors).toEqual([])
  }, 60_000)
})
