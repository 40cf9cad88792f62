/**
 * A 0–5 star rating that saves at once. Clicking the current rating again clears it (0), as in
 * most photo tools. The value shown is optimistic; on failure it rolls back and says why.
 */
import { memo, useEffect, useState } from 'react'
import { errorMessage } from '../api/client.ts'
import { rate } from '../api/run-endpoints.ts'
import { useEditorStoreApi } from '../store/context.tsx'

export const Stars = memo(function Stars({ targetKind, targetId, rating, size = 'small', onRated, label }: {
  targetKind: 'job' | 'image'
  /** What is rated, for assistive technology ("Rating of job 1a2b3c4d, txt"). */
  label?: string
  targetId: string
  rating: number | null | undefined
  size?: 'small' | 'large'
  onRated?: (rating: number) => void
}) {
  const store = useEditorStoreApi()
  const [value, setValue] = useState(rating ?? 0)
  const [hover, setHover] = useState(0)
  useEffect(() => setValue(rating ?? 0), [rating])
  const set = async (n: number) => {
    const next = n === value ? 0 : n
    const before = value
    setValue(next)
    try {
      await rate(targetKind, targetId, next)
      if (targetKind === 'image') store.getState().setImageRating(targetId, next)
      onRated?.(next)
    } catch (e) {
      setValue(before)
      store.getState().showToast(`Rating not saved: ${errorMessage(e)}`, 'error')
    }
  }
  const shown = hover || value
  // One tab stop per rating (a radio group's roving focus): arrows change it, Delete/0 clears it.
  const onKeyDown = (e: React.KeyboardEvent<HTMLSpanElement>) => {
    const next = e.key === 'ArrowRight' || e.key === 'ArrowUp' ? Math.min(5, value + 1)
      : e.key === 'ArrowLeft' || e.key === 'ArrowDown' ? Math.max(1, value - 1)
      : e.key === 'Delete' || e.key === 'Backspace' || e.key === '0' ? 0
      : /^[1-5]$/.test(e.key) ? Number(e.key) : null
    if (next === null) return
    e.preventDefault()
    e.stopPropagation()
    if (next !== value) void set(next === 0 ? value : next)
    const buttons = e.currentTarget.querySelectorAll('button')
    buttons[Math.max(0, next - 1)]?.focus()
  }
  return (
    <span className={`stars nodrag ${size}${value ? ' rated' : ''}`} role="radiogroup" aria-label={label ?? 'Rating'} data-rating={value} onMouseLeave={() => setHover(0)} onKeyDown={onKeyDown}>
      {[1, 2, 3, 4, 5].map((n) => (
        <button
          key={n}
          type="button"
          role="radio"
          aria-checked={value === n}
          tabIndex={n === Math.max(1, value) ? 0 : -1}
          aria-label={`${n} star${n > 1 ? 's' : ''}`}
          title={n === value ? 'Click again to clear' : `Rate ${n} star${n > 1 ? 's' : ''}`}
          className={n <= shown ? 'on' : ''}
          onMouseEnter={() => setHover(n)}
          onClick={(e) => { e.stopPropagation(); void set(n) }}
        >★</button>
      ))}
    </span>
  )
})
