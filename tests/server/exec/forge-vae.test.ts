/**
 * Forge has no `sd_vae` option: an override naming it is a 500 KeyError there. Every request
 * states its VAE, so on a Forge backend the statement goes out as `forge_additional_modules`.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { compile } from '../../../engine/compile/compile.ts'
import { libraryContext, readLibrary } from '../../../server/library/read-library.ts'
import { GRAPHS, harness, type Harness } from './helpers.ts'

let h: Harness | undefined
afterEach(async () => { await h?.close(); h = undefined })

const graph = (id: string, params: Record<string, unknown>) => ({
  version: 1, id, name: id, description: '', tags: [], viewport: { x: 0, y: 0, zoom: 1 }, edges: [],
  nodes: [{ id: 't', kind: 'txt2img', position: { x: 0, y: 0 }, params: { prompt: 'a cat', steps: 2, width: 64, height: 64, ...params } }],
})

describe('the VAE on a Forge backend', () => {
  it('runs with no VAE chosen and with one chosen, instead of failing with KeyError sd_vae', async () => {
    h = await harness({ sims: [{ flavor: 'forge' }] })
    await h.exec.start()
    const resources = await h.exec.resources()
    const lib = libraryContext(await readLibrary(GRAPHS))
    for (const [id, params] of [['forge-novae', {}], ['forge-vae', { vae: 'sdxl_vae.safetensors' }]] as const) {
      const { run, errors } = compile(graph(id, params), { ...lib, resources, runSeed: 1, now: new Date().toISOString() })
      expect(errors).toEqual([])
      h.store.queue.submit(run!)
    }
    await h.exec.idle()
    const states = h.store.queue.snapshot().jobs.map((j) => [j.state, j.lastError])
    expect(states).toEqual([['succeeded', null], ['succeeded', null]])
  })
})
