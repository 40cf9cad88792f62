/**
 * Issue 11 §1 end to end: the generation settings compile with the WebUI's lists, go out in the
 * form A1111 acts on, and the simulated WebUI's own PNG Info of each image shows them. The
 * prompt the preview shows for styles equals the prompt the WebUI reports. Forge-only settings
 * run only on a Forge backend.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { compile } from '../../../engine/compile/compile.ts'
import type { RunSpec } from '../../../engine/compile/spec.ts'
import { stageRequest } from '../../../engine/compile/stage-request.ts'
import type { Graph } from '../../../engine/graph/schema.ts'
import { applyStyles } from '../../../engine/resources/styles.ts'
import { context, edge, graph, node } from '../../engine/compile/fixtures.ts'
import { harness, type Harness } from './helpers.ts'

let h: Harness | undefined
afterEach(async () => { await h?.close(); h = undefined })

const img = (a: string, b: string) => edge(`${a}.image`, `${b}.image`)
const base = { prompt: 'a lighthouse at dusk', model: 'dreamshaper_8.safetensors', steps: 4, width: 64, height: 64, seed: 500 }

async function compileWith(g: Graph, runSeed = 42) {
  const resources = await h!.exec.resources()
  return { ...compile(g, context({ resources, globalNegative: 'lowres', runSeed })), resources }
}

async function runGraph(g: Graph): Promise<RunSpec> {
  const { run, errors } = await compileWith(g)
  expect(errors).toEqual([])
  h!.store.queue.submit(run!)
  await h!.exec.idle()
  return run!
}

async function pngInfo(run: RunSpec, stageId: string): Promise<Record<string, string>[]> {
  const artifacts = h!.store.artifacts.ofRun(run.runId).filter((a) => a.kind === 'image' && a.stageId === stageId).sort((a, b) => a.index - b.index)
  const out = []
  for (const a of artifacts) {
    const image = (await readFile(join(h!.dir, a.path))).toString('base64')
    const res = await fetch(`${h!.sims[0]!.url}/sdapi/v1/png-info`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ image }) })
    const body = (await res.json()) as { parameters: Record<string, unknown> }
    out.push(Object.fromEntries(Object.entries(body.parameters).map(([k, v]) => [k, String(v)])))
  }
  return out
}

describe('generation settings reach the WebUI and its infotext', () => {
  it('styles, variation seed, sampler options, ENSD, face restoration, tiling, hires prompt and checkpoint, img2img image CFG and own clip skip', async () => {
    h = await harness()
    await h.exec.start()
    const g = graph([
      node('t', 'txt2img', {
        ...base, styles: ['Cinematic', 'Sharp detail'], subseed: 77, subseed_strength: 0.25, eta: 0.5, s_noise: 0.9, sampler_name: 'DPM++ 2M SDE',
        eta_noise_seed_delta: 31337, restore_faces: true, face_restoration_model: 'GFPGAN', tiling: true,
        hires: { enabled: true, scale: 1.5, upscaler: 'Latent', checkpoint: 'v1-5-pruned-emaonly', prompt: 'a {lighthouse|beacon} at night', negative_prompt: '' },
      }),
      node('i', 'img2img', { denoising_strength: 0.4, image_cfg_scale: 1.5, clip_skip: 2, styles: ['Watercolor'] }),
    ], [img('t', 'i')])
    const { run: compiled, resources } = await compileWith(g)
    const job = compiled!.jobs[0]!
    const t = job.plan.stages.find((s) => s.stageId === 't')!
    // The hires checkpoint was resolved to the name A1111 lists; the hires prompt was expanded.
    expect((t.config.values.hires as Record<string, unknown>).checkpoint).toBe('v1-5-pruned-emaonly.safetensors')
    expect((t.config.values.hires as Record<string, unknown>).prompt).toMatch(/^a (lighthouse|beacon) at night$/)
    const body = stageRequest(job, t, 0).body as Record<string, unknown>
    expect(body).toMatchObject({ styles: ['Cinematic', 'Sharp detail'], subseed: 77, subseed_strength: 0.25, eta: 0.5, restore_faces: true, tiling: true, hr_checkpoint_name: 'v1-5-pruned-emaonly.safetensors' })
    expect(body).not.toHaveProperty('s_noise')
    expect(body.override_settings).toMatchObject({ eta_noise_seed_delta: 31337, face_restoration_model: 'GFPGAN', s_noise: 0.9, s_churn: 0 })
    // What the preview shows for the styled prompt…
    const preview = applyStyles(job.prompt, job.negativePrompt, ['Cinematic', 'Sharp detail'], resources)

    const run = await runGraph(g)
    expect(h.store.queue.jobsOfRun(run.runId).map((j) => [j.state, j.lastError])).toEqual([['succeeded', null]])
    const [p] = await pngInfo(run, 't')
    // …is what the WebUI used.
    expect(p!.Prompt).toBe(preview.prompt)
    expect(p!.Prompt).toBe('cinematic still of a lighthouse at dusk, shallow depth of field, film grain, highly detailed, sharp focus')
    expect(p!['Negative prompt']).toBe(preview.negativePrompt)
    expect(p!['Negative prompt']).toBe('lowres, cartoon, illustration, blurry, lowres')
    expect([p!['Variation seed'], p!['Variation seed strength'], p!.ENSD, p!['Face restoration'], p!.Tiling]).toEqual(['77', '0.25', '31337', 'GFPGAN', 'True'])
    // The SDE sampler takes eta and s_noise: both took effect, so both are written.
    expect([p!.Eta, p!['Sigma noise'], p!['Sigma churn']]).toEqual(['0.5', '0.9', undefined])
    expect(p!['Hires checkpoint']).toContain('v1-5-pruned-emaonly.safetensors')
    expect(p!['Hires prompt']).toMatch(/^cinematic still of a (lighthouse|beacon) at night, shallow depth of field, film grain, highly detailed, sharp focus$/)
    const [i] = await pngInfo(run, 'i')
    expect([i!['Image CFG scale'], i!['Clip skip']]).toEqual(['1.5', '2'])
    expect(i!.Prompt).toBe('watercolor painting of a lighthouse at dusk, soft edges')
    // No variation was asked of the img2img stage; it re-diffuses with the ENSD of the image's stage.
    expect(i!['Variation seed']).toBeUndefined()
    expect(i!.ENSD).toBe('31337')
  })

  it('img2img batch size: n variations per incoming image; image k of the stage carries seed + k, and so does the stage after it', async () => {
    h = await harness()
    await h.exec.start()
    const run = await runGraph(graph([
      node('t', 'txt2img', { ...base, batch_size: 2 }),
      node('i', 'img2img', { denoising_strength: 0.5, batch_size: 2 }),
      node('a', 'adetailer', {}),
    ], [img('t', 'i'), img('i', 'a')]))
    expect(h.store.queue.jobsOfRun(run.runId).map((j) => [j.state, j.lastError])).toEqual([['succeeded', null]])
    expect(run.jobs[0]!.plan.stages.map((s) => [s.stageId, s.calls, s.images])).toEqual([['t', 1, 2], ['i', 2, 4], ['a', 4, 4]])
    expect((await pngInfo(run, 'i')).map((p) => p.Seed)).toEqual(['500', '501', '502', '503'])
    expect((await pngInfo(run, 'a')).map((p) => p.Seed)).toEqual(['500', '501', '502', '503'])
  })

  it('a variation batch: every image carries the job seed and its own subseed, and ADetailer inpaints each with them, as inside A1111', async () => {
    h = await harness()
    await h.exec.start()
    const run = await runGraph(graph([
      node('t', 'txt2img', { ...base, batch_size: 2, subseed: 77, subseed_strength: 0.3 }),
      node('a', 'adetailer', {}),
    ], [img('t', 'a')]))
    expect(h.store.queue.jobsOfRun(run.runId).map((j) => [j.state, j.lastError])).toEqual([['succeeded', null]])
    const seeds = (p: Record<string, string>) => [p.Seed, p['Variation seed'], p['Variation seed strength']]
    expect((await pngInfo(run, 't')).map(seeds)).toEqual([['500', '77', '0.3'], ['500', '78', '0.3']])
    expect((await pngInfo(run, 'a')).map(seeds)).toEqual([['500', '77', '0.3'], ['500', '78', '0.3']])
  })

  it('an unknown style is a compile error on its node and field, with the nearest names', async () => {
    h = await harness()
    await h.exec.start()
    const { errors } = await compileWith(graph([node('t', 'txt2img', { ...base, styles: ['Cinematic', 'Cinematik shot'] })], []))
    expect(errors).toEqual([expect.objectContaining({ code: 'unknown-resource', nodeId: 't', field: 'styles.1', message: expect.stringContaining('prompt style "Cinematik shot"') })])
    expect(errors[0]!.message).toContain('Did you mean "Cinematic"')
  })
})

describe('Forge-only settings route to Forge', () => {
  const forgeGraph = (id: string, distilled?: number) => graph([node('t', 'txt2img', { ...base, ...(distilled === undefined ? {} : { distilled_cfg_scale: distilled }) })], [], { id })

  it('a job with distilled CFG runs on the Forge backend, never the A1111 one, and Forge writes it', async () => {
    h = await harness({ sims: [{}, { flavor: 'forge' }] })
    await h.exec.start()
    const forgeId = h.exec.backends().find((b) => b.flavor === 'forge')?.id
    expect(forgeId).toBeDefined()
    const runs: RunSpec[] = []
    for (let n = 0; n < 4; n++) {
      const { run, errors } = await compileWith(forgeGraph(`g${n}`, 2.5), n)
      expect(errors).toEqual([])
      expect(h.exec.routeProblems(run!)).toEqual([])
      h.store.queue.submit(run!)
      runs.push(run!)
    }
    await h.exec.idle()
    for (const run of runs) {
      expect(h.store.queue.jobsOfRun(run.runId).map((j) => [j.state, j.backend])).toEqual([['succeeded', forgeId]])
    }
    const [p] = await pngInfo(runs[0]!, 't')
    expect(p!['Distilled CFG Scale']).toBe('2.5')
  })

  it('with only A1111 backends: a compile error when flavours are known; refused at submit, and failed at dispatch, when they were not at compile time', async () => {
    h = await harness()
    await h.exec.start()
    const known = await compileWith(forgeGraph('g', 2.5))
    expect(known.resources.flavors).toEqual(['a1111'])
    expect(known.errors).toEqual([{ code: 'needs-forge', nodeId: 't', field: 'distilled_cfg_scale', message: expect.stringContaining('every WebUI here is A1111') }])
    // Compiled while the flavours were unknown (a backend still starting): the executor catches it.
    const { run, errors } = compile(forgeGraph('g', 2.5), context({ resources: { ...known.resources, flavors: undefined }, globalNegative: 'lowres', runSeed: 42 }))
    expect(errors).toEqual([])
    const problems = h.exec.routeProblems(run!)
    expect(problems).toEqual([{ path: 'graph.nodes.t.distilled_cfg_scale', message: expect.stringContaining('only Forge understands') }])
    // A graph without the field is not affected.
    const { run: plain } = await compileWith(forgeGraph('p'))
    expect(h.exec.routeProblems(plain!)).toEqual([])
    h.store.queue.submit(run!)
    await h.exec.idle()
    const [job] = h.store.queue.jobsOfRun(run!.runId)
    expect(job!.state).toBe('failed')
    expect(job!.lastError).toContain('distilled_cfg_scale, which only Forge understands')
  })
})
