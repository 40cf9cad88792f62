/**
 * A 0–5 star rating that saves at once. Clicking the current rating again clears it (0), as in
 * most photo tools. The value shown is optimistic; on failure it rolls back and says why.
 */
import { memo, useEffect, useState } from 'react'
import { errorMessage } from '../api/client.ts'
import { rate } from '../api/run-endpoints.ts'
import { useEditorStoreApi } from '../store/context.tsx'

export const Stars = memo(function Stars({ targetKind, targetId, rating, size = 'small', onRated }: {
  targetKind: 'job' | 'image'
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
  return (
    <span className={`stars nodrag ${size}${value ? ' rated' : ''}`} role="radiogroup" aria-label="Rating" data-rating={value} onMouseLeave={() => setHover(0)}>
      {[1, 2, 3, 4, 5].map((n) => (
        <button
          key={n}
          type="button"
          role="radio"
          aria-checked={value === n}
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
