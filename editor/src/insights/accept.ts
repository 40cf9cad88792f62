/**
 * Accepting a "next run" suggestion: the suggested sweeps go into a randomizer node as ONE undo
 * step. An existing randomizer has its sweeps of the same fields replaced and new ones appended;
 * a graph without one gets a new randomizer spliced into the first prompts wire feeding a stage.
 */
import { getNodeKind } from '../../../engine/nodes/registry.ts'
import { mergeSweeps } from '../../../engine/learning/suggest.ts'
import type { Sweep } from '../../../engine/nodes/randomizer.ts'
import type { EditorStore } from '../store/create-store.ts'
import type { FlowEdge, FlowNode } from '../store/flow-types.ts'
import { freshId, toFlowEdge } from '../store/graph-convert.ts'

export type AcceptResult = { ok: true; nodeId: string; created: boolean; dropped: string[] } | { ok: false; message: string }

export const randomizerNodes = (nodes: readonly FlowNode[]) => nodes.filter((n) => n.data.kind === 'randomizer')

export function acceptSuggestion(store: EditorStore, suggested: readonly { path: string; values: readonly unknown[] }[], targetId: string | null): AcceptResult {
  const s = store.getState()
  if (suggested.length === 0) return { ok: false, message: 'There is nothing to accept.' }
  const target = targetId === null ? undefined : s.nodes.find((n) => n.id === targetId && n.data.kind === 'randomizer')
  if (target) {
    const { sweeps, dropped } = mergeSweeps((target.data.params as { sweeps?: Sweep[] }).sweeps ?? [], suggested)
    s.record()
    store.setState({ nodes: s.nodes.map((n) => (n === target ? { ...n, data: { ...n.data, params: { ...n.data.params, sweeps } } } : n)), dirty: true })
    return { ok: true, nodeId: target.id, created: false, dropped }
  }
  // No randomizer chosen: splice a new one into the first prompts wire that feeds a stage.
  const byId = new Map(s.nodes.map((n) => [n.id, n]))
  const wire = s.edges.find((e) => e.targetHandle === 'prompts' && byId.get(e.target)?.data.kind !== 'randomizer' && byId.get(e.source)?.data.kind !== 'randomizer')
  if (!wire) return { ok: false, message: 'This graph has no prompts wire into a stage to put a randomizer on; add a randomizer node first.' }
  const from = byId.get(wire.source)!
  const to = byId.get(wire.target)!
  const def = getNodeKind('randomizer')!
  const { sweeps, dropped } = mergeSweeps([], suggested)
  const id = freshId('randomizer', new Set(s.nodes.map((n) => n.id)))
  const node: FlowNode = {
    id, type: 'stage', selected: true,
    position: { x: Math.round((from.position.x + to.position.x) / 2), y: Math.round(Math.max(from.position.y, to.position.y) + 160) },
    data: { kind: 'randomizer', label: 'Suggested sweep', params: { ...(def.defaults() as Record<string, unknown>), sweeps } },
  }
  const taken = new Set(s.edges.map((e) => e.id))
  const inId = freshId('e', taken)
  taken.add(inId)
  const outId = freshId('e', taken)
  const portType = wire.data?.portType ?? 'prompts'
  const edges: FlowEdge[] = [
    ...s.edges.filter((e) => e !== wire),
    toFlowEdge({ id: inId, source: wire.source, sourcePort: wire.sourceHandle ?? 'prompts', target: id, targetPort: 'prompts' }, portType),
    toFlowEdge({ id: outId, source: id, sourcePort: 'prompts', target: wire.target, targetPort: 'prompts' }, portType),
  ]
  s.record()
  store.setState({ nodes: [...s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node], edges, selectedIds: [id], dirty: true })
  return { ok: true, nodeId: id, created: true, dropped }
}
