/**
 * The one custom node for all eight kinds (InvokeAI-style: the kind definition, not a component per
 * kind, decides ports and summary, so a ninth kind needs no new component). Memoised, and it reads
 * only its own entries from the store, so editing one node re-renders that node alone. Zoomed out
 * past LOD_ZOOM it draws CompactNode instead (see lod.ts).
 */
import { Handle, Position, type NodeProps } from '@xyflow/react'
import { memo, useContext } from 'react'
import type { PortDef } from '../../../engine/nodes/define.ts'
import { getNodeKind } from '../../../engine/nodes/registry.ts'
import type { FlowNode } from '../store/flow-types.ts'
import { CompactNode } from './CompactNode.tsx'
import { fitTextCached, measureFor } from './fit-text.ts'
import { ZoomedOutContext } from './lod.ts'
import { handleClass, nodeClass, portTitle, splitProblems, useNodeFace } from './node-parts.ts'
import { NodeRun } from './NodeRun.tsx'
import { summaryLines } from './node-summary.ts'
import { PORT_COLOR_VAR } from './ports.ts'

/** The text box inside a node (240 px wide, 1 px borders, 10 px padding); styles.css agrees. */
const INNER_WIDTH = 218
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
/** Canvas and DOM text widths differ by subpixels; the margin keeps a cut line from touching the edge. */
const SLACK = 3

function PortRow({ port, side, connected }: { port: PortDef; side: 'in' | 'out'; connected: boolean }) {
  const color = PORT_COLOR_VAR[port.type]
  return (
    <div className={`port port-${side}`} title={portTitle(port)}>
      <Handle
        type={side === 'in' ? 'target' : 'source'}
        position={side === 'in' ? Position.Left : Position.Right}
        id={port.name}
        className={handleClass(port, connected)}
        style={{ '--handle-color': color } as React.CSSProperties}
      />
      <span className="port-label">{port.label}</span>
      {/* Colour with alpha, not `opacity`: an opacity is an effect node that splits paint chunks. */}
      {port.label.toLowerCase() !== port.type && <span className="port-type" style={{ color: `color-mix(in srgb, ${color} 80%, transparent)` }}>{port.type}</span>}
    </div>
  )
}

function StageNodeView({ id, data, selected }: NodeProps<FlowNode>) {
  const kind = getNodeKind(data.kind)
  const { problems, resolved, wired, run } = useNodeFace(id)
  const { errors, warnings } = splitProblems(problems)
  const zoomedOut = useContext(ZoomedOutContext)
  if (!kind) {
    return <div className="node node-unknown"><div className="node-head"><span className="node-title">Unknown kind “{data.kind}”</span></div></div>
  }
  const lines = summaryLines(kind, data.params, resolved?.values as Record<string, unknown> | undefined).slice(0, 6)
  if (zoomedOut) return <CompactNode id={id} kind={kind} data={data} selected={!!selected} wired={wired} errors={errors.length} summaryLines={lines.length} progress={run?.state === 'running' ? run.progress : undefined} />

  const title = data.label ?? kind.label
  const badge = errors.length ? `✖ ${errors.length}` : warnings.length ? `⚠ ${warnings.length}` : ''
  return (
    <div className={nodeClass(kind, !!selected, data, errors.length > 0)} data-kind={kind.kind}>
      <div className="node-head">
        <span className="node-title" title={title}>{fitTextCached(title, titleWidth(data.label !== undefined ? kind.label : '', !!data.bypassed, badge), `600 13px ${FONT}`, 13)}</span>
        {data.label !== undefined && <span className="node-kind">{kind.label}</span>}
        {data.bypassed && <span className="node-flag">bypassed</span>}
        {badge && (
          <span
            className={`node-badge ${errors.length ? 'badge-error' : 'badge-warning'}`}
            title={[...errors, ...warnings].map((p) => `${p.severity === 'error' ? '✖' : '⚠'} ${p.message}`).join('\n')}
          >
            {badge}
          </span>
        )}
      </div>
      <div className="node-ports">
        <div className="ports-in">{kind.inputs.map((p) => <PortRow key={p.name} port={p} side="in" connected={wired.includes(`<${p.name}|`)} />)}</div>
        <div className="ports-out">{kind.outputs.map((p) => <PortRow key={p.name} port={p} side="out" connected={wired.includes(`>${p.name}|`)} />)}</div>
      </div>
      {lines.length > 0 && (
        <ul className="node-summary">
          {lines.map((l, i) => (
            <li key={i} className={l.set ? 'set' : 'inherited'} title={l.text}>
              {fitTextCached(l.text, INNER_WIDTH - SLACK - (l.set ? bulletWidth() : 0), `11.5px ${FONT}`, 11.5)}
            </li>
          ))}
        </ul>
      )}
      {errors[0] && (
        <div className="node-problem" title={errors[0].message}>
          {/* About three lines' worth (the last line of a wrapped paragraph is rarely full). */}
          {fitTextCached(errors[0].message, INNER_WIDTH * 2.6, `11px ${FONT}`, 11)}
        </div>
      )}
      {(kind.role === 'stage' || kind.role === 'run-stage') && <NodeRun id={id} />}
    </div>
  )
}

/** Width of `text` in `font` (cached by measureFor). */
const fitWidth = (text: string, font: string, px: number) => measureFor(font, px)(text)
/** Width of the `• ` that styles.css puts before a set summary line. */
const bulletWidth = () => fitWidth('• ', `11.5px ${FONT}`, 11.5)

/** What the title may use of the head: the rest holds the kind (when labelled), the bypassed flag and the problem badge, 6 px apart. */
function titleWidth(kindLabel: string, bypassed: boolean, badge: string): number {
  let w = INNER_WIDTH - SLACK
  if (kindLabel) w -= fitWidth(kindLabel, `11px ${FONT}`, 11) + 6
  if (bypassed) w -= fitWidth('bypassed', `10px ${FONT}`, 10) + 10 + 6
  if (badge) w -= fitWidth(badge, `600 11px ${FONT}`, 11) + 12 + 6
  return Math.max(w, 40)
}

export const StageNode = memo(StageNodeView)
