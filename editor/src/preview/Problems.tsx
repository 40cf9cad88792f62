/** Errors and warnings from compile; clicking one selects its node and centres it on the canvas. */
import { useEditorStore } from '../store/context.tsx'

export function Problems() {
  const compiled = useEditorStore((s) => s.compiled)
  const selectNode = useEditorStore((s) => s.selectNode)
  const setRightTab = useEditorStore((s) => s.setRightTab)
  if (!compiled) return <div className="panel-empty">Compiling…</div>
  const items = [
    ...compiled.errors.map((e) => ({ severity: 'error' as const, message: e.message, nodeId: e.nodeId })),
    ...compiled.warnings.map((w) => ({ severity: 'warning' as const, message: w.message, nodeId: w.nodeId })),
  ]
  if (items.length === 0) return <div className="panel-empty"><p>✓ No problems. The graph is ready to run.</p></div>
  return (
    <ul className="problem-list">
      {items.map((p, i) => (
        <li key={i}>
          <button
            className={`problem ${p.severity}`}
            disabled={!p.nodeId}
            onClick={() => {
              if (!p.nodeId) return
              selectNode(p.nodeId, { focus: true })
              setRightTab('inspector')
            }}
          >
            <span className="problem-icon">{p.severity === 'error' ? '✖' : '⚠'}</span>
            <span>{p.message}</span>
          </button>
        </li>
      ))}
    </ul>
  )
}
