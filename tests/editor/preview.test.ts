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
import { ResourcesResponse } from '../../engine/api/http.ts'
import { describeSource } from '../../editor/src/inspector/provenance.ts'

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

describe('with the server\'s resource lists (what GET /api/resources answers)', () => {
  const resources = ResourcesResponse.parse({
    models: ['v1-5-pruned-emaonly.safetensors', 'SDXL/juggernautXL_ragnarokBy.safetensors'],
    checkpoints: [{ title: 'v1-5-pruned-emaonly.safetensors [6ce0161689]', hash: '6ce0161689' }, { title: 'SDXL/juggernautXL_ragnarokBy.safetensors [a1b2c3d4e5]', hash: 'a1b2c3d4e5' }],
    vaes: ['sdxl_vae.safetensors'], samplers: ['DPM++ 2M', 'Euler a'], schedulers: ['Automatic', 'Karras'], upscalers: ['None', 'R-ESRGAN 4x+'],
    latentUpscaleModes: ['Latent'], adetailerModels: ['face_yolov8n.pt', 'hand_yolov8n.pt'], loras: [], embeddings: [],
    loadedModel: 'SDXL/juggernautXL_ragnarokBy.safetensors',
  })
  const withResources = compileContext(library, resources, createWildcardLibrary(library.wildcardFiles), 42)
  const parsed = parseGraph(portraitJson)
  if (!parsed.ok) throw new Error('portrait does not parse')

  it('a model the WebUI lacks is an error on the node and its field, with the nearest name', () => {
    const g = structuredClone(parsed.graph)
    const t = g.nodes.find((n) => n.kind === 'txt2img')!
    t.params = { ...t.params, model: 'juggernautXL_ragnarok' }
    const problems = problemsByNode(compile(g, withResources), {})[t.id]!
    expect(problems).toContainEqual({ severity: 'error', field: 'model', message: expect.stringContaining('Did you mean "SDXL/juggernautXL_ragnarokBy.safetensors"?') })
  })

  it('the preview sends canonical names, and an unset model as the loaded one, shown as such', () => {
    const g = structuredClone(parsed.graph)
    const t = g.nodes.find((n) => n.kind === 'txt2img')!
    // Without the People and default presets (they set a model) nothing chooses one.
    g.edges = g.edges.filter((e) => !(e.source === 'people' && e.target === t.id))
    const noDefault = compileContext({ ...library, defaultPresetId: null }, resources, createWildcardLibrary(library.wildcardFiles), 42)
    const result = compile(g, noDefault)
    expect(result.errors).toEqual([])
    const job = result.run!.jobs[0]!
    const p = stagePayload(job, job.plan.stages[0]!)
    if (!p.ok) throw new Error(p.message)
    expect((p.request.body as { override_settings: unknown }).override_settings).toMatchObject({ sd_model_checkpoint: 'SDXL/juggernautXL_ragnarokBy.safetensors', sd_vae: 'Automatic' })
    expect(describeSource(job.plan.stages[0]!.config.provenance.model)).toBe('loaded on the WebUI (none chosen)')
  })
})

describe('job preview of an SD upscale stage', () => {
  const g = {
    version: portraitJson.version, id: 'sdup', name: 'SD upscale', description: '', tags: [], viewport: { x: 0, y: 0, zoom: 1 },
    nodes: [
      { id: 'gen', kind: 'txt2img', position: { x: 0, y: 0 }, params: { prompt: 'a harbour', width: 512, height: 768 } },
      { id: 'up', kind: 'upscale', position: { x: 300, y: 0 }, params: { mode: 'sd-upscale', factor: 1.5, tile_overlap: 48 } },
      { id: 'ad', kind: 'adetailer', position: { x: 600, y: 0 }, params: {} },
    ],
    edges: [
      { id: 'e1', source: 'gen', sourcePort: 'image', target: 'up', targetPort: 'image' },
      { id: 'e2', source: 'up', sourcePort: 'image', target: 'ad', targetPort: 'image' },
    ],
  }
  const parsed = parseGraph(g)
  if (!parsed.ok) throw new Error('graph does not parse')
  const result = compile(parsed.graph, ctx)
  const job = result.run!.jobs[0]!

  it('compiles without problems and shows the script request with the tile size', () => {
    expect(result.errors).toEqual([])
    const p = stagePayload(job, job.plan.stages.find((s) => s.stageId === 'up')!)
    expect(p.ok && p.request.endpoint).toBe('/sdapi/v1/img2img')
    if (!p.ok) return
    expect(p.request.body).toMatchObject({ width: 512, height: 512, script_name: 'sd upscale', script_args: ['', 48, 'R-ESRGAN 4x+', 1.5] })
    expect(p.placeholder).toMatchObject({ width: 512, height: 768 })
  })

  it('the next stage receives the upscaled size (512×768 ×1.5 → 768×1152)', () => {
    expect(inputSizes(job.plan.stages).get('ad')).toEqual({ width: 768, height: 1152 })
  })
})
