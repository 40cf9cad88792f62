import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { applyMove, moveRequestFor } from '../../editor/src/queue/reorder.ts'

const order = ['a', 'b', 'c', 'd']

describe('queue reorder', () => {
  it('turns a drop slot into before/after', () => {
    expect(moveRequestFor(order, 'c', 0)).toEqual({ before: 'a' })
    expect(moveRequestFor(order, 'a', 3)).toEqual({ before: 'd' })
    expect(moveRequestFor(order, 'a', 4)).toEqual({ after: 'd' })
    expect(moveRequestFor(order, 'd', 1)).toEqual({ before: 'b' })
  })
  it('a drop next to itself, an unknown job or a slot outside the list is no move', () => {
    expect(moveRequestFor(order, 'b', 1)).toBeNull()
    expect(moveRequestFor(order, 'b', 2)).toBeNull()
    expect(moveRequestFor(order, 'x', 0)).toBeNull()
    expect(moveRequestFor(order, 'a', 9)).toBeNull()
    expect(moveRequestFor(['a'], 'a', 0)).toBeNull()
  })
  it('applying the request puts the job exactly at the slot (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 12 }), fc.nat(), fc.nat(), (n, f, s) => {
      const ids = Array.from({ length: n }, (_, i) => `j${i}`)
      const from = f % n
      const slot = s % (n + 1)
      const move = moveRequestFor(ids, ids[from]!, slot)
      const expected = [...ids]
      expected.splice(from, 1)
      expected.splice(slot > from ? slot - 1 : slot, 0, ids[from]!)
      expect(move === null ? ids : applyMove(ids, ids[from]!, move)).toEqual(expected)
    }))
  })
  it('front and back', () => {
    expect(applyMove(order, 'c', { to: 'front' })).toEqual(['c', 'a', 'b', 'd'])
    expect(applyMove(order, 'a', { to: 'back' })).toEqual(['b', 'c', 'd', 'a'])
  })
})
