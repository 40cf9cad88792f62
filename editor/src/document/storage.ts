/** The browser record of the open document (document/model.ts), read and written defensively: storage may be full or disabled. */
import { DOCUMENT_KEY, LEGACY_KEYS, parseDocument, parseLegacy, serializeDocument, type OpenDocument } from './model.ts'

function storage(): Storage | null {
  try { return typeof localStorage === 'undefined' ? null : localStorage } catch { return null }
}

export interface StoredStart {
  doc: OpenDocument | null
  /** A library graph the model before ids had open (no content stored). */
  legacyLibraryId: string | null
}

/** Read once at start; the legacy keys are dropped after they are read (the new record replaces them). */
export function readStoredStart(): StoredStart {
  const s = storage()
  const doc = parseDocument(s?.getItem(DOCUMENT_KEY) ?? null)
  if (doc) return { doc, legacyLibraryId: null }
  const legacy = parseLegacy(s?.getItem(LEGACY_KEYS.draft) ?? null, s?.getItem(LEGACY_KEYS.open) ?? null)
  if (!legacy) return { doc: null, legacyLibraryId: null }
  return 'libraryId' in legacy ? { doc: null, legacyLibraryId: legacy.libraryId } : { doc: legacy, legacyLibraryId: null }
}

export function writeDocument(doc: OpenDocument): void {
  const s = storage()
  try {
    s?.setItem(DOCUMENT_KEY, serializeDocument(doc))
    s?.removeItem(LEGACY_KEYS.draft)
    s?.removeItem(LEGACY_KEYS.open)
  } catch {
    /* storage full or disabled: the library (when online) is the only copy; nothing else to do */
  }
}
