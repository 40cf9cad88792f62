/**
 * Issue 13 in real Chromium against the real server: a saved graph runs on three packs picked in
 * the library (per-pack job counts before running, one run per pack, outputs filterable by pack);
 * a job draft of two graphs × packs survives a reload and is submitted exactly as previewed; a
 * pack node over several packs shows its jobs grouped by pack.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { node, startApp, until, type App } from './harness.ts'
import { seriousViolations } from './axe.ts'

let app: App
beforeAll(async () => { app = await startApp({ stepMs: 1 }) }, 60_000)
afterAll(async () => { await app?.close() }, 30_000)

const picker = (graphId: string) => `.library-row[data-graph="${graphId}"] .run-on-packs`
const count = (graphId: string, packId: string) => app.page.locator(`${picker(graphId)} li[data-pack="${packId}"] .pack-count`).textContent()
const openPicker = async (graphId: string) => {
  await app.page.click(`.library-row[data-graph="${graphId}"] .link:has-text("Run on packs…")`)
  await app.page.waitForSelector(picker(graphId))
}

describe('running saved graphs on packs', () => {
  it('picks three packs for a saved graph, shows per-pack counts, runs, and filters outputs by pack', async () => {
    const { page } = app
    await page.goto(app.url)
    await page.waitForSelector('.server-pill.online')
    await openPicker('landscape')
    const expected: Record<string, number> = {}
    for (const id of ['portraits', 'landscapes', 'studio']) {
      await expect.poll(() => count('landscape', id)).toMatch(/^\d+ jobs?$/)
      expected[id] = Number((await count('landscape', id))!.split(' ')[0])
      await page.check(`${picker('landscape')} li[data-pack="${id}"] input[type="checkbox"]`)
    }
    const total = Object.values(expected).reduce((a, b) => a + b, 0)
    await expect.poll(() => page.locator(`${picker('landscape')} .run-on-packs-total`).textContent()).toBe(`3 packs: ${total} jobs in 3 runs`)
    // The search narrows the list without losing the choice.
    await page.fill(`${picker('landscape')} input[type="search"]`, 'stud')
    await expect.poll(() => page.locator(`${picker('landscape')} li[data-pack]`).count()).toBe(1)
    await app.shot('80-run-on-packs')
    expect(await seriousViolations(page, 'run on packs')).toEqual([])
    await page.click(`${picker('landscape')} .btn.primary`)
    await page.waitForSelector(`.toast:has-text("Queued 3 runs, ${total} jobs")`)

    // The counts shown are what the server queued, and each run's jobs are under their own pack.
    await until(async () => (await app.api('/api/queue')).counts.queued + (await app.api('/api/queue')).counts.running === 0, 'the runs to finish', 60_000)
    for (const [id, n] of Object.entries(expected)) expect((await app.api(`/api/history?packId=${id}&limit=200`)).total).toBe(n)
    // The saved graph itself was not changed.
    expect((await app.api('/api/graphs/landscape')).nodes.find((n: { kind: string }) => n.kind === 'pack').params).toEqual({ packs: [{ packId: 'landscapes', rows: [] }] })

    // The same choice again is a second set of runs (the server draws a new seed), not a conflict.
    await openPicker('landscape')
    await expect.poll(() => count('landscape', 'studio')).toMatch(/jobs?$/)
    await page.check(`${picker('landscape')} li[data-pack="studio"] input[type="checkbox"]`)
    await page.click(`${picker('landscape')} .btn.primary`)
    await page.waitForSelector(`.toast:has-text("Queued 1 run, ${expected.studio!} job")`)
    await until(async () => (await app.api(`/api/history?packId=studio&limit=200`)).total === 2 * expected.studio!, 'the second studio run to finish', 60_000)

    // History filters by pack.
    await page.click('.main-tabs .tab:has-text("History")')
    await page.selectOption('.history-filters select[aria-label="Pack"]', 'studio')
    await expect.poll(() => page.locator('.history-total').textContent()).toBe(`${2 * expected.studio!} finished jobs`)
    await expect.poll(() => page.locator('.hlist .hrow').count()).toBe(2 * expected.studio!)
    expect(app.errors).toEqual([])
  }, 120_000)

  it('builds a draft of two graphs × packs, keeps it across a reload, and submits it as previewed', async () => {
    const { page } = app
    await page.goto(app.url)
    await page.waitForSelector('.server-pill.online')
    await openPicker('landscape')
    for (const id of ['portraits', 'studio']) {
      await expect.poll(() => count('landscape', id)).toMatch(/jobs?$/)
      await page.check(`${picker('landscape')} li[data-pack="${id}"] input[type="checkbox"]`)
    }
    // Optional rows per pack (1-based): the count follows; a row past the end stops the run with why.
    const rowsOf = `${picker('landscape')} input[aria-label="Rows of Portraits"]`
    await page.fill(rowsOf, '9')
    await page.waitForSelector(`${picker('landscape')} .error-text:has-text("there is no row 9")`)
    expect(await page.locator(`${picker('landscape')} .btn:has-text("Add to draft")`).isDisabled()).toBe(true)
    await page.fill(rowsOf, '1, 3')
    await expect.poll(() => count('landscape', 'portraits')).toBe('2 jobs')
    await page.click(`${picker('landscape')} .btn:has-text("Add to draft")`)
    await page.waitForSelector('.draft-entry')
    expect((await app.api('/api/draft')).entries[0].packs).toEqual([{ packId: 'portraits', rows: [0, 2] }, { packId: 'studio' }])
    await openPicker('learning-sweep')
    await expect.poll(() => count('learning-sweep', 'studio')).toMatch(/jobs?$/)
    await page.check(`${picker('learning-sweep')} li[data-pack="studio"] input[type="checkbox"]`)
    await page.click(`${picker('learning-sweep')} .btn:has-text("Add to draft")`)
    await expect.poll(() => page.locator('.draft-entry').count()).toBe(2)

    const draft = await app.api('/api/draft')
    const runs = draft.entries.flatMap((e: { runs: { runId: string; jobIds: string[] }[] }) => e.runs)
    const jobs = runs.reduce((n: number, r: { jobIds: string[] }) => n + r.jobIds.length, 0)
    expect(runs).toHaveLength(3)
    await expect.poll(() => page.locator('.draft-totals div:first-child b').textContent()).toBe(String(jobs))
    // The preview lists every run's jobs, compiled from the snapshot (nothing flagged as changed).
    await expect.poll(() => page.locator('.draft-run').count()).toBe(3)
    expect(await page.locator('.draft-run .error-text').count()).toBe(0)
    // Any job opens in full: its stages and the exact WebUI request, with the seed drawn when it was added.
    const first = page.locator('.draft-run[data-packs="studio"] .draft-job').first()
    const seed = /seed (\d+)/.exec((await first.textContent()) ?? '')![1]
    await first.click()
    await page.click('.draft-job-detail .stage-detail .tab:has-text("WebUI payload")')
    await expect.poll(() => page.locator('.draft-job-detail pre.payload').first().textContent()).toContain(`"seed": ${seed}`)
    await app.shot('81-job-draft')
    expect(await seriousViolations(page, 'job draft')).toEqual([])

    await page.reload()
    await page.waitForSelector('.server-pill.online')
    await page.click('.main-tabs .tab:has-text("Draft")')
    await expect.poll(() => page.locator('.draft-entry').count()).toBe(2)
    await expect.poll(() => page.locator('.draft-totals div:first-child b').textContent()).toBe(String(jobs))

    await page.click('.draft-actions .btn:has-text("Submit all")')
    await page.waitForSelector(`.toast:has-text("Submitted the draft: 3 runs, ${jobs} jobs")`)
    expect((await app.api('/api/draft')).entries).toEqual([])
    for (const r of runs) {
      const detail = await app.api(`/api/runs/${r.runId}`)
      expect(detail.jobs.map((j: { jobId: string }) => j.jobId)).toEqual(r.jobIds)
    }
    expect(app.errors).toEqual([])
  }, 120_000)

  it('a pack node over several packs shows its jobs grouped by pack', async () => {
    const { page } = app
    await page.goto(app.url)
    await page.waitForSelector('.server-pill.online')
    await page.click('.library-row[data-graph="portrait"] .library-item')
    await page.waitForSelector(node('pack'))
    await page.click(node('pack'))
    await page.selectOption('.inspector select[aria-label="Add a pack"]', 'studio')
    await expect.poll(() => page.locator('.inspector .packs-item').count()).toBe(2)
    expect(await seriousViolations(page, 'pack node with two packs')).toEqual([])
    await page.click('.main-tabs .tab:has-text("Jobs")')
    await expect.poll(() => page.locator('.preview-packs .chip').allTextContents()).toEqual(['portraits · 3 jobs', 'studio · 1 job'])
    await page.click('.main-tabs .tab:has-text("Inspector")')
    await page.click(node('pack'))
    await page.click('.inspector button[aria-label="Move studio up"]')
    await page.click('.main-tabs .tab:has-text("Jobs")')
    await expect.poll(() => page.locator('.preview-packs .chip').allTextContents()).toEqual(['studio · 1 job', 'portraits · 3 jobs'])
    expect(app.errors).toEqual([])
  }, 60_000)

  it('numbers several wires into one prompts input on the canvas and reorders them from the inspector', async () => {
    const { page } = app
    const graph = {
      version: 3, id: 'two-wires', name: 'Two packs into one stage', description: '', tags: [], viewport: { x: 0, y: 0, zoom: 1 },
      nodes: [
        { id: 'a', kind: 'pack', position: { x: 0, y: 0 }, params: { packs: [{ packId: 'portraits', rows: [0] }] }, label: 'People' },
        { id: 'b', kind: 'pack', position: { x: 0, y: 260 }, params: { packs: [{ packId: 'studio', rows: [] }] }, label: 'Bottle' },
        { id: 't', kind: 'txt2img', position: { x: 360, y: 100 }, params: {} },
      ],
      edges: [
        { id: 'e1', source: 'a', sourcePort: 'prompts', target: 't', targetPort: 'prompts' },
        { id: 'e2', source: 'b', sourcePort: 'prompts', target: 't', targetPort: 'prompts' },
      ],
    }
    await app.api('/api/graphs/two-wires', { method: 'PUT', json: graph })
    await page.goto(`${app.url}/?graph=two-wires`)
    await page.waitForSelector('.server-pill.online')
    await page.waitForSelector(node('t'))
    await expect.poll(() => page.locator('.react-flow__edge-text').allTextContents()).toEqual(['1', '2'])
    await page.click(`${node('t')} .node-head`)
    await page.click('.main-tabs .tab:has-text("Inspector")')
    await expect.poll(() => page.locator('.input-order-list li span').allTextContents()).toEqual(['1. People', '2. Bottle'])
    await page.click('.input-order button[aria-label="Move Bottle earlier"]')
    await expect.poll(() => page.locator('.input-order-list li span').allTextContents()).toEqual(['1. Bottle', '2. People'])
    await page.click('.main-tabs .tab:has-text("Jobs")')
    await expect.poll(() => page.locator('.preview-packs .chip').allTextContents()).toEqual(['studio · 1 job', 'portraits · 1 job'])
    // Saved with the graph: the order is on the edges.
    await page.keyboard.press('Control+s')
    await until(async () => (await app.api('/api/graphs/two-wires')).edges.some((e: { order?: number }) => e.order !== undefined), 'the order saved')
    const saved = (await app.api('/api/graphs/two-wires')).edges.map((e: { id: string; order?: number }) => [e.id, e.order])
    expect(saved).toEqual([['e1', 1], ['e2', 0]])
    expect(app.errors).toEqual([])
  }, 60_000)
})
