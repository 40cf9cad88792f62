/**
 * The pack editor's document: the files as read from the server (the base, with its version),
 * the user's draft (TXT, name, matrix, bound config), what changed, and saving — only the
 * changed parts are sent, with the version read, so the server can refuse (409) to overwrite an
 * edit made outside the app. A conflict is kept until the user reloads or overwrites.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { PackSidecarEdit, PackSource } from '../../../engine/api/library-edit.ts'
import type { ConfigLayer } from '../../../engine/config/stages.ts'
import { DEFAULT_MATRIX, type PackMatrix } from '../../../engine/packs/index.ts'
import { parseSidecar } from '../../../engine/packs/sidecar.ts'
import { errorMessage } from '../api/client.ts'
import { isVersionConflict } from './conflict.ts'
import { createPack, getPackSource, savePackSource } from '../api/library-edit-endpoints.ts'
import type { PackDraft } from './pack-preview.ts'

interface Base {
  source: PackSource | null
  name: string
  matrix: PackMatrix
  config: ConfigLayer
  txt: string
}

export const NEW_PACK_TXT = '# One row per block; blank lines separate rows.\n(masterpiece, best quality)\na portrait of a person\nneg: blurry, lowres\n'

function baseOf(source: PackSource): Base {
  const side = source.json === null ? undefined : parseSidecar(source.json, 'sidecar')
  return { source, txt: source.txt, name: side?.name ?? source.id, matrix: side?.matrix ?? DEFAULT_MATRIX, config: side?.config ?? {} }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

export type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'conflict'; message: string } | { kind: 'error'; message: string }

export function usePackDraft(id: string, isNew: boolean, initialName: string) {
  const [base, setBase] = useState<Base | null>(isNew ? { source: null, txt: NEW_PACK_TXT, name: initialName, matrix: DEFAULT_MATRIX, config: {} } : null)
  const [draft, setDraft] = useState<PackDraft | null>(isNew ? { id, txt: NEW_PACK_TXT, name: initialName, matrix: DEFAULT_MATRIX, config: {} } : null)
  const [state, setState] = useState<SaveState>({ kind: 'idle' })
  const [loadError, setLoadError] = useState<string | null>(null)
  const live = useRef(true)
  useEffect(() => () => { live.current = false }, [])

  const adopt = useCallback((source: PackSource) => {
    const b = baseOf(source)
    setBase(b)
    setDraft({ id: source.id, txt: b.txt, name: b.name, matrix: b.matrix, config: b.config })
    setState({ kind: 'idle' })
  }, [])

  const reload = useCallback(async () => {
    try {
      const r = await getPackSource(id)
      if (live.current) { adopt(r.source); setLoadError(null) }
    } catch (e) {
      if (live.current) setLoadError(errorMessage(e))
    }
  }, [id, adopt])

  useEffect(() => { if (!isNew) void reload() }, [isNew, reload])

  const changes = useMemo(() => {
    if (!base || !draft) return null
    const sidecar: PackSidecarEdit = {}
    if (draft.name !== base.name) sidecar.name = draft.name
    if (!same(draft.matrix, base.matrix)) sidecar.matrix = draft.matrix
    if (!same(draft.config, base.config)) sidecar.config = draft.config
    const edit: { txt?: string; sidecar?: PackSidecarEdit } = {}
    if (draft.txt !== base.txt) edit.txt = draft.txt
    if (Object.keys(sidecar).length) edit.sidecar = sidecar
    return edit
  }, [base, draft])
  const dirty = base?.source === null || (changes !== null && Object.keys(changes).length > 0)

  /** `overwrite` replaces an edit made outside the app, after the user chose to. */
  const save = useCallback(async (overwrite = false): Promise<boolean> => {
    if (!base || !draft || !changes) return false
    setState({ kind: 'saving' })
    try {
      if (base.source === null) {
        const r = await createPack({ id: draft.id, name: draft.name.trim() || draft.id, txt: draft.txt, matrix: draft.matrix, config: draft.config })
        adopt(r.source)
      } else {
        if (Object.keys(changes).length === 0) { setState({ kind: 'idle' }); return true }
        const r = await savePackSource(base.source.id, changes, overwrite ? null : base.source.version)
        adopt(r.source)
      }
      return true
    } catch (e) {
      const message = errorMessage(e)
      setState(isVersionConflict(e) && base.source !== null ? { kind: 'conflict', message: `This pack was changed on disk (outside the app) since you opened it` } : { kind: 'error', message })
      return false
    }
  }, [base, draft, changes, adopt])

  /** On focus: a pack changed on disk is reloaded when the user has no edits, else flagged now. */
  const checkDisk = useCallback(async () => {
    if (!base?.source) return
    try {
      const r = await getPackSource(base.source.id)
      if (!live.current || r.source.version === base.source.version) return
      if (!dirty) adopt(r.source)
      else setState({ kind: 'conflict', message: 'This pack was changed on disk (outside the app) since you opened it' })
    } catch { /* the save will report it */ }
  }, [base, dirty, adopt])

  return { base, draft, setDraft, dirty, changes, state, setState, save, reload, adopt, loadError, checkDisk }
}
