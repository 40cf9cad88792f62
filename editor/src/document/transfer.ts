/**
 * Graphs in and out of the app: download the open document as `.json`; import a `.json` file
 * (picked, or dropped on the canvas) or a graph pasted from the clipboard (Ctrl+V outside a text
 * field) as a new document. A file that is not a graph is refused with a sentence naming what is
 * wrong; nothing is opened then.
 */
import type { EditorStore } from '../store/create-store.ts'
import { toGraph } from '../store/graph-convert.ts'
import type { EditorState } from '../store/types.ts'
import { slugify } from '../panels/library/shared.ts'
import { openAsNewDocument } from './actions.ts'
import { looksLikeGraph, readGraphText } from './import.ts'

export function downloadGraph(state: EditorState): void {
  const graph = toGraph(state)
  const url = URL.createObjectURL(new Blob([JSON.stringify(graph, null, 2)], { type: 'application/json' }))
  const a = Object.assign(document.createElement('a'), { href: url, download: `${slugify(graph.name)}.json` })
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 0)
}

export async function importGraphText(store: EditorStore, text: string, source: string): Promise<boolean> {
  const result = readGraphText(text, source)
  if (!result.ok) {
    store.getState().showToast(result.message, 'error')
    return false
  }
  const migrated = result.migratedFrom < result.graph.version ? ` (updated from format version ${result.migratedFrom})` : ''
  return openAsNewDocument(store, result.graph, `Imported “${result.graph.name}” from ${source}${migrated}: a new graph, not in the library until you save it.`)
}

export async function importGraphFile(store: EditorStore, file: File): Promise<boolean> {
  if (file.size > 20 * 1024 * 1024) {
    store.getState().showToast(`${file.name} is ${Math.round(file.size / 1024 / 1024)} MB; a graph file is at most 20 MB.`, 'error')
    return false
  }
  return importGraphText(store, await file.text(), file.name)
}

const isEditable = (t: EventTarget | null) => t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName))

/** Ctrl+V of a graph's JSON anywhere but a text field opens it as a new document. */
export function startPasteImport(store: EditorStore): () => void {
  const onPaste = (e: ClipboardEvent) => {
    if (isEditable(e.target) || document.querySelector('dialog[open]')) return
    const text = e.clipboardData?.getData('text/plain') ?? ''
    if (!looksLikeGraph(text)) return
    e.preventDefault()
    void importGraphText(store, text, 'the clipboard')
  }
  window.addEventListener('paste', onPaste)
  return () => window.removeEventListener('paste', onPaste)
}
