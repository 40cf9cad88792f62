/**
 * What the user does with documents (docs/editor.md "Documents"): new, open, import, duplicate,
 * save, save as, rename, delete, restore a version. Each asks with the in-app dialogs, refuses an
 * empty name with a message, and keeps the document's id (and so its runs, outputs and ratings)
 * through save, save as and rename.
 */
import { getGraph, listGraphs, saveGraph } from '../api/endpoints.ts'
import { deleteGraph, getGraphVersion } from '../api/library-endpoints.ts'
import type { Graph } from '../../../engine/graph/schema.ts'
import { attempt } from '../panels/library/shared.ts'
import { askConfirm, askText } from '../panels/dialog/dialogs.ts'
import type { EditorStore } from '../store/create-store.ts'
import { toGraph } from '../store/graph-convert.ts'
import { asNewDocument, blankGraph, checkName, copyName, newGraphId } from './model.ts'

const nameRule = (v: string) => { const c = checkName(v); return c.ok ? null : c.message }

export async function refreshGraphList(store: EditorStore): Promise<void> {
  await attempt(store, 'Could not refresh the list', async () => store.getState().setGraphList((await listGraphs()).graphs))
}

/**
 * Before the open document is replaced: a local document with changes would be lost, so ask.
 * (A library document's pending autosave is sent by the autosave service when it is replaced.)
 */
export async function confirmLeave(store: EditorStore): Promise<boolean> {
  const s = store.getState()
  if (!s.dirty || s.origin === 'library') return true
  return askConfirm({
    title: 'Discard the unsaved graph?',
    message: `“${s.meta.name}” has never been saved to the library; its changes will be lost.`,
    confirmLabel: 'Discard',
    danger: true,
  })
}

export async function newDocument(store: EditorStore): Promise<void> {
  if (!(await confirmLeave(store))) return
  store.getState().loadGraph(blankGraph(), { origin: 'local' })
}

/** An imported, dropped or pasted graph, or a past run's: a new document with its own id, not yet in the library. */
export async function openAsNewDocument(store: EditorStore, graph: Graph, note: string, name?: string): Promise<boolean> {
  if (!(await confirmLeave(store))) return false
  store.getState().loadGraph(asNewDocument(graph, name), { origin: 'local', dirty: true })
  store.getState().showToast(note)
  return true
}

export async function openLibraryGraph(store: EditorStore, id: string): Promise<boolean> {
  if (store.getState().origin === 'library' && store.getState().meta.id === id) return true
  if (!(await confirmLeave(store))) return false
  const graph = await attempt(store, `Could not open “${id}”`, () => getGraph(id))
  if (!graph) return false
  store.getState().loadGraph(graph, { origin: 'library' })
  return true
}

export async function duplicateDocument(store: EditorStore): Promise<void> {
  const s = store.getState()
  const name = copyName(s.meta.name, s.graphList.map((g) => g.name))
  await openAsNewDocument(store, toGraph(s), `Duplicated as “${name}” (not in the library yet: Save keeps it).`, name)
}

/** Marks the document saved if it did not change while the request was out. */
function settle(store: EditorStore, sent: Graph): void {
  const now = store.getState()
  if (now.meta.id !== sent.id) return
  if (JSON.stringify(toGraph(now)) === JSON.stringify(sent)) now.markSaved('library')
  else store.setState({ origin: 'library' })
}

async function put(store: EditorStore, graph: Graph, label: string | undefined, what: string): Promise<boolean> {
  const saved = await attempt(store, `${what} failed`, () => saveGraph(graph, label))
  if (!saved) return false
  settle(store, graph)
  return true
}

