/**
 * Graphs: new, import (file or pasted JSON), duplicate, save (with an optional version label),
 * save as, download the open document; the library's graphs (open, rename, delete; versions:
 * open one as a new document, or restore it in one undoable click); the bundled examples when
 * the server is not there. The flows themselves live in document/actions.ts.
 */
import { useEffect, useId, useMemo, useState } from 'react'
import type { GraphVersionSummary } from '../../../../engine/api/library.ts'
import { getGraphVersion, listGraphVersions } from '../../api/library-endpoints.ts'
import {
  deleteLibraryGraph, duplicateDocument, newDocument, openAsNewDocument, openLibraryGraph, renameLibraryGraph, restoreVersion, saveDocument, saveDocumentAs,
} from '../../document/actions.ts'
import { downloadGraph } from '../../document/transfer.ts'
import { exampleGraphs } from '../../offline/example-library.ts'
import { useEditorStore, useEditorStoreApi } from '../../store/context.tsx'
import { ImportButton } from './ImportButton.tsx'
import { attempt } from './shared.ts'
import { RunOnPacks } from './RunOnPacks.tsx'

const KIND_LABEL: Record<GraphVersionSummary['kind'], string> = { save: 'saved', autosave: 'autosaved', restore: 'restored', kept: 'kept from disk' }
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

export function GraphsTab() {
  const store = useEditorStoreApi()
  const server = useEditorStore((s) => s.server)
  const graphList = useEditorStore((s) => s.graphList)
  const currentId = useEditorStore((s) => s.meta.id)
  const origin = useEditorStore((s) => s.origin)
  const examples = useMemo(() => exampleGraphs(), [])
  const [busy, setBusy] = useState(false)
  const [label, setLabel] = useState('')
  const [versionsOf, setVersionsOf] = useState<{ id: string; list: GraphVersionSummary[] } | null>(null)
  const [runOnPacks, setRunOnPacks] = useState<string | null>(null)
  const labelId = useId()
  const online = server === 'online'

  const busyWhile = async (fn: () => Promise<unknown>) => {
    setBusy(true)
    try { await fn() } finally { setBusy(false) }
  }
  const reloadVersions = async (id: string) => {
    const v = await attempt(store, 'Could not list versions', () => listGraphVersions(id))
    if (v) setVersionsOf({ id, list: v.versions })
  }
  // The open list follows the library's count (an autosave snapshot, a restore, a save elsewhere).
  const shownCount = versionsOf ? graphList.find((g) => g.id === versionsOf.id)?.versions : undefined
  useEffect(() => {
    if (versionsOf && shownCount !== undefined && shownCount !== versionsOf.list.length) void reloadVersions(versionsOf.id)
  }, [shownCount]) // eslint-disable-line react-hooks/exhaustive-deps
  const toggleVersions = async (id: string) => (versionsOf?.id === id ? setVersionsOf(null) : reloadVersions(id))
  const save = () => busyWhile(async () => {
    if (await saveDocument(store, label.trim() || undefined)) setLabel('')
    if (versionsOf?.id === store.getState().meta.id) await reloadVersions(versionsOf.id)
  })
  const openVersion = async (id: string, v: GraphVersionSummary) => {
    const g = await attempt(store, 'Could not open the version', () => getGraphVersion(id, v.version))
    if (g) await openAsNewDocument(store, g, `Opened version ${v.version} of “${v.name}” as a new graph; Restore makes it the library graph’s content instead.`, `${v.name} (version ${v.version})`)
  }
  const restore = (id: string, version: number) => busyWhile(async () => {
    await restoreVersion(store, id, version)
    await reloadVersions(id)
  })

  return (
    <div className="library">
      <div className="library-actions">
        <button className="btn small" onClick={() => void newDocument(store)} title="Start an empty graph (drag kinds from the palette)">New</button>
        <ImportButton />
        <button className="btn small" onClick={() => void duplicateDocument(store)} title="A copy of the open graph as a new graph">Duplicate</button>
        <button className="btn small" onClick={() => downloadGraph(store.getState())} title="Download the graph as JSON (works offline)">Download</button>
      </div>
      <div className="library-actions">
        <button className="btn small" disabled={!online || busy} onClick={() => void save()} title={online ? 'Save the open graph in the library (one version)' : 'Saving needs the server'}>Save</button>
        <button className="btn small" disabled={!online || busy} onClick={() => void busyWhile(() => saveDocumentAs(store))} title={online ? 'Go on under a new name; the library keeps the old one as it was saved' : 'Saving needs the server'}>Save as…</button>
        {online && origin === 'library' && (
          <span className="version-label">
            <label htmlFor={labelId} className="sr-only">Label for the next saved version (optional)</label>
            <input id={labelId} type="text" maxLength={200} value={label} placeholder="version label" onChange={(e) => setLabel(e.target.value)}
              onKeyDown={(e) => e.key === 'Enter' && void save()} />
          </span>
        )}
      </div>
      {online && (
        <>
          {graphList.length === 0 && <p className="muted small">No saved graphs yet.</p>}
          {graphList.map((g) => {
            const current = g.id === currentId && origin === 'library'
            return (
              <div key={g.id} className={`library-row${current ? ' current' : ''}`} data-graph={g.id}>
                <button className="library-item" onClick={() => void openLibraryGraph(store, g.id)} title={g.description || 'Open'} aria-current={current ? 'true' : undefined}>
                  <span>{g.name}</span>
                </button>
                <div className="row-tools">
                  <button className="link" onClick={() => void toggleVersions(g.id)} aria-expanded={versionsOf?.id === g.id} disabled={g.versions === 0}>{plural(g.versions, 'version')}</button>
                  <button className="link" onClick={() => setRunOnPacks(runOnPacks === g.id ? null : g.id)} aria-expanded={runOnPacks === g.id} title="Run this saved graph on chosen packs, without editing it">Run on packs…</button>
                  <button className="link" onClick={() => void renameLibraryGraph(store, g.id, g.name)}>Rename</button>
                  <button className="link danger" onClick={() => void deleteLibraryGraph(store, g.id, g.name)}>Delete</button>
                </div>
                {runOnPacks === g.id && <RunOnPacks graphId={g.id} onClose={() => setRunOnPacks(null)} />}
                {versionsOf?.id === g.id && (
                  <ul className="versions" aria-label={`Versions of ${g.name}`}>
                    {versionsOf.list.map((v) => (
                      <li key={v.version} data-version={v.version}>
                        <span title={`${v.name} — ${KIND_LABEL[v.kind]}`}>
                          v{v.version} · {new Date(v.savedAt).toLocaleString()} · {KIND_LABEL[v.kind]}{v.label ? <> · <b className="version-name">{v.label}</b></> : null}
                        </span>
                        <button className="link" onClick={() => void openVersion(g.id, v)}>Open</button>
                        <button className="link" disabled={busy} onClick={() => void restore(g.id, v.version)}>Restore</button>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            )
          })}
        </>
      )}
      {!online && (
        <>
          <h3>Examples</h3>
          {examples.map((g) => (
            <button key={g.id} className={`library-item${g.id === currentId ? ' current' : ''}`} onClick={() => void openAsNewDocument(store, g, `Opened the example “${g.name}”.`)} title={g.description}>
              <span>{g.name}</span>
            </button>
          ))}
        </>
      )}
    </div>
  )
}
