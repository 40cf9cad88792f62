/** Pieces the full and the compact node faces share, so both mark ports, state and problems alike. */
import { useRef } from 'react'
import type { NodeKindDef, PortDef } from '../../../engine/nodes/define.ts'
import { useEditorStore } from '../store/context.tsx'
import type { FlowNode } from '../store/flow-types.ts'
import type { EditorState, NodeProblem as Problem } from '../store/types.ts'

export const portTitle = (port: PortDef) => `${port.label}: ${port.type}${port.many ? ' (several)' : ''}${port.required ? '' : ' — optional'}`
export const handleClass = (port: PortDef, connected: boolean) => `handle handle-${port.type}${connected ? ' connected' : ''}${port.many ? ' many' : ''}`

export interface NodeProblems {
  errors: Problem[]
  warnings: Problem[]
}

const NO_PROBLEMS: NodeProblems = { errors: [], warnings: [] }
const splitCache = new WeakMap<readonly Problem[], NodeProblems>()

/** Errors and warnings of a node, split once per problems array (the store reuses arrays between compiles). */
export function splitProblems(problems: readonly Problem[] | undefined): NodeProblems {
  if (!problems) return NO_PROBLEMS
  let split = splitCache.get(problems)
  if (!split) {
    split = { errors: problems.filter((p) => p.severity === 'error'), warnings: problems.filter((p) => p.severity === 'warning') }
    splitCache.set(problems, split)
  }
  return split
}

export function nodeClass(kind: NodeKindDef<unknown>, selected: boolean, data: FlowNode['data'], hasErrors: boolean, extra = ''): string {
  return ['node', extra, `role-${kind.role}`, selected && 'selected', data.bypassed && 'bypassed', hasErrors && 'has-errors'].filter(Boolean).join(' ')
}

/** What a node shows besides its own data: its problems, resolved config, wired ports and run state. */
export interface NodeFace {
  problems: EditorState['nodeProblems'][string] | undefined
  resolved: EditorState['stageConfigs'][string] | undefined
  /** Which ports carry a wire, as `<in|` / `>out|` tokens (a string, so it compares by value). */
  wired: string
  run: EditorState['nodeRun'][string] | undefined
}

/**
 * One store subscription per node for all of the above, returning the same object until one of
 * its parts changes. Every drag update is a store update, and each subscription is a selector call
 * on it: 300 nodes × one is a third of the four separate ones they used to be.
 */
export function useNodeFace(id: string): NodeFace {
  const last = useRef<NodeFace | null>(null)
  return useEditorStore((s) => {
    const problems = s.nodeProblems[id]
    const resolved = s.stageConfigs[id]
    const wired = connectedPorts(s.edges, id)
    const run = s.nodeRun[id]
    const l = last.current
    if (l && l.problems === problems && l.resolved === resolved && l.wired === wired && l.run === run) return l
    return (last.current = { problems, resolved, wired, run })
  })
}

type WireEnds = readonly { source: string; target: string; sourceHandle?: string | null; targetHandle?: string | null }[]
/** Per edges array, each node's wired ports, built once (edges change rarely; nodes ask on every store update). */
const wiredCache = new WeakMap<WireEnds, Map<string, string>>()

function connectedPorts(edges: WireEnds, id: string): string {
  let byNode = wiredCache.get(edges)
  if (!byNode) {
    byNode = new Map()
    for (const e of edges) {
      byNode.set(e.target, (byNode.get(e.target) ?? '') + `<${e.targetHandle}|`)
      byNode.set(e.source, (byNode.get(e.source) ?? '') + `>${e.sourceHandle}|`)
    }
    wiredCache.set(edges, byNode)
  }
  return byNode.get(id) ?? ''
}
