/**
 * The pack editor: a sheet over the canvas with the pack's TXT rows (in the prompt text area,
 * with row tools), its matrix and bound config on the left, and the live preview on the right —
 * parse problems with their line, then each row's expansion count and first prompts, computed by
 * the engine as the user types (pack-preview.ts). Duplicate, rename and delete act on the saved
 * pack and ask in place. See docs/editor.md "Packs & wildcards".
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import { createPortal } from 'react-dom'
import { createWildcardLibrary } from '../../../engine/prompts/index.ts'
import { errorMessage } from '../api/client.ts'
import { deletePack, duplicatePack, packUsage, renamePack } from '../api/library-edit-endpoints.ts'
import { slugify } from '../panels/library/shared.ts'
import { PromptTextarea } from '../prompt/PromptTextarea.tsx'
import { refreshLibrary } from '../services/startup-service.ts'
import { useEditorStore, useEditorStoreApi } from '../store/context.tsx'
import { BoundConfigForm } from './BoundConfigForm.tsx'
import { ConflictBanner } from './ConflictBanner.tsx'
import { InlineAsk, type Ask } from './InlineAsk.tsx'
import { MatrixEditor } from './MatrixEditor.tsx'
import { PackPreviewList } from './PackPreviewList.tsx'
import { previewPack } from './pack-preview.ts'
import { RowTools } from './RowTools.tsx'
import { setLoraWeight } from './text-insert.ts'
import { usePackDraft } from './use-pack-draft.ts'
import { useDebounced } from './use-debounced.ts'
import './library-edit.css'

const PREVIEW_DEBOUNCE_MS = 150

export interface PackEditorProps {
  id: string
  isNew: boolean
  name: string
  onClose(): void
  /** Another pack to open instead (after duplicate or rename). */
  onOpen(id: string): void
}

