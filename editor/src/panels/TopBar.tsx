/** Title, graph name, undo/redo, totals and Run (disabled with the reason until the server round). */
import { useEffect, useState } from 'react'
import { useEditorStore } from '../store/context.tsx'

function GraphName() {
  const name = useEditorStore((s) => s.meta.name)
  const renameGraph = useEditorStore((s) => s.renameGraph)
  const [draft, setDraft] = useState(name)
  useEffect(() => setDraft(name), [name])
  return (
    <input className="graph-name" value={draft} aria-label="Graph name" onChange={(e) => setDraft(e.target.value)}
      onBlur={() => draft.trim() && draft !== name && renameGraph({ name: draft.trim() })} onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()} />
  )
}

export function TopBar() {
  const dirty = useEditorStore((s) => s.dirty)
  const canUndo = useEditorStore((s) => s.past.length > 0)
  const canRedo = useEditorStore((s) => s.future.length > 0)
  const undo = useEditorStore((s) => s.undo)
  const redo = useEditorStore((s) => s.redo)
  const totals = useEditorStore((s) => s.compiled?.run?.totals)
  const errors = useEditorStore((s) => s.compiled?.errors.length ?? 0)
  const server = useEditorStore((s) => s.server)
  const runBlocked = server !== 'online' ? 'Running needs the server' : errors > 0 ? `Fix ${errors} error${errors > 1 ? 's' : ''} first` : 'Queue and run arrive with the server round'
  return (
    <header className="topbar">
      <div className="brand"><span className="logo">◆</span> StableNew <b>Flow</b></div>
      <GraphName />
      <span className={`dirty${dirty ? ' on' : ''}`} title={dirty ? 'Unsaved changes' : 'Saved'}>{dirty ? '● unsaved' : ''}</span>
      <div className="topbar-tools">
        <button className="icon-btn" disabled={!canUndo} onClick={undo} title="Undo (Ctrl+Z)">↶</button>
        <button className="icon-btn" disabled={!canRedo} onClick={redo} title="Redo (Ctrl+Shift+Z)">↷</button>
      </div>
      <div className="topbar-totals">
        {totals && <span><b>{totals.jobs.toLocaleString()}</b> jobs · <b>{totals.webuiCalls.toLocaleString()}</b> calls · <b>{totals.images.toLocaleString()}</b> images</span>}
        {errors > 0 && <span className="error-pill">{errors} error{errors > 1 ? 's' : ''}</span>}
      </div>
      <div className="run-buttons" title={runBlocked}>
        <button className="btn" disabled>Run now</button>
        <button className="btn primary" disabled>Run</button>
      </div>
      <span className={`server-pill ${server}`} title={server === 'online' ? 'Connected to the StableNew Flow server' : server === 'offline' ? 'Server not reachable' : 'Connecting…'}>
        <i />{server === 'online' ? 'server' : server === 'offline' ? 'offline' : 'connecting'}
      </span>
    </header>
  )
}
