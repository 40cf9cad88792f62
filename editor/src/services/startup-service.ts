/**
 * Start-up: ask the server for its health, library context, WebUI resources, favourites and graph
 * list; fall back to the bundled example library when it does not answer, so the editor is useful
 * offline. Retries quietly in the background and switches to the server's library once it is up.
 */
import { errorMessage } from '../api/client.ts'
import { getFavourites, getHealth, getLibraryContext, getResources, listGraphs } from '../api/endpoints.ts'
import { exampleLibrary } from '../offline/example-library.ts'
import type { EditorStore } from '../store/create-store.ts'

export const RETRY_MS = 10_000

export function startStartupService(store: EditorStore): () => void {
  const abort = new AbortController()
  let timer: ReturnType<typeof setTimeout> | undefined

  const goOffline = (message: string) => {
    const s = store.getState()
    if (s.librarySource !== 'example') s.setLibrary(exampleLibrary(), 'example')
    s.setServer('offline', message)
    timer = setTimeout(connect, RETRY_MS)
  }

  async function connect(): Promise<void> {
    const signal = abort.signal
    try {
      const health = await getHealth(signal)
      const library = await getLibraryContext(signal)
      const s = store.getState()
      s.setServer('online', null, health.simulated)
      s.setLibrary(library, 'server')
      // Resources, favourites and graphs are extras: the editor works without them (free-text fields, no list).
      const [resources, favourites, graphs] = await Promise.allSettled([getResources(signal), getFavourites(signal), listGraphs(signal)])
      store.getState().setResources(resources.status === 'fulfilled' ? resources.value : null, favourites.status === 'fulfilled' ? favourites.value : null)
      if (graphs.status === 'fulfilled') store.getState().setGraphList(graphs.value.graphs)
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
