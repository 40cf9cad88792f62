/**
 * Graphs: the bundled examples (always), the server's saved graphs (when it answers), save and
 * save-as. Minimal this round; presets, packs and wildcards panels come with the server round.
 */
import { useMemo, useState } from 'react'
import { errorMessage } from '../api/client.ts'
import { getGraph, listGraphs, saveGraph } from '../api/endpoints.ts'
import { exampleGraphs } from '../offline/example-library.ts'
import { useEditorStore, useEditorStoreApi } from '../store/context.tsx'
import { toGraph } from '../store/graph-convert.ts'
import type { Graph } from '../../../engine/graph/schema.ts'

/** A name → an id the server accepts (`My graph!` → `my-graph`). */
export function slugify(name: string): string {
  const slug = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 100)
  return slug || `graph-${Date.now().toString(36)}`
}

export function LibraryPanel() {
  const store = useEditorStoreApi()
  const server = useEditorStore((s) => s.server)
  const graphList = useEditorStore((s) => s.graphList)
  const currentId = useEditorStore((s) => s.meta.id)
  const examples = useMemo(() => exampleGraphs(), [])
  const [busy, setBusy] = useState(false)

  const confirmDiscard = () => !store.getState().dirty || window.confirm('Discard the unsaved changes of the open graph?')
  const open = (graph: Graph) => confirmDiscard() && store.getState().loadGraph(graph)
  const openSaved = async (id: string) => {
    if (!confirmDiscard()) return
    try {
      store.getState().loadGraph(await getGraph(id))
    } catch (e) {
      store.getState().showToast(errorMessage(e), 'error')
    }
  }
  const save = async (asNew: boolean) => {
    const s = store.getState()
    let meta = s.meta
    if (asNew) {
      const name = window.prompt('Save the graph as:', `${meta.name} copy`)
      if (!name) return
      meta = { ...meta, name, id: slugify(name) }
    }
    setBusy(true)
    try {
      const saved = await saveGraph(toGraph({ ...s, meta }))
      const st = store.getState()
      st.renameGraph({ id: saved.graph.id, name: saved.graph.name })
      st.markSaved()
      st.showToast(`Saved “${saved.graph.name}” (version ${saved.version})`)
      st.setGraphList((await listGraphs()).graphs)
    } catch (e) {
      store.getState().showToast(errorMessage(e), 'error')
    } finally {
      setBusy(false)
    }
  }
  const download = () => {
    const graph = toGraph(store.getState())
    const url = URL.createObjectURL(new Blob([JSON.stringify(graph, null, 2)], { type: 'application/json' }))
    const a = Object.assign(document.createElement('a'), { href: url, download: `${graph.id}.json` })
    a.click()
    URL.revokeObjectURL(url)
  }
  const online = server === 'online'
  return (
    <div className="library">
      <div className="library-actions">
        <button className="btn small" disabled={!online || busy} onClick={() => void save(false)} title={online ? 'Save (the previous content becomes a version)' : 'Saving needs the server'}>Save</button>
        <button className="btn small" disabled={!online || busy} onClick={() => void save(true)} title={online ? 'Save under a new name' : 'Saving needs the server'}>Save as…</button>
        <button className="btn small" onClick={download} title="Download the graph as JSON (works offline)">Download</button>
      </div>
      {online && (
        <>
          <h3>Saved graphs</h3>
          {graphList.length === 0 && <p className="muted small">None yet.</p>}
          {graphList.map((g) => (
            <button key={g.id} className={`library-item${g.id === currentId ? ' current' : ''}`} onClick={() => void openSaved(g.id)} title={g.description}>
              <span>{g.name}</span>
              <span className="muted small">{g.versions} version{g.versions === 1 ? '' : 's'}</span>
            </button>
          ))}
        </>
      )}
      <h3>Examples</h3>
      {examples.map((g) => (
        <button key={g.id} className={`library-item${g.id === currentId ? ' current' : ''}`} onClick={() => open(g)} title={g.description}>
          <span>{g.name}</span>
        </button>
      ))}
    </div>
  )
}
