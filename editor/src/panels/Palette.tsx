/** The palette: every node kind, grouped; drag one onto the canvas, or click to add it in view. */
import { useReactFlow } from '@xyflow/react'
import { getNodeKind } from '../../../engine/nodes/registry.ts'
import { KIND_DRAG_TYPE } from '../canvas/Canvas.tsx'
import { KIND_GROUPS, PORT_COLOR_VAR } from '../canvas/ports.ts'
import { usePlacement } from '../canvas/use-placement.ts'
import { UNMEASURED } from '../store/frames.ts'
import { useEditorStoreApi } from '../store/context.tsx'

export function Palette() {
  const store = useEditorStoreApi()
  const flow = useReactFlow()
  const placement = usePlacement()
  const addInView = (kind: string) => {
    const rect = document.querySelector('.canvas')?.getBoundingClientRect()
    const centre = rect ? { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 } : { x: 400, y: 300 }
    const p = flow.screenToFlowPosition(centre)
    // Nearest free spot to the view's centre: in view, never on top of another node.
    const pos = placement.place({ x: p.x - UNMEASURED.width / 2, y: p.y - UNMEASURED.height / 2 }, UNMEASURED)
    store.getState().addNode(kind, pos)
    placement.ensureVisible({ ...pos, ...UNMEASURED })
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
