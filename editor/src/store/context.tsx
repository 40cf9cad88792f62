/**
 * The store reaches components through context, never a global: `useEditorStore(selector)` throws
 * outside <EditorStoreProvider> so a component rendered in the wrong tree fails loudly.
 */
import { createContext, useContext, useState, type ReactNode } from 'react'
import { useStore } from 'zustand'
import { createEditorStore, type EditorInit, type EditorStore } from './create-store.ts'
import type { EditorState } from './types.ts'

const EditorStoreContext = createContext<EditorStore | null>(null)

export function EditorStoreProvider({ init, store, children }: { init?: EditorInit; store?: EditorStore; children: ReactNode }) {
  // Created once per provider; later renders keep the same store.
  const [value] = useState(() => store ?? createEditorStore(init))
  return <EditorStoreContext.Provider value={value}>{children}</EditorStoreContext.Provider>
}

export function useEditorStoreApi(): EditorStore {
  const store = useContext(EditorStoreContext)
  if (!store) throw new Error('useEditorStore must be used inside <EditorStoreProvider>')
  return store
}

/** Select a narrow slice of state; the component re-renders only when the selected value changes (Object.is). */
export function useEditorStore<T>(selector: (state: EditorState) => T): T {
  return useStore(useEditorStoreApi(), selector)
}
