import { describe, expect, it } from 'vitest'
import { compile } from '../../../engine/compile/compile.ts'
import { context, edge, graph, node, pack, packParams, randomizerParams } from './fixtures.ts'

const threeRows = pack('three', 'a cat\n\na dog\n\na fox\n')
const ctx = context({ packs: { three: threeRows } })

describe('job count arithmetic', () => {
  it('makes one job per row without a randomizer', () => {
    const { run, errors } = compile(graph([node('p', 'pack', packParams('three')), node('t', 'txt2img')], [edge('p', 't')]), ctx)
    expect(errors).toEqual([])
    expect(run!.totals).toEqual({ jobs: 3, webuiCalls: 3, images: 3, videos: 0 })
    expect(run!.jobs.map((j) => j.prompt)).toEqual(['a cat', 'a dog', 'a fox'])
  })

  it('multiplies rows × variants × batch runs', () => {
    const g = graph([
      node('p', 'pack', packParams('three')),
      node('r', 'randomizer', randomizerParams({ sweeps: [{ path: 'txt2img.cfg_scale', values: [5, 7] }] })),
      node('t', 'txt2img', { batch_runs: 4 }),
    ], [edge('p', 'r'), edge('r', 't')])
    const { run, errors } = compile(g, ctx)
    expect(errors).toEqual([])
    expect(run!.totals.jobs).toBe(3 * 2 * 4)
    expect(new Set(run!.jobs.map((j) => j.jobId)).size).toBe(24)
    const first = run!.jobs[0]!
    expect([first.variantIndex, first.variantTotal, first.batchIndex, first.batchTotal]).toEqual([0, 2, 0, 4])
  })

  it('counts WebUI calls and images through batch size and every downstream stage', () => {
    const g = graph([
      node('p', 'pack', packParams('three', [0])),
      node('t', 'txt2img', { batch_size: 3 }),
      node('a', 'adetailer'),
      node('u', 'upscale'),
    ], [edge('p', 't'), edge('t', 'a', 'image', 'image'), edge('a', 'u', 'image', 'image')])
    const { run } = compile(g, ctx)
    expect(run!.totals).toEqual({ jobs: 1, webuiCalls: 1 + 3 + 3, images: 9, videos: 0 })
    expect(run!.jobs[0]!.plan.stages.map((s) => [s.stageId, s.inputFrom, s.calls, s.images])).toEqual([
      ['t', null, 1, 3], ['a', 't', 3, 3], ['u', 'a', 3, 3],
    ])
  })

  it('runs both branches when one txt2img feeds two upscalers', () => {
    const g = graph([
      node('p', 'pack', packParams('three')),
      node('t', 'txt2img'),
      node('u1', 'upscale', { factor: 2 }),
      node('u2', 'upscale', { mode: 'img2img', factor: 1.5 }),
    ], [edge('p', 't'), edge('t', 'u1', 'image', 'image'), edge('t', 'u2', 'image', 'image')])
    const { run, errors } = compile(g, ctx)
    expect(errors).toEqual([])
    expect(run!.totals).toEqual({ jobs: 3, webuiCalls: 9, images: 9, videos: 0 })
    expect(run!.jobs[0]!.plan.stages.map((s) => `${s.stageId}<-${s.inputFrom}`)).toEqual(['t<-null', 'u1<-t', 'u2<-t'])
  })

  it('makes separate jobs for two roots fed by one pack', () => {
    const g = graph([node('p', 'pack', packParams('three')), node('t1', 'txt2img'), node('t2', 'txt2img', { steps: 30 })], [edge('p', 't1'), edge('p', 't2')])
    const { run } = compile(g, ctx)
    expect(run!.totals.jobs).toBe(6)
    expect(new Set(run!.jobs.map((j) => j.rootId))).toEqual(new Set(['t1', 't2']))
  })

  it('passes images through a bypassed stage to the next one', () => {
    const g = graph([
      node('p', 'pack', packParams('three', [0])),
      node('t', 'txt2img'),
      node('i', 'img2img', {}, { bypassed: true }),
      node('u', 'upscale'),
    ], [edge('p', 't'), edge('t', 'i', 'image', 'image'), edge('i', 'u', 'image', 'image')])
    const { run, errors } = compile(g, ctx)
    expect(errors).toEqual([])
    expect(run!.jobs[0]!.plan.stages.map((s) => `${s.stageId}<-${s.inputFrom}`)).toEqual(['t<-null', 'u<-t'])
  })

  it('passes prompts through a bypassed randomizer', () => {
    const g = graph([
      node('p', 'pack', packParams('three')),
      node('r', 'randomizer', randomizerParams({ sweeps: [{ path: 'txt2img.steps', values: [10, 20, 30] }] }), { bypassed: true }),
      node('t', 'txt2img'),
    ], [edge('p', 'r'), edge('r', 't')])
    expect(compile(g, ctx).run!.totals.jobs).toBe(3)
  })

  it('collects every image of the run, in job order, into a video', () => {
    const g = graph([
      node('p', 'pack', packParams('three')),
      node('t', 'txt2img', { batch_size: 2 }),
      node('v', 'video', { fps: 12 }),
    ], [edge('p', 't'), edge('t', 'v', 'image', 'image')])
    const { run } = compile(g, ctx)
    expect(run!.totals.videos).toBe(1)
    expect(run!.videos[0]!.frames).toBe(6)
    expect(run!.videos[0]!.sources).toEqual([{ stageId: 't', jobIds: run!.jobs.map((j) => j.jobId) }])
    expect(run!.videos[0]!.config.values).toMatchObject({ fps: 12, codec: 'h264' })
  })

  it('runs a txt2img with its own prompt and no pack', () => {
    const { run, errors } = compile(graph([node('t', 'txt2img', { prompt: 'a lighthouse', batch_runs: 2 })], []), context({ globalNegative: 'blurry' }))
    expect(errors).toEqual([])
    expect(run!.jobs.map((j) => [j.prompt, j.negativePrompt, j.packId])).toEqual([['a lighthouse', 'blurry', null], ['a lighthouse', 'blurry', null]])
  })

  it('starts an img2img root from a stored image', () => {
    const { run, errors } = compile(graph([node('i', 'img2img', { sourceImage: 'art-123' })], []), context())
    expect(errors).toEqual([])
    expect(run!.jobs).toHaveLength(1)
    expect(run!.jobs[0]!.plan.stages[0]).toMatchObject({ stageId: 'i', inputFrom: null, sourceImage: 'art-123', requiresInputImage: true })
  })
})
