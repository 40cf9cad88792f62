/**
 * The editor shell: top bar, banner, left palette + library, the canvas, right panels. One store
 * per editor (EditorStoreProvider); every side effect is started by useEditorServices.
 */
import { ReactFlowProvider } from '@xyflow/react'
import { lazy, Suspense, useMemo } from 'react'
import { Canvas } from './canvas/Canvas.tsx'
import { exampleGraphs, FIRST_EXAMPLE_ID } from './offline/example-library.ts'
import { Banner } from './panels/Banner.tsx'
import { LibraryPanel } from './panels/LibraryPanel.tsx'
import { Lightbox } from './panels/Lightbox.tsx'
import { Palette } from './panels/Palette.tsx'
import { RightPanel } from './panels/RightPanel.tsx'
import { Toast } from './panels/Toast.tsx'
import { TopBar } from './panels/TopBar.tsx'
import { readStoredStart } from './document/storage.ts'
import { DialogHost } from './panels/dialog/DialogHost.tsx'
import { ReviewOverlays } from './compare/ReviewOverlays.tsx'
import { useEditorServices } from './services/use-services.ts'
import { EditorStoreProvider } from './store/context.tsx'
import { useGalleryOpen } from './gallery/route.ts'

/** The gallery is big and only needed when opened: its own chunk, loaded then. */
const GalleryView = lazy(() => import('./gallery/GalleryView.tsx'))

function Editor() {
  useEditorServices()
  const gallery = useGalleryOpen()
  return (
    <div className="app">
      <TopBar />
      <Banner />
      <div className="main">
        <aside className="left">
          <section>
            <h2>Nodes</h2>
            <Palette />
          </section>
          <section>
            <h2>Library</h2>
            <LibraryPanel />
          </section>
        </aside>
        <Canvas />
        <RightPanel />
      </div>
      <ReviewOverlays />
      <Lightbox />
      {gallery && <Suspense fallback={<div className="gallery-loading" role="status">Opening the gallery…</div>}><GalleryView /></Suspense>}
      <Toast />
      <DialogHost />
    </div>
  )
}

export function App() {
  // The document that was open (with its unsaved changes) when there is one: work is never lost
  // to a reload; else the first example, so a new user sees a working pipeline, not a blank page.
  // The startup service then decides what to re-read from the library (document/model.ts planStartup).
  const init = useMemo(() => {
    const { doc } = readStoredStart()
    if (doc) return { graph: doc.graph, dirty: doc.dirty, origin: doc.origin }
    const graph = exampleGraphs().find((g) => g.id === FIRST_EXAMPLE_ID) ?? exampleGraphs()[0]
    return graph ? { graph } : {}
  }, [])
  return (
    <EditorStoreProvider init={init}>
      <ReactFlowProvider>
        <Editor />
      </ReactFlowProvider>
    </EditorStoreProvider>
  )
}
