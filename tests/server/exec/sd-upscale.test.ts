/**
 * The upscale settings end to end: a graph compiled with the engine runs through the executor
 * against the simulated WebUI; the SD upscale stage is one request that the WebUI tiles, and
 * every stage's saved image has the size the job preview shows for it.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readTextChunks } from '../../../server/png/chunks.ts'
import { compile } from '../../../engine/compile/compile.ts'
import { inputSizes, outputSize } from '../../../editor/src/preview/payload.ts'
import { context, edge, graph, node } from '../../engine/compile/fixtures.ts'
import { harness, type Harness } from './helpers.ts'

let h: Harness
beforeAll(async () => {
  h = await harness()
  await h.exec.start()
})
afterAll(() => h.close())

const img = (a: string, b: string) => edge(`${a}.image`, `${b}.image`)

describe('upscale modes through the executor', () => {
  it('SD upscale runs as one tiled request, and each saved image has the previewed size', async () => {
    const g = graph([
      node('t', 'txt2img', { prompt: 'a harbour', width: 128, height: 96, steps: 3, seed: 7 }),
      node('sd', 'upscale', { mode: 'sd-upscale', factor: 2, tile_width: 128, tile_height: 128, tile_overlap: 32, steps: 4, denoising_strength: 0.3 }),
      node('x', 'upscale', { mode: 'single', upscaler: 'Lanczos', upscaler_2: 'Nearest', extras_upscaler_2_visibility: 0.5, resize_mode: 1, upscaling_resize_w: 400, upscaling_resize_h: 400, upscaling_crop: false }),
    ], [img('t', 'sd'), img('sd', 'x')])
    const { run, errors } = compile(g, context({ runSeed: 1 }))
    expect(errors).toEqual([])
    h.sims[0]!.resetStats()
    h.store.queue.submit(run!)
    await h.exec.idle()
    expect(h.store.queue.jobsOfRun(run!.runId).map((j) => [j.state, j.lastError])).toEqual([['succeeded', null]])

    const stages = run!.jobs[0]!.plan.stages
    const received = inputSizes(stages)
    const saved = h.store.artifacts.ofRun(run!.runId).filter((a) => a.kind === 'image')
    for (const s of stages) {
      const a = saved.find((x) => x.stageId === s.stageId)!
      expect({ width: a.width, height: a.height }, s.stageId).toEqual(outputSize(s, received.get(s.stageId) ?? null))
    }
    // 128×96 ×2 = 256×192 in 128² tiles overlapping by 32: 3 × 2 tiles, one img2img call.
    expect(saved.find((a) => a.stageId === 'sd')).toMatchObject({ width: 256, height: 192 })
    expect(h.sims[0]!.stats().sdUpscaleTiles).toBe(6)
    expect(h.sims[0]!.stats().requests['/sdapi/v1/img2img']).toBe(1)
    // Not cropped: 256×192 covering 400×400 keeps its aspect ratio → 528×400.
    expect(saved.find((a) => a.stageId === 'x')).toMatchObject({ width: 528, height: 400 })

    // The WebUI sends the combined image without infotext; the saved file gets the one from its
    // response (the first tile's, as A1111 writes into its own files), and other stages keep theirs.
    const parameters = async (stageId: string) => {
      const text = readTextChunks(await readFile(join(h.dir, saved.find((a) => a.stageId === stageId)!.path)))
      return text.ok ? text.value.parameters : undefined
    }
    const sd = await parameters('sd')
    expect(sd).toContain('SD upscale overlap: 32, SD upscale upscaler: R-ESRGAN 4x+')
    expect(sd).toContain('Size: 128x128')
    expect(sd).toContain('Denoising strength: 0.3')
    expect(await parameters('t')).toContain('Size: 128x96')
  })
})
