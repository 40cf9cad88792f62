/** Title, graph name, undo/redo, totals, and Run / Run now (disabled with the reason when the graph cannot run). */
import { useEffect, useState } from 'react'
import { ApiError, errorMessage } from '../api/client.ts'
import { submitRun } from '../api/run-endpoints.ts'
import { useEditorStore, useEditorStoreApi } from '../store/context.tsx'
import { toGraph } from '../store/graph-convert.ts'
import { compileNow, sessionRunSeed } from '../services/compile-service.ts'
import { flushPendingEdits, pendingEdits, usePendingCommit } from '../store/pending-edits.ts'
import { useStore } from 'zustand'
import type { EditorState } from '../store/types.ts'
import { checkName } from '../document/model.ts'
import { openReview } from '../compare/overlay-state.ts'
import { setGalleryOpen } from '../gallery/route.ts'

const plural = (n: number, one: string) => `${n.toLocaleString()} ${one}${n === 1 ? '' : 's'}`

/** Why the graph cannot run now, or null. */
function blockedReason(s: Pick<EditorState, 'server' | 'stream'>, errors: number, jobs: number): string | null {
  return s.server !== 'online' ? 'Running needs the server (npm start)'
    : s.stream === 'lost' ? 'The server is not reachable; reconnecting…'
    : errors > 0 ? `Fix ${plural(errors, 'error')} first (see Problems)`
    : jobs === 0 ? 'The graph makes no jobs yet'
    : null
}

/** The window title names the document and shows unsaved changes, as desktop editors do. */
function useDocumentTitle() {
  const name = useEditorStore((s) => s.meta.name)
  const dirty = useEditorStore((s) => s.dirty)
  const origin = useEditorStore((s) => s.origin)
  useEffect(() => {
    document.title = `${dirty ? '● ' : ''}${name}${origin === 'local' ? ' (not in the library)' : ''} — StableNew Flow`
  }, [name, dirty, origin])
}

function GraphName() {
  const name = useEditorStore((s) => s.meta.name)
  const renameGraph = useEditorStore((s) => s.renameGraph)
  const showToast = useEditorStore((s) => s.showToast)
  const [draft, setDraft] = useState(name)
  useEffect(() => setDraft(name), [name])
  const commit = () => {
    if (draft === name) return
    const checked = checkName(draft)
    if (!checked.ok) {
      showToast(checked.message, 'error')
      return setDraft(name)
    }
    renameGraph({ name: checked.name })
  }
  usePendingCommit(draft !== name, commit)
  return (
    <input className="graph-name" value={draft} aria-label="Graph name" maxLength={200} onChange={(e) => setDraft(e.target.value)}
      onBlur={commit} onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()} />
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
  const typing = useStore(pendingEdits, (p) => p.count > 0)
  useDocumentTitle()
  const runBlocked = blockedReason({ server, stream: lost ? 'lost' : 'open' }, errors, jobs)
  /**
   * Acts on the graph as displayed: a field still being typed in is committed first and the graph
   * compiled at once, so the click is never lost to a stale "disabled" (the button is only
   * aria-disabled, and says why when clicked).
   */
  const run = async (front: boolean) => {
    if (busy) return
    flushPendingEdits()
    const s = store.getState()
    const fresh = s.server === 'online' ? compileNow(store) : null
    const reason = blockedReason(s, fresh?.errors.length ?? 0, fresh?.run?.jobs.length ?? 0)
    if (reason) return store.getState().showToast(reason, 'error')
    setBusy(true)
    try {
      // The preview's run seed: the queue gets the very jobs, seeds and draws the preview shows.
      const r = await submitRun(toGraph(store.getState()), front, store.getState().previewRunSeed ?? undefined)
      // The next run gets new seeds: the preview moves on to show them.
      store.getState().setPreviewRunSeed(sessionRunSeed())
      store.getState().showToast(`${front ? 'Running now' : 'Queued'}: ${plural(r.totals.jobs, 'job')}, ${plural(r.totals.images, 'image')}`)
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
  const blocked = runBlocked !== null && !typing
  return (
    <header className="topbar">
      <div className="brand"><span className="logo">◆</span> StableNew <b>Flow</b></div>
      <GraphName />
      {origin === 'library'
        ? <span className={`dirty${dirty ? ' on' : ' saved'}`} title={dirty ? 'Changes are saved to the library automatically in a moment' : 'Saved in the library'}>{dirty ? '● saving…' : '✓ saved'}</span>
        : <span className={`dirty${dirty ? ' on' : ' local'}`} title="Not in the library yet: kept in this browser (a reload keeps it). Save in the Library panel keeps it for good.">{dirty ? '● not saved' : 'not in library'}</span>}
      <div className="topbar-tools">
        <button className="icon-btn" disabled={!canUndo} onClick={undo} title="Undo (Ctrl+Z)" aria-label="Undo">↶</button>
        <button className="icon-btn" disabled={!canRedo} onClick={redo} title="Redo (Ctrl+Shift+Z)" aria-label="Redo">↷</button>
        {server === 'online' && <button className="btn small insights-open" onClick={() => openReview({ kind: 'insights' })} title="What your ratings say about each setting, and a suggested next sweep">Insights</button>}
      </div>
      <button className="btn small gallery-open" onClick={() => setGalleryOpen(true)} title="Every output of every run: rate, compare, prune">Gallery</button>
      <div className="topbar-totals">
        {totals && <span><b>{totals.jobs.toLocaleString()}</b> job{totals.jobs === 1 ? '' : 's'} · <b>{totals.webuiCalls.toLocaleString()}</b> call{totals.webuiCalls === 1 ? '' : 's'} · <b>{totals.images.toLocaleString()}</b> image{totals.images === 1 ? '' : 's'}</span>}
        {errors > 0 && <span className="error-pill">{plural(errors, 'error')}</span>}
      </div>
      <div className="run-buttons" title={runBlocked ?? undefined}>
        <button className="btn" aria-disabled={blocked} disabled={busy} onClick={() => void run(true)} title={runBlocked ?? 'Put this run at the front of the queue'}>Run now</button>
        <button className="btn primary" aria-disabled={blocked} disabled={busy} onClick={() => void run(false)} title={runBlocked ?? 'Add this run to the end of the queue'}>▶ Run</button>
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