export function PackEditor({ id, isNew, name, onClose, onOpen }: PackEditorProps) {
  const store = useEditorStoreApi()
  const library = useEditorStore((s) => s.library)
  const resources = useEditorStore((s) => s.resources)
  const doc = usePackDraft(id, isNew, name)
  const { draft, setDraft, base, state, dirty } = doc
  const area = useRef<HTMLTextAreaElement>(null)
  const [ask, setAsk] = useState<Ask | null>(null)
  const [tab, setTab] = useState<'matrix' | 'config'>('matrix')
  const sheetRef = useRef<HTMLDivElement>(null)
  useEffect(() => sheetRef.current?.focus(), [])
  // After a row tool's insert: the caret goes after the inserted text, in the render that shows it.
  const pendingCaret = useRef<number | null>(null)
  const txtNow = draft?.txt
  useLayoutEffect(() => {
    const at = pendingCaret.current
    if (at === null || !area.current) return
    pendingCaret.current = null
    area.current.focus()
    area.current.setSelectionRange(at, at)
  }, [txtNow])

  const wildcards = useMemo(() => createWildcardLibrary(library?.wildcardFiles ?? {}), [library])
  // Debounced, not per keystroke: a big pack's preview compiles thousands of jobs.
  const deferred = useDebounced(draft, PREVIEW_DEBOUNCE_MS)
  const preview = useMemo(() => (deferred ? previewPack(deferred, library, resources, wildcards) : null), [deferred, library, resources, wildcards])
  const errors = preview?.problems.filter((p) => p.severity === 'error') ?? []

  const { checkDisk } = doc
  useEffect(() => {
    const onFocus = () => void checkDisk()
    window.addEventListener('focus', onFocus)
    return () => window.removeEventListener('focus', onFocus)
  }, [checkDisk])

  const saved = base?.source ?? null
  const toast = store.getState().showToast
  const afterChange = () => refreshLibrary(store).catch(() => undefined)

  const save = async (overwrite = false) => {
    if (await doc.save(overwrite)) {
      toast(`Saved pack “${draft?.name ?? id}”`)
      await afterChange()
    }
  }
  const close = () => {
    if (!dirty) return onClose()
    setAsk({ message: 'Discard the unsaved changes to this pack?', confirm: 'Discard', danger: true, onConfirm: onClose })
  }
  const act = async (what: string, fn: () => Promise<void>) => {
    try {
      await fn()
      setAsk(null)
      await afterChange()
    } catch (e) {
      toast(`${what}: ${errorMessage(e)}`, 'error')
    }
  }
  const duplicate = () => saved && setAsk({
    message: 'Duplicate as id', label: 'New pack id', confirm: 'Duplicate', value: `${saved.id}-copy`,
    onConfirm: (newId) => act('Duplicate failed', async () => {
      const r = await duplicatePack(saved.id, slugify(newId, 'pack'))
      toast(`Duplicated as “${r.source.id}”`)
      onOpen(r.source.id)
    }),
  })
  const rename = () => saved && setAsk({
    message: 'Rename the pack’s files to id', label: 'New pack id', confirm: 'Rename', value: saved.id,
    onConfirm: (newId) => act('Rename failed', async () => {
      const r = await renamePack(saved.id, slugify(newId, 'pack'), saved.version)
      const n = r.graphsUsingOldId.length
      toast(n ? `Renamed. ${n} graph${n === 1 ? '' : 's'} still use “${saved.id}”: ${r.graphsUsingOldId.join(', ')} — choose the pack again in their pack nodes.` : `Renamed to “${r.source.id}”`, n ? 'error' : 'info')
      onOpen(r.source.id)
    }),
  })
  const remove = async () => {
    if (!saved) return
    // Said before, not after: a graph whose pack is gone fails to compile.
    const graphs = (await packUsage(saved.id).catch(() => ({ graphs: [] as string[] }))).graphs
    setAsk({
      message: `Delete pack “${saved.id}” (${saved.id}.txt${saved.json !== null ? ` and ${saved.id}.json` : ''})?${graphs.length ? ` Graph${graphs.length === 1 ? '' : 's'} ${graphs.join(', ')} use${graphs.length === 1 ? 's' : ''} it and will then fail to compile.` : ''} This cannot be undone.`,
      confirm: 'Delete', danger: true,
      onConfirm: () => act('Delete failed', async () => {
        await deletePack(saved.id, saved.version)
        toast(`Deleted pack “${saved.id}”`)
        onClose()
      }),
    })
  }


  return createPortal(
    <div ref={sheetRef} tabIndex={-1} className="library-sheet" role="dialog" aria-modal="true" aria-labelledby="pack-editor-title" data-pack-editor={id}
      // The canvas's shortcuts (Delete, Ctrl+Z…) listen on window: keys typed here must not reach the graph behind.
      onKeyDown={(e) => { e.stopPropagation(); if (e.key === 'Escape' && !ask && !e.defaultPrevented) close() }}>
      <header className="sheet-head">
        <h2 id="pack-editor-title">Pack <code>{id}</code>{dirty && <span className="dirty"> ● unsaved</span>}</h2>
        <div className="sheet-actions">
          <button type="button" className="btn small primary" disabled={!draft || !dirty || errors.length > 0 || state.kind === 'saving'} onClick={() => void save()}
            title={errors.length ? 'Fix the problems first' : dirty ? 'Write the .txt and .json files' : 'No changes to save'}>
            {state.kind === 'saving' ? 'Saving…' : isNew && !saved ? 'Create pack' : 'Save'}
          </button>
          <button type="button" className="btn small" disabled={!saved} onClick={duplicate}>Duplicate…</button>
          <button type="button" className="btn small" disabled={!saved || dirty} onClick={rename} title={dirty ? 'Save or discard your changes first' : undefined}>Rename…</button>
          <button type="button" className="btn small" disabled={!saved} onClick={() => void remove()}>Delete…</button>
          <button type="button" className="btn small" onClick={close}>Close</button>
        </div>
      </header>
      {ask && <InlineAsk ask={ask} onCancel={() => setAsk(null)} />}
      {state.kind === 'conflict' && <ConflictBanner message={state.message} onReload={() => void doc.reload()} onOverwrite={() => void save(true)} />}
      {state.kind === 'error' && <div className="sheet-banner error" role="alert">{state.message}</div>}
      {doc.loadError && <div className="sheet-banner error" role="alert">Could not open the pack: {doc.loadError}</div>}
      {draft && (
        <div className="sheet-body">
          <div className="sheet-col">
            <label className="sheet-field">Name <input type="text" value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} /></label>
            <label htmlFor="pack-txt" className="sheet-label">Rows <span className="muted small">({draft.id}.txt — a blank line starts a new row; <code>neg:</code> lines are negatives; Ctrl+↑/↓ weights; <code>__</code> and <code>&lt;lora:</code> complete)</span></label>
            <RowTools area={area} text={draft.txt} slots={draft.matrix.slots.map((s) => s.name)} onEdit={(r) => {
              pendingCaret.current = r.caret
              setDraft({ ...draft, txt: r.text })
            }} />
            <PromptTextarea ref={area} id="pack-txt" className="pack-txt" rows={16} spellCheck={false} value={draft.txt} onChange={(txt) => setDraft({ ...draft, txt })} />
            <nav className="tabs small" role="tablist">
              <button type="button" role="tab" aria-selected={tab === 'matrix'} className={tab === 'matrix' ? 'tab active' : 'tab'} onClick={() => setTab('matrix')}>Matrix ([[slots]])</button>
              <button type="button" role="tab" aria-selected={tab === 'config'} className={tab === 'config' ? 'tab active' : 'tab'} onClick={() => setTab('config')}>Bound config</button>
            </nav>
            {tab === 'matrix' && <MatrixEditor matrix={draft.matrix} onChange={(matrix) => setDraft({ ...draft, matrix })} />}
            {tab === 'config' && <BoundConfigForm packId={draft.id} config={draft.config} onChange={(config) => setDraft({ ...draft, config })} />}
          </div>
          <div className="sheet-col preview-col" aria-live="polite">
            {preview && <PackPreviewList preview={preview} onLoraWeight={(row, nextLine, lora, n, weight) => {
              const next = setWeightIn(draft.txt, row, nextLine, lora, n, weight)
              if (next !== null) setDraft({ ...draft, txt: next })
            }} />}
          </div>
        </div>
      )}
    </div>,
    document.body,
  )
}

function setWeightIn(txt: string, fromLine: number, nextRowLine: number | undefined, name: string, n: number, weight: number): string | null {
  return setLoraWeight(txt, fromLine, nextRowLine === undefined ? Number.MAX_SAFE_INTEGER : nextRowLine - 1, name, n, weight)
}
