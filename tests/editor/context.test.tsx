import { describe, expect, it } from 'vitest'
import { renderToString } from 'react-dom/server'
import { EditorStoreProvider, useEditorStore, useEditorStoreApi } from '../../editor/src/store/context.tsx'
import { createEditorStore } from '../../editor/src/store/create-store.ts'

function NodeCount() {
  const n = useEditorStore((s) => s.nodes.length)
  return <span>{n}</span>
}

describe('store context', () => {
  it('throws a clear error outside its provider', () => {
    expect(() => renderToString(<NodeCount />)).toThrow(/inside <EditorStoreProvider>/)
  })

  // Server rendering reads zustand's initial state, so this reads the store itself.
  function LiveCount() {
    return <span>{useEditorStoreApi().getState().nodes.length}</span>
  }

  it('gives each provider its own store', () => {
    const store = createEditorStore()
    store.getState().addNode('txt2img', { x: 0, y: 0 })
    expect(renderToString(<EditorStoreProvider store={store}><LiveCount /></EditorStoreProvider>)).toBe('<span>1</span>')
    expect(renderToString(<EditorStoreProvider><LiveCount /></EditorStoreProvider>)).toBe('<span>0</span>')
  })
})
