import { describe, expect, it } from 'vitest'
import { fitText } from '../../editor/src/canvas/fit-text.ts'
import { LOD_ZOOM, selectZoomedOut } from '../../editor/src/canvas/lod.ts'
import { fitFrame, toFlow, toMiniMap, unionRects, viewRect } from '../../editor/src/canvas/minimap-frame.ts'
import type { ReactFlowState } from '@xyflow/react'

/** Every character 10 px wide, the ellipsis too. */
const mono = (t: string) => t.length * 10

describe('fitText', () => {
  it('keeps text that fits', () => {
    expect(fitText('steps 20', 80, mono)).toBe('steps 20')
  })

  it('cuts to the longest prefix that fits with an ellipsis, dropping trailing spaces', () => {
    expect(fitText('Euler a, 30 steps', 80, mono)).toBe('Euler a…')
    expect(fitText('abc def', 50, mono)).toBe('abc…')
    expect(mono(fitText('a long summary line that does not fit', 123, mono))).toBeLessThanOrEqual(123)
  })

  it('leaves only the ellipsis when nothing fits', () => {
    expect(fitText('wide', 5, mono)).toBe('…')
  })
})

describe('level of detail', () => {
  const at = (zoom: number) => selectZoomedOut({ transform: [0, 0, zoom] } as unknown as ReactFlowState)
  it('is zoomed out only below the threshold', () => {
    expect(at(0.14)).toBe(true)
    expect(at(LOD_ZOOM)).toBe(false)
    expect(at(1)).toBe(false)
  })
})

describe('minimap frame', () => {
  it('fits the content with a margin, centred on the shorter axis', () => {
    const f = fitFrame({ x: 0, y: 0, width: 1000, height: 500 }, 200, 150, 10)
    expect(f.scale).toBeCloseTo(0.18)
    // Width is the limit: 10 px margins left and right; height is centred.
    expect(toMiniMap(f, 0, 0).x).toBeCloseTo(10)
    expect(toMiniMap(f, 1000, 0).x).toBeCloseTo(190)
    const top = toMiniMap(f, 0, 0).y
    const bottom = toMiniMap(f, 0, 500).y
    expect(top).toBeCloseTo(150 - bottom)
  })

  it('maps minimap pixels back to the same flow point', () => {
    const f = fitFrame({ x: -300, y: 40, width: 2400, height: 1800 }, 200, 150, 6)
    const p = toFlow(f, ...(Object.values(toMiniMap(f, 123, 456)) as [number, number]))
    expect(p.x).toBeCloseTo(123)
    expect(p.y).toBeCloseTo(456)
  })

  it('unions rects and reads the view from a transform', () => {
    expect(unionRects(null, { x: 1, y: 2, width: 3, height: 4 })).toEqual({ x: 1, y: 2, width: 3, height: 4 })
    expect(unionRects({ x: 0, y: 0, width: 10, height: 10 }, { x: 5, y: -5, width: 10, height: 10 })).toEqual({ x: 0, y: -5, width: 15, height: 15 })
    expect(viewRect([-100, -50, 0.5], 800, 600)).toEqual({ x: 200, y: 100, width: 1600, height: 1200 })
  })
})
