/**
 * Property: whatever the graph, every generation request (txt2img, img2img, ADetailer's img2img,
 * the upscale img2img mode) states the full model state — a checkpoint the WebUI lists (canonical
 * name), a VAE (`Automatic` when none is chosen) and clip skip — so its result never depends on
 * what ran before on that WebUI. Requests are built by the job preview's own builder.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compile } from '../../../engine/compile/compile.ts'
import { stagePayload } from '../../../editor/src/preview/payload.ts'
import { context, edge, graph, node } from '../compile/fixtures.ts'
import { catalog } from './fixtures.ts'

const resources = catalog()
const modelNames = new Set(resources.models)
const vaeNames = new Set([...resources.vaes!, 'Automatic', 'None'])

const model = fc.constantFrom('', 'v1-5-pruned-emaonly', 'SDXL/juggernautXL_ragnarokBy.safetensors', 'a1b2c3d4e5', 'DREAMSHAPER_8', 'dreamshaper_8.safetensors')
const vae = fc.constantFrom('', 'sdxl_vae', 'Automatic', 'vae-ft-mse-840000-ema-pruned.safetensors', 'None')
const later = fc.oneof(
  fc.record({ kind: fc.constant('img2img'), params: fc.record({ model, vae }, { requiredKeys: [] }) }),
  fc.record({ kind: fc.constant('adetailer'), params: fc.constant({}) }),
  fc.record({ kind: fc.constant('upscale'), params: fc.record({ mode: fc.constantFrom('single', 'img2img') }) }),
)
const graphs = fc.record({
  root: fc.record({ model, vae, clip_skip: fc.integer({ min: 1, max: 12 }), batch_size: fc.integer({ min: 1, max: 3 }) }, { requiredKeys: ['clip_skip'] }),
  chain: fc.array(later, { maxLength: 3 }),
  loaded: fc.constantFrom('v1-5-pruned-emaonly.safetensors', 'dreamshaper_8.safetensors'),
})

describe('every generation request states checkpoint, VAE and clip skip', () => {
  it('on random pipelines with set, aliased and unset models and VAEs', () => {
    fc.assert(fc.property(graphs, ({ root, chain, loaded }) => {
      const nodes = [node('n0', 'txt2img', { prompt: 'a cat', ...root }), ...chain.map((c, i) => node(`n${i + 1}`, c.kind, c.params))]
      const edges = chain.map((_, i) => edge(`n${i}`, `n${i + 1}`, 'image', 'image'))
      const { run, errors } = compile(graph(nodes, edges), context({ resources: { ...resources, loadedModel: loaded } }))
      expect(errors).toEqual([])
      let generations = 0
      for (const job of run!.jobs) {
        for (const stage of job.plan.stages) {
          const preview = stagePayload(job, stage)
          if (!preview.ok) throw new Error(preview.message)
          if (!/txt2img|img2img/.test(preview.request.endpoint)) continue
          generations++
          const o = (preview.request.body as { override_settings: Record<string, unknown> }).override_settings
          expect(modelNames.has(o.sd_model_checkpoint as string), `checkpoint ${String(o.sd_model_checkpoint)}`).toBe(true)
          expect(vaeNames.has(o.sd_vae as string), `VAE ${String(o.sd_vae)}`).toBe(true)
          expect(Number.isInteger(o.CLIP_stop_at_last_layers)).toBe(true)
          expect((preview.request.body as Record<string, unknown>).override_settings_restore_afterwards).toBe(false)
        }
      }
      expect(generations).toBeGreaterThan(0)
    }), { numRuns: 300, seed: 20261204 })
  })
})
