/**
 * ControlNet end to end through the real server: an uploaded control image and an earlier stage's
 * output reach the simulated WebUI as units in the extension's shape (the manifest records each
 * image by its pixel hash), the WebUI's infotext names every unit, a WebUI without the extension
 * is known to lack it (compile says so; a run is refused, or routed to a WebUI that has it).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readTextChunks } from '../../../server/png/chunks.ts'
import { renderImage } from '../../../server/png/synth.ts'
import { pngIdentity } from '../../../server/exec/image.ts'
import { api, start, waitForIdle } from './helpers.ts'
import { startSimulator } from '../../../server/sim/index.ts'

type Server = Awaited<ReturnType<typeof start>>
let server: Server
let bare: Server
beforeAll(async () => {
  server = await start()
  bare = await start({ sim: { stepMs: 1, modelSwitchMs: 1, controlnet: false } })
})
afterAll(async () => {
  await server?.close()
  await bare?.close()
})

const CANNY = 'control_v11p_sd15_canny [d14c016b]'
const DEPTH = 'control_v11f1p_sd15_depth [cfd03158]'
const control = renderImage({ width: 96, height: 64, seed: 11, prompt: 'edges', stage: 'txt2img' })

const upload = (s: Server, body: BodyInit, type = 'image/png') => fetch(`${s.url}/api/uploads`, { method: 'POST', headers: { 'content-type': type }, body })

const graphWith = (uploadId: string) => ({
  version: 2, id: 'cn', name: 'cn', description: '', tags: [], viewport: { x: 0, y: 0, zoom: 1 },
  nodes: [
    { id: 't', kind: 'txt2img', position: { x: 0, y: 0 }, params: {
      prompt: 'a lighthouse', width: 64, height: 64, steps: 2, model: 'v1-5-pruned-emaonly',
      controlnet: [{ image: `upload:${uploadId}`, module: 'canny', model: 'control_v11p_sd15_canny', weight: 0.7, guidance_end: 0.9 }],
    } },
    { id: 'i', kind: 'img2img', position: { x: 300, y: 0 }, params: {
      denoising_strength: 0.4,
      controlnet: [
        { image: 'stage:t', module: 'depth_midas', model: DEPTH, control_mode: 'My prompt is more important' },
        { image: 'input', module: 'none', model: CANNY, resize_mode: 'Just Resize', enabled: false },
      ],
    } },
  ],
  edges: [{ id: 'e1', source: 't', sourcePort: 'image', target: 'i', targetPort: 'image' }],
})

describe('uploads', () => {
  it('stores a PNG once under an id made from its bytes, lists it and serves it back', async () => {
    const first = await upload(server, new Uint8Array(control))
    expect(first.status).toBe(201)
    const { upload: info } = await first.json()
    expect(info).toEqual({ id: expect.stringMatching(/^up-[0-9a-f]{16}$/), width: 96, height: 64, bytes: control.length })
    const again = await (await upload(server, new Uint8Array(control))).json()
    expect(again.upload.id).toBe(info.id)
    expect((await api(server, '/api/uploads')).body.uploads).toEqual([info])
    const back = await fetch(`${server.url}/api/uploads/${info.id}`)
    expect(back.headers.get('content-type')).toBe('image/png')
    expect(Buffer.from(await back.arrayBuffer()).equals(control)).toBe(true)
    expect(readFileSync(join(server.dataDir, 'uploads', `${info.id}.png`)).equals(control)).toBe(true)
  })

  it('refuses what is not a PNG, a non-image content type, and ids that are not upload ids', async () => {
    const notPng = await upload(server, 'hello')
    expect(notPng.status).toBe(400)
    expect((await notPng.json()).problems).toEqual([{ path: 'body', message: expect.stringContaining('not a PNG image') }])
    expect((await upload(server, new Uint8Array(control), 'text/plain')).status).toBe(403)
    expect((await api(server, '/api/uploads/..%2F..%2Fsecret')).status).toBe(400)
    expect((await api(server, '/api/uploads/up-0000000000000000')).status).toBe(404)
  })
})

describe('a ControlNet unit round trip', () => {
  it('compiles with the names the WebUI lists, and refuses an upload that is not there, naming node and field', async () => {
    const { body } = await api(server, '/api/compile', { method: 'POST', json: { graph: graphWith('up-ffffffffffffffff'), runSeed: 1 } })
    expect(body.errors).toEqual([expect.objectContaining({ code: 'controlnet', nodeId: 't', field: 'controlnet.0.image' })])
    const refused = await api(server, '/api/runs', { method: 'POST', json: { graph: graphWith('up-ffffffffffffffff') } })
    expect(refused.status).toBeGreaterThanOrEqual(400)
  })

  it('sends the units as set, attaches the images, and the WebUI records every unit it applied', async () => {
    const { upload: info } = await (await upload(server, new Uint8Array(control))).json()
    const submitted = await api(server, '/api/runs', { method: 'POST', json: { graph: graphWith(info.id), runSeed: 5 } })
    expect(submitted.status).toBe(201)
    await waitForIdle(server)
    const run = await api(server, `/api/runs/${submitted.body.runId}`)
    expect(run.body.jobs.map((j: { state: string }) => j.state)).toEqual(['succeeded'])

    const manifest = JSON.parse(readFileSync(join(server.dataDir, 'outputs', submitted.body.runId, 'manifests', `${submitted.body.jobIds[0]}.json`), 'utf8'))
    const [t, i] = manifest.stages as { calls: { body: { alwayson_scripts: { controlnet: { args: unknown[] } } } }[] }[]
    const tImage = run.body.artifacts.find((a: { stageId: string }) => a.stageId === 't')
    const tBytes = Buffer.from(await (await fetch(`${server.url}/api/artifacts/${tImage.artifactId}`)).arrayBuffer())
    const defaults = { enabled: true, low_vram: false, processor_res: -1, threshold_a: -1, threshold_b: -1, guidance_start: 0, pixel_perfect: false }
    expect(t!.calls[0]!.body.alwayson_scripts.controlnet.args).toEqual([{
      ...defaults, image: `sha256:${pngIdentity(control).hash}`, module: 'canny', model: CANNY, weight: 0.7, guidance_end: 0.9,
      resize_mode: 'Crop and Resize', control_mode: 'Balanced',
    }])
    // The disabled unit is not sent; the enabled one carries the txt2img stage's own output.
    expect(i!.calls[0]!.body.alwayson_scripts.controlnet.args).toEqual([{
      ...defaults, image: `sha256:${pngIdentity(tBytes).hash}`, module: 'depth_midas', model: DEPTH, weight: 1, guidance_end: 1,
      resize_mode: 'Crop and Resize', control_mode: 'My prompt is more important',
    }])

    const infotext = async (stageId: string): Promise<string> => {
      const a = run.body.artifacts.find((x: { stageId: string }) => x.stageId === stageId)
      const chunks = readTextChunks(new Uint8Array(await (await fetch(`${server.url}/api/artifacts/${a.artifactId}`)).arrayBuffer()))
      return chunks.ok ? chunks.value.parameters ?? '' : ''
    }
    expect(await infotext('t')).toContain(`ControlNet 0: "Module: canny, Model: ${CANNY}, Weight: 0.7, Resize Mode: Crop and Resize, Processor Res: 512, Threshold A: 100.0, Threshold B: 200.0, Guidance Start: 0.0, Guidance End: 0.9, Pixel Perfect: False, Control Mode: Balanced"`)
    const second = await infotext('i')
    expect(second).toContain(`ControlNet 0: "Module: depth_midas, Model: ${DEPTH}, Weight: 1.0`)
    expect(second).not.toContain('ControlNet 1')
  })

  it('a WebUI without the extension: compile says what is missing and why, and nothing is queued', async () => {
    const { upload: info } = await (await upload(bare, new Uint8Array(control))).json()
    const compiled = await api(bare, '/api/compile', { method: 'POST', json: { graph: graphWith(info.id), runSeed: 1 } })
    const fields = compiled.body.errors.map((e: { nodeId: string; field: string }) => `${e.nodeId} ${e.field}`)
    expect(fields).toEqual(['t controlnet.0.module', 't controlnet.0.model', 'i controlnet.0.module', 'i controlnet.0.model'])
    expect(compiled.body.errors[1].message).toContain('is not on the WebUI. No WebUI lists any: is the sd-webui-controlnet extension installed there')
    const submitted = await api(bare, '/api/runs', { method: 'POST', json: { graph: graphWith(info.id), runSeed: 1 } })
    expect(submitted.status).toBe(400)
    expect((await api(bare, '/api/queue')).body.counts.queued).toBe(0)
  })

  it('with two WebUIs, a job with ControlNet units runs on the one that has the extension', async () => {
    const withCn = await startSimulator({ stepMs: 1, modelSwitchMs: 1 })
    const without = await startSimulator({ stepMs: 1, modelSwitchMs: 1, controlnet: false })
    const two = await start({ webuiUrls: [without.url, withCn.url] })
    try {
      const { upload: info } = await (await upload(two, new Uint8Array(control))).json()
      const submitted = await api(two, '/api/runs', { method: 'POST', json: { graph: graphWith(info.id), runSeed: 2 } })
      expect(submitted.status).toBe(201)
      await waitForIdle(two)
      const manifest = JSON.parse(readFileSync(join(two.dataDir, 'outputs', submitted.body.runId, 'manifests', `${submitted.body.jobIds[0]}.json`), 'utf8'))
      expect(manifest.backend).toBe((await api(two, '/api/backends')).body.backends.find((b: { url: string }) => b.url === withCn.url).id)
      expect(without.stats().generations).toBe(0)
    } finally {
      await two.close()
      await withCn.close()
      await without.close()
    }
  })
})
