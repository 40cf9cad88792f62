/** Title, graph name, undo/redo, totals, and Run / Run now (disabled with the reason when the graph cannot run). */
import { useEffect, useState } from 'react'
import { ApiError, errorMessage } from '../api/client.ts'
import { submitRun } from '../api/run-endpoints.ts'
import { sessionRunSeed } from '../services/compile-service.ts'
import { useEditorStore, useEditorStoreApi } from '../store/context.tsx'
import { toGraph } from '../store/graph-convert.ts'

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
  const origin = useEditorStore((s) => s.origin)
  const canUndo = useEditorStore((s) => s.past.length > 0)
  const canRedo = useEditorStore((s) => s.future.length > 0)
  const undo = useEditorStore((s) => s.undo)
  const redo = useEditorStore((s) => s.redo)
  const totals = useEditorStore((s) => s.compiled?.run?.totals)
  const errors = useEditorStore((s) => s.compiled?.errors.length ?? 0)
  const server = useEditorStore((s) => s.server)
  const lost = useEditorStore((s) => s.stream === 'lost')
  const jobs = useEditorStore((s) => s.compiled?.run?.jobs.length ?? 0)
  const store = useEditorStoreApi()
  const [busy, setBusy] = useState(false)
  const runBlocked = server !== 'online' ? 'Running needs the server (npm start)'
    : lost ? 'The server is not reachable; reconnecting…'
    : errors > 0 ? `Fix ${errors} error${errors > 1 ? 's' : ''} first (see Problems)`
    : jobs === 0 ? 'The graph makes no jobs yet'
    : null
  const run = async (front: boolean) => {
    setBusy(true)
    try {
      // The preview's run seed: the queue gets the very jobs, seeds and draws the preview shows.
      const r = await submitRun(toGraph(store.getState()), front, store.getState().previewRunSeed ?? undefined)
      // The next run gets new seeds: the preview moves on to show them.
      store.getState().setPreviewRunSeed(sessionRunSeed())
      store.getState().showToast(`${front ? 'Running now' : 'Queued'}: ${r.totals.jobs} job${r.totals.jobs === 1 ? '' : 's'}, ${r.totals.images} image${r.totals.images === 1 ? '' : 's'}`)
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        // These exact jobs were queued before (e.g. a graph restored from one of its images).
        // Never queue something other than what was previewed: show new seeds and let the user run them.
        store.getState().setPreviewRunSeed(sessionRunSeed())
        store.getState().showToast('These exact jobs are already in the queue or history. The preview now shows new seeds; press Run again to queue them.', 'error')
        return
      }
      // The server compiles again and may refuse (a preset changed meanwhile): show its problems.
      store.getState().showToast(`The server refused the run: ${errorMessage(e)}`, 'error')
    } finally {
      setBusy(false)
    }
  }
  return (
    <header className="topbar">
      <div className="brand"><span className="logo">◆</span> StableNew <b>Flow</b></div>
      <GraphName />
      {origin === 'library'
        ? <span className={`dirty${dirty ? ' on' : ' saved'}`} title={dirty ? 'Changes are saved to the library automatically in a moment' : 'Saved in the library'}>{dirty ? '● saving…' : '✓ saved'}</span>
        : <span className={`dirty${dirty ? ' on' : ' local'}`} title="Not in the library yet: kept as a draft in this browser. Use Save as… in the Library to keep it.">{dirty ? '● draft' : 'not in library'}</span>}
      <div className="topbar-tools">
        <button className="icon-btn" disabled={!canUndo} onClick={undo} title="Undo (Ctrl+Z)">↶</button>
        <button className="icon-btn" disabled={!canRedo} onClick={redo} title="Redo (Ctrl+Shift+Z)">↷</button>
      </div>
      <div className="topbar-totals">
        {totals && <span><b>{totals.jobs.toLocaleString()}</b> jobs · <b>{totals.webuiCalls.toLocaleString()}</b> calls · <b>{totals.images.toLocaleString()}</b> images</span>}
        {errors > 0 && <span className="error-pill">{errors} error{errors > 1 ? 's' : ''}</span>}
      </div>
      <div className="run-buttons" title={runBlocked ?? undefined}>
        <button className="btn" disabled={runBlocked !== null || busy} onClick={() => void run(true)} title={runBlocked ?? 'Put this run at the front of the queue'}>Run now</button>
        <button className="btn primary" disabled={runBlocked !== null || busy} onClick={() => void run(false)} title={runBlocked ?? 'Add this run to the end of the queue'}>▶ Run</button>
      </div>
      {runBlocked && server === 'online' && <span className="run-reason">{runBlocked}</span>}
      {server === 'online' && lost
        ? <span className="server-pill offline" title="The event stream dropped; reconnecting"><i />reconnecting</span>
        : (
          <span className={`server-pill ${server}`} title={server === 'online' ? 'Connected to the StableNew Flow server' : server === 'offline' ? 'Server not reachable' : 'Connecting…'}>
            <i />{server === 'online' ? 'server' : server === 'offline' ? 'offline' : 'connecting'}
          </span>
        )}
    </header>
  )
}
