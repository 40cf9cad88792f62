/** Every endpoint of the client against the simulated A1111 over loopback HTTP. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type SimHandle } from '../../../server/sim/index.ts'
import { createWebuiClient, type ProgressSample, type WebuiClient, type WebuiResult } from '../../../server/webui/index.ts'

let sim: SimHandle
let webui: WebuiClient
let png = ''

function must<T>(r: WebuiResult<T>): T {
  if (!r.ok) throw new Error(`${r.error.kind}: ${r.error.message}`)
  return r.data
}

beforeAll(async () => {
  sim = await startSimulator({ stepMs: 1, modelSwitchMs: 20 })
  webui = createWebuiClient({ baseUrl: sim.url, pollMs: 500 })
  const r = must(await webui.txt2img({ prompt: 'a red fox', steps: 8, seed: 7, width: 64, height: 64 }))
  png = r.images[0]!
})
afterAll(async () => {
  await webui.close()
  await sim.close()
})

describe('lists', () => {
  it('sd-models', async () => {
    const models = must(await webui.sdModels())
    expect(models.length).toBeGreaterThan(0)
    expect(models[0]!.title).toMatch(/\[[0-9a-f]{10}\]$/)
  })
  it('sd-vae, and vaes() picks it on A1111', async () => {
    const vae = must(await webui.sdVae())
    expect(vae.map((v) => v.model_name)).toContain('vae-ft-mse-840000-ema-pruned.safetensors')
    expect(must(await webui.detectFlavor())).toBe('a1111')
    expect(must(await webui.vaes())).toEqual(vae)
  })
  it('sd-modules is Forge-only: not_found here', async () => {
    const r = await webui.sdModules()
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error).toMatchObject({ kind: 'not_found', status: 404 })
  })
  it('samplers, schedulers, upscalers, latent modes', async () => {
    expect(must(await webui.samplers())[0]!.name).toBe('DPM++ 2M')
    expect(must(await webui.schedulers()).map((s) => s.label)).toContain('Karras')
    expect(must(await webui.upscalers()).map((u) => u.name)).toContain('R-ESRGAN 4x+')
    expect(must(await webui.latentUpscaleModes()).map((m) => m.name)).toContain('Latent (bicubic antialiased)')
  })
  it('embeddings, loras, ADetailer models', async () => {
    const emb = must(await webui.embeddings())
    expect(typeof emb.loaded).toBe('object')
    expect(Array.isArray(must(await webui.loras()))).toBe(true)
    expect(must(await webui.adetailerModels())).toContain('face_yolov8n.pt')
  })
})

describe('options', () => {
  it('get, switch model with set, refresh checkpoints', async () => {
    const before = must(await webui.getOptions())
    expect(typeof before.sd_model_checkpoint).toBe('string')
    const models = must(await webui.sdModels())
    const other = models.find((m) => m.title !== before.sd_model_checkpoint)!
    expect(must(await webui.setOptions({ sd_model_checkpoint: other.title }))).toBeNull()
    expect(sim.stats().currentModel).toBe(other.title)
    expect(must(await webui.getOptions()).sd_model_checkpoint).toBe(other.title)
    expect(must(await webui.refreshCheckpoints())).toBeNull()
  })
})

describe('generation', () => {
  it('txt2img returns images and parsed info', async () => {
    const r = must(await webui.txt2img({ prompt: 'a cat', steps: 4, seed: 123, batch_size: 2, width: 64, height: 64 }))
    expect(r.images).toHaveLength(2)
    expect(r.info?.all_seeds).toEqual([123, 124])
    expect(r.parameters.steps).toBe(4)
  })
  it('img2img, extras single and batch', async () => {
    const i2i = must(await webui.img2img({ prompt: 'a cat', init_images: [png], steps: 4, denoising_strength: 0.5 }))
    expect(i2i.images).toHaveLength(1)
    const one = must(await webui.extraSingleImage({ image: png, upscaling_resize: 2, upscaler_1: 'Lanczos' }))
    expect(one.image.length).toBeGreaterThan(0)
    expect(one.htmlInfo).toContain('Lanczos')
    const batch = must(
      await webui.extraBatchImages({ imageList: [{ data: png, name: 'a.png' }, { data: png, name: 'b.png' }], upscaling_resize: 2, upscaler_1: 'Lanczos' }),
    )
    expect(batch.images).toHaveLength(2)
  })
  it('png-info reads the parameters back', async () => {
    const info = must(await webui.pngInfo(png))
    expect(info.info).toContain('a red fox')
    expect(info.parameters.Steps).toBe('8')
  })
  it('progress (idle), skip and interrupt answer while idle', async () => {
    const p = must(await webui.progress())
    expect(p.progress).toBe(0)
    expect(p.current_image).toBeNull()
    expect(must(await webui.skip())).toBeNull()
    expect(must(await webui.interrupt())).toBeNull()
  })
  it('health reports latency, works against --nowebui', async () => {
    const h = must(await webui.health())
    expect(h.latencyMs).toBeGreaterThan(0)
    expect(h.latencyMs).toBeLessThan(1_000)
    expect(h.busy).toBe(false)
    const api = await startSimulator({ nowebui: true })
    const c = createWebuiClient({ baseUrl: api.url })
    try {
      expect(must(await c.health()).busy).toBe(false)
    } finally {
      await c.close()
      await api.close()
    }
  })

  it('onProgress sees progress rise with previews; interrupt mid-run still returns 200 with an image', async () => {
    sim.setOptions({ stepMs: 40 })
    try {
      const samples: ProgressSample[] = []
      let interrupted = false
      const r = await webui.txt2img(
        { prompt: 'a slow cat', steps: 100, width: 64, height: 64 },
        {
          stallMs: 5_000,
          onProgress: (s) => {
            samples.push(s)
            if (!interrupted && samples.length >= 3) {
              interrupted = true
              void webui.interrupt()
            }
          },
        },
      )
      const data = must(r)
      expect(data.images).toHaveLength(1)
      expect(interrupted).toBe(true)
      const progress = samples.map((s) => s.progress)
      expect(progress.length).toBeGreaterThanOrEqual(3)
      for (let i = 1; i < progress.length; i++) expect(progress[i]!).toBeGreaterThan(progress[i - 1]!)
      expect(samples[samples.length - 1]!.step).toBeLessThan(100)
      expect(samples.every((s) => s.steps === 100)).toBe(true)
      expect(samples.some((s) => s.previewBase64 !== null)).toBe(true)
      // Interrupted well before 100 steps × 40 ms.
      expect(sim.stats().generations).toBeGreaterThan(0)
    } finally {
      sim.setOptions({ stepMs: 1 })
    }
  })
})
