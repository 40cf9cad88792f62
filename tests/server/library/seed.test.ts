import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { makeBed, snapshot, type Bed } from './helpers.ts'

let bed: Bed
beforeEach(async () => { bed = await makeBed({ seed: false }) })
afterEach(async () => { await bed.cleanup() })

describe('seedExamples', () => {
  it('copies the example graphs, packs, presets, wildcards and settings on first start', async () => {
    const result = await bed.library.seedExamples()
    expect(result.seeded).toBe(true)
    expect(result.files).toEqual(expect.arrayContaining([
      'graphs/portrait.json', 'graphs/landscape.json', 'graphs/video.json', 'graphs/learning-sweep.json',
      'packs/portraits.txt', 'packs/portraits.json', 'presets/base.json', 'wildcards/styles/painting.txt',
      'settings.json', 'global_negative.txt', 'graphs/inpaint.json', 'masks/mask-00ea7a4fa714eb12401b772f.png', 'graphs/controlnet-inpaint.json',
    ]))
    // settings.json sits beside the example graphs but is not a graph.
    expect(result.files).not.toContain('graphs/settings.json')
    expect(await readFile(join(bed.paths.graphs, 'portrait.json'), 'utf8')).toBe(await readFile('graphs/portrait.json', 'utf8'))
    expect((await bed.call('GET', '/api/graphs')).json.graphs).toHaveLength(6)
    // No staging folder is left behind.
    expect((await readdir(bed.root)).sort()).toEqual(['library'])
  })

  it('copies once and never overwrites what the user changed or deleted', async () => {
    await bed.library.seedExamples()
    await writeFile(join(bed.paths.presets, 'base.json'), '{"name":"Mine","config":{}}')
    await rm(join(bed.paths.graphs, 'video.json'))
    const before = await snapshot(bed.root)
    expect(await bed.library.seedExamples()).toEqual({ seeded: false, files: [] })
    expect(await snapshot(bed.root)).toEqual(before)
  })

  it('leaves an existing library alone, even an empty one', async () => {
    await mkdir(bed.paths.library, { recursive: true })
    expect((await bed.library.seedExamples()).seeded).toBe(false)
    expect(await readdir(bed.paths.library)).toEqual([])
  })

  it('clears the leftovers of a seeding that crashed', async () => {
    await mkdir(join(bed.root, '.library-seed-dead', 'graphs'), { recursive: true })
    await bed.library.seedExamples()
    expect((await readdir(bed.root)).sort()).toEqual(['library'])
  })

  it('skips files in the examples folder that are not graphs', async () => {
    const examples = join(bed.root, 'examples')
    await mkdir(join(examples, 'packs'), { recursive: true })
    await writeFile(join(examples, 'good.json'), JSON.stringify({ version: 1, id: 'good', name: 'G', description: '', tags: [], nodes: [], edges: [], viewport: { x: 0, y: 0, zoom: 1 } }))
    await writeFile(join(examples, 'notes.json'), '{"hello": 1}')
    await writeFile(join(examples, 'packs', 'p.txt'), 'row\n')
    const result = await bed.library.seedExamples(examples)
    expect(result.files).toEqual(['graphs/good.json', 'packs/p.txt'])
  })
})
