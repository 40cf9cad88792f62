/**
 * Start-up: ask the server for its health, library context, WebUI resources, favourites and graph
 * list; fall back to the bundled example library when it does not answer, so the editor is useful
 * offline. Retries quietly in the background and switches to the server's library once it is up.
 *
 * On the first connection it opens the graph to work on: `?graph=<id>` (a deep link), else the
 * library graph that was open before the reload, else (no browser draft) the library's copy of
 * the first example — unless the user already started editing something else.
 */
import { errorMessage } from '../api/client.ts'
import { getFavourites, getLastConfigs, getGraph, getHealth, getLibraryContext, getResources, listGraphs } from '../api/endpoints.ts'
import { exampleLibrary, FIRST_EXAMPLE_ID } from '../offline/example-library.ts'
import type { EditorStore } from '../store/create-store.ts'
import { readOpenRecord } from './autosave-service.ts'

export const RETRY_MS = 10_000

/** Re-reads what the in-browser compiler needs after a preset or pack changed on the server. */
export async function refreshLibrary(store: EditorStore): Promise<void> {
  const [library, graphs] = await Promise.all([getLibraryContext(), listGraphs()])
  store.getState().setLibrary(library, 'server')
  store.getState().setGraphList(graphs.graphs)
}

export function deepLinkGraphId(search: string = typeof location === 'undefined' ? '' : location.search): string | null {
  return new URLSearchParams(search).get('graph')
}

export function startStartupService(store: EditorStore): () => void {
  const abort = new AbortController()
  let timer: ReturnType<typeof setTimeout> | undefined
  let opened = false
  const startSeq = store.getState().loadSeq

  const goOffline = (message: string) => {
    const s = store.getState()
    if (s.librarySource !== 'example') s.setLibrary(exampleLibrary(), 'example')
    s.setServer('offline', message)
    timer = setTimeout(connect, RETRY_MS)
  }

  async function openInitialGraph(graphIds: readonly string[]): Promise<void> {
    if (opened) return
    opened = true
    const deep = deepLinkGraphId()
    const record = readOpenRecord()
    const s = store.getState()
    // Something else was opened or edited while we connected: leave it.
    const untouched = s.loadSeq === startSeq && !s.dirty
    let id: string | null = null
    if (deep) id = deep
    else if (!untouched) return
    else if (record?.origin === 'library') id = record.id
    else if (record?.origin !== 'local' && graphIds.includes(FIRST_EXAMPLE_ID)) id = FIRST_EXAMPLE_ID
    if (!id) return
    try {
      store.getState().loadGraph(await getGraph(id, abort.signal), { origin: 'library' })
    } catch (e) {
      if (!abort.signal.aborted) store.getState().showToast(`Could not open graph “${id}”: ${errorMessage(e)}`, 'error')
    }
  }

  async function connect(): Promise<void> {
    const signal = abort.signal
    try {
      const health = await getHealth(signal)
      const library = await getLibraryContext(signal)
      const s = store.getState()
      s.setServer('online', null, health.simulated)
      s.setLibrary(library, 'server')
      for (const b of health.backends) s.setBackend(b)
      // Resources, favourites and graphs are extras: the editor works without them (free-text fields, no list).
      const [resources, favourites, graphs, last] = await Promise.allSettled([getResources(signal), getFavourites(signal), listGraphs(signal), getLastConfigs(signal)])
      if (last.status === 'fulfilled') store.getState().setLastConfigs(last.value.configs)
      store.getState().setResources(resources.status === 'fulfilled' ? resources.value : null, favourites.status === 'fulfilled' ? favourites.value : null)
      const ids = graphs.status === 'fulfilled' ? graphs.value.graphs.map((g) => g.id) : []
      if (graphs.status === 'fulfilled') store.getState().setGraphList(graphs.value.graphs)
      await openInitialGraph(ids)
    } catch (e) {
      if (signal.aborted) return
      goOffline(errorMessage(e))
    }
  }

  void connect()
  return () => {
    abort.abort()
    if (timer !== undefined) clearTimeout(timer)
  }
}
