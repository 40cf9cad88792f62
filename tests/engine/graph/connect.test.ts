import { describe, expect, it } from 'vitest'
import { checkConnection, type ConnectGraph } from '../../../engine/graph/connect.ts'

const graph: ConnectGraph = {
  nodes: [
    { id: 'pack', kind: 'pack' },
    { id: 'pack2', kind: 'pack' },
    { id: 'preset', kind: 'preset' },
    { id: 'rand', kind: 'randomizer' },
    { id: 'txt', kind: 'txt2img' },
    { id: 'ad', kind: 'adetailer' },
    { id: 'up', kind: 'upscale' },
    { id: 'vid', kind: 'video' },
    { id: 'odd', kind: 'nope' },
  ],
  edges: [
    { source: 'pack', sourcePort: 'prompts', target: 'txt', targetPort: 'prompts' },
    { source: 'txt', sourcePort: 'image', target: 'ad', targetPort: 'image' },
    { source: 'ad', sourcePort: 'image', target: 'up', targetPort: 'image' },
    { source: 'txt', sourcePort: 'image', target: 'vid', targetPort: 'image' },
  ],
}
const conn = (source: string, sourcePort: string, target: string, targetPort: string) => ({ source, sourcePort, target, targetPort })

describe('checkConnection', () => {
  it('accepts equal types into a free input', () => {
    expect(checkConnection(graph, conn('preset', 'config', 'txt', 'config'))).toEqual({ ok: true })
    expect(checkConnection(graph, conn('pack2', 'prompts', 'rand', 'prompts'))).toEqual({ ok: true })
  })

  it('accepts several edges into a many input (config, video frames)', () => {
    const g = { ...graph, edges: [...graph.edges, { source: 'preset', sourcePort: 'config', target: 'ad', targetPort: 'config' }] }
    expect(checkConnection(g, conn('preset', 'config', 'up', 'config'))).toEqual({ ok: true })
    expect(checkConnection(graph, conn('up', 'image', 'vid', 'image'))).toEqual({ ok: true })
    // Prompts inputs take many wires too (their entries concatenate in edge order).
    expect(checkConnection(graph, conn('pack2', 'prompts', 'txt', 'prompts'))).toEqual({ ok: true })
  })

  it('refuses a type mismatch with both types named', () => {
    const r = checkConnection(graph, conn('preset', 'config', 'rand', 'prompts'))
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.reason).toMatch(/config.*prompts/)
  })

  it('refuses a second edge into a single input', () => {
    const r = checkConnection(graph, conn('up', 'image', 'ad', 'image'))
    expect(r).toEqual({ ok: false, reason: expect.stringMatching(/takes one connection/) })
  })

  it('refuses a duplicate of an existing edge, even into a many input', () => {
    expect(checkConnection(graph, conn('txt', 'image', 'vid', 'image')).ok).toBe(false)
  })

  it('refuses a self-loop', () => {
    expect(checkConnection(graph, conn('ad', 'image', 'ad', 'image'))).toEqual({ ok: false, reason: expect.stringMatching(/itself/) })
  })

  it('refuses a cycle, however long', () => {
    const g = { ...graph, edges: graph.edges.filter((e) => e.target !== 'txt') }
    // txt → ad → up; up → txt would close the loop (types aside, use img2img to make it type-correct).
    const withImg = {
      nodes: [...g.nodes, { id: 'i2i', kind: 'img2img' }],
      edges: [...g.edges, { source: 'up', sourcePort: 'image', target: 'i2i', targetPort: 'image' }],
    }
    expect(checkConnection(withImg, conn('i2i', 'image', 'ad', 'image')).ok).toBe(false)
    const chain = {
      nodes: [...withImg.nodes, { id: 'i2i-b', kind: 'img2img' }],
      edges: [...withImg.edges, { source: 'i2i', sourcePort: 'image', target: 'i2i-b', targetPort: 'image' }],
    }
    const r = checkConnection({ ...chain, edges: chain.edges.filter((e) => !(e.target === 'ad')) }, conn('i2i-b', 'image', 'ad', 'image'))
    expect(r).toEqual({ ok: false, reason: expect.stringMatching(/loop/) })
  })

  it('refuses unknown nodes, kinds and ports', () => {
    expect(checkConnection(graph, conn('ghost', 'image', 'up', 'image')).ok).toBe(false)
    expect(checkConnection(graph, conn('odd', 'x', 'up', 'image')).ok).toBe(false)
    expect(checkConnection(graph, conn('txt', 'video', 'up', 'image'))).toEqual({ ok: false, reason: expect.stringMatching(/no output named "video"/) })
    expect(checkConnection(graph, conn('txt', 'image', 'up', 'mask'))).toEqual({ ok: false, reason: expect.stringMatching(/no input named "mask"/) })
  })

  it('refuses connecting into an output-only node', () => {
    expect(checkConnection(graph, conn('txt', 'image', 'pack2', 'prompts')).ok).toBe(false)
  })
})
