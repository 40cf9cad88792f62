/** Whether the minimap is shown: a per-browser preference (localStorage), on by default. */
import { useCallback, useState } from 'react'

const KEY = 'stablenew-flow.minimap'

function read(): boolean {
  try {
    return localStorage.getItem(KEY) !== 'hidden'
  } catch {
    return true
  }
}

export function useMinimapShown(): [boolean, () => void] {
  const [shown, setShown] = useState(read)
  const toggle = useCallback(() => {
    setShown((was) => {
      try {
        localStorage.setItem(KEY, was ? 'hidden' : 'shown')
      } catch {
        // Storage full or disabled: the choice lasts for this page only.
      }
      return !was
    })
  }, [])
  return [shown, toggle]
}
