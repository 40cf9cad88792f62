import { describe, expect, it } from 'vitest'
import { compile } from '../../engine/compile/compile.ts'
import { parseGraph } from '../../engine/graph/migrations.ts'
import { createWildcardLibrary } from '../../engine/prompts/index.ts'
import { exampleGraphs, exampleLibrary } from '../../editor/src/offline/example-library.ts'
import { compileContext } from '../../editor/src/services/compile-service.ts'
import { inputSizes, stagePayload } from '../../editor/src/preview/payload.ts'
import { problemsByNode } from '../../editor/src/store/other-slices.ts'
import { visibleRange } from '../../editor/src/preview/VirtualList.tsx'
import portraitJson from '../../graphs/portrait.json'

const library = exampleLibrary()
const ctx = compileContext(library, null, createWildcardLibrary(library.wildcardFiles), 42)

describe('offline example library', () => {
  it('bundles the example packs, presets, default preset and graphs', () => {
    expect(Object.keys(library.packs)).toEqual(expect.arrayContaining(['portraits', 'landscapes']))
    expect(Object.keys(library.presets)).toEqual(expect.arrayContaining(['people', 'base']))
    expect(library.defaultPresetId).toBe('base')
    expect(exampleGraphs().map((g) => g.id)).toContain('portrait')
  })

  it('compiles every example graph without errors', () => {
    for (const g of exampleGraphs()) expect(compile(g, ctx).errors, g.id).toEqual([])
  })
})

describe('job preview payloads', () => {
  const parsed = parseGraph(portraitJson)
  if (!parsed.ok) throw new Error('portrait does not parse')
  const run = compile(parsed.graph, ctx).run!
  const job = run.jobs[0]!

  it('txt2img payload needs no placeholder and carries the model override', () => {
    const p = stagePayload(job, job.plan.stages[0]!)
    expect(p.ok).toBe(true)
    if (!p.ok) return
    expect(p.placeholder).toBeNull()
    expect(p.request.endpoint).toBe('/sdapi/v1/txt2img')
    expect(JSON.stringify(p.request.body)).toContain(String(job.plan.stages[0]!.config.values.model))
  })

  it('later stages get a named placeholder of the size the previous stage makes', () => {
    const sizes = inputSizes(job.plan.stages)
    expect(sizes.get('detail')).toEqual({ width: 512, height: 768 })
    expect(sizes.get('up')).toEqual({ width: 512, height: 768 })
    const ad = stagePayload(job, job.plan.stages.find((s) => s.stageId === 'detail')!)
    expect(ad.ok && ad.placeholder).toMatchObject({ width: 512, height: 768, from: 'Generate' })
    if (ad.ok && ad.request.endpoint === '/sdapi/v1/img2img') {
      expect(ad.request.body.init_images[0]).toContain('placeholder')
      expect(ad.request.body.seed).toBe(job.seed)
    }
  })
})

describe('problems by node', () => {
  it('reuses a node’s array when its problems did not change', () => {
    const result = { run: null, errors: [{ code: 'no-stage' as const, message: 'x', nodeId: 'a' }], warnings: [{ code: 'w', message: 'y', nodeId: 'b' }] }
    const first = problemsByNode(result, {})
    const second = problemsByNode(result, first)
    expect(second.a).toBe(first.a)
    expect(second.b).toBe(first.b)
    const third = problemsByNode({ ...result, warnings: [{ code: 'w', message: 'changed', nodeId: 'b' }] }, second)
    expect(third.a).toBe(first.a)
    expect(third.b).not.toBe(first.b)
  })
})

describe('virtual list range', () => {
  it('renders only the rows in view plus overscan, even for 10,000 jobs', () => {
    const [first, last] = visibleRange(58 * 5000, 580, 58, 10_000)
    expect(last - first).toBeLessThanOrEqual(10 + 12 + 1)
    expect(first).toBe(4994)
    expect(visibleRange(0, 580, 58, 3)).toEqual([0, 3])
  })
})
