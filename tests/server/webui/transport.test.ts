/**
 * Socket-level behaviour that the simulator does not model on purpose: a tiny `node:http`
 * server on 127.0.0.1:0 per test plays exactly the misbehaviour under test.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { Agent } from 'undici'
import { afterEach, describe, expect, it } from 'vitest'
import { createWebuiClient, type WebuiClient } from '../../../server/webui/index.ts'

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void

async function tinyServer(handler: Handler) {
  let connections = 0
  const seen: { method: string; url: string; auth: string | undefined; body: string }[] = []
  const server = http.createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization, body })
      handler(req, res, body)
    })
  })
  server.on('connection', () => connections++)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    connections: () => connections,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections()
        server.close(() => r())
      }),
  }
}

const json = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

const idle = { progress: 0, eta_relative: 0, state: { job: '', job_count: 0, job_no: 0, sampling_step: 0, sampling_steps: 0 }, current_image: null, textinfo: null }

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})
function track<T extends { close(): Promise<void> }>(x: T): T {
  cleanups.push(() => x.close())
  return x
}
const fast = { retryBaseDelayMs: 5, retryMaxDelayMs: 10 }

describe('transport', () => {
  it('reuses keep-alive connections for sequential calls', async () => {
    const srv = track(await tinyServer((_q, res) => json(res, 200, [{ name: 'Latent' }])))
    const c = track(createWebuiClient({ baseUrl: srv.url }))
    for (let i = 0; i < 10; i++) expect((await c.latentUpscaleModes()).ok).toBe(true)
    // undici may hand the next request to a second socket while the first is being released;
    // what matters is that ten calls do not open ten connections.
    expect(srv.connections()).toBeLessThanOrEqual(2)
  })

  it('sends basic auth from URL credentials and keeps them out of messages', async () => {
    const srv = track(await tinyServer((_q, res) => json(res, 404, { detail: 'Not Found' })))
    const c = track(createWebuiClient({ baseUrl: `http://al%40ice:s3cr%3At@127.0.0.1:${srv.port}/` }))
    const r = await c.sdModels()
    expect(srv.seen[0]!.auth).toBe('Basic ' + Buffer.from('al@ice:s3cr:t').toString('base64'))
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.message).not.toContain('s3cr')
      expect(c.baseUrl).toBe(`http://127.0.0.1:${srv.port}`)
    }
  })

  it('options.auth overrides URL credentials; a subpath is kept', async () => {
    const srv = track(await tinyServer((_q, res) => json(res, 200, [])))
    const c = track(createWebuiClient({ baseUrl: `http://x:y@127.0.0.1:${srv.port}/sd/`, auth: { user: 'u', pass: 'p' } }))
    await c.loras()
    expect(srv.seen[0]!.auth).toBe('Basic ' + Buffer.from('u:p').toString('base64'))
    expect(srv.seen[0]!.url).toBe('/sd/sdapi/v1/loras')
  })

  it('uses a dispatcher passed in and leaves it open on close()', async () => {
    const srv = track(await tinyServer((_q, res) => json(res, 200, [])))
    const agent = track(new Agent())
    const c = createWebuiClient({ baseUrl: srv.url, dispatcher: agent })
    expect((await c.loras()).ok).toBe(true)
    await c.close()
    expect(agent.closed).toBe(false)
    const again = createWebuiClient({ baseUrl: srv.url, dispatcher: agent })
    expect((await again.loras()).ok).toBe(true)
  })

  it('a body that stops halfway times out as idle', async () => {
    const srv = track(
      await tinyServer((_q, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' })
        res.write('[{"name": "Lat')
      }),
    )
    const c = track(createWebuiClient({ baseUrl: srv.url, requestTimeoutMs: 300, retries: 0 }))
    const r = await c.latentUpscaleModes()
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.kind).toBe('timeout')
  })

  it('rejects a non-http base URL at creation', () => {
    expect(() => createWebuiClient({ baseUrl: 'ftp://host' })).toThrow(/http/)
    expect(() => createWebuiClient({ baseUrl: 'not a url' })).toThrow(/valid WebUI address/)
  })

  it('refused connection: connection error, retryable, after the configured attempts', async () => {
    const srv = await tinyServer(() => {})
    await srv.close()
    const c = track(createWebuiClient({ baseUrl: srv.url, retries: 1, ...fast }))
    const r = await c.txt2img({ prompt: 'x' }, { stallMs: 5_000 })
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error).toMatchObject({ kind: 'connection', retryable: true, endpoint: 'POST /sdapi/v1/txt2img' })
      expect(r.error.message).toBe(`Cannot reach the WebUI at ${srv.url}: connection refused (is it running?)`)
    }
  })

  it('a connection dropped after the request: GET retried, generation POST not', async () => {
    let n = 0
    const srv = track(
      await tinyServer((req, res) => {
        if (req.url!.startsWith('/sdapi/v1/progress')) return json(res, 200, idle)
        if (++n === 1 || req.method === 'POST') return req.socket.destroy()
        json(res, 200, [{ name: 'Latent' }])
      }),
    )
    const c = track(createWebuiClient({ baseUrl: srv.url, ...fast }))
    expect((await c.latentUpscaleModes()).ok).toBe(true)
    const r = await c.txt2img({ prompt: 'x' }, { stallMs: 5_000 })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.kind).toBe('connection')
    expect(srv.seen.filter((s) => s.url === '/sdapi/v1/txt2img')).toHaveLength(1)
    expect(srv.seen.filter((s) => s.url === '/sdapi/v1/latent-upscale-modes')).toHaveLength(2)
  })

  it('an ordinary call that gets no answer times out', async () => {
    const srv = track(await tinyServer(() => {}))
    const c = track(createWebuiClient({ baseUrl: srv.url, requestTimeoutMs: 300, retries: 0 }))
    const t0 = Date.now()
    const r = await c.samplers()
    expect(Date.now() - t0).toBeLessThan(3_000)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error).toMatchObject({ kind: 'timeout', endpoint: 'GET /sdapi/v1/samplers' })
  })

  it('a generation slower than requestTimeoutMs succeeds while progress moves', async () => {
    let step = 0
    const srv = track(
      await tinyServer((req, res) => {
        if (req.url!.startsWith('/sdapi/v1/progress')) {
          step++
          return json(res, 200, { ...idle, progress: step / 10, state: { job: 'scripts_txt2img', job_count: 1, job_no: 0, sampling_step: step, sampling_steps: 10 } })
        }
        setTimeout(() => json(res, 200, { images: ['aGk='], parameters: {}, info: '{"seed": 1}' }), 1_600)
      }),
    )
    const c = track(createWebuiClient({ baseUrl: srv.url, requestTimeoutMs: 300, pollMs: 500 }))
    const r = await c.txt2img({ prompt: 'x' }, { stallMs: 1_200 })
    expect(r.ok).toBe(true)
    if (r.ok) expect(r.data.info?.seed).toBe(1)
  })

  it('a generation whose progress is frozen is called stalled and interrupted', async () => {
    const srv = track(
      await tinyServer((req, res) => {
        if (req.url!.startsWith('/sdapi/v1/progress')) return json(res, 200, { ...idle, progress: 0.2, state: { job: 'scripts_txt2img', job_count: 1, sampling_step: 4, sampling_steps: 20 } })
        if (req.url === '/sdapi/v1/interrupt') return json(res, 200, {})
        // txt2img: never answers
      }),
    )
    const c = track(createWebuiClient({ baseUrl: srv.url, pollMs: 500 }))
    const t0 = Date.now()
    const r = await c.txt2img({ prompt: 'x' }, { stallMs: 1_000 })
    const took = Date.now() - t0
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error).toMatchObject({ kind: 'stalled', retryable: true })
      expect(r.error.message).toContain('made no progress')
      expect(r.error.message).toContain('asked to interrupt')
    }
    expect(took).toBeGreaterThanOrEqual(900)
    expect(took).toBeLessThan(2_500)
    expect(srv.seen.some((s) => s.url === '/sdapi/v1/interrupt')).toBe(true)
  })

  it('the caller signal cancels a generation: aborted, not retried, no interrupt', async () => {
    const srv = track(await tinyServer((req, res) => (req.url!.startsWith('/sdapi/v1/progress') ? json(res, 200, idle) : undefined)))
    const c = track(createWebuiClient({ baseUrl: srv.url }))
    const ctrl = new AbortController()
    setTimeout(() => ctrl.abort(), 150)
    const r = await c.img2img({ init_images: ['aGk='] }, { signal: ctrl.signal })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error).toMatchObject({ kind: 'aborted', retryable: false, message: 'The request POST /sdapi/v1/img2img was cancelled' })
    expect(srv.seen.filter((s) => s.url === '/sdapi/v1/img2img')).toHaveLength(1)
    expect(srv.seen.some((s) => s.url === '/sdapi/v1/interrupt')).toBe(false)
  })

  it('an already-aborted signal sends nothing', async () => {
    const srv = track(await tinyServer((_q, res) => json(res, 200, [])))
    const c = track(createWebuiClient({ baseUrl: srv.url }))
    const r = await c.sdModels({ signal: AbortSignal.abort() })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.kind).toBe('aborted')
    expect(srv.seen).toHaveLength(0)
  })

  it('2xx that is not JSON or not the promised shape: bad_response', async () => {
    const srv = track(
      await tinyServer((req, res) => {
        if (req.url === '/sdapi/v1/samplers') {
          res.writeHead(200, { 'content-type': 'text/html' })
          return res.end('<html>gradio</html>')
        }
        json(res, 200, [{ title: 3 }])
      }),
    )
    const c = track(createWebuiClient({ baseUrl: srv.url }))
    const a = await c.samplers()
    const b = await c.sdModels()
    expect(a.ok || b.ok).toBe(false)
    if (!a.ok) expect(a.error).toMatchObject({ kind: 'bad_response', status: 200 })
    if (!b.ok) expect(b.error.message).toContain('[0].title')
  })

  it('run() refuses an unknown endpoint or a non-object body without sending', async () => {
    const srv = track(await tinyServer((_q, res) => json(res, 200, {})))
    const c = track(createWebuiClient({ baseUrl: srv.url }))
    const a = await c.run({ endpoint: '/sdapi/v1/interrogate', body: {} })
    const b = await c.run({ endpoint: '/sdapi/v1/txt2img', body: [1] })
    expect(a.ok || b.ok).toBe(false)
    if (!a.ok) expect(a.error.kind).toBe('validation')
    if (!b.ok) expect(b.error.message).toContain('must be a JSON object')
    expect(srv.seen).toHaveLength(0)
  })
})
