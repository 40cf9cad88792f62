/**
 * A confirmation (optionally with one text field) shown in place, inside the editor panel —
 * never the browser's prompt/confirm. Enter confirms, Escape cancels; an empty value is refused
 * with a message.
 */
import { useState } from 'react'

export interface Ask {
  message: string
  confirm: string
  danger?: boolean
  /** When set, a text field with this initial value; its value is passed to onConfirm. */
  value?: string
  label?: string
  onConfirm(value: string): void | Promise<void>
}

export function InlineAsk({ ask, onCancel }: { ask: Ask; onCancel(): void }) {
  const [value, setValue] = useState(ask.value ?? '')
  const [error, setError] = useState<string | null>(null)
  const confirm = () => {
    if (ask.value !== undefined && value.trim() === '') return setError(`${ask.label ?? 'The name'} must not be empty.`)
    void ask.onConfirm(value.trim())
  }
  return (
    <div className={`inline-ask${ask.danger ? ' danger' : ''}`} role="alertdialog" aria-label={ask.message}>
      <span>{ask.message}</span>
      {ask.value !== undefined && (
        <input
          type="text"
          autoFocus
          aria-label={ask.label ?? 'Name'}
          value={value}
          onChange={(e) => { setValue(e.target.value); setError(null) }}
          onKeyDown={(e) => { if (e.key === 'Enter') confirm(); if (e.key === 'Escape') onCancel() }}
        />
      )}
      <button type="button" className={`btn small${ask.danger ? ' danger-solid' : ' primary'}`} autoFocus={ask.value === undefined} onClick={confirm} onKeyDown={(e) => e.key === 'Escape' && onCancel()}>{ask.confirm}</button>
      <button type="button" className="btn small" onClick={onCancel}>Cancel</button>
      {error && <span className="error-text small" role="alert">{error}</span>}
    </div>
  )
}
