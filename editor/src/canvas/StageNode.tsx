/**
 * The one custom node for all eight kinds (InvokeAI-style: the kind definition, not a component per
 * kind, decides ports and summary, so a ninth kind needs no new component). Memoised, and it reads
 * only its own entries from the store, so editing one node re-renders that node alone.
 */
import { Handle, Position, type NodeProps } from '@xyflow/react'
import { memo } from 'react'
import type { PortDef } from '../../../engine/nodes/define.ts'
import { getNodeKind } from '../../../engine/nodes/registry.ts'
import { useEditorStore } from '../store/context.tsx'
import type { FlowNode } from '../store/flow-types.ts'
import { NodeRun } from './NodeRun.tsx'
import { summaryLines } from './node-summary.ts'
import { PORT_COLOR_VAR } from './ports.ts'

function PortRow({ port, side, connected }: { port: PortDef; side: 'in' | 'out'; connected: boolean }) {
  const color = PORT_COLOR_VAR[port.type]
  return (
    <div className={`port port-${side}`} title={`${port.label}: ${port.type}${port.many ? ' (several)' : ''}${port.required ? '' : ' — optional'}`}>
      <Handle
        type={side === 'in' ? 'target' : 'source'}
        position={side === 'in' ? Position.Left : Position.Right}
        id={port.name}
        className={`handle handle-${port.type}${connected ? ' connected' : ''}${port.many ? ' many' : ''}`}
        style={{ '--handle-color': color } as React.CSSProperties}
      />
      <span className="port-label">{port.label}</span>
      {port.label.toLowerCase() !== port.type && <span className="port-type" style={{ color }}>{port.type}</span>}
    </div>
  )
}

function StageNodeView({ id, data, selected }: NodeProps<FlowNode>) {
  const kind = getNodeKind(data.kind)
  const problems = useEditorStore((s) => s.nodeProblems[id])
  const resolved = useEditorStore((s) => s.stageConfigs[id])
  // Which ports carry a wire; joined to a string so the selector result compares by value.
  const wired = useEditorStore((s) => connectedPorts(s.edges, id))
  if (!kind) {
    return <div className="node node-unknown"><div className="node-head"><span className="node-title">Unknown kind “{data.kind}”</span></div></div>
  }
  const errors = problems?.filter((p) => p.severity === 'error') ?? []
  const warnings = problems?.filter((p) => p.severity === 'warning') ?? []
  const lines = summaryLines(kind, data.params, resolved?.values as Record<string, unknown> | undefined)
  const cls = ['node', `role-${kind.role}`, selected && 'selected', data.bypassed && 'bypassed', errors.length > 0 && 'has-errors'].filter(Boolean).join(' ')
  return (
    <div className={cls} data-kind={kind.kind}>
      <div className="node-head">
        <span className="node-title">{data.label ?? kind.label}</span>
        {data.label !== undefined && <span className="node-kind">{kind.label}</span>}
        {data.bypassed && <span className="node-flag">bypassed</span>}
        {(errors.length > 0 || warnings.length > 0) && (
          <span
            className={`node-badge ${errors.length ? 'badge-error' : 'badge-warning'}`}
            title={[...errors, ...warnings].map((p) => `${p.severity === 'error' ? '✖' : '⚠'} ${p.message}`).join('\n')}
          >
            {errors.length ? `✖ ${errors.length}` : `⚠ ${warnings.length}`}
          </span>
        )}
      </div>
      <div className="node-ports">
        <div className="ports-in">{kind.inputs.map((p) => <PortRow key={p.name} port={p} side="in" connected={wired.includes(`<${p.name}|`)} />)}</div>
        <div className="ports-out">{kind.outputs.map((p) => <PortRow key={p.name} port={p} side="out" connected={wired.includes(`>${p.name}|`)} />)}</div>
      </div>
      {lines.length > 0 && (
        <ul className="node-summary">
          {lines.slice(0, 6).map((l, i) => <li key={i} className={l.set ? 'set' : 'inherited'}>{l.text}</li>)}
        </ul>
      )}
      {errors[0] && <div className="node-problem">{errors[0].message}</div>}
      {kind.role === 'stage' && <NodeRun id={id} />}
    </div>
  )
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

export const StageNode = memo(StageNodeView)
