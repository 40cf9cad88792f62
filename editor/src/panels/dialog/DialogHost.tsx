/**
 * The one modal dialog (dialogs.ts): a native <dialog> opened with showModal(), so focus is
 * trapped, Escape cancels and the rest of the page is inert, as assistive technology expects.
 * Labelled by its title, described by its message; a refused answer says why next to the field
 * (aria-invalid + aria-describedby) and keeps the dialog open.
 */
import { useEffect, useRef, useState } from 'react'
import { useStore } from 'zustand'
import { dialogStore, type DialogSpec } from './dialogs.ts'

function DialogBody({ spec }: { spec: DialogSpec }) {
  const ref = useRef<HTMLDialogElement>(null)
  const [values, setValues] = useState(() => spec.fields.map((f) => f.initial ?? ''))
  const [errors, setErrors] = useState<(string | null)[]>(() => spec.fields.map(() => null))

  useEffect(() => {
    const d = ref.current
    if (d && !d.open) d.showModal()
    return () => { if (d?.open) d.close() }
  }, [])

  const submit = (e: React.FormEvent) => {
    e.preventDefault()
    const found = spec.fields.map((f, i) => {
      const v = values[i] ?? ''
      if (!f.optional && !v.trim()) return 'This cannot be empty.'
      return v.trim() || !f.optional ? f.validate?.(v) ?? null : null
    })
    setErrors(found)
    if (found.some((x) => x !== null)) return
    spec.resolve(values.map((v) => v.trim()))
  }

  return (
    <dialog ref={ref} className="app-dialog" aria-modal="true" aria-labelledby="app-dialog-title" aria-describedby={spec.message ? 'app-dialog-message' : undefined}
      onCancel={(e) => { e.preventDefault(); spec.resolve(null) }}>
      <form onSubmit={submit} noValidate>
        <h2 id="app-dialog-title">{spec.title}</h2>
        {spec.message && <p id="app-dialog-message">{spec.message}</p>}
        {spec.fields.map((f, i) => (
          <div className="dialog-field" key={f.label}>
            <label htmlFor={`app-dialog-field-${i}`}>{f.label}{f.optional ? ' (optional)' : ''}</label>
            <input id={`app-dialog-field-${i}`} type="text" value={values[i] ?? ''} autoFocus={i === 0} maxLength={200}
              aria-invalid={errors[i] ? true : undefined} aria-describedby={errors[i] ? `app-dialog-error-${i}` : undefined}
              onChange={(e) => {
                const next = [...values]
                next[i] = e.target.value
                setValues(next)
                if (errors[i]) setErrors(errors.map((x, j) => (j === i ? null : x)))
              }} />
            {errors[i] && <p className="dialog-error" id={`app-dialog-error-${i}`} role="alert">{errors[i]}</p>}
          </div>
        ))}
        <div className="dialog-buttons">
          <button type="button" className="btn" onClick={() => spec.resolve(null)}>Cancel</button>
          <button type="submit" className={`btn ${spec.danger ? 'danger' : 'primary'}`} autoFocus={spec.fields.length === 0}>{spec.confirmLabel}</button>
        </div>
      </form>
    </dialog>
  )
}

export function DialogHost() {
  const current = useStore(dialogStore, (s) => s.current)
  // A new key per question: fresh values and errors, and showModal() again.
  return current ? <DialogBody key={current.seq} spec={current} /> : null
}
