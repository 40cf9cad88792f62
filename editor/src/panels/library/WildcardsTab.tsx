/** Wildcards: every `__name__` the prompts can use, with its values (what the randomizer draws from), and the wildcard editor. */
import { useEffect, useState } from 'react'
import type { WildcardListResponse } from '../../../../engine/api/library.ts'
import { errorMessage } from '../../api/client.ts'
import { listWildcards } from '../../api/library-endpoints.ts'
import { useEditorStore } from '../../store/context.tsx'
import { WildcardEditor } from '../../library-edit/WildcardEditor.tsx'

const VALUES_SHOWN = 100

/** Offline, the bundled files: one value per non-empty, non-comment line, sorted as the server does. */
function fromFiles(files: Record<string, string>): WildcardListResponse['wildcards'] {
  return Object.entries(files).map(([name, text]) => ({
    name,
    values: [...new Set(text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')))].sort(),
  })).sort((a, b) => a.name.localeCompare(b.name))
}

export function WildcardsTab() {
  const online = useEditorStore((s) => s.server === 'online')
  const files = useEditorStore((s) => s.library?.wildcardFiles)
  const [list, setList] = useState<WildcardListResponse['wildcards'] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [open, setOpen] = useState<string | null>(null)
  const [editing, setEditing] = useState<{ name: string | null } | null>(null)
  useEffect(() => {
    if (!online) { setList(fromFiles(files ?? {})); return }
    let live = true
    listWildcards().then((r) => live && setList(r.wildcards), (e) => live && setError(errorMessage(e)))
    return () => { live = false }
  }, [online, files])
  return (
    <div className="library">
      {editing && <WildcardEditor initial={editing.name} onClose={() => setEditing(null)} />}
      <div className="library-actions">
        <button className="btn small" disabled={!online} onClick={() => setEditing({ name: null })} title={online ? 'Create and edit wildcard files and folders' : 'Needs the server'}>Edit wildcards…</button>
      </div>
      <p className="muted small hint">Use <code>__name__</code> in a prompt to draw one value.</p>
      {error && <p className="error-text small">{error}</p>}
      {list?.length === 0 && <p className="muted small">No wildcard files in the library.</p>}
      {list?.map((w) => (
        <div key={w.name} className="library-row" data-wildcard={w.name}>
          <button className="library-item" onClick={() => setOpen(open === w.name ? null : w.name)} aria-expanded={open === w.name}>
            <span>{open === w.name ? '▾' : '▸'} <code>__{w.name}__</code></span>
            <span className="muted small">{w.values.length}</span>
          </button>
          {online && !w.file && <div className="row-tools"><button className="link" onClick={() => setEditing({ name: w.name })} aria-label={`Edit wildcard ${w.name}`}>Edit</button></div>}
          {w.file && <div className="row-tools muted small" title="YAML/JSON wildcard files are read-only in the app; edit the file itself">from {w.file}</div>}
          {open === w.name && (
            <ul className="wildcard-values">
              {w.values.slice(0, VALUES_SHOWN).map((v) => <li key={v}>{v}</li>)}
              {w.values.length > VALUES_SHOWN && <li className="muted">…and {w.values.length - VALUES_SHOWN} more</li>}
            </ul>
          )}
        </div>
      ))}
    </div>
  )
}
