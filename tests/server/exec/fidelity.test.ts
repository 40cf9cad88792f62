/**
 * WebUI fidelity end to end (issue #8 §1.1–1.4, §3): graphs run through the executor against the
 * simulated WebUI over loopback, and each final PNG is read back with the WebUI's own
 * `/sdapi/v1/png-info`. Its infotext must show the sampler, steps, CFG, seed, model and prompts
 * that were really used for that image, with ADetailer's keys where ADetailer ran.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compile } from '../../../engine/compile/compile.ts'
import type { RunSpec } from '../../../engine/compile/spec.ts'
import type { Graph } from '../../../engine/graph/schema.ts'
import { context, edge, graph, node, pack, packParams, randomizerParams } from '../../engine/compile/fixtures.ts'
import { stageRequest } from '../../../engine/compile/stage-request.ts'
import { dropPng } from '../../../editor/src/canvas/drop-png.ts'
import { startCompileService } from '../../../editor/src/services/compile-service.ts'
import { createEditorStore } from '../../../editor/src/store/create-store.ts'
import { readTextChunks } from '../../../server/png/chunks.ts'
import { JobManifest } from '../../../server/exec/types.ts'
import { harness, until, type Harness } from './helpers.ts'

let h: Harness
beforeAll(async () => {
  h = await harness()
  await h.exec.start()
})
afterAll(() => h.close())

const img = (a: string, b: string) => edge(`${a}.image`, `${b}.image`)
const hairPack = pack('hair', 'a woman with [[hair]] hair\n<lora:add_detail:0.7>\nneg: blurry\n', {
  pack_data: { name: 'Hair', matrix: { enabled: true, mode: 'fanout', limit: 8, slots: [{ name: 'hair', values: ['red', 'blue'] }] } },
})
const ctx = context({ packs: { hair: hairPack }, globalNegative: 'lowres', runSeed: 3 })
const library = { packs: { hair: hairPack }, presets: {}, defaultPresetId: null, wildcardFiles: {}, globalNegative: 'lowres' }

async function runGraph(g: Graph, runSeed = ctx.runSeed): Promise<RunSpec> {
  const { run, errors } = compile(g, { ...ctx, runSeed })
  expect(errors).toEqual([])
  h.store.queue.submit(run!)
  await h.exec.idle()
  expect(h.store.queue.jobsOfRun(run!.runId).map((j) => [j.state, j.lastError])).toEqual(run!.jobs.map(() => ['succeeded', null]))
  return run!
}

/** The WebUI's PNG Info of every image a stage made in a run, by job and image index. */
async function pngInfo(run: RunSpec, stageId: string): Promise<{ jobId: string; index: number; p: Record<string, string> }[]> {
  const artifacts = h.store.artifacts.ofRun(run.runId).filter((a) => a.kind === 'image' && a.stageId === stageId)
  const out = []
  for (const a of artifacts) {
    const image = (await readFile(join(h.dir, a.path))).toString('base64')
    const res = await fetch(`${h.sims[0]!.url}/sdapi/v1/png-info`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ image }) })
    const body = (await res.json()) as { parameters: Record<string, unknown> }
    out.push({ jobId: a.jobId, index: a.index, p: Object.fromEntries(Object.entries(body.parameters).map(([k, v]) => [k, String(v)])) })
  }
  return out.sort((a, b) => a.jobId.localeCompare(b.jobId) || a.index - b.index)
}

const gen = { model: 'dreamshaper_8.safetensors', clip_skip: 2, sampler_name: 'DPM++ 2M', scheduler: 'Karras', steps: 12, cfg_scale: 5.5, seed: 1000, batch_size: 2 }

