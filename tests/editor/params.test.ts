import { describe, expect, it } from 'vitest'
import { getIn, setIn } from '../../editor/src/store/params.ts'

describe('setIn / getIn', () => {
  it('sets nested values without touching the input', () => {
    const a = { steps: 20, hires: { scale: 2 } }
    const b = setIn(a, ['hires', 'enabled'], true)
    expect(b).toEqual({ steps: 20, hires: { scale: 2, enabled: true } })
    expect(a).toEqual({ steps: 20, hires: { scale: 2 } })
    expect(getIn(b, ['hires', 'enabled'])).toBe(true)
  })

  it('deletes on undefined and drops emptied objects', () => {
    expect(setIn({ hires: { scale: 2 } }, ['hires', 'scale'], undefined)).toEqual({})
    expect(setIn({ steps: 1 }, ['steps'], undefined)).toEqual({})
  })

  it('fills array holes with {} so a later pass never becomes null in JSON', () => {
    const r = setIn({}, ['passes', 2, 'ad_model'], 'hand_yolov8n.pt')
    expect(r).toEqual({ passes: [{}, {}, { ad_model: 'hand_yolov8n.pt' }] })
    expect(JSON.parse(JSON.stringify(r))).toEqual(r)
  })

  it('shares unchanged branches', () => {
    const a = { hires: { scale: 2 }, refiner: { enabled: false } }
    const b = setIn(a, ['hires', 'scale'], 3)
    expect(b.refiner).toBe(a.refiner)
  })
})
