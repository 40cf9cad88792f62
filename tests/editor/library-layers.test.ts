/** Loading a preset or a pack's bound config into stage nodes, and a node's settings as a preset layer. */
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { parseGraph } from '../../engine/graph/migrations.ts'
import { createEditorStore } from '../../editor/src/store/create-store.ts'
import { layerOfParams, mergeLayer } from '../../editor/src/store/params.ts'

const portrait = (() => {
  const p = parseGraph(JSON.parse(readFileSync('graphs/portrait.json', 'utf8')))
  if (!p.ok) throw new Error('portrait')
  return p.graph
})()

describe('config layers in the editor', () => {
  it('mergeLayer: objects field by field, ADetailer passes by index, the rest replaced', () => {
    expect(mergeLayer(
      { steps: 20, hires: { enabled: true, scale: 2 }, passes: [{ ad_model: 'face' }, { ad_model: 'hand' }] },
      { steps: 30, hires: { scale: 1.5 }, passes: [{ ad_confidence: 0.4 }] },
    )).toEqual({ steps: 30, hires: { enabled: true, scale: 1.5 }, passes: [{ ad_model: 'face', ad_confidence: 0.4 }, { ad_model: 'hand' }] })
  })

  it('layerOfParams drops node-only fields (the prompt typed on the node, an img2img source image)', () => {
    expect(layerOfParams({ prompt: 'a cat', steps: 12, sourceImage: 'abc' })).toEqual({ steps: 12 })
  })

  it('applyLayer sets each selected node’s own kind from the layer, in one undo step', () => {
    const store = createEditorStore({ graph: portrait })
    const layer = { txt2img: { steps: 40 }, adetailer: { passes: [{ ad_confidence: 0.5 }] }, img2img: { steps: 9 } }
    expect(store.getState().applyLayer(['txt', 'detail', 'up', 'pack'], layer)).toBe(2)
    const byId = (id: string) => store.getState().nodes.find((n) => n.id === id)!.data.params
    expect(byId('txt')).toEqual({ seed: -1, batch_size: 1, steps: 40 })
    expect(byId('detail').passes).toEqual([{ ad_model: 'face_yolov8n.pt', ad_confidence: 0.5 }, { ad_model: 'hand_yolov8n.pt', ad_confidence: 0.35, ad_denoising_strength: 0.3 }])
    expect(store.getState().dirty).toBe(true)
    store.getState().undo()
    expect(byId('txt')).toEqual({ seed: -1, batch_size: 1 })
    expect(store.getState().applyLayer(['up'], layer)).toBe(0)
  })
})
