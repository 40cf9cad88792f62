/**
 * The wildcard editor: a sheet with the wildcard files by folder (new file, new folder, delete
 * an empty folder), the open file's text (one value per line, in the prompt text area), the values
 * exactly as the randomizer sees them (trimmed, comments and blanks dropped, de-duplicated,
 * sorted by code point — the engine's own functions), and where the wildcard is used.
 * Saves are guarded by the version read, as for packs (409 → reload or overwrite).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { createPortal } from 'react-dom'
import type { WildcardSource, WildcardUsage } from '../../../engine/api/library-edit.ts'
import { WildcardName } from '../../../engine/api/library-edit.ts'
import { sortedUnique, wildcardFileValues } from '../../../engine/prompts/wildcards.ts'
import { errorMessage } from '../api/client.ts'
import { isVersionConflict } from './conflict.ts'
import {
  createWildcardFolder, deleteWildcard, deleteWildcardFolder, getWildcardSource, listWildcardFolders, saveWildcard, wildcardUsage,
} from '../api/library-edit-endpoints.ts'
import { PromptTextarea } from '../prompt/PromptTextarea.tsx'
import { refreshLibrary } from '../services/startup-service.ts'
import { useEditorStore, useEditorStoreApi } from '../store/context.tsx'
import { ConflictBanner } from './ConflictBanner.tsx'
import { InlineAsk, type Ask } from './InlineAsk.tsx'
import './library-edit.css'

type Open = { source: WildcardSource | null; name: string; text: string }
type Status = { kind: 'idle' | 'saving' } | { kind: 'conflict' | 'error'; message: string }

/** "2 uses" next to a file in the list (nothing when unused or not known yet). */
function useCount(u: WildcardUsage | undefined): string {
  const n = u ? u.packs.length + u.graphs.length + u.wildcards.length : 0
  return n === 0 ? '' : `${n} use${n === 1 ? '' : 's'}`
}

/** " It is used by pack landscapes, graph x." — said before a delete breaks them. */
function useList(u: WildcardUsage | undefined): string {
  const names = u ? [...u.packs.map((p) => `pack ${p}`), ...u.graphs.map((g) => `graph ${g}`), ...u.wildcards.map((w) => `__${w}__`)] : []
  return names.length ? ` It is used by ${names.join(', ')}, which will then fail to compile.` : ''
}

function checkName(name: string): string | null {
  const r = WildcardName.safeParse(name)
  return r.success ? null : r.error.issues[0]?.message ?? 'invalid name'
}

