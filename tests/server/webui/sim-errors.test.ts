/**
 * The reference's §3 error table and §4 auth, each case sent for real to the simulator (A1111
 * and Forge flavours) and checked for kind, status and a message a user can act on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type SimHandle } from '../../../server/sim/index.ts'
import { createWebuiClient, type WebuiClient, type WebuiError, type WebuiResult } from '../../../server/webui/index.ts'

function errorOf<T>(r: WebuiResult<T>): WebuiError {
  if (r.ok) throw new Error('expected an error, got success')
  return r.error
}
function must<T>(r: WebuiResult<T>): T {
  if (!r.ok) throw new Error(`${r.error.kind}: ${r.error.message}`)
  return r.data
}
const small = { steps: 2, width: 64, height: 64 }

describe('A1111 error table (§3)', () => {
  let sim: SimHandle
  let webui: WebuiClient
  let png = ''
  beforeAll(async () => {
    sim = await startSimulator({ stepMs: 0 })
    webui = createWebuiClient({ baseUrl: sim.url, retries: 0 })
    png = must(await webui.txt2img({ prompt: 'x', ...small })).images[0]!
  })
  afterAll(async () => {
    await webui.close()
    await sim.close()
  })

  it('a field of the wrong type: 422 naming the field', async () => {
    const e = errorOf(await webui.txt2img({ prompt: 'x', ...small, steps: 'twenty' }))
    expect(e).toMatchObject({ kind: 'validation', status: 422, retryable: false, endpoint: 'POST /sdapi/v1/txt2img' })
    expect(e.message).toBe('The WebUI rejected field steps: value is not a valid integer')
  })
  it('unknown sampler_name and scheduler: no error (1.9+ falls back)', async () => {
    expect((await webui.txt2img({ prompt: 'x', ...small, sampler_name: 'Nope', scheduler: 'nope' })).ok).toBe(true)
  })
  it('unknown hr_sampler_name: 500 AssertionError', async () => {
    const e = errorOf(await webui.txt2img({ prompt: 'x', ...small, enable_hr: true, denoising_strength: 0.5, hr_sampler_name: 'Nope' }))
    expect(e).toMatchObject({ kind: 'server', status: 500, retryable: false, webuiMessage: 'AssertionError: bad sampler name: Nope' })
    expect(e.message).toBe('The WebUI failed on POST /sdapi/v1/txt2img: bad sampler name: Nope')
  })
  it('unknown hr_upscaler: 500 "could not find upscaler"', async () => {
    const e = errorOf(await webui.txt2img({ prompt: 'x', ...small, enable_hr: true, denoising_strength: 0.5, hr_upscaler: 'Foo' }))
    expect(e).toMatchObject({ kind: 'server', status: 500, retryable: false })
    expect(e.message).toContain('could not find upscaler named Foo')
  })
  it('unknown hr_checkpoint_name / refiner_checkpoint: 500', async () => {
    const a = errorOf(await webui.txt2img({ prompt: 'x', ...small, enable_hr: true, denoising_strength: 0.5, hr_checkpoint_name: 'nope' }))
    expect(a.message).toContain('Could not find checkpoint with name nope')
    const b = errorOf(await webui.txt2img({ prompt: 'x', ...small, refiner_checkpoint: 'nope', refiner_switch_at: 0.8 }))
    expect(b).toMatchObject({ kind: 'server', status: 500 })
  })
  it('enable_hr without denoising_strength: 500 TypeError', async () => {
    const e = errorOf(await webui.txt2img({ prompt: 'x', ...small, enable_hr: true }))
    expect(e).toMatchObject({ kind: 'server', status: 500, retryable: false })
    expect(e.webuiMessage).toMatch(/^TypeError: /)
  })
  it('unknown script_name / alwayson script: 422 with the WebUI text', async () => {
    const a = errorOf(await webui.txt2img({ prompt: 'x', ...small, script_name: 'No Such Script' }))
    expect(a).toMatchObject({ kind: 'validation', status: 422, webuiMessage: "Script 'No Such Script' not found" })
    expect(a.message).toBe("The WebUI rejected the request: Script 'No Such Script' not found")
    const b = errorOf(await webui.txt2img({ prompt: 'x', ...small, alwayson_scripts: { Nope: { args: [] } } }))
    expect(b.kind).toBe('validation')
  })
  it('a selectable script given as alwayson: 422', async () => {
    const e = errorOf(await webui.txt2img({ prompt: 'x', ...small, alwayson_scripts: { 'X/Y/Z plot': { args: [] } } }))
    expect(e).toMatchObject({ kind: 'validation', webuiMessage: 'Cannot have a selectable script in the always on scripts params' })
  })
  it('an exception inside ADetailer (unknown ad_model) still answers 200', async () => {
    const r = await webui.img2img({
      prompt: 'x', init_images: [png], ...small,
      alwayson_scripts: { ADetailer: { args: [true, false, { ad_model: 'no_such_model.pt' }] } },
    })
    expect(r.ok).toBe(true)
  })
  it('bad base64: 500 "Invalid encoded image"', async () => {
    const e = errorOf(await webui.img2img({ prompt: 'x', init_images: ['!!!not base64'], ...small }))
    expect(e).toMatchObject({ kind: 'server', status: 500, retryable: false, webuiMessage: 'Invalid encoded image' })
    expect(e.message).toBe('The WebUI failed on POST /sdapi/v1/img2img: Invalid encoded image')
  })
  it('img2img without init_images: 404 "Init image not found"', async () => {
    const e = errorOf(await webui.img2img({ prompt: 'x', ...small }))
    expect(e).toMatchObject({ kind: 'not_found', status: 404, webuiMessage: 'Init image not found' })
    expect(e.message).toContain('Init image not found')
  })
  it('URL input with requests disabled: 500 "Requests not allowed"', async () => {
    must(await webui.setOptions({ api_enable_requests: false }))
    try {
      const e = errorOf(await webui.img2img({ prompt: 'x', init_images: ['https://example.com/a.png'], ...small }))
      expect(e).toMatchObject({ kind: 'server', status: 500, webuiMessage: 'Requests not allowed' })
    } finally {
      must(await webui.setOptions({ api_enable_requests: true }))
    }
  })
  it('an unknown upscaler in extras: 500', async () => {
    const e = errorOf(await webui.extraSingleImage({ image: png, upscaler_1: 'Foo', upscaling_resize: 2 }))
    expect(e).toMatchObject({ kind: 'server', status: 500, retryable: false })
    expect(e.message).toContain('could not find upscaler named Foo')
  })
  it('POST options with an unknown checkpoint: 500 RuntimeError; unknown key: 500 KeyError', async () => {
    const a = errorOf(await webui.setOptions({ sd_model_checkpoint: 'nope.safetensors' }))
    expect(a).toMatchObject({ kind: 'server', status: 500, webuiMessage: "RuntimeError: model 'nope.safetensors' not found", endpoint: 'POST /sdapi/v1/options' })
    const b = errorOf(await webui.setOptions({ no_such_option: 1 }))
    expect(b).toMatchObject({ kind: 'server', status: 500, webuiMessage: "KeyError: 'no_such_option'" })
  })
  it('a route that does not exist: 404 not_found with a hint', async () => {
    const c = createWebuiClient({ baseUrl: `${sim.url}/wrong-prefix`, retries: 0 })
    try {
      const e = errorOf(await c.sdModels())
      expect(e).toMatchObject({ kind: 'not_found', status: 404, webuiMessage: 'Not Found' })
      expect(e.message).toBe('The WebUI has no endpoint GET /sdapi/v1/sd-models (is the WebUI started with --api?)')
    } finally {
      await c.close()
    }
  })
})

describe('auth (§4)', () => {
  let sim: SimHandle
  beforeAll(async () => {
    sim = await startSimulator({ stepMs: 0, auth: 'alice:s3cret' })
  })
  afterAll(async () => {
    await sim.close()
  })
  const withClient = async (opts: { baseUrl?: string; auth?: { user: string; pass: string } }, fn: (c: WebuiClient) => Promise<void>) => {
    const c = createWebuiClient({ baseUrl: opts.baseUrl ?? sim.url, retries: 0, ...(opts.auth ? { auth: opts.auth } : {}) })
    try {
      await fn(c)
    } finally {
      await c.close()
    }
  }

  it('good credentials from options or the URL', async () => {
    await withClient({ auth: { user: 'alice', pass: 's3cret' } }, async (c) => {
      expect((await c.sdModels()).ok).toBe(true)
      expect((await c.txt2img({ prompt: 'x', ...small })).ok).toBe(true)
    })
    await withClient({ baseUrl: sim.url.replace('http://', 'http://alice:s3cret@') }, async (c) => {
      expect((await c.health()).ok).toBe(true)
    })
  })
  it('missing credentials: auth error, also from health()', async () => {
    await withClient({}, async (c) => {
      const e = errorOf(await c.sdModels())
      expect(e).toMatchObject({ kind: 'auth', status: 401, retryable: false, webuiMessage: 'Not authenticated' })
      expect(e.message).toBe(`The WebUI at ${sim.url} requires a username and password (--api-auth) and none were sent`)
      expect(errorOf(await c.health()).kind).toBe('auth')
      expect(errorOf(await c.txt2img({ prompt: 'x', ...small }, { stallMs: 2_000 })).kind).toBe('auth')
    })
  })
  it('wrong credentials', async () => {
    await withClient({ auth: { user: 'alice', pass: 'nope' } }, async (c) => {
      const e = errorOf(await c.getOptions())
      expect(e).toMatchObject({ kind: 'auth', status: 401, webuiMessage: 'Incorrect username or password' })
      expect(e.message).toContain('rejected the username or password')
      expect(e.message).not.toContain('nope')
    })
  })
  it('routes extensions register outside the API stay open', async () => {
    await withClient({}, async (c) => {
      expect((await c.loras()).ok).toBe(true)
      expect((await c.adetailerModels()).ok).toBe(true)
    })
  })
  it('auth off: no header needed', async () => {
    const open = await startSimulator({ stepMs: 0 })
    const c = createWebuiClient({ baseUrl: open.url })
    try {
      expect((await c.sdModels()).ok).toBe(true)
    } finally {
      await c.close()
      await open.close()
    }
  })
})

describe('Forge flavour (§7)', () => {
  let sim: SimHandle
  let webui: WebuiClient
  beforeAll(async () => {
    sim = await startSimulator({ stepMs: 0, flavor: 'forge' })
    webui = createWebuiClient({ baseUrl: sim.url, retries: 0 })
  })
  afterAll(async () => {
    await webui.close()
    await sim.close()
  })

  it('is detected once, and vaes() reads /sd-modules', async () => {
    sim.resetStats()
    const [a, b] = await Promise.all([webui.detectFlavor(), webui.detectFlavor()])
    expect(must(a)).toBe('forge')
    expect(must(b)).toBe('forge')
    expect(must(await webui.detectFlavor())).toBe('forge')
    expect(sim.stats().requests['/sdapi/v1/sd-modules']).toBe(1)
    const vaes = must(await webui.vaes())
    expect(vaes.map((v) => v.model_name)).toContain('ae.safetensors')
    expect(sim.stats().requests['/sdapi/v1/sd-vae'] ?? 0).toBe(0)
    expect(must(await webui.health()).flavor).toBe('forge')
  })
  it('pydantic v2 422', async () => {
    const e = errorOf(await webui.txt2img({ prompt: 'x', ...small, steps: 'twenty' }))
    expect(e).toMatchObject({ kind: 'validation', status: 422 })
    expect(e.message).toMatch(/^The WebUI rejected field steps: Input should be a valid integer/)
  })
  it('unhandled exception body {"error","detail","body","message"}', async () => {
    const e = errorOf(await webui.setOptions({ sd_model_checkpoint: 'nope' }))
    expect(e).toMatchObject({ kind: 'server', status: 500, webuiMessage: "RuntimeError: model 'nope' not found", retryable: false })
  })
  it('HTTPException as plain {"detail"}', async () => {
    const e = errorOf(await webui.img2img({ prompt: 'x', ...small }))
    expect(e).toMatchObject({ kind: 'not_found', status: 404, webuiMessage: 'Init image not found' })
  })
  it('sd-vae is gone on Forge', async () => {
    const e = errorOf(await webui.sdVae())
    expect(e.kind).toBe('not_found')
    expect(e.message).toContain('sd-modules')
  })
})
