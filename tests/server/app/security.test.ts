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