export function WildcardEditor({ initial, onClose }: { initial: string | null; onClose(): void }) {
  const store = useEditorStoreApi()
  const files = useEditorStore((s) => s.library?.wildcardFiles)
  const names = useMemo(() => Object.keys(files ?? {}).sort(), [files])
  const [folders, setFolders] = useState<string[]>([])
  const [usage, setUsage] = useState<Record<string, WildcardUsage>>({})
  const [open, setOpen] = useState<Open | null>(null)
  const [status, setStatus] = useState<Status>({ kind: 'idle' })
  const [ask, setAsk] = useState<Ask | null>(null)
  const toast = store.getState().showToast
  const sheetRef = useRef<HTMLDivElement>(null)
  useEffect(() => sheetRef.current?.focus(), [])
  const dirty = open !== null && (open.source === null || open.text !== open.source.text)

  const refresh = useCallback(async () => {
    await refreshLibrary(store).catch(() => undefined)
    const [f, u] = await Promise.all([listWildcardFolders().catch(() => null), wildcardUsage().catch(() => null)])
    if (f) setFolders(f.folders)
    if (u) setUsage(u.usage)
  }, [store])
  useEffect(() => { void refresh() }, [refresh])

  const load = useCallback(async (name: string) => {
    try {
      const r = await getWildcardSource(name)
      setOpen({ source: r.source, name, text: r.source.text })
      setStatus({ kind: 'idle' })
    } catch (e) {
      toast(`Could not open __${name}__: ${errorMessage(e)}`, 'error')
    }
  }, [toast])
  useEffect(() => { if (initial) void load(initial) }, [initial, load])

  const guard = (then: () => void) => (dirty ? setAsk({ message: 'Discard the unsaved changes to this wildcard?', confirm: 'Discard', danger: true, onConfirm: () => { setAsk(null); then() } }) : then())

  const save = async (overwrite = false) => {
    if (!open) return
    setStatus({ kind: 'saving' })
    try {
      const r = await saveWildcard(open.name, open.text, open.source === null ? undefined : overwrite ? null : open.source.version)
      setOpen({ source: r.source, name: open.name, text: r.source.text })
      setStatus({ kind: 'idle' })
      toast(`Saved __${open.name}__`)
      await refresh()
    } catch (e) {
      setStatus(isVersionConflict(e) && open.source !== null ? { kind: 'conflict', message: 'This wildcard file was changed on disk (outside the app) since you opened it' } : { kind: 'error', message: errorMessage(e) })
    }
  }
  const newFile = () => guard(() => setAsk({
    message: 'New wildcard (folder/name)', label: 'Wildcard name', confirm: 'Create', value: '',
    onConfirm: (name) => {
      const bad = checkName(name)
      if (bad) return toast(`Wildcard name: ${bad}`, 'error')
      if (names.includes(name)) return toast(`__${name}__ already exists.`, 'error')
      setAsk(null)
      setOpen({ source: null, name, text: '' })
      setStatus({ kind: 'idle' })
    },
  }))
  const newFolder = () => setAsk({
    message: 'New folder', label: 'Folder name', confirm: 'Create', value: '',
    onConfirm: async (name) => {
      const bad = checkName(name)
      if (bad) return toast(`Folder name: ${bad}`, 'error')
      try { setFolders((await createWildcardFolder(name)).folders); setAsk(null) } catch (e) { toast(`Could not create the folder: ${errorMessage(e)}`, 'error') }
    },
  })
  const removeFile = () => open?.source && setAsk({
    message: `Delete __${open.name}__ (${open.name}.txt)?${useList(usage[open.name])} This cannot be undone.`, confirm: 'Delete', danger: true,
    onConfirm: async () => {
      try {
        await deleteWildcard(open.name, open.source!.version)
        toast(`Deleted __${open.name}__`)
        setAsk(null)
        setOpen(null)
        await refresh()
      } catch (e) { toast(`Delete failed: ${errorMessage(e)}`, 'error') }
    },
  })
  const removeFolder = (name: string) => setAsk({
    message: `Delete the empty folder “${name}”?`, confirm: 'Delete', danger: true,
    onConfirm: async () => {
      try { setFolders((await deleteWildcardFolder(name)).folders); setAsk(null) } catch (e) { toast(`Delete failed: ${errorMessage(e)}`, 'error') }
    },
  })

  const values = useMemo(() => (open ? sortedUnique(wildcardFileValues(open.text)) : []), [open])
  const used = open ? usage[open.name] : undefined
  const byFolder = useMemo(() => {
    const groups = new Map<string, string[]>([['', []], ...folders.map((f) => [f, []] as [string, string[]])])
    for (const n of names) {
      const dir = n.includes('/') ? n.slice(0, n.lastIndexOf('/')) : ''
      if (!groups.has(dir)) groups.set(dir, [])
      groups.get(dir)!.push(n)
    }
    return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b))
  }, [names, folders])

  return createPortal(
    <div ref={sheetRef} tabIndex={-1} className="library-sheet" role="dialog" aria-modal="true" aria-labelledby="wildcard-editor-title" onKeyDown={(e) => { e.stopPropagation(); if (e.key === 'Escape' && !ask && !e.defaultPrevented) guard(onClose) }}>
      <header className="sheet-head">
        <h2 id="wildcard-editor-title">Wildcards{open && <> — <code>__{open.name}__</code></>}{dirty && <span className="dirty"> ● unsaved</span>}</h2>
        <div className="sheet-actions">
          <button type="button" className="btn small primary" disabled={!open || !dirty || status.kind === 'saving'} onClick={() => void save()}>{open?.source === null ? 'Create file' : 'Save'}</button>
          <button type="button" className="btn small" disabled={!open?.source} onClick={removeFile}>Delete…</button>
          <button type="button" className="btn small" onClick={newFile}>New wildcard…</button>
          <button type="button" className="btn small" onClick={newFolder}>New folder…</button>
          <button type="button" className="btn small" onClick={() => guard(onClose)}>Close</button>
        </div>
      </header>
      {ask && <InlineAsk ask={ask} onCancel={() => setAsk(null)} />}
      {status.kind === 'conflict' && <ConflictBanner message={status.message} onReload={() => open && void load(open.name)} onOverwrite={() => void save(true)} />}
      {status.kind === 'error' && <div className="sheet-banner error" role="alert">{status.message}</div>}
      <div className="sheet-body wildcard-sheet-body">
        <nav className="sheet-col wildcard-tree" aria-label="Wildcard files">
          {byFolder.map(([dir, list]) => (
            <div key={dir || '.'}>
              {dir && (
                <p className="folder">{dir}/ {list.length === 0 && !folders.some((f) => f.startsWith(`${dir}/`)) && <button type="button" className="link" onClick={() => removeFolder(dir)} aria-label={`Delete folder ${dir}`}>delete</button>}</p>
              )}
              {list.map((n) => (
                <button key={n} type="button" className={`library-item${open?.name === n ? ' current' : ''}`} data-wildcard={n} onClick={() => guard(() => void load(n))}>
                  <code>__{n}__</code><span className="muted small">{useCount(usage[n])}</span>
                </button>
              ))}
            </div>
          ))}
        </nav>
        <div className="sheet-col">
          {open ? (
            <>
              <label htmlFor="wildcard-text" className="sheet-label">Values of <code>__{open.name}__</code> <span className="muted small">(one per line; <code>#</code> starts a comment; values may use {'{a|b}'} and other wildcards)</span></label>
              <PromptTextarea id="wildcard-text" className="wildcard-text" rows={20} spellCheck={false} value={open.text} onChange={(text) => setOpen({ ...open, text })} />
            </>
          ) : <p className="muted">Choose a wildcard on the left, or create one.</p>}
        </div>
        <div className="sheet-col preview-col">
          {open && (
            <>
              <h3 className="small">As the randomizer sees them: <span className="wildcard-count">{values.length}</span> value{values.length === 1 ? '' : 's'}</h3>
              <ol className="wildcard-values-list">{values.slice(0, 500).map((v) => <li key={v}>{v}</li>)}</ol>
              {values.length > 500 && <p className="muted small">…and {values.length - 500} more</p>}
              <h3 className="small">Used by</h3>
              {!used || used.packs.length + used.graphs.length + used.wildcards.length === 0
                ? <p className="muted small">{open.source ? 'Nothing refers to it yet.' : 'Not saved yet.'}</p>
                : (
                  <ul className="small wildcard-usage">
                    {used.packs.map((p) => <li key={`p-${p}`}>pack <code>{p}</code></li>)}
                    {used.graphs.map((g) => <li key={`g-${g}`}>graph <code>{g}</code></li>)}
                    {used.wildcards.map((w) => <li key={`w-${w}`}>wildcard <code>__{w}__</code></li>)}
                  </ul>
                )}
            </>
          )}
        </div>
      </div>
    </div>,
    document.body,
  )
}
