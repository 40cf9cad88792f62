/**
 * What the engine builds is what the client sends: one request per stage kind, built by
 * `engine/payloads` from the default configs, dispatched through `run()` to the simulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADETAILER_DEFAULTS, IMG2IMG_DEFAULTS, TXT2IMG_DEFAULTS, UPSCALE_DEFAULTS } from '../../../engine/config/defaults.ts'
import {
  buildAdetailerRequest, buildImg2ImgRequest, buildTxt2ImgRequest, buildUpscaleRequest, type StageRequestContext,
} from '../../../engine/payloads/index.ts'
import { startSimulator, type SimHandle } from '../../../server/sim/index.ts'
import { createWebuiClient, type RunOutput, type WebuiClient, type WebuiResult } from '../../../server/webui/index.ts'

function must<T>(r: WebuiResult<T>): T {
  if (!r.ok) throw new Error(`${r.error.kind}: ${r.error.message}`)
  return r.data
}

describe('engine payloads through run()', () => {
  let sim: SimHandle
  let webui: WebuiClient
  const base: StageRequestContext = {
    prompt: 'a lighthouse at dusk',
    negativePrompt: 'blurry',
    seed: 42,
    model: { checkpoint: '', vae: '', clipSkip: 1 },
  }
  let image: NonNullable<StageRequestContext['image']>

  beforeAll(async () => {
    sim = await startSimulator({ stepMs: 0 })
    webui = createWebuiClient({ baseUrl: sim.url })
  })
  afterAll(async () => {
    await webui.close()
    await sim.close()
  })

  const send = async (req: { endpoint: string; body: unknown }): Promise<RunOutput> => must(await webui.run(req, { stallMs: 5_000 }))

  it('txt2img (with hires and a model override)', async () => {
    const models = must(await webui.sdModels())
    const req = buildTxt2ImgRequest(
      { ...TXT2IMG_DEFAULTS, steps: 6, width: 64, height: 64, hires: { ...TXT2IMG_DEFAULTS.hires, enabled: true, scale: 1.5 } },
      { ...base, model: { checkpoint: models[1]!.title, vae: '', clipSkip: 2 } },
    )
    const out = await send(req)
    expect(out.endpoint).toBe('txt2img')
    expect(out.images).toHaveLength(1)
    if (out.endpoint === 'txt2img') expect(out.result.info?.seed).toBe(42)
    image = { base64: out.images[0]!, width: 96, height: 96 }
  })

  it('img2img', async () => {
    const out = await send(buildImg2ImgRequest({ ...IMG2IMG_DEFAULTS, steps: 4 }, { ...base, image }))
    expect(out.endpoint).toBe('img2img')
    expect(out.images).toHaveLength(1)
  })

  it('ADetailer (img2img carrier with alwayson_scripts)', async () => {
    const out = await send(buildAdetailerRequest({ ...ADETAILER_DEFAULTS, steps: 4 }, { ...base, image }))
    expect(out.endpoint).toBe('img2img')
    expect(out.images).toHaveLength(1)
    if (out.endpoint === 'img2img') expect(out.result.infoText).toContain('ADetailer model: face_yolov8n.pt')
  })

  it('upscale, both modes', async () => {
    const single = await send(buildUpscaleRequest({ ...UPSCALE_DEFAULTS, mode: 'single' }, { ...base, image }))
    expect(single.endpoint).toBe('extra-single-image')
    expect(single.images).toHaveLength(1)
    const viaImg2img = await send(buildUpscaleRequest({ ...UPSCALE_DEFAULTS, mode: 'img2img', steps: 4 }, { ...base, image }))
    expect(viaImg2img.endpoint).toBe('img2img')
    expect(viaImg2img.images).toHaveLength(1)
  })
})