/** Save: a library document is written with one version; a local one asks for its name first (its id stays). */
export async function saveDocument(store: EditorStore, label?: string): Promise<boolean> {
  const s = store.getState()
  if (s.origin === 'library') {
    const ok = await put(store, toGraph(s), label, 'Save')
    if (ok) store.getState().showToast(`Saved “${s.meta.name}”${label ? ` as “${label}”` : ''}`)
    await refreshGraphList(store)
    return ok
  }
  const answer = await askText({
    title: 'Save to the library',
    field: { label: 'Name', initial: s.meta.name, validate: nameRule },
    extra: { label: 'Version label', initial: label ?? '', optional: true },
    confirmLabel: 'Save',
  })
  if (!answer) return false
  const [name, versionLabel] = answer as [string, string]
  store.getState().renameGraph({ name })
  const ok = await put(store, toGraph(store.getState()), versionLabel || undefined, 'Save')
  if (ok) store.getState().showToast(`Saved “${name}” in the library`)
  await refreshGraphList(store)
  return ok
}

/**
 * Save as: the open document continues under the new name, with its id, runs and outputs (as a
 * desktop editor keeps the window); what the library held under the old name stays there as a
 * separate graph with a new id. A document not in the library yet is simply saved.
 */
export async function saveDocumentAs(store: EditorStore): Promise<boolean> {
  const s = store.getState()
  if (s.origin !== 'library') return saveDocument(store)
  const answer = await askText({
    title: 'Save as',
    message: `“${s.meta.name}” stays in the library as it was last saved; you go on editing the new one.`,
    field: { label: 'New name', initial: copyName(s.meta.name, s.graphList.map((g) => g.name)), validate: nameRule },
    confirmLabel: 'Save',
  })
  if (!answer) return false
  const [name] = answer as [string]
  const id = s.meta.id
  const previous = await attempt(store, 'Save as failed', () => getGraph(id))
  if (!previous) return false
  if (!(await attempt(store, 'Save as failed', () => saveGraph({ ...previous, id: newGraphId() })))) return false
  store.getState().renameGraph({ name })
  const ok = await put(store, toGraph(store.getState()), undefined, 'Save as')
  if (ok) store.getState().showToast(`Saved as “${name}”; “${previous.name}” is kept in the library as it was.`)
  await refreshGraphList(store)
  return ok
}

export async function renameLibraryGraph(store: EditorStore, id: string, current: string): Promise<void> {
  const answer = await askText({ title: 'Rename the graph', field: { label: 'Name', initial: current, validate: nameRule }, confirmLabel: 'Rename' })
  if (!answer || answer[0] === current) return
  const name = answer[0]!
  const s = store.getState()
  if (s.meta.id === id) {
    // The open document: renamed here; a library one is written now, a local one when it is saved.
    s.renameGraph({ name })
    if (s.origin === 'library') await put(store, toGraph(store.getState()), undefined, 'Rename')
  } else {
    const graph = await attempt(store, 'Rename failed', () => getGraph(id))
    if (!graph || !(await attempt(store, 'Rename failed', () => saveGraph({ ...graph, name })))) return
  }
  await refreshGraphList(store)
}

export async function deleteLibraryGraph(store: EditorStore, id: string, name: string): Promise<void> {
  const ok = await askConfirm({ title: `Delete “${name}”?`, message: 'It leaves the library; its versions are kept on disk, so it can be restored.', confirmLabel: 'Delete', danger: true })
  if (!ok || !(await attempt(store, 'Delete failed', () => deleteGraph(id)))) return
  const s = store.getState()
  // The open document stays open, now local: deleting it from the library must not lose it here.
  if (s.origin === 'library' && s.meta.id === id) store.setState({ origin: 'local', dirty: true })
  store.getState().showToast(`Deleted “${name}”`)
  await refreshGraphList(store)
}

/**
 * Restore: one click. The version's nodes and edges become the open document's content as one
 * undoable edit (Ctrl+Z brings back what was there), saved at once as a labelled version.
 */
export async function restoreVersion(store: EditorStore, id: string, version: number): Promise<void> {
  if (!(await openLibraryGraph(store, id))) return
  const graph = await attempt(store, 'Restore failed', () => getGraphVersion(id, version))
  if (!graph || store.getState().meta.id !== id) return
  store.getState().replaceContent(graph)
  if (await put(store, toGraph(store.getState()), `restored version ${version}`, 'Restore')) {
    store.getState().showToast(`Restored version ${version}. Undo (Ctrl+Z) brings back what was there.`)
  }
  await refreshGraphList(store)
}
