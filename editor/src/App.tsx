/**
 * The editor shell: top bar, banner, left palette + library, the canvas, right panels. One store
 * per editor (EditorStoreProvider); every side effect is started by useEditorServices.
 */
import { ReactFlowProvider } from '@xyflow/react'
import { useMemo } from 'react'
import { Canvas } from './canvas/Canvas.tsx'
import { exampleGraphs, FIRST_EXAMPLE_ID } from './offline/example-library.ts'
import { Banner } from './panels/Banner.tsx'
import { LibraryPanel } from './panels/LibraryPanel.tsx'
import { Lightbox } from './panels/Lightbox.tsx'
import { Palette } from './panels/Palette.tsx'
import { RightPanel } from './panels/RightPanel.tsx'
import { Toast } from './panels/Toast.tsx'
import { TopBar } from './panels/TopBar.tsx'
import { readDraft } from './services/autosave-service.ts'
import { deepLinkGraphId } from './services/startup-service.ts'
import { useEditorServices } from './services/use-services.ts'
import { EditorStoreProvider } from './store/context.tsx'

function Editor() {
  useEditorServices()
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
      <Lightbox />
      <Toast />
    </div>
  )
}

export function App() {
  // The browser draft when there is one (work is never lost to a reload); else the first example,
  // so a new user sees a working pipeline, not a blank page. The startup service may then open
  // a library graph (deep link, or the one open before the reload).
  const init = useMemo(() => {
    const draft = deepLinkGraphId() ? null : readDraft()
    if (draft) return { graph: draft.graph, dirty: draft.dirty }
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
