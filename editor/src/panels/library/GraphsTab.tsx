/**
 * Graphs: save / save as / download the open graph; the server library's graphs (open, rename,
 * delete with confirmation, earlier versions: open one as a draft, or restore it); the bundled
 * examples when the server is not there (a fresh server's library holds the same examples).
 */
import { useMemo, useState } from 'react'
import type { GraphVersionSummary } from '../../../../engine/api/library.ts'
import { GRAPH_VERSION, type Graph } from '../../../../engine/graph/schema.ts'
import { getGraph, listGraphs, saveGraph } from '../../api/endpoints.ts'
import { deleteGraph, getGraphVersion, listGraphVersions, restoreGraphVersion } from '../../api/library-endpoints.ts'
import { exampleGraphs } from '../../offline/example-library.ts'
import { useEditorStore, useEditorStoreApi } from '../../store/context.tsx'
import { toGraph } from '../../store/graph-convert.ts'
import { attempt, slugify } from './shared.ts'

export function GraphsTab() {
  const store = useEditorStoreApi()
  const server = useEditorStore((s) => s.server)
  const graphList = useEditorStore((s) => s.graphList)
  const currentId = useEditorStore((s) => s.meta.id)
  const origin = useEditorStore((s) => s.origin)
  const examples = useMemo(() => exampleGraphs(), [])
  const [busy, setBusy] = useState(false)
  const [versionsOf, setVersionsOf] = useState<{ id: string; list: GraphVersionSummary[] } | null>(null)
  const online = server === 'online'

  const refreshList = async () => { const l = await listGraphs(); store.getState().setGraphList(l.graphs) }
  const confirmDiscard = () => {
    const s = store.getState()
    // A library graph is autosaved; only a draft can lose work.
    return !s.dirty || s.origin === 'library' || window.confirm('Discard the unsaved draft of the open graph?')
  }
  const newGraph = () => {
    if (!confirmDiscard()) return
    const taken = new Set(graphList.map((g) => g.id))
    let id = 'untitled'
    for (let i = 2; taken.has(id); i++) id = `untitled-${i}`
    store.getState().loadGraph({ version: GRAPH_VERSION, id, name: 'Untitled', description: '', tags: [], nodes: [], edges: [], viewport: { x: 0, y: 0, zoom: 1 } }, { origin: 'local' })
  }
  const openLocal = (graph: Graph) => confirmDiscard() && store.getState().loadGraph(graph, { origin: 'local' })
  const openSaved = async (id: string) => {
    if (!confirmDiscard()) return
    const graph = await attempt(store, `Could not open “${id}”`, () => getGraph(id))
    if (graph) store.getState().loadGraph(graph, { origin: 'library' })
  }
  const save = async (asNew: boolean) => {
    const s = store.getState()
    let meta = s.meta
    if (asNew || s.origin !== 'library') {
      const name = window.prompt(asNew ? 'Save a copy of the graph as:' : 'Save the graph in the library as:', asNew ? `${meta.name} copy` : meta.name)
      if (!name?.trim()) return
      const id = slugify(name)
      if (graphList.some((g) => g.id === id) && id !== (s.origin === 'library' ? s.meta.id : '') && !window.confirm(`“${id}” exists in the library. Replace it? (Its current content is kept as a version.)`)) return
      meta = { ...meta, name: name.trim(), id }
    }
    setBusy(true)
    const saved = await attempt(store, 'Save failed', () => saveGraph(toGraph({ ...s, meta })))
    setBusy(false)
    if (!saved) return
    const st = store.getState()
    st.renameGraph({ id: saved.graph.id, name: saved.graph.name })
    st.markSaved('library')
    st.showToast(saved.version ? `Saved “${saved.graph.name}” (the previous content is version ${saved.version})` : `Saved “${saved.graph.name}”`)
    await attempt(store, 'Could not refresh the list', refreshList)
  }
  const rename = async (id: string, name: string) => {
    const next = window.prompt('Rename the graph to:', name)
    if (!next?.trim() || next.trim() === name) return
    const s = store.getState()
    if (s.origin === 'library' && s.meta.id === id) {
      // The open graph: rename it here; autosave writes it.
      s.renameGraph({ name: next.trim() })
    } else {
      const graph = await attempt(store, 'Rename failed', () => getGraph(id))
      if (!graph || !(await attempt(store, 'Rename failed', () => saveGraph({ ...graph, name: next.trim() })))) return
    }
    await attempt(store, 'Could not refresh the list', refreshList)
  }
  const remove = async (id: string, name: string) => {
    if (!window.confirm(`Delete “${name}” from the library? Its earlier versions are kept on disk.`)) return
    if (!(await attempt(store, 'Delete failed', () => deleteGraph(id)))) return
    const s = store.getState()
    // The open graph stays open, as a draft: deleting it from the library must not lose it here.
    if (s.origin === 'library' && s.meta.id === id) s.markSaved('local')
    store.getState().showToast(`Deleted “${name}”`)
    await attempt(store, 'Could not refresh the list', refreshList)
  }
  const toggleVersions = async (id: string) => {
    if (versionsOf?.id === id) return setVersionsOf(null)
    const v = await attempt(store, 'Could not list versions', () => listGraphVersions(id))
    if (v) setVersionsOf({ id, list: v.versions })
  }
  const openVersion = async (id: string, version: number) => {
    if (!confirmDiscard()) return
    const g = await attempt(store, 'Could not open the version', () => getGraphVersion(id, version))
    if (g) {
      store.getState().loadGraph(g, { origin: 'local' })
      store.getState().showToast(`Opened version ${version} as a draft; Restore makes it the library’s current content.`)
    }
  }
  const restore = async (id: string, version: number) => {
    if (!window.confirm(`Restore version ${version}? The current content becomes a new version, so nothing is lost.`)) return
    const r = await attempt(store, 'Restore failed', () => restoreGraphVersion(id, version))
    if (!r) return
    store.getState().loadGraph(r.graph, { origin: 'library' })
    store.getState().showToast(`Restored version ${version}`)
    setVersionsOf(null)
    await attempt(store, 'Could not refresh the list', refreshList)
  }
  const download = () => {
    const graph = toGraph(store.getState())
    const url = URL.createObjectURL(new Blob([JSON.stringify(graph, null, 2)], { type: 'application/json' }))
    const a = Object.assign(document.createElement('a'), { href: url, download: `${graph.id}.json` })
    a.click()
    URL.revokeObjectURL(url)
  }

  return (
    <div className="library">
      <div className="library-actions">
        <button className="btn small" onClick={newGraph} title="Start an empty graph (drag kinds from the palette)">New</button>
        <button className="btn small" disabled={!online || busy} onClick={() => void save(false)} title={online ? 'Save the open graph in the library' : 'Saving needs the server'}>Save</button>
        <button className="btn small" disabled={!online || busy} onClick={() => void save(true)} title={online ? 'Save a copy under a new name' : 'Saving needs the server'}>Save as…</button>
        <button className="btn small" onClick={download} title="Download the graph as JSON (works offline)">Download</button>
      </div>
      {online && (
        <>
          {graphList.length === 0 && <p className="muted small">No saved graphs yet.</p>}
          {graphList.map((g) => {
            const current = g.id === currentId && origin === 'library'
            return (
              <div key={g.id} className={`library-row${current ? ' current' : ''}`} data-graph={g.id}>
                <button className="library-item" onClick={() => void openSaved(g.id)} title={g.description || 'Open'}>
                  <span>{g.name}</span>
                </button>
                <div className="row-tools">
                  <button className="link" onClick={() => void toggleVersions(g.id)} title="Earlier versions" disabled={g.versions === 0}>{g.versions} version{g.versions === 1 ? '' : 's'}</button>
                  <button className="link" onClick={() => void rename(g.id, g.name)}>Rename</button>
                  <button className="link danger" onClick={() => void remove(g.id, g.name)}>Delete</button>
                </div>
                {versionsOf?.id === g.id && (
                  <ul className="versions">
                    {versionsOf.list.map((v) => (
                      <li key={v.version}>
                        <span title={v.name}>v{v.version} · {new Date(v.savedAt).toLocaleString()}</span>
                        <button className="link" onClick={() => void openVersion(g.id, v.version)}>Open</button>
                        <button className="link" onClick={() => void restore(g.id, v.version)}>Restore</button>
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
            <button key={g.id} className={`library-item${g.id === currentId ? ' current' : ''}`} onClick={() => openLocal(g)} title={g.description}>
              <span>{g.name}</span>
            </button>
          ))}
        </>
      )}
    </div>
  )
}
