/**
 * Inpaint masks over the real HTTP API (issue 11 §2): upload (checked: base64, PNG, size), list
 * and read back byte for byte; a graph naming an unknown mask is refused at submit naming the node
 * and field; and a mask round trip — painted mask → stored → run → the WebUI changes only the
 * masked area of the image (decoded from the output files).
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodePng, encodePng, type RawImage } from '../../../server/png/synth.ts'
import { api, start, waitForIdle } from './helpers.ts'

let server: Awaited<ReturnType<typeof start>>
beforeAll(async () => { server = await start() })
afterAll(() => server.close())

function maskPng(w: number, h: number, on: (x: number, y: number) => boolean): Buffer {
  const px = new Uint8Array(w * h * 4)
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) { const v = on(x, y) ? 255 : 0; px.set([v, v, v, 255], (y * w + x) * 4) }
  return encodePng({ width: w, height: h, pixels: px })
}

const decode = (bytes: Uint8Array): RawImage => {
  const r = decodePng(bytes)
  if (!r.ok) throw new Error(r.error)
  return r.value
}

const EXAMPLE_MASK = 'mask-00ea7a4fa714eb12401b772f'
const upload = (image: string) => api(server, '/api/masks', { method: 'POST', json: { image } })

describe('mask uploads', () => {
  it('refuses what is not a PNG mask with a 400 naming body.image, and stores nothing', async () => {
    const cases = [
      'not base64 at all!',
      Buffer.from('hello, world').toString('base64'),
      'data:image/jpeg;base64,/9j/4AAQ',
      encodePng({ width: 4100, height: 1, pixels: new Uint8Array(4100 * 4) }).toString('base64'),
    ]
    for (const image of cases) {
      const r = await upload(image)
      expect(r.status, image.slice(0, 20)).toBe(400)
      expect(r.body.problems[0].path).toBe('body.image')
    }
    const missing = await api(server, '/api/masks', { method: 'POST', json: {} })
    expect([missing.status, missing.body.problems[0].path]).toEqual([400, 'body.image'])
    // Only the inpaint example's mask, which a first start copies into the library.
    expect((await api(server, '/api/masks')).body.masks.map((m: { id: string }) => m.id)).toEqual([EXAMPLE_MASK])
  })

  it('stores a mask once by content, lists it and gives back the exact bytes', async () => {
    const bytes = maskPng(32, 32, (x) => x < 8)
    const first = await upload(bytes.toString('base64'))
    expect(first.status).toBe(201)
    const { id, width, height, coverage } = first.body.mask
    expect(id).toMatch(/^mask-[0-9a-f]{24}$/)
    expect([width, height, coverage]).toEqual([32, 32, 0.25])
    const again = await upload(`data:image/png;base64,${bytes.toString('base64')}`)
    expect([again.status, again.body.mask.id]).toEqual([200, id])
    expect(readFileSync(join(server.dataDir, 'library', 'masks', `${id}.png`)).equals(bytes)).toBe(true)
    expect((await api(server, '/api/masks')).body.masks.map((m: { id: string }) => m.id).sort()).toEqual([EXAMPLE_MASK, id].sort())
    const res = await fetch(`${server.url}/api/masks/${id}`)
    expect(res.headers.get('content-type')).toBe('image/png')
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true)
    expect((await api(server, `/api/masks/${id}/info`)).body.mask.coverage).toBe(0.25)
  })

  it('answers a malformed id with 400 and an unknown one with 404', async () => {
    const bad = await api(server, '/api/masks/..%2Fsettings')
    expect([bad.status, bad.body.problems[0].path]).toEqual([400, 'params.id'])
    expect((await api(server, '/api/masks/mask-000000000000000000000000')).status).toBe(404)
  })
})

describe('a mask round trip through a run', () => {
  const graph = (maskId: string) => ({
    version: 2, id: 'inpaint-g', name: 'inpaint', description: '', tags: [], viewport: { x: 0, y: 0, zoom: 1 },
    nodes: [
      { id: 't', kind: 'txt2img', position: { x: 0, y: 0 }, params: { prompt: 'a lake', width: 64, height: 64, steps: 2, seed: 9 } },
      { id: 'i', kind: 'img2img', position: { x: 300, y: 0 }, params: { denoising_strength: 0.8, steps: 2, seed: 77, inpaint: { mask_id: maskId, mask_blur: 0, inpaint_full_res: false, inpainting_fill: 0 } } },
    ],
    edges: [{ id: 'e1', source: 't', sourcePort: 'image', target: 'i', targetPort: 'image' }],
  })

  it('refuses to queue a graph naming a mask the data folder does not hold, naming the node and field', async () => {
    const r = await api(server, '/api/runs', { method: 'POST', json: { graph: graph('mask-0123456789abcdef01234567') } })
    expect(r.status).toBe(400)
    expect(r.body.problems.map((p: { path: string }) => p.path)).toEqual(['graph.nodes.i.inpaint.mask_id'])
  })

  it('only the masked area of the image changes; a mask of another size is stretched to the image', async () => {
    // 32×32 mask on a 64×64 image: the left quarter of the mask is the left quarter of the image.
    const { body } = await upload(maskPng(32, 32, (x) => x < 8).toString('base64'))
    const id = body.mask.id as string
    const compiled = await api(server, '/api/compile', { method: 'POST', json: { graph: graph(id) } })
    expect(compiled.body.errors).toEqual([])
    const r = await api(server, '/api/runs', { method: 'POST', json: { graph: graph(id) } })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    await waitForIdle(server)
    const run = (await api(server, `/api/runs/${r.body.runId}`)).body
    expect(run.jobs.map((j: { state: string }) => j.state)).toEqual(['succeeded'])
    const of = async (stageId: string) => {
      const a = run.artifacts.find((x: { stageId: string }) => x.stageId === stageId)
      return decode(new Uint8Array(await (await fetch(`${server.url}/api/artifacts/${a.artifactId}`)).arrayBuffer()))
    }
    const before = await of('t')
    const after = await of('i')
    let outside = 0, inside = 0
    for (let y = 0; y < 64; y++) for (let x = 0; x < 64; x++) {
      const k = (y * 64 + x) * 4
      const same = [0, 1, 2].every((c) => before.pixels[k + c] === after.pixels[k + c])
      if (x >= 16 && !same) outside++
      if (x < 16 && !same) inside++
    }
    expect(outside).toBe(0)
    expect(inside).toBeGreaterThan(16 * 64 / 2)
    const meta = (await api(server, `/api/artifacts/${run.artifacts.find((x: { stageId: string }) => x.stageId === 'i').artifactId}/meta`)).body
    expect(meta.parameters).toContain('Masked content: fill')
    expect(meta.parameters).not.toContain('Mask blur')
    // The manifest names the mask by the hash of the bytes sent, never holds them.
    const manifest = JSON.parse(readFileSync(join(server.dataDir, 'outputs', r.body.runId, 'manifests', `${run.jobs[0].jobId}.json`), 'utf8'))
    const call = manifest.stages.find((s: { stageId: string }) => s.stageId === 'i').calls[0]
    expect(call.body.mask).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(call.body).toMatchObject({ mask_blur: 0, inpainting_fill: 0, inpaint_full_res: false, inpaint_full_res_padding: 32, inpainting_mask_invert: 0 })
    expect(existsSync(join(server.dataDir, 'library', 'masks', `${id}.png`))).toBe(true)
  })
})
