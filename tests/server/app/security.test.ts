import { describe, expect, it } from 'vitest'
import { checkBind } from '../../../server/app/security.ts'
import { readServerConfig } from '../../../server/config.ts'
import { api, start } from './helpers.ts'

describe('network safety', () => {
  it('refuses to bind outside loopback without a token', () => {
    expect(() => checkBind('0.0.0.0', undefined)).toThrow(/refusing to listen on 0\.0\.0\.0 without a TOKEN/)
    expect(() => checkBind('192.168.1.5', 'long-enough-token')).not.toThrow()
    for (const host of ['127.0.0.1', 'localhost', '::1']) expect(() => checkBind(host, undefined)).not.toThrow()
  })

  it('with a TOKEN, answers 401 without the bearer token and 200 with it', async () => {
    const server = await start({ token: 'secret-token-1' })
    try {
      const denied = await api(server, '/api/health')
      expect(denied.status).toBe(401)
      expect(denied.body.problems[0].path).toBe('headers.authorization')
      expect((await api(server, '/api/health', { headers: { authorization: 'Bearer wrong-token-1' } })).status).toBe(401)
      expect((await api(server, '/api/health', { headers: { authorization: 'Bearer secret-token-1' } })).status).toBe(200)
    } finally {
      await server.close()
    }
  })

  it('reads its settings from the environment and names a bad one', () => {
    expect(readServerConfig({ PORT: '7000', WEBUI_URLS: 'http://a:7860, http://u:p@b:7860' })).toMatchObject({ port: 7000, host: '127.0.0.1', webuiUrls: ['http://a:7860', 'http://u:p@b:7860'] })
    expect(() => readServerConfig({ PORT: 'eighty' })).toThrow(/PORT: must be a port number/)
    expect(() => readServerConfig({ WEBUI_URLS: 'http://ok:1,ftp://no' })).toThrow(/WEBUI_URLS item 2/)
    expect(() => readServerConfig({ TOKEN: 'short' })).toThrow(/TOKEN/)
  })
})

describe('the editor files', () => {
  it('serves index.html and assets, and answers 404 (not 500) to malformed or escaping paths', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const { join } = await import('node:path')
    const dir = mkdtempSync(join(tmpdir(), 'sf-editor-'))
    mkdirSync(join(dir, 'assets'))
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>x</title>')
    writeFileSync(join(dir, 'assets', 'app-1.js'), 'console.log(1)')
    const server = await start({ editorDir: dir })
    try {
      const index = await fetch(server.url + '/')
      expect([index.status, index.headers.get('cache-control')]).toEqual([200, 'no-cache'])
      const asset = await fetch(server.url + '/assets/app-1.js')
      expect([asset.status, asset.headers.get('content-type'), asset.headers.get('cache-control')]).toEqual([200, 'text/javascript; charset=utf-8', 'public, max-age=31536000, immutable'])
      expect((await fetch(server.url + '/some/client/route')).status).toBe(200)
      expect((await fetch(server.url + '/%E0%A4%A')).status).toBe(404)
      expect((await fetch(server.url + '/..%2f..%2fetc%2fpasswd')).status).toBe(404)
    } finally {
      await server.close()
    }
  })
})
