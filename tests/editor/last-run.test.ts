import { describe, expect, it } from 'vitest'
import { describeLayer, lastRunLayer } from '../../editor/src/inspector/last-run.ts'
import { ADETAILER_DEFAULTS, TXT2IMG_DEFAULTS } from '../../engine/config/defaults.ts'
import { STAGE_LAYERS } from '../../engine/config/stages.ts'

describe("last run's settings offered to a stage node", () => {
  it('offers only the fields that differ, never the seed, nested blocks field by field', () => {
    const last = { ...TXT2IMG_DEFAULTS, steps: 28, cfg_scale: 6.5, seed: 1234, hires: { ...TXT2IMG_DEFAULTS.hires, enabled: true, scale: 1.5 } }
    const layer = lastRunLayer(last, { ...TXT2IMG_DEFAULTS, steps: 28 })
    expect(layer).toEqual({ cfg_scale: 6.5, hires: { enabled: true, scale: 1.5 } })
    expect(describeLayer(layer)).toBe('cfg_scale 6.5, hires.enabled true, hires.scale 1.5')
  })

  it('offers nothing when the node would already run the same', () => {
    expect(lastRunLayer({ ...TXT2IMG_DEFAULTS, seed: 99 }, { ...TXT2IMG_DEFAULTS })).toEqual({})
  })

  it('ignores fields the kind does not have (an older server’s configs)', () => {
    expect(lastRunLayer({ steps: 30, colour: 'red' }, { steps: 20 })).toEqual({ steps: 30 })
  })

  it('never offers the model state the compiler derives for an ADetailer stage (not a node setting)', () => {
    const fields = new Set(Object.keys(STAGE_LAYERS.adetailer.shape))
    const last = { ...ADETAILER_DEFAULTS, steps: 30, model: 'a.safetensors', vae: 'v.pt', clip_skip: 2 }
    const now = { ...ADETAILER_DEFAULTS, model: 'b.safetensors', vae: '', clip_skip: 1 }
    expect(lastRunLayer(last, now, fields)).toEqual({ steps: 30 })
  })
})
