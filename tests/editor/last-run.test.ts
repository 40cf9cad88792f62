import { describe, expect, it } from 'vitest'
import { describeLayer, lastRunLayer } from '../../editor/src/inspector/last-run.ts'
import { TXT2IMG_DEFAULTS } from '../../engine/config/defaults.ts'

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
})
