/**
 * Start-up: ask the server for its health, library context, WebUI resources, favourites and graph
 * list; fall back to the bundled example library when it does not answer, so the editor is useful
 * offline. Retries quietly in the background and switches to the server's library once it is up.
 *
 * On the first connection it settles which document is open (document/model.ts planStartup): a
 * deep link, else the document that was open before the reload (re-read from the library when it
 * had no unsaved changes), else the library's copy of the first example — unless the user already
 * opened or edited something else meanwhile.
 */
import { errorMessage } from '../api/client.ts'
import { getFavourites, getLastConfigs, getGraph, getHealth, getLibraryContext, getResources, listGraphs } from '../api/endpoints.ts'
import { exampleLibrary, FIRST_EXAMPLE_ID } from '../offline/example-library.ts'
import type { EditorStore } from '../store/create-store.ts'
import { planStartup } from '../document/model.ts'
import { readStoredStart } from '../document/storage.ts'

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

  const stored = readStoredStart()

  /** `graphIds`: the library's graphs, or null when the list could not be read. */
  async function openInitialGraph(graphIds: readonly string[] | null): Promise<void> {
    if (opened) return
    opened = true
    const s = store.getState()
    // Something else was opened or edited while we connected: leave it.
    if (s.loadSeq !== startSeq || (s.dirty && !stored.doc?.dirty)) return
    const plan = planStartup({ deepLink: deepLinkGraphId(), doc: stored.doc, legacyLibraryId: stored.legacyLibraryId, libraryIds: graphIds ?? [], firstExampleId: FIRST_EXAMPLE_ID })
    if (plan.kind === 'keep') return
    if (plan.ifMissing === 'keep-local' && graphIds !== null && !graphIds.includes(plan.id)) {
      // Deleted from the library elsewhere: what is shown stays, as a document not in the library.
      store.setState({ origin: 'local', dirty: true })
      return
    }
    try {
      const graph = await getGraph(plan.id, abort.signal)
      if (store.getState().loadSeq === startSeq) store.getState().loadGraph(graph, { origin: 'library' })
    } catch (e) {
      if (!abort.signal.aborted) store.getState().showToast(`Could not open graph “${plan.id}”: ${errorMessage(e)}`, 'error')
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
      const ids = graphs.status === 'fulfilled' ? graphs.value.graphs.map((g) => g.id) : null
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
