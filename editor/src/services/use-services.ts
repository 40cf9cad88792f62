/** The one hook that starts every side effect of an editor (strudel-flow style): mounted once by App. */
import { useEffect } from 'react'
import { useEditorStoreApi } from '../store/context.tsx'
import { startAutosaveService } from './autosave-service.ts'
import { startCompileService } from './compile-service.ts'
import { startEventsService } from './events-service.ts'
import { startStartupService } from './startup-service.ts'
import { startPasteImport } from '../document/transfer.ts'

export function useEditorServices(): void {
  const store = useEditorStoreApi()
  useEffect(() => {
    const stops = [startStartupService(store), startCompileService(store), startEventsService(store), startAutosaveService(store), startPasteImport(store)]
    return () => stops.forEach((stop) => stop())
  }, [store])
}
