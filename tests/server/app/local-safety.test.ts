/**
 * No web page may drive the server (DESIGN §9 "Local safety", docs/api.md): a foreign Host (DNS
 * rebinding) reads nothing, a cross-site "simple" POST (text/plain, form) or a foreign Origin
 * changes nothing, while the editor's own same-origin JSON requests and Origin-less clients
 * (curl, the CLI) keep working. Real server, real sockets; every refusal is checked against the
 * stored data too.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readServerConfig } from '../../../server/config.ts'
import { api, start, waitForIdle } from './helpers.ts'
import { raw, rawHead } from './raw-http.ts'

type Server = Awaited<ReturnType<typeof start>>
let server: Server
let port: number
let artifactId: string

beforeAll(async () => {
  const editorDir = mkdtempSync(join(tmpdir(), 'sf-editor-'))
  mkdirSync(join(editorDir, 'assets'))
  writeFileSync(join(editorDir, 'index.html'), '<!doctype html><title>editor</title>')
  server = await start({ editorDir })
  port = Number(new URL(server.url).port)
  // One real output image, to show the Host rule covers image bytes too.
  const graph = { version: 1, id: 'tiny', name: 'tiny', description: '', tags: [], viewport: { x: 0, y: 0, zoom: 1 },
    nodes: [{ id: 't', kind: 'txt2img', position: { x: 0, y: 0 }, params: { prompt: 'a cat', width: 64, height: 64, steps: 2 } }], edges: [] }
  const run = await api(server, '/api/runs', { method: 'POST', json: { graph } })
  expect(run.status).toBe(201)
  await waitForIdle(server)
  const job = await api(server, `/api/jobs/${run.body.jobIds[0]}`)
  artifactId = job.body.artifacts[0].artifactId
})
afterAll(async () => { await server?.close() })

const evil = () => ({ host: `evil.example:${port}` })

describe('Host must name this server (DNS rebinding)', () => {
  it('answers 403 to a foreign Host on the API, the event stream, images and the editor files', async () => {
    for (const path of ['/api/health', '/api/graphs', '/api/library/context', `/api/artifacts/${artifactId}`, `/api/artifacts/${artifactId}/thumb`, '/', '/index.html']) {
      const res = await raw(server.url, path, { headers: evil() })
      expect([path, res.status]).toEqual([path, 403])
      expect(res.body.problems[0].path).toBe('headers.host')
      expect(res.body.error).toMatch(/not this server.*ALLOWED_HOSTS/)
    }
    expect((await rawHead(server.url, '/api/events', evil())).status).toBe(403)
    // The graph a rebinding page would delete is still there.
    const del = await raw(server.url, '/api/graphs/portrait', { method: 'DELETE', headers: { ...evil(), 'content-type': 'application/json' } })
    expect(del.status).toBe(403)
    expect((await api(server, '/api/graphs/portrait')).status).toBe(200)
  })

  it('refuses other names and other ports, accepts loopback names with our port or none', async () => {
    for (const host of [`attacker.localhost.example:${port}`, `localhost:${port + 1}`, `127.0.0.1:1`, 'evil.example', `192.168.1.5:${port}`, `localhost.evil.example:${port}`]) {
      expect([host, (await raw(server.url, '/api/health', { headers: { host } })).status]).toEqual([host, 403])
    }
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'localhost', `LOCALHOST:${port}`, `127.0.0.2:${port}`]) {
      expect([host, (await raw(server.url, '/api/health', { headers: { host } })).status]).toEqual([host, 200])
    }
    expect((await rawHead(server.url, '/api/events')).status).toBe(200)
    expect((await raw(server.url, `/api/artifacts/${artifactId}`)).headers['content-type']).toBe('image/png')
  })
})

describe('state-changing requests', () => {
  it('refuses a cross-site "simple" POST (text/plain body parsed as JSON before) and changes nothing', async () => {
    const pause = await raw(server.url, '/api/queue/pause', { method: 'POST', headers: { 'content-type': 'text/plain', origin: 'https://evil.example' }, body: '{}' })
    expect(pause.status).toBe(403)
    const preset = await raw(server.url, '/api/presets/evil', { method: 'PUT', headers: { 'content-type': 'text/plain;charset=UTF-8' }, body: JSON.stringify({ name: 'evil', config: {} }) })
    expect(preset.status).toBe(403)
    expect(preset.body.problems[0]).toEqual({ path: 'headers.content-type', message: 'must be application/json' })
    expect(preset.body.error).toMatch(/PUT \/api\/presets\/evil needs Content-Type: application\/json \(got "text\/plain"\)/)
    const form = await raw(server.url, '/api/queue/pause', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' })
    expect(form.status).toBe(403)
    const bare = await raw(server.url, '/api/queue/pause', { method: 'POST' })
    expect([bare.status, bare.body.error]).toEqual([403, 'POST /api/queue/pause needs Content-Type: application/json (got none)'])
    expect((await api(server, '/api/queue')).body.paused).toBe(false)
    expect((await api(server, '/api/presets/evil')).status).toBe(404)
  })

  it('refuses a foreign Origin even with a JSON content type', async () => {
    for (const origin of ['https://evil.example', `http://evil.example:${port}`, `http://localhost:${port + 1}`, 'null', `https://127.0.0.1:${port}x`]) {
      const res = await raw(server.url, '/api/graphs/portrait', { method: 'DELETE', headers: { 'content-type': 'application/json', origin } })
      expect([origin, res.status]).toEqual([origin, 403])
      expect(res.body.problems[0].path).toBe('headers.origin')
    }
    expect((await api(server, '/api/graphs/portrait')).status).toBe(200)
    const pause = await raw(server.url, '/api/queue/pause', { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://evil.example' } })
    expect([pause.status, pause.body.error]).toEqual([403, 'Origin "https://evil.example" may not change anything here: only pages served by this server (or listed in ALLOWED_ORIGINS) can'])
    expect((await api(server, '/api/queue')).body.paused).toBe(false)
  })

  it('accepts same-origin and Origin-less JSON requests, and sends no CORS headers', async () => {
    const same = await raw(server.url, '/api/queue/pause', { method: 'POST', headers: { 'content-type': 'application/json', origin: `http://127.0.0.1:${port}` } })
    expect(same.status).toBe(200)
    expect(same.body.paused).toBe(true)
    expect(same.headers['access-control-allow-origin']).toBeUndefined()
    const viaLocalhost = await raw(server.url, '/api/queue/resume', { method: 'POST', headers: { host: `localhost:${port}`, origin: `http://localhost:${port}`, 'content-type': 'application/json; charset=utf-8' } })
    expect([viaLocalhost.status, viaLocalhost.body.paused]).toEqual([200, false])
    const noOrigin = await raw(server.url, '/api/presets/mine', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Mine', config: { txt2img: { steps: 12 } } }) })
    expect(noOrigin.status).toBe(200)
    const preflight = await raw(server.url, '/api/presets/mine', { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type' } })
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined()
    const read = await raw(server.url, '/api/graphs', { headers: { origin: 'https://evil.example' } })
    expect([read.status, read.headers['access-control-allow-origin']]).toEqual([200, undefined])
  })
})

describe('ALLOWED_HOSTS and ALLOWED_ORIGINS', () => {
  it('reads both lists from the environment and names a bad entry', () => {
    expect(readServerConfig({ ALLOWED_HOSTS: 'flow.lan, Proxy.lan:8443', ALLOWED_ORIGINS: 'https://Tool.example/, http://127.0.0.1:5173' })).toMatchObject({
      allowedHosts: ['flow.lan', 'proxy.lan:8443'], allowedOrigins: ['https://tool.example', 'http://127.0.0.1:5173'],
    })
    expect(readServerConfig({})).toMatchObject({ allowedHosts: [], allowedOrigins: [] })
    expect(() => readServerConfig({ ALLOWED_HOSTS: 'ok.lan,http://bad/' })).toThrow(/ALLOWED_HOSTS item 2 \("http:\/\/bad\/"\)/)
    expect(() => readServerConfig({ ALLOWED_ORIGINS: 'https://a.example/path' })).toThrow(/ALLOWED_ORIGINS item 1/)
    expect(() => readServerConfig({ ALLOWED_ORIGINS: 'flow.lan' })).toThrow(/ALLOWED_ORIGINS item 1/)
  })

  it('serves the listed names and lets the listed origins change things, with CORS for them only', async () => {
    const s = await start({ allowedHosts: ['flow.lan', 'proxy.lan:8443'], allowedOrigins: ['https://tool.example'] })
    try {
      const p = Number(new URL(s.url).port)
      for (const [host, status] of [[`flow.lan:${p}`, 200], ['flow.lan', 200], ['proxy.lan:8443', 200], ['proxy.lan', 403], [`flow.lan:${p + 1}`, 403], [`evil.example:${p}`, 403]] as const) {
        expect([host, (await raw(s.url, '/api/health', { headers: { host } })).status]).toEqual([host, status])
      }
      // A reverse proxy's page: Host is the proxy's name, Origin the same site.
      const proxied = await raw(s.url, '/api/queue/pause', { method: 'POST', headers: { host: 'proxy.lan:8443', origin: 'https://proxy.lan:8443', 'content-type': 'application/json' } })
      expect(proxied.status).toBe(200)
      const tool = await raw(s.url, '/api/queue/resume', { method: 'POST', headers: { origin: 'https://tool.example', 'content-type': 'application/json' } })
      expect([tool.status, tool.headers['access-control-allow-origin']]).toEqual([200, 'https://tool.example'])
      const preflight = await raw(s.url, '/api/queue/pause', { method: 'OPTIONS', headers: { origin: 'https://tool.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } })
      expect(preflight.headers['access-control-allow-origin']).toBe('https://tool.example')
      expect(String(preflight.headers['access-control-allow-methods'])).toContain('POST')
      const other = await raw(s.url, '/api/queue/pause', { method: 'POST', headers: { origin: 'https://other.example', 'content-type': 'application/json' } })
      expect([other.status, other.headers['access-control-allow-origin']]).toEqual([403, undefined])
      // A listed origin still needs JSON: CORS does not turn text/plain into a command.
      expect((await raw(s.url, '/api/queue/pause', { method: 'POST', headers: { origin: 'https://tool.example', 'content-type': 'text/plain' }, body: '{}' })).status).toBe(403)
    } finally {
      await s.close()
    }
  })
})
