/**
 * Packs and wildcards edited in the app, as a user would, in real Chromium against the real
 * server: create a pack with a [[slot]] and a LoRA from the WebUI's list, watch the live preview
 * (counts, prompts, a problem with its line), create it, check the files on disk are the
 * original's `.txt` + `.json`, run it in a graph; an outside edit is caught (no silent
 * overwrite); a wildcard edit changes a pack's preview; Ctrl+↑ and `__` completion in the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { node, startApp, until, type App } from './harness.ts'

let app: App
beforeAll(async () => { app = await startApp({ stepMs: 2 }) }, 60_000)
afterAll(async () => { await app?.close() }, 30_000)

const packFile = (name: string) => join(app.dataDir, 'library', 'packs', name)
const sheet = '.library-sheet'
const rowCount = (row: number) => app.page.locator(`${sheet} .row-preview[data-row="${row}"] .row-count`).textContent()

describe('pack and wildcard editors', () => {
  it('creates a pack with a slot and a LoRA, with a live preview, in the original format on disk', async () => {
    const { page } = app
    await page.goto(app.url)
    await page.waitForSelector('.server-pill.online')
    await page.click('.library-tabs .tab:has-text("Packs")')
    await page.click('.library-actions .btn:has-text("New pack")')
    await page.fill('.inline-ask input', 'Garden jobs')
    await page.click('.inline-ask .btn:has-text("Create")')
    await page.waitForSelector(`${sheet}[data-pack-editor="garden-jobs"]`)

    // The matrix slot first, then the rows that use it.
    await page.click(`${sheet} .btn:has-text("+ Slot")`)
    await page.fill(`${sheet} .matrix-slot input[type="text"]`, 'job')
    await page.fill(`${sheet} .matrix-slot textarea`, 'baker\nsmith')
    const txt = page.locator('#pack-txt')
    await txt.fill('(masterpiece, best quality)\na [[job]] in a garden\nneg: blurry')
    // A LoRA from the WebUI's list with the weight slider: it goes on its own line in the row.
    await page.selectOption(`${sheet} select[aria-label="LoRA"]`, 'add_detail')
    await page.fill(`${sheet} input[aria-label="LoRA weight"]`, '0.65')
    await page.click(`${sheet} .btn:has-text("Add LoRA")`)
    await expect.poll(() => txt.inputValue()).toBe('(masterpiece, best quality)\na [[job]] in a garden\nneg: blurry\n<lora:add_detail:0.65>\n')

    // The preview: two prompts, exactly as they will be sent.
    await expect.poll(() => rowCount(1)).toBe('2')
    await expect.poll(() => page.locator(`${sheet} .row-preview[data-row="1"] .row-prompts li`).allTextContents()).toEqual([
      '(masterpiece, best quality), a baker in a garden, <lora:add_detail:0.65>',
      '(masterpiece, best quality), a smith in a garden, <lora:add_detail:0.65>',
    ])
    // A typo is a problem with its line, and Save waits for it to be fixed.
    await txt.fill(`${await txt.inputValue()}\na second row with [[tool]]\n`)
    await page.waitForSelector(`${sheet} .pack-problems li.error:has-text("Line 6")`)
    expect(await page.locator(`${sheet} .btn:has-text("Create pack")`).isDisabled()).toBe(true)
    await app.shot('60-pack-editor-problem')
    await txt.fill('(masterpiece, best quality)\na [[job]] in a garden\nneg: blurry\n<lora:add_detail:0.65>\n\nstill life, a [[job]]\'s tools\n')
    await expect.poll(() => rowCount(2)).toBe('2')
    await app.shot('61-pack-editor-preview')

    // The bound config uses the inspector's form: set txt2img steps on the pack.
    await page.click(`${sheet} .tab:has-text("Bound config")`)
    await page.click(`${sheet} .bound-stage[data-stage="txt2img"] .library-item`)
    await page.fill('#f-pack-garden-jobs-txt2img-steps', '12')
    await page.press('#f-pack-garden-jobs-txt2img-steps', 'Enter')
    await page.waitForSelector(`${sheet} .bound-stage[data-stage="txt2img"] .library-item:has-text("1 set")`)

    await page.click(`${sheet} .btn:has-text("Create pack")`)
    await page.waitForSelector('.toast:has-text("Saved pack")')
    // On disk: the TXT exactly as typed, the sidecar in the original's shape.
    expect(await readFile(packFile('garden-jobs.txt'), 'utf8')).toBe('(masterpiece, best quality)\na [[job]] in a garden\nneg: blurry\n<lora:add_detail:0.65>\n\nstill life, a [[job]]\'s tools\n')
    const sidecarText = await readFile(packFile('garden-jobs.json'), 'utf8')
    expect(sidecarText).toBe(JSON.stringify(JSON.parse(sidecarText), null, 2) + '\n')
    expect(JSON.parse(sidecarText)).toEqual({
      pack_data: {
        name: 'Garden jobs',
        slots: [
          { index: 0, text: '(masterpiece, best quality), a [[job]] in a garden', negative: 'blurry', positive_embeddings: [], negative_embeddings: [], loras: [['add_detail', 0.65]] },
          { index: 1, text: 'still life, a [[job]]\'s tools', negative: '', positive_embeddings: [], negative_embeddings: [], loras: [] },
        ],
        matrix: { enabled: true, mode: 'fanout', limit: 8, slots: [{ name: 'job', values: ['baker', 'smith'] }] },
      },
      preset_data: { txt2img: { steps: 12 } },
    })
    expect(await page.locator(`${sheet} .dirty`).count()).toBe(0)
    await page.click(`${sheet} .btn:has-text("Close")`)
    await page.locator(sheet).waitFor({ state: 'detached' })
  }, 90_000)

  it('runs the new pack in a graph: the jobs carry its slot values and LoRA', async () => {
    const { page } = app
    await page.goto(`${app.url}/?graph=landscape`)
    await page.waitForSelector('.server-pill.online')
    await page.waitForSelector(node('pack'))
    await page.click(`${node('pack')}`)
    // The pack node lists its packs (issue 13): replace its one pack with the new one.
    await page.locator('.inspector select[aria-label="Pack 1"]').selectOption('garden-jobs')
    await expect.poll(() => page.locator('.topbar-totals').textContent()).toContain('4 jobs')
    await page.click('.run-buttons .btn.primary')
    await until(async () => {
      const jobs = (await app.api('/api/queue')).jobs as { state: string }[]
      return jobs.length === 4 && jobs.every((j) => j.state === 'succeeded')
    }, 'the four jobs done')
    const jobs = (await app.api('/api/queue')).jobs as { prompt: string }[]
    expect(jobs.map((j) => j.prompt).sort()).toEqual([
      '(masterpiece, best quality), a baker in a garden, <lora:add_detail:0.65>',
      '(masterpiece, best quality), a smith in a garden, <lora:add_detail:0.65>',
      'still life, a baker\'s tools',
      'still life, a smith\'s tools',
    ])
    expect((await app.api('/api/history?packId=garden-jobs')).total).toBe(4)
  }, 90_000)

  it('catches an outside edit while the pack is open: no silent overwrite, reload or overwrite', async () => {
    const { page } = app
    await page.click('.library-tabs .tab:has-text("Packs")')
    await page.click('.library-row[data-pack="garden-jobs"] .link:has-text("Edit")')
    const txt = page.locator('#pack-txt')
    await expect.poll(() => txt.inputValue()).toContain('still life')
    // Keys pressed in the sheet never reach the canvas behind it (the pack node is still selected).
    await page.locator(sheet).focus()
    await page.keyboard.press('Delete')
    expect(await page.locator(node('pack')).count()).toBe(1)
    await txt.fill(`${await txt.inputValue()}\nmy edit in the app\n`)
    await writeFile(packFile('garden-jobs.txt'), 'edited in another editor\n')
    await page.click(`${sheet} .btn:has-text("Save")`)
    await page.waitForSelector(`${sheet} .sheet-banner.conflict:has-text("changed on disk")`)
    await app.shot('62-pack-editor-conflict')
    expect(await readFile(packFile('garden-jobs.txt'), 'utf8')).toBe('edited in another editor\n')
    await page.click(`${sheet} .btn:has-text("Overwrite with my version")`)
    await page.waitForSelector('.toast:has-text("Saved pack")')
    expect(await readFile(packFile('garden-jobs.txt'), 'utf8')).toContain('my edit in the app')
    // Without local edits, a change on disk is picked up when the window regains focus.
    const mine = await readFile(packFile('garden-jobs.txt'), 'utf8')
    await writeFile(packFile('garden-jobs.txt'), `${mine}\nadded outside\n`)
    await page.evaluate(() => window.dispatchEvent(new Event('focus')))
    await expect.poll(() => txt.inputValue()).toContain('added outside')
    expect(await page.locator(`${sheet} .dirty`).count()).toBe(0)
    await page.click(`${sheet} .btn:has-text("Close")`)
  }, 60_000)

  it('duplicates, renames and deletes a pack, asking in place', async () => {
    const { page } = app
    await page.click('.library-row[data-pack="garden-jobs"] .link:has-text("Edit")')
    await page.waitForSelector(`${sheet}[data-pack-editor="garden-jobs"]`)
    await page.click(`${sheet} .btn:has-text("Duplicate")`)
    await page.fill(`${sheet} .inline-ask input`, 'garden-copy')
    await page.click(`${sheet} .inline-ask .btn:has-text("Duplicate")`)
    await page.waitForSelector(`${sheet}[data-pack-editor="garden-copy"]`)
    expect(await readFile(packFile('garden-copy.txt'), 'utf8')).toBe(await readFile(packFile('garden-jobs.txt'), 'utf8'))
    expect(JSON.parse(await readFile(packFile('garden-copy.json'), 'utf8')).pack_data.name).toBe('Garden jobs (copy)')

    await page.click(`${sheet} .btn:has-text("Rename")`)
    await page.fill(`${sheet} .inline-ask input`, 'garden-two')
    await page.click(`${sheet} .inline-ask .btn:has-text("Rename")`)
    await page.waitForSelector(`${sheet}[data-pack-editor="garden-two"]`)
    const files = async () => (await app.api('/api/packs')).packs.map((p: { id: string }) => p.id)
    expect(await files()).toEqual(expect.arrayContaining(['garden-two', 'garden-jobs']))
    expect(await files()).not.toContain('garden-copy')

    await page.click(`${sheet} .btn:has-text("Delete")`)
    await page.waitForSelector(`${sheet} .inline-ask:has-text("cannot be undone")`)
    await page.click(`${sheet} .inline-ask .btn:has-text("Delete")`)
    await page.locator(sheet).waitFor({ state: 'detached' })
    expect(await files()).not.toContain('garden-two')
    expect(app.dialogs).toEqual([])
  }, 60_000)

  it('edits a wildcard and the pack preview follows; Ctrl+↑ and __ completion in the field', async () => {
    const { page } = app
    await page.click('.library-row[data-pack="landscapes"] .link:has-text("Edit")')
    // Row 1: [[time]] × [[weather]] (2 × 2) × __styles/painting__ (3 values).
    await expect.poll(() => rowCount(1)).toBe('12')
    await page.click(`${sheet} .btn:has-text("Close")`)

    await page.click('.library-tabs .tab:has-text("Wildcards")')
    await page.click('.library-row[data-wildcard="styles/painting"] .link:has-text("Edit")')
    const text = page.locator('#wildcard-text')
    await expect.poll(() => text.inputValue()).toContain('gouache')
    await page.waitForSelector(`${sheet} .wildcard-usage li:has-text("landscapes")`)
    await text.fill(`${await text.inputValue()}ink wash\ngouache\n`)
    // Sorted and deduplicated as the randomizer sees them.
    await expect.poll(() => page.locator(`${sheet} .wildcard-values-list li`).allTextContents()).toEqual(['gouache', 'ink wash', 'oil painting', 'watercolor'])
    await page.click(`${sheet} .btn:has-text("Save")`)
    await page.waitForSelector('.toast:has-text("Saved __styles/painting__")')
    expect(await readFile(join(app.dataDir, 'library', 'wildcards', 'styles', 'painting.txt'), 'utf8')).toBe('# painting styles (one per line)\noil painting\nwatercolor\ngouache\nink wash\ngouache\n')
    // A new file in a new folder.
    await page.click(`${sheet} .btn:has-text("New wildcard")`)
    await page.fill(`${sheet} .inline-ask input`, 'moods/calm')
    await page.click(`${sheet} .inline-ask .btn:has-text("Create")`)
    await text.fill('serene\nquiet\n')
    await page.click(`${sheet} .btn:has-text("Create file")`)
    await page.waitForSelector(`${sheet} .library-item[data-wildcard="moods/calm"]`)
    expect(await readFile(join(app.dataDir, 'library', 'wildcards', 'moods', 'calm.txt'), 'utf8')).toBe('serene\nquiet\n')
    await app.shot('64-wildcard-editor')
    await page.click(`${sheet} .btn:has-text("Close")`)

    await page.click('.library-tabs .tab:has-text("Packs")')
    await page.click('.library-row[data-pack="landscapes"] .link:has-text("Edit")')
    await expect.poll(() => rowCount(1)).toBe('16')

    // The prompt field: `__sty` offers the wildcard names, Enter completes; Ctrl+↑ weights a word.
    const txt = page.locator('#pack-txt')
    await txt.click()
    await page.keyboard.press('Control+End')
    await page.keyboard.type('\nneon city, __sty')
    await page.waitForSelector(`${sheet} .completions li:has-text("__styles/painting__")`)
    await page.keyboard.press('Enter')
    await expect.poll(() => txt.inputValue()).toMatch(/neon city, __styles\/painting__$/)
    await page.keyboard.type(' glow')
    await page.keyboard.press('Control+ArrowUp')
    await expect.poll(() => txt.inputValue()).toMatch(/neon city, __styles\/painting__ \(glow:1\.1\)$/)
    await expect.poll(() => rowCount(3)).toBe('4')
    await app.shot('63-pack-editor-completion')
    await page.click(`${sheet} .btn:has-text("Close")`)
    await page.click(`${sheet} .inline-ask .btn:has-text("Discard")`)
    await page.locator(sheet).waitFor({ state: 'detached' })

    // The inspector's prompt fields are the same component: `<lora:` completes the WebUI's LoRAs.
    await page.click(node('txt'))
    const prompt = page.locator('#f-txt-prompt')
    await prompt.click()
    await page.keyboard.type('a lighthouse <lora:lcm')
    await page.waitForSelector('.inspector .completions li:has-text("lcm-lora-sdv1-5")')
    await page.keyboard.press('Enter')
    await expect.poll(() => prompt.inputValue()).toBe('a lighthouse <lora:lcm-lora-sdv1-5:1>')
    // The one console error is the browser logging the refused save of the conflict step.
    expect(app.errors.filter((e) => !/status of 409 \(Conflict\)/.test(e))).toEqual([])
    expect(app.errors.length).toBe(1)
  }, 90_000)
})
