/** "Import…": pick a graph `.json` (any format version; migrated) and open it as a new graph. */
import { useId, useRef } from 'react'
import { importGraphFile } from '../../document/transfer.ts'
import { useEditorStoreApi } from '../../store/context.tsx'

export function ImportButton() {
  const store = useEditorStoreApi()
  const input = useRef<HTMLInputElement>(null)
  const id = useId()
  return (
    <>
      <button className="btn small" onClick={() => input.current?.click()} title="Open a graph .json file as a new graph (you can also drop it on the canvas, or paste its JSON with Ctrl+V)">Import…</button>
      <label htmlFor={id} className="sr-only">Graph file to import</label>
      <input id={id} ref={input} className="sr-only import-file" type="file" accept=".json,application/json" tabIndex={-1}
        onChange={(e) => {
          const file = e.target.files?.[0]
          e.target.value = ''
          if (file) void importGraphFile(store, file)
        }} />
    </>
  )
}
