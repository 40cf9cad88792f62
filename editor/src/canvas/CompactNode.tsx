/**
 * A node's face when the canvas is zoomed out (see lod.ts): a title bar in the kind's colour, the
 * ports' handles (still connectable, filled when wired, with the port as a tooltip) and, while it
 * runs, a progress line. No labels, summary or thumbnails: about a quarter of the full face's
 * elements. It keeps the full face's box (its last measured height, or an estimate) and puts each
 * handle where the full face has it (a grid of 22 px rows under the 33 px head), so wires and the
 * layout do not move when the zoom crosses the threshold; only the text inside the box comes and
 * goes. Nothing in it is positioned (the handles sit in the grid, not `position: absolute`): each
 * positioned element is a paint layer that every hit test and paint walks, and on a zoomed-out
 * 300-node canvas they were ~1,100 — more than the whole bare React Flow page has.
 */
import { Handle, Position, useStoreApi } from '@xyflow/react'
import { memo, useState } from 'react'
import type { NodeKindDef, PortDef } from '../../../engine/nodes/define.ts'
import type { FlowNode } from '../store/flow-types.ts'
import { fitTextCached } from './fit-text.ts'
import { estimateFullHeight } from './lod.ts'
import { PORT_COLOR_VAR } from './ports.ts'
import { handleClass, nodeClass, portTitle } from './node-parts.ts'

/** Large enough to read at the threshold zoom (20 px × 0.4 = 8 px on screen). */
const TITLE_FONT = '600 20px system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'

interface Props {
  id: string
  kind: NodeKindDef<unknown>
  data: FlowNode['data']
  selected: boolean
  wired: string
  errors: number
  summaryLines: number
  /** 0–1 while a job runs this stage. */
  progress: number | undefined
}

function CompactHandle({ port, side, index, connected }: { port: PortDef; side: 'in' | 'out'; index: number; connected: boolean }) {
  return (
    <Handle
      type={side === 'in' ? 'target' : 'source'}
      position={side === 'in' ? Position.Left : Position.Right}
      id={port.name}
      className={handleClass(port, connected)}
      title={portTitle(port)}
      style={{ '--handle-color': PORT_COLOR_VAR[port.type], gridColumn: side === 'in' ? 1 : 3, gridRow: index + 1 } as React.CSSProperties}
    />
  )
}

function CompactNodeView({ id, kind, data, selected, wired, errors, summaryLines, progress }: Props) {
  const rf = useStoreApi()
  // Read once, when the node turns compact: React Flow still holds the full face's measured size.
  const [height] = useState(() => rf.getState().nodeLookup.get(id)?.measured.height ?? estimateFullHeight(Math.max(kind.inputs.length, kind.outputs.length), summaryLines))
  const title = data.label ?? kind.label
  return (
    <div className={nodeClass(kind, selected, data, errors > 0, 'compact')} data-kind={kind.kind} style={{ height }} title={errors ? `${title}: ${errors} error${errors > 1 ? 's' : ''}` : title}>
      <div className="node-head">
        <span className="node-title">{fitTextCached(title, 210, TITLE_FONT, 20)}</span>
      </div>
      <div className="compact-ports">
        {kind.inputs.map((p, i) => <CompactHandle key={p.name} port={p} side="in" index={i} connected={wired.includes(`<${p.name}|`)} />)}
        {kind.outputs.map((p, i) => <CompactHandle key={p.name} port={p} side="out" index={i} connected={wired.includes(`>${p.name}|`)} />)}
      </div>
      {progress !== undefined && <div className="compact-progress"><i style={{ width: `${Math.round(progress * 100)}%` }} /></div>}
    </div>
  )
}

export const CompactNode = memo(CompactNodeView)