describe('the saved image tells the truth', () => {
  it('ADetailer and img2img inherit the generating stage’s settings; image i carries seed + i in every stage', async () => {
    const run = await runGraph(graph([
      node('t', 'txt2img', { prompt: 'a portrait', ...gen }, { label: 'Generate' }),
      node('ad', 'adetailer', { passes: [{ ad_prompt: 'detailed face [SEP] hands' }] }),
      node('i', 'img2img', { denoising_strength: 0.3 }),
      node('u', 'upscale', { mode: 'img2img', factor: 1.5, cfg_scale: 4 }),
    ], [img('t', 'ad'), img('ad', 'i'), img('t', 'u')]))
    // The WebUI numbers the root's batch seed + i itself.
    expect((await pngInfo(run, 't')).map((x) => [x.index, x.p.Seed])).toEqual([[0, '1000'], [1, '1001']])
    const ad = await pngInfo(run, 'ad')
    expect(ad.map((x) => [x.p.Steps, x.p.Sampler, x.p['Schedule type'], x.p['CFG scale'], x.p.Seed, x.p.Model, x.p['Clip skip']])).toEqual([
      ['12', 'DPM++ 2M', 'Karras', '5.5', '1000', 'dreamshaper_8', '2'],
      ['12', 'DPM++ 2M', 'Karras', '5.5', '1001', 'dreamshaper_8', '2'],
    ])
    for (const x of ad) {
      expect(x.p['ADetailer model']).toBe('face_yolov8n.pt')
      expect(x.p['ADetailer prompt']).toBe('detailed face [SEP] hands')
      expect(x.p['ADetailer version']).toBeDefined()
      // The passes used the main generation's steps: no separate-steps key was written.
      expect(x.p['ADetailer use separate steps']).toBeUndefined()
    }
    const i = await pngInfo(run, 'i')
    expect(i.map((x) => [x.p.Steps, x.p.Sampler, x.p['CFG scale'], x.p.Seed, x.p.Model, x.p['Denoising strength']])).toEqual([
      ['12', 'DPM++ 2M', '5.5', '1000', 'dreamshaper_8', '0.3'],
      ['12', 'DPM++ 2M', '5.5', '1001', 'dreamshaper_8', '0.3'],
    ])
    const u = await pngInfo(run, 'u')
    expect(u.map((x) => [x.p.Steps, x.p.Sampler, x.p['CFG scale'], x.p.Seed, x.p.Model])).toEqual([
      ['12', 'DPM++ 2M', '4', '1000', 'dreamshaper_8'],
      ['12', 'DPM++ 2M', '4', '1001', 'dreamshaper_8'],
    ])
  })

  it('an ADetailer value set on the node shows as ADetailer’s own override, the image’s settings stay the main ones', async () => {
    const run = await runGraph(graph([
      node('t', 'txt2img', { prompt: 'a portrait', ...gen, batch_size: 1 }),
      node('ad', 'adetailer', { steps: 30 }),
    ], [img('t', 'ad')]))
    const [x] = await pngInfo(run, 'ad')
    expect([x!.p.Steps, x!.p['ADetailer use separate steps'], x!.p['ADetailer steps']]).toEqual(['12', 'True', '30'])
  })

  it('prompt syntax in every field is expanded with the job’s variant; a wired row keeps its LoRA and negative', async () => {
    const run = await runGraph(graph([
      node('p', 'pack', packParams('hair')),
      node('r', 'randomizer', randomizerParams()),
      node('t', 'txt2img', { ...gen, batch_size: 1 }),
      node('ad', 'adetailer', { passes: [{ ad_prompt: '[[hair]] hair, {smiling|serious} face', ad_negative_prompt: '{ugly|deformed}' }] }),
      node('p2', 'pack', packParams('hair')),
      node('r2', 'randomizer', randomizerParams({ maxVariants: 1 })),
      node('i', 'img2img', { prompt_adjust: '[[hair]] highlights' }),
    ], [edge('p', 'r'), edge('r', 't'), img('t', 'ad'), img('ad', 'i'), edge('p2', 'r2'), edge('r2', 'i')]))
    expect(run.jobs).toHaveLength(2)
    const hairOf = new Map(run.jobs.map((j) => [j.jobId, j.randomizerSummary.slots.hair!]))
    for (const x of await pngInfo(run, 'ad')) {
      const hair = hairOf.get(x.jobId)!
      expect(x.p['ADetailer prompt']).toMatch(new RegExp(`^${hair} hair, (smiling|serious) face$`))
      expect(x.p['ADetailer negative prompt']).toMatch(/^(ugly|deformed)$/)
    }
    for (const x of await pngInfo(run, 'i')) {
      expect(x.p.Prompt).toBe(`a woman with red hair, <lora:add_detail:0.7>, ${hairOf.get(x.jobId)} highlights`)
      expect(x.p['Negative prompt']).toBe('lowres, blurry')
      expect(x.p['Lora hashes']).toContain('add_detail')
    }
  })
})

describe('a final PNG dropped on the canvas restores the job that made it', () => {
  it('the restored graph previews the job byte for byte: same plan, seeds, draws and requests', async () => {
    const run = await runGraph(graph([
      node('p', 'pack', packParams('hair')),
      node('r', 'randomizer', randomizerParams({ mode: 'random', maxVariants: 2, seedMode: 'random' })),
      node('t', 'txt2img', { ...gen, seed: -1 }),
      node('ad', 'adetailer', { passes: [{ ad_prompt: '[[hair]] hair, {smiling|serious|calm} face' }] }),
      node('i', 'img2img', { prompt_adjust: '{film|digital|painted}' }),
    ], [edge('p', 'r'), edge('r', 't'), img('t', 'ad'), img('ad', 'i')]), 987654)
    const final = h.store.artifacts.ofRun(run.runId).find((a) => a.stageId === 'i' && a.index === 1)!
    const bytes = await readFile(join(h.dir, final.path))
    const chunks = readTextChunks(bytes)
    if (!chunks.ok) throw new Error(chunks.error)
    const made = JSON.parse(chunks.value['stablenew:job']!) as RunSpec['jobs'][number]

    // The editor's own restore path: drop the file, let the compile service preview it.
    const store = createEditorStore()
    store.getState().setLibrary(library, 'server')
    const stop = startCompileService(store, 1)
    try {
      await dropPng(store, new Blob([bytes]), { x: 0, y: 0 })
      expect(store.getState().previewRunSeed).toBe(987654)
      await until(() => store.getState().compiled?.run?.jobs.some((j) => j.jobId === made.jobId) ?? false, 5_000)
    } finally {
      stop()
    }
    const preview = store.getState().compiled!.run!.jobs.find((j) => j.jobId === made.jobId)!
    const comparable = ({ runId: _r, outputDir: _o, createdAt: _c, ...rest }: typeof made) => JSON.stringify(rest)
    expect(comparable(preview)).toBe(comparable(made))

    // And every request the preview shows is the one the executor sent (input images aside).
    const manifest = JobManifest.parse(JSON.parse(await readFile(join(h.dir, 'outputs', run.runId, 'manifests', `${made.jobId}.json`), 'utf8')))
    const noImages = (b: Record<string, unknown>) => JSON.stringify({ ...b, init_images: undefined })
    for (const st of manifest.stages) {
      const stage = preview.plan.stages.find((x) => x.stageId === st.stageId)!
      st.calls.forEach((call, k) => {
        const shown = stageRequest(preview, stage, k, stage.inputFrom ? { base64: 'x', width: 512, height: 512 } : undefined)
        expect(noImages(shown.body as Record<string, unknown>)).toBe(noImages(call.body))
      })
    }
  })
})
