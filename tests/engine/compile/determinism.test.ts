import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { compile, contentHash } from '../../../engine/compile/compile.ts'
import { libraryContext, readLibrary } from '../../../server/library/read-library.ts'

const graphs = ['portrait', 'landscape', 'learning-sweep', 'video', 'inpaint', 'controlnet-inpaint'].map((name) => JSON.parse(readFileSync(`graphs/${name}.json`, 'utf8')))

describe('determinism', async () => {
  const lib = await readLibrary('graphs')
  const base = { ...libraryContext(lib), now: '2026-11-22T10:00:00.000Z' }

  it('gives a byte-identical RunSpec for the same graph, context and run seed', () => {
    for (const g of graphs) {
      const a = JSON.stringify(compile(g, { ...base, runSeed: 9 }))
      const b = JSON.stringify(compile(structuredClone(g), { ...base, wildcards: libraryContext(lib).wildcards, runSeed: 9 }))
      expect(b).toBe(a)
    }
  })

  it('changes drawn seeds, run id and job ids with the run seed, but not prompts', () => {
    const a = compile(graphs[1], { ...base, runSeed: 1 }).run!
    const b = compile(graphs[1], { ...base, runSeed: 2 }).run!
    expect(b.runId).not.toBe(a.runId)
    expect(b.jobs.map((j) => j.prompt)).toEqual(a.jobs.map((j) => j.prompt))
    expect(b.jobs.map((j) => j.seed)).not.toEqual(a.jobs.map((j) => j.seed))
    expect(b.jobs[0]!.jobId).not.toBe(a.jobs[0]!.jobId)
  })

  it('ignores layout in the content hash, but not params', () => {
    const g = graphs[0]
    const moved = { ...g, name: 'renamed', viewport: { x: 9, y: 9, zoom: 2 }, nodes: g.nodes.map((n: { position: object }) => ({ ...n, position: { x: 1, y: 2 } })) }
    expect(contentHash(moved)).toBe(contentHash(g))
    const changed = { ...g, nodes: g.nodes.map((n: { id: string; params: object }) => (n.id === 'txt' ? { ...n, params: { ...n.params, steps: 31 } } : n)) }
    expect(contentHash(changed)).not.toBe(contentHash(g))
  })

  it('compiles every example graph without errors, with the totals the graph implies', () => {
    const totals = graphs.map((g) => {
      const { run, errors } = compile(g, { ...base, runSeed: 3 })
      expect(errors).toEqual([])
      return [g.id, run!.totals]
    })
    expect(Object.fromEntries(totals)).toEqual({
      // 3 rows × (txt2img + ADetailer + upscale)
      portrait: { jobs: 3, webuiCalls: 9, images: 9, videos: 0 },
      // row 1: 2×2 matrix × 3 painting styles = 12, capped at 8; row 2: 2×2 × 2 variants = 8; × 3 stages
      landscape: { jobs: 16, webuiCalls: 48, images: 48, videos: 0 },
      // CFG 5/7/9 × 2 samplers
      'learning-sweep': { jobs: 6, webuiCalls: 6, images: 6, videos: 0 },
      // 12 batch runs, one video of 12 frames
      video: { jobs: 12, webuiCalls: 12, images: 12, videos: 1 },
      // txt2img + the inpainting img2img
      inpaint: { jobs: 1, webuiCalls: 2, images: 2, videos: 0 },
      // 1 row × (txt2img + upscale + img2img with two ControlNet units)
      'controlnet-inpaint': { jobs: 1, webuiCalls: 3, images: 3, videos: 0 },
    })
  })
})
