/** The palette: every node kind, grouped; drag one onto the canvas, or click to add it in view. */
import { useReactFlow } from '@xyflow/react'
import { getNodeKind } from '../../../engine/nodes/registry.ts'
import { KIND_DRAG_TYPE } from '../canvas/Canvas.tsx'
import { KIND_GROUPS, PORT_COLOR_VAR } from '../canvas/ports.ts'
import { useEditorStoreApi } from '../store/context.tsx'

export function Palette() {
  const store = useEditorStoreApi()
  const flow = useReactFlow()
  const addInView = (kind: string) => {
    const rect = document.querySelector('.canvas')?.getBoundingClientRect()
    const centre = rect ? { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 } : { x: 400, y: 300 }
    const p = flow.screenToFlowPosition(centre)
    // Nudge repeated clicks so new nodes do not land exactly on top of each other.
    const n = store.getState().nodes.filter((x) => Math.abs(x.position.x - p.x + 120) < 30 && Math.abs(x.position.y - p.y + 40) < 30).length
    store.getState().addNode(kind, { x: p.x - 120 + n * 30, y: p.y - 40 + n * 30 })
  }
  return (
    <div className="palette">
      {KIND_GROUPS.map((g) => (
        <div key={g.title} className="palette-group">
          <h3>{g.title}</h3>
          {g.kinds.map((name) => {
            const kind = getNodeKind(name)!
            return (
              <button
                key={name}
                className="palette-item"
                draggable
                onDragStart={(e) => {
                  e.dataTransfer.setData(KIND_DRAG_TYPE, name)
                  e.dataTransfer.effectAllowed = 'copy'
                }}
                onClick={() => addInView(name)}
                title={`${kind.description}\nDrag onto the canvas, or click to add.`}
              >
                <span className={`kind-dot role-${kind.role}`} />
                <span className="palette-label">{kind.label}</span>
                <span className="palette-ports">
                  {kind.inputs.map((p) => <i key={`i${p.name}`} style={{ background: PORT_COLOR_VAR[p.type] }} title={`in: ${p.label} (${p.type})`} />)}
                  <b>›</b>
                  {kind.outputs.map((p) => <i key={`o${p.name}`} style={{ background: PORT_COLOR_VAR[p.type] }} title={`out: ${p.label} (${p.type})`} />)}
                </span>
              </button>
            )
          })}
        </div>
      ))}
      <div className="legend">
        {(['prompts', 'config', 'image', 'video'] as const).map((t) => (
          <span key={t}><i style={{ background: PORT_COLOR_VAR[t] }} />{t}</span>
        ))}
      </div>
    </div>
  )
}
