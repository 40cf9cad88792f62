import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SimHandle } from '../../../server/sim/index.ts'
import { get, httpError, post, withSim } from './helpers.ts'

let sim: SimHandle
beforeAll(async () => { sim = await withSim({ auth: 'alice:s3cret,bob:pw' }) })
afterAll(() => sim.close())

const basic = (cred: string) => ({ authorization: 'Basic ' + Buffer.from(cred).toString('base64') })

describe('--api-auth', () => {
  it('401 "Not authenticated" without a header', async () => {
    const r = await get(sim, '/sdapi/v1/sd-models')
    expect([r.status, r.body]).toEqual([401, httpError('Not authenticated')])
    const p = await post(sim, '/sdapi/v1/txt2img', { steps: 1 })
    expect(p.status).toBe(401)
  })

  it('401 "Incorrect username or password" for wrong credentials', async () => {
    const r = await get(sim, '/sdapi/v1/sd-models', basic('alice:wrong'))
    expect([r.status, r.body]).toEqual([401, httpError('Incorrect username or password')])
    expect((await get(sim, '/sdapi/v1/sd-models', basic('mallory:pw'))).status).toBe(401)
  })

  it('accepts every listed user', async () => {
    expect((await get(sim, '/sdapi/v1/sd-models', basic('alice:s3cret'))).status).toBe(200)
    expect((await get(sim, '/sdapi/v1/progress', basic('bob:pw'))).status).toBe(200)
    const r = await post(sim, '/sdapi/v1/txt2img', { steps: 1, width: 32, height: 32 }, basic('bob:pw'))
    expect(r.status).toBe(200)
  })

  it('leaves extension and internal routes unprotected', async () => {
    expect((await get(sim, '/sdapi/v1/loras')).status).toBe(200)
    expect((await post(sim, '/sdapi/v1/refresh-loras')).status).toBe(200)
    expect((await get(sim, '/adetailer/v1/ad_model')).status).toBe(200)
    expect((await get(sim, '/adetailer/v1/version')).status).toBe(200)
    expect((await get(sim, '/internal/ping')).status).toBe(200)
  })

  it('routes before auth: unknown paths are 404 even without credentials', async () => {
    expect((await get(sim, '/sdapi/v1/nope')).status).toBe(404)
  })
})

describe('without --api-auth', () => {
  it('needs no header', async () => {
    const open = await withSim()
    try {
      expect((await get(open, '/sdapi/v1/sd-models')).status).toBe(200)
      expect((await get(open, '/sdapi/v1/sd-models', basic('any:thing'))).status).toBe(200)
    } finally {
      await open.close()
    }
  })
})
