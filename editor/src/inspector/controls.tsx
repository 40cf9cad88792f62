/**
 * The input widgets of the inspector: one per field type. They show a value and report a new
 * one; whether that value is inherited or set is decided by the caller (FieldRow), which greys
 * inherited values and offers the reset.
 */
import { useEffect, useState } from 'react'
import type { FieldSpec } from './fields.ts'
import { usePendingCommit } from '../store/pending-edits.ts'
import { dropdownEntries, useResolver } from './resource-options.ts'
import { PromptTextarea } from '../prompt/PromptTextarea.tsx'

export interface ControlProps<F extends FieldSpec = FieldSpec> {
  field: F
  value: unknown
  inherited: boolean
  onChange(value: unknown): void
  /** Names for a dropdown (favourites first) when the WebUI's list is known. */
  options?: { value: string; label: string }[]
  id: string
}

/** Commits on blur/Enter while showing what is typed, so a half-typed "1" of "12" is not applied and recompiled. */
function useDraft(value: unknown): [string, (v: string) => void] {
  const shown = value === undefined || value === null ? '' : String(value)
  const [draft, setDraft] = useState(shown)
  useEffect(() => setDraft(shown), [shown])
  return [draft, setDraft]
}

export function NumberControl({ field, value, inherited, onChange, id }: ControlProps<Extract<FieldSpec, { type: 'number' }>>) {
  const [draft, setDraft] = useDraft(value)
  const commit = () => {
    if (draft.trim() === '') return setDraft(value === undefined ? '' : String(value))
    const n = Number(draft)
    if (!Number.isFinite(n)) return setDraft(String(value ?? ''))
    if (n !== value) onChange(field.integer ? Math.round(n) : n)
  }
  usePendingCommit(!field.choices && draft !== (value === undefined || value === null ? '' : String(value)), commit)
  if (field.choices) {
    return (
      <select id={id} className={inherited ? 'inherited' : ''} value={String(value ?? '')} onChange={(e) => onChange(Number(e.target.value))}>
        {field.choices.map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
      </select>
    )
  }
  const outOfRange = draft !== '' && ((field.min !== undefined && Number(draft) < field.min) || (field.max !== undefined && Number(draft) > field.max))
  return (
    <input
      id={id}
      type="number"
      className={`${inherited ? 'inherited' : ''}${outOfRange ? ' invalid' : ''}`}
      min={field.min}
      max={field.max}
      step={field.step}
      value={draft}
      placeholder={value === undefined ? 'WebUI default' : undefined}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => e.key === 'Enter' && commit()}
      title={field.min !== undefined ? `${field.min} to ${field.max}${field.step !== 1 ? `, step ${field.step}` : ''}` : undefined}
    />
  )
}

export function EnumControl({ field, value, inherited, onChange, id }: ControlProps<Extract<FieldSpec, { type: 'enum' }>>) {
  return (
    <select id={id} className={inherited ? 'inherited' : ''} value={String(value ?? '')} onChange={(e) => onChange(e.target.value)}>
      {value === undefined && <option value="">—</option>}
      {field.options.map((o) => <option key={o} value={o}>{o}</option>)}
    </select>
  )
}

export function BooleanControl({ value, inherited, onChange, id }: ControlProps) {
  const on = value === true
  return (
    <button id={id} type="button" role="switch" aria-checked={on} className={`toggle${on ? ' on' : ''}${inherited ? ' inherited' : ''}`} onClick={() => onChange(!on)}>
      <span className="toggle-knob" />
    </button>
  )
}

const EMPTY_LABEL: Record<string, string> = { models: '(keep loaded model)', vaes: 'Automatic', schedulers: 'Automatic' }

export function TextControl({ field, value, inherited, onChange, options, id }: ControlProps<Extract<FieldSpec, { type: 'text' }>>) {
  const [draft, setDraft] = useDraft(value)
  const commit = () => {
    if (draft !== (value ?? '')) onChange(draft)
  }
  usePendingCommit(!(options && options.length > 0) && draft !== (value ?? ''), commit)
  const resolver = useResolver(field.resource)
  if (options && options.length > 0) {
    const current = typeof value === 'string' ? value : ''
    const empty = field.allowEmpty ? { value: '', label: EMPTY_LABEL[field.resource ?? ''] ?? '(none)' } : null
    const resolve = resolver
    return (
      <select id={id} className={inherited ? 'inherited' : ''} value={current} onChange={(e) => onChange(e.target.value)}>
        {dropdownEntries(options, current, empty, resolve).map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    )
  }
  if (field.multiline) {
    return (
      <PromptTextarea
        id={id}
        className={inherited ? 'inherited' : ''}
        rows={field.key === 'prompt' || field.key.includes('prompt') ? 4 : 2}
        maxLength={field.maxLength}
        value={draft}
        onChange={setDraft}
        onBlur={commit}
        placeholder={inherited ? '(inherited: empty)' : ''}
      />
    )
  }
  return (
    <input
      id={id}
      type="text"
      className={inherited ? 'inherited' : ''}
      maxLength={field.maxLength}
      value={draft}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => e.key === 'Enter' && commit()}
      placeholder={field.resource ? EMPTY_LABEL[field.resource] ?? '' : ''}
    />
  )
}

/**
 * A list of WebUI names in order (prompt styles): each chosen name with a remove button, then a
 * dropdown of the WebUI's names to add one (a text box when the list is unknown). A name the
 * WebUI does not list stays visible, marked, so it can be removed (the compiler refuses it).
 */
export function MultiControl({ field, value, inherited, onChange, options, id }: ControlProps<Extract<FieldSpec, { type: 'multi' }>>) {
  const chosen = Array.isArray(value) ? (value as string[]) : []
  const [draft, setDraft] = useState('')
  const known = new Set((options ?? []).map((o) => o.value))
  const add = (name: string) => {
    const n = name.trim()
    if (n !== '' && !chosen.includes(n) && chosen.length < field.max) onChange([...chosen, n])
  }
  const remove = (name: string) => {
    const next = chosen.filter((x) => x !== name)
    onChange(next.length ? next : undefined)
  }
  return (
    <div className={`multi-control${inherited ? ' inherited' : ''}`}>
      {chosen.length === 0 && <span className="muted small">{inherited ? '(none)' : ''}</span>}
      {chosen.map((name) => (
        <span key={name} className={`chip chip-set${options && !known.has(name) ? ' invalid' : ''}`} title={options && !known.has(name) ? 'not on the WebUI' : name}>
          {name}
          <button type="button" aria-label={`Remove ${name}`} onClick={() => remove(name)}>×</button>
        </span>
      ))}
      {options && options.length > 0 ? (
        <select id={id} value="" aria-label={`Add ${field.label.toLowerCase()}`} onChange={(e) => add(e.target.value)}>
          <option value="">+ add…</option>
          {options.filter((o) => !chosen.includes(o.value)).map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
        </select>
      ) : (
        <input id={id} type="text" value={draft} placeholder="+ add (Enter)" onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => { if (e.key === 'Enter') { add(draft); setDraft('') } }} />
      )}
    </div>
  )
}
