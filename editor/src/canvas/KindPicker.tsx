/**
 * The menu that opens when a wire is dropped on empty canvas (as in ComfyUI and InvokeAI): the
 * kinds that can take that wire, filtered as you type; Enter picks the first, Escape closes.
 */
import { useEffect, useMemo, useRef, useState } from 'react'
import type { PortType } from '../../../engine/graph/schema.ts'
import { compatibleKinds, type KindChoice } from './ports.ts'

export interface PickerRequest {
  /** Client (screen) coordinates of the drop. */
  x: number
  y: number
  portType: PortType
  /** Which end of the wire the user holds: an output ('source') or an input ('target'). */
  from: 'source' | 'target'
  nodeId: string
  handleId: string
}

export function KindPicker({ request, onPick, onClose }: { request: PickerRequest; onPick: (choice: KindChoice) => void; onClose: () => void }) {
  const [filter, setFilter] = useState('')
  const input = useRef<HTMLInputElement>(null)
  const all = useMemo(() => compatibleKinds(request.portType, request.from), [request.portType, request.from])
  const shown = all.filter((c) => `${c.kind.kind} ${c.kind.label}`.toLowerCase().includes(filter.trim().toLowerCase()))
  useEffect(() => input.current?.focus(), [])
  // Keep the menu on screen near the drop point.
  const left = Math.min(request.x, window.innerWidth - 280)
  const top = Math.min(request.y, window.innerHeight - 60 - all.length * 44)
  return (
    <div className="picker-backdrop" onMouseDown={onClose}>
      <div className="picker" style={{ left, top }} onMouseDown={(e) => e.stopPropagation()} role="dialog" aria-label="Add a connected node">
        <div className="picker-head">
          Add a node that {request.from === 'source' ? 'takes' : 'gives'} <b style={{ color: `var(--port-${request.portType})` }}>{request.portType}</b>
        </div>
        <input
          ref={input}
          className="picker-filter"
          aria-label="Filter node kinds"
          placeholder="Filter…"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') onClose()
            if (e.key === 'Enter' && shown[0]) onPick(shown[0])
          }}
        />
        {shown.length === 0 && <div className="picker-empty">No node kind fits this wire.</div>}
        {shown.map((c) => (
          <button key={c.kind.kind} className="picker-item" onClick={() => onPick(c)} title={c.kind.description}>
            <span className={`kind-dot role-${c.kind.role}`} />
            <span className="picker-label">{c.kind.label}</span>
            <span className="picker-desc">{c.kind.description}</span>
          </button>
        ))}
      </div>
    </div>
  )
}
