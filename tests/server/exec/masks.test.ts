/**
 * Inpaint masks in the executor: the stage cache tells masks apart (the key holds the hash of the
 * mask bytes sent), and a mask that vanished from the data folder after the run was queued fails
 * its stage with a sentence naming it, without sending anything.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compile } from '../../../engine/compile/compile.ts'
import { INPAINT_DEFAULTS } from '../../../engine/config/inpaint.ts'
import { context, edge, graph, node } from '../../engine/compile/fixtures.ts'
import { saveMask } from '../../../server/library/masks.ts'
import { encodePng } from '../../../server/png/synth.ts'
import { harness, type Harness } from './helpers.ts'

let h: Harness
beforeAll(async () => {
  h = await harness()
  await h.exec.start()
})
afterAll(() => h.close())

const maskB64 = (columns: number): string => {
  const px = new Uint8Array(64 * 64 * 4)
  for (let i = 0; i < 64 * 64; i++) { const v = i % 64 < columns ? 255 : 0; px.set([v, v, v, 255], i * 4) }
  return encodePng({ width: 64, height: 64, pixels: px }).toString('base64')
}

const inpaintGraph = (maskId: string) => graph([
  node('t', 'txt2img', { prompt: 'a field', width: 64, height: 64, steps: 2, seed: 3, model: 'v1-5-pruned-emaonly.safetensors' }),
  node('i', 'img2img', { steps: 2, seed: 8, inpaint: { ...INPAINT_DEFAULTS, mask_id: maskId, mask_blur: 0 } }),
], [edge('t.image', 'i.image')])

let runs = 0
async function run(maskId: string, runSeed: number) {
  const { run, errors } = compile(inpaintGraph(maskId), context({ runSeed, runId: `run-mask-${++runs}`, now: new Date().toISOString() }))
  expect(errors).toEqual([])
  h.store.queue.submit(run!)
  await h.exec.idle()
  return run!
}

const cachedOf = (jobId: string, stageId: string) => h.events.find((e) => e.type === 'stage-done' && e.jobId === jobId && e.stageId === stageId) as { cached?: boolean } | undefined

describe('inpaint masks in the executor', () => {
  it('the same mask again is a cache hit; another mask is sent to the WebUI', async () => {
    const a = (await saveMask(h.paths, maskB64(16), new Date().toISOString())).info.id
    const b = (await saveMask(h.paths, maskB64(40), new Date().toISOString())).info.id
    const first = await run(a, 1)
    const again = await run(a, 2) // another run seed: new job ids; the seeds are pinned in the graph
    const other = await run(b, 3)
    for (const r of [first, again, other]) expect(h.store.queue.jobsOfRun(r.runId).map((j) => j.state)).toEqual(['succeeded'])
    expect(cachedOf(first.jobs[0]!.jobId, 'i')?.cached).toBeFalsy()
    expect(cachedOf(again.jobs[0]!.jobId, 'i')?.cached).toBe(true)
    expect(cachedOf(other.jobs[0]!.jobId, 't')?.cached).toBe(true)
    expect(cachedOf(other.jobs[0]!.jobId, 'i')?.cached).toBeFalsy()
  })

  it('a mask gone from the data folder fails the stage, naming the mask, not retryable', async () => {
    const gone = 'mask-0123456789abcdef01234567'
    const r = await run(gone, 4)
    const [job] = h.store.queue.jobsOfRun(r.runId)
    expect(job!.state).toBe('failed')
    expect(job!.lastError).toContain(`the inpaint mask ${gone} is no longer in the data folder`)
  })
})
