/**
 * Small builders for graphs and compile contexts, so each test states only what it is about.
 * Packs are parsed with the real parser from text, as the server would read them.
 */
import { parsePack, type Pack } from '../../../engine/packs/index.ts'
import { createWildcardLibrary } from '../../../engine/prompts/index.ts'
import type { CompileContext } from '../../../engine/compile/context.ts'
import type { Graph, GraphEdge, GraphNode } from '../../../engine/graph/schema.ts'
import type { Preset } from '../../../engine/library/preset.ts'

export function pack(id: string, txt: string, json?: unknown): Pack {
  const result = parsePack({ id, txt, json: json === undefined ? undefined : JSON.stringify(json) })
  if (!result.ok) throw new Error(`fixture pack ${id} is broken: ${JSON.stringify(result.errors)}`)
  return result.pack
}

export function context(over: Partial<CompileContext> & { wildcardFiles?: Record<string, string> } = {}): CompileContext {
  const { wildcardFiles, ...rest } = over
  return {
    packs: {},
    presets: {},
    wildcards: createWildcardLibrary(wildcardFiles ?? {}),
    globalNegative: '',
    runSeed: 42,
    now: '2026-11-22T10:00:00.000Z',
    ...rest,
  }
}

export function preset(id: string, config: Preset['config']): Preset {
  return { id, name: id, description: '', config }
}

export function node(id: string, kind: string, params: Record<string, unknown> = {}, extra: Partial<GraphNode> = {}): GraphNode {
  return { id, kind, position: { x: 0, y: 0 }, params, ...extra }
}

let edgeCounter = 0
/** `edge('a', 'b')` joins a's natural output to b's natural input; ports can be given as 'a.out' / 'b.in'. */
export function edge(from: string, to: string, fromPort?: string, toPort?: string): GraphEdge {
  const [source, sp] = from.split('.') as [string, string | undefined]
  const [target, tp] = to.split('.') as [string, string | undefined]
  return { id: `e${++edgeCounter}`, source, sourcePort: fromPort ?? sp ?? 'prompts', target, targetPort: toPort ?? tp ?? 'prompts' }
}

export function graph(nodes: GraphNode[], edges: GraphEdge[], over: Partial<Graph> = {}): Graph {
  return { version: 3, id: 'g1', name: 'test graph', description: '', tags: [], nodes, edges, viewport: { x: 0, y: 0, zoom: 1 }, ...over }
}

export const packParams = (packId: string, rows: number[] = []) => ({ packs: [{ packId, rows }] })
/** A pack node over several packs: `packsParams(['a'], ['b', [0, 2]])`. */
export const packsParams = (...list: [string, number[]?][]) => ({ packs: list.map(([packId, rows]) => ({ packId, rows: rows ?? [] })) })
export const randomizerParams = (over: Record<string, unknown> = {}) => ({
  mode: 'combinatorial', maxVariants: 100, useMatrix: true, sweeps: [], seedMode: 'random', baseSeed: -1, drawSeed: -1, ...over,
})
