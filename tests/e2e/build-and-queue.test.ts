/**
 * A new user builds a graph from scratch in real Chromium against the real server: kinds from
 * the palette, a wire between them, an invalid wire refused with the reason, Save (then
 * autosave), the stage's settings saved as a preset and loaded into a fresh node; then the
 * queue: Run while paused, drag a job to the front, Run now, edit and cancel queued jobs, resume.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { centreOf, mouseDrag, node, respond, startApp, until, type App } from './harness.ts'

let app: App
/** The library id the built graph got when it was created (New), kept through Save. */
let builtId = ''

beforeAll(async () => { app = await startApp({ stepMs: 2 }) }, 60_000)
afterAll(async () => { await app?.close() }, 30_000)

const handle = (id: string, side: 'left' | 'right', port: string) => `${node(id)} .react-flow__handle-${side}[data-handleid="${port}"]`

async function dropKind(label: string, dx: number, dy: number) {
  const box = (await app.page.locator('.canvas').boundingBox())!
  await app.page.dragAndDrop(`.palette-item:has-text("${label}")`, '.canvas .react-flow__pane', { targetPosition: { x: dx, y: dy } })
  return box
}

describe('build a graph from scratch, presets, and the queue', () => {
  it('builds pack → txt2img from the palette and connects it', async () => {
    const { page } = app
    await page.goto(app.url)
    await page.waitForSelector('.server-pill.online')
    await page.click('.library-actions .btn:has-text("New")')
    await page.waitForSelector('.graph-name[value="Untitled"]')
    expect(await page.locator('.react-flow__node').count()).toBe(0)
    builtId = await page.evaluate(() => JSON.parse(localStorage.getItem('stablenew:document') ?? '{}').id)
    expect(builtId).toMatch(/^g-[a-z0-9]{12}$/)

    await dropKind('Prompt pack', 160, 220)
    await page.waitForSelector(node('pack-1'))
    // The new node is selected: pick the pack in the inspector.
    await page.locator('.inspector .field-row select').first().selectOption('portraits')
    await dropKind('txt2img', 520, 200)
    await page.waitForSelector(node('txt2img-1'))

    await mouseDrag(page, await centreOf(page, handle('pack-1', 'right', 'prompts')), await centreOf(page, handle('txt2img-1', 'left', 'prompts')))
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(1)
    await expect.poll(() => page.locator('.topbar-totals').textContent()).toContain('3 jobs')
    expect(await page.locator('.topbar-totals .error-pill').count()).toBe(0)
  }, 60_000)

  it('refuses an invalid connection and says why', async () => {
    const { page } = app
    await dropKind('Upscale', 520, 420)
    await page.waitForSelector(node('upscale-1'))
    // With an unconnected Upscale the graph has an error: Run is disabled with the reason.
    await expect.poll(() => page.locator('.run-buttons .btn.primary').getAttribute('aria-disabled')).toBe('true')
    await page.waitForSelector('.run-reason:has-text("Fix")')
    let whileDragging = ''
    await mouseDrag(page, await centreOf(page, handle('pack-1', 'right', 'prompts')), await centreOf(page, handle('upscale-1', 'left', 'image')), {
      beforeUp: async () => {
        whileDragging = (await page.locator('.connect-reason').textContent({ timeout: 5000 })) ?? ''
        await app.shot('30-invalid-connection-refused')
      },
    })
    expect(whileDragging).toMatch(/Can’t connect: .*prompts.*image|Can’t connect: .*image.*prompts/)
    await page.waitForSelector('.toast.error:has-text("Can’t connect")')
    expect(await page.locator('.react-flow__edge').count()).toBe(1)
    // Remove the stray node: the graph runs again.
    await page.click(`${node('upscale-1')} .node-head`)
    await page.keyboard.press('Delete')
    await expect.poll(() => page.locator('.run-buttons .btn.primary').getAttribute('aria-disabled')).toBe('false')
  }, 60_000)

  it('saves the graph to the library, then autosaves an edit', async () => {
    const { page } = app
    await page.click('.library-actions .btn:has-text("Save"):not(:has-text("as"))')
    await respond(page, ['Built from scratch'])
    await page.waitForSelector('.dirty.saved')
    await page.waitForSelector(`.library-row.current[data-graph="${builtId}"]:has-text("Built from scratch")`)
    await page.click(`${node('txt2img-1')} .node-head`)
    await page.fill('#f-txt2img-1-steps', '33')
    await page.press('#f-txt2img-1-steps', 'Enter')
    await page.fill('#f-txt2img-1-cfg_scale', '4.5')
    await page.press('#f-txt2img-1-cfg_scale', 'Enter')
    await page.waitForSelector('.dirty.on')
    await page.waitForSelector('.dirty.saved')
    const saved = await app.api(`/api/graphs/${builtId}`)
    expect(saved.nodes.find((n: { id: string }) => n.id === 'txt2img-1').params).toMatchObject({ steps: 33, cfg_scale: 4.5 })
    await app.shot('31-built-from-scratch')
  }, 60_000)

  it('saves the stage’s settings as a preset and loads it into a fresh node', async () => {
    const { page } = app
    await page.click('.library-tabs .tab:has-text("Presets")')
    await page.click('.btn:has-text("Save selected as preset")')
    await respond(page, ['My look'])
    await page.waitForSelector('.library-row[data-preset="my-look"]')
    expect((await app.api('/api/presets/my-look')).config).toEqual({ txt2img: { steps: 33, cfg_scale: 4.5 } })

    await page.click('.palette-item:has-text("txt2img")')
    await page.waitForSelector(`${node('txt2img-2')}.selected`)
    await page.click('.library-row[data-preset="my-look"] .link:has-text("Load")')
    await page.waitForSelector('.toast:has-text("Loaded “My look” into 1 node")')
    await page.click('.main-tabs .tab:has-text("Inspector")')
    expect(await page.locator('#f-txt2img-2-steps').inputValue()).toBe('33')
    expect(await page.locator('#f-txt2img-2-cfg_scale').inputValue()).toBe('4.5')
    await app.shot('32-preset-loaded-into-fresh-node')
    // Undo takes the fresh node's preset back in one step; delete the node so the graph runs.
    await page.keyboard.press('Delete')
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(2)
  }, 60_000)

  it('library tabs: version restore, rename, delete; preset default, merge into packs, delete; pack rows; wildcards', async () => {
    const { page } = app
    await page.click('.library-tabs .tab:has-text("Graphs")')
    const row = page.locator(`.library-row[data-graph="${builtId}"]`)
    await row.locator('.link:has-text("version")').click()
    await row.locator('.versions li').first().waitFor()
    await app.shot('35-library-graph-versions')
    // Version 1 is the first save, before steps and CFG were set.
    await row.locator('.versions li').last().locator('.link:has-text("Restore")').click()
    await page.waitForSelector('.toast:has-text("Restored version 1")')
    await until(async () => {
      const g = await app.api(`/api/graphs/${builtId}`)
      return g.nodes.find((n: { id: string }) => n.id === 'txt2img-1').params.steps === undefined
    }, 'the restored graph saved')

    // Rename and delete (with confirmation) another graph.
    const sweep = page.locator('.library-row[data-graph="learning-sweep"]')
    await sweep.locator('.link:has-text("Rename")').click()
    await respond(page, ['Sweep (old)'])
    await sweep.locator('.library-item:has-text("Sweep (old)")').waitFor()
    await sweep.locator('.link:has-text("Delete")').click()
    await respond(page)
    await sweep.waitFor({ state: 'detached' })
    // In-app dialogs only: the browser's prompt/confirm never opened.
    expect(app.dialogs.filter((d) => d === 'confirm' || d === 'prompt')).toEqual([])
    expect((await app.api('/api/graphs')).graphs.map((g: { id: string }) => g.id)).not.toContain('learning-sweep')

    // Presets: make one the default and back, merge one into a pack's bound config, delete one.
    await page.click('.library-tabs .tab:has-text("Presets")')
    const look = page.locator('.library-row[data-preset="my-look"]')
    await look.locator('.link:has-text("Set default")').click()
    await look.locator('.chip:has-text("default")').waitFor()
    expect((await app.api('/api/presets')).defaultPresetId).toBe('my-look')
    await page.locator('.library-row[data-preset="base"] .link:has-text("Set default")').click()
    await page.locator('.library-row[data-preset="base"] .chip:has-text("default")').waitFor()
    await look.locator('.link:has-text("Apply to packs")').click()
    await look.locator('.pack-picker label:has-text("Landscapes") input').check()
    await look.locator('.pack-picker .btn:has-text("Merge into packs")').click()
    await page.waitForSelector('.toast:has-text("Merged into 1 pack")')
    expect((await app.api('/api/packs/landscapes/config')).config.txt2img).toMatchObject({ steps: 33, cfg_scale: 4.5 })
    await page.locator('.library-row[data-preset="landscapes"] .link:has-text("Delete")').click()
    await respond(page)
    await page.locator('.library-row[data-preset="landscapes"]').waitFor({ state: 'detached' })

    await page.click('.library-tabs .tab:has-text("Packs")')
    await page.click('.library-row[data-pack="portraits"] .library-item')
    await expect.poll(() => page.locator('.library-row[data-pack="portraits"] .pack-rows li').count()).toBe(3)
    await app.shot('36-library-pack-rows')
    await page.click('.library-tabs .tab:has-text("Wildcards")')
    await page.locator('.library-row[data-wildcard] .library-item').first().click()
    await page.locator('.wildcard-values li').first().waitFor()
    await app.shot('37-library-wildcards')
    await page.click('.library-tabs .tab:has-text("Graphs")')
  }, 60_000)

  it('queues while paused, reorders by drag, runs now, edits and cancels queued jobs', async () => {
    const { page } = app
    await page.click('.main-tabs .tab:has-text("Queue")')
    await page.click('.queue-head .btn:has-text("Pause")')
    await page.waitForSelector('.queue-paused')
    await page.click('.run-buttons .btn.primary')
    await page.waitForSelector('.toast:has-text("Queued: 3 jobs")')
    await expect.poll(() => page.locator('.qlist.queued .qrow').count()).toBe(3)
    const ids = await page.locator('.qlist.queued .qrow').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-job')!))

    // Drag the last job above the first.
    await page.dragAndDrop('.qlist.queued .qrow >> nth=2', '.qlist.queued .qrow >> nth=0', { targetPosition: { x: 40, y: 4 } })
    const queuedOrder = async () => (await app.api('/api/queue')).jobs.filter((j: { state: string }) => j.state === 'queued').map((j: { jobId: string }) => j.jobId)
    await until(async () => (await queuedOrder())[0] === ids[2], 'the dragged job at the front')
    expect(await queuedOrder()).toEqual([ids[2], ids[0], ids[1]])
    await expect.poll(() => page.locator('.qlist.queued .qrow').first().getAttribute('data-job')).toBe(ids[2])

    // Run now: the new run's jobs go before everything queued.
    await page.click('.run-buttons .btn:has-text("Run now")')
    await page.waitForSelector('.toast:has-text("Running now: 3 jobs")')
    await until(async () => (await queuedOrder()).length === 6, 'six queued jobs')
    expect((await queuedOrder()).slice(3)).toEqual([ids[2], ids[0], ids[1]])

    // Edit a queued job's seed and steps.
    const row = page.locator(`.qrow[data-job="${ids[0]}"]`)
    await row.locator('.btn:has-text("Edit")').click()
    await row.locator('.job-editor input').first().fill('12345')
    await row.locator('.job-editor input').nth(1).fill('20')
    await app.shot('33-queue-paused-edit')
    await row.locator('.btn:has-text("Save changes")').click()
    await row.locator('.job-editor').waitFor({ state: 'detached' })
    const edited = await app.api(`/api/jobs/${ids[0]}`)
    expect(edited.spec.seed).toBe(12345)

    // Cancel one queued job.
    await page.locator(`.qrow[data-job="${ids[1]}"] .btn:has-text("Cancel")`).click()
    await until(async () => (await app.api(`/api/jobs/${ids[1]}`)).job.state === 'cancelled', 'the job cancelled')
    await expect.poll(() => page.locator(`.qrow[data-job="${ids[1]}"] .state-pill`).textContent()).toBe('cancelled')
    await page.waitForSelector('.counts:has-text("1 cancelled")')
    await app.shot('34-queue-reordered-cancelled')

    await page.click('.queue-head .btn:has-text("Resume")')
    await until(async () => (await app.api('/api/queue')).counts.succeeded === 5, 'the five remaining jobs done', 60_000)
    // Retry the cancelled one.
    await page.locator(`.qrow[data-job="${ids[1]}"] .btn:has-text("Retry")`).click()
    await until(async () => (await app.api(`/api/jobs/${ids[1]}`)).job.state === 'succeeded', 'the retried job done')
    expect(app.errors).toEqual([])
  }, 90_000)

  it('a deep link ?graph=<id> opens that library graph', async () => {
    const { page } = app
    await page.goto(`${app.url}/?graph=video`)
    await page.waitForSelector('.graph-name[value^="Video"]')
    await page.waitForSelector('.library-row.current[data-graph="video"]')
    expect(app.errors).toEqual([])
  }, 60_000)
})
