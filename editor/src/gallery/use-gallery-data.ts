/**
 * The gallery's data: the run list (grid layout and total) for the filters, and pages of images
 * loaded by offset as their rows scroll into view (only thumbnails of visible rows are ever
 * asked for). Ratings saved here are kept as overrides for the gallery's life, so the grid
 * shows a rating the moment it is saved (and a page read just before it cannot undo it).
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import type { GalleryImage } from '../../../engine/api/gallery.ts'
import { errorMessage } from '../api/client.ts'
import { getGalleryPage, getGalleryRuns, type GalleryFilters } from './endpoints.ts'
import type { RunGroup } from './layout.ts'

export const PAGE = 200

export interface GalleryData {
  /** null while the first answer is out. */
  groups: RunGroup[] | null
  total: number
  error: string | null
  /** The image at index i, or undefined while its page loads (asking for it loads it). */
  imageAt(i: number): GalleryImage | undefined
  resolveIds(indexes: readonly number[]): Promise<string[]>
  ratingOf(img: GalleryImage): number | null
  setRating(id: string, rating: number | null): void
  /** Bumps when a page arrives (cells re-render). */
  version: number
}

/** `refreshKey`: any change re-reads the list (jobs finished, images deleted). */
export function useGalleryData(filters: GalleryFilters, sort: 'date' | 'rating', refreshKey: string): GalleryData {
  const [groups, setGroups] = useState<RunGroup[] | null>(null)
  const [total, setTotal] = useState(0)
  const [error, setError] = useState<string | null>(null)
  const [version, setVersion] = useState(0)
  const [overrides, setOverrides] = useState<ReadonlyMap<string, number | null>>(new Map())
  const pages = useRef(new Map<number, GalleryImage[]>())
  const wanted = useRef(new Set<number>())
  const inflight = useRef(new Set<number>())
  const generation = useRef(0)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const query = useRef({ filters, sort })

  useEffect(() => {
    const abort = new AbortController()
    const gen = ++generation.current
    query.current = { filters, sort }
    // Debounced: a burst of finishing jobs (or filter clicks) is one request.
    const t = setTimeout(() => getGalleryRuns(filters, abort.signal).then((r) => {
      if (gen !== generation.current) return
      // The old pages stay on screen until the new list is in: a refresh does not blink.
      pages.current = new Map()
      inflight.current = new Set()
      setGroups(r.runs)
      setTotal(r.total)
      setError(null)
      setVersion((v) => v + 1)
    }, (e) => { if (!abort.signal.aborted) setError(errorMessage(e)) }), 200)
    return () => { clearTimeout(t); abort.abort() }
  }, [filters, sort, refreshKey])

  const load = useCallback(() => {
    timer.current = null
    const gen = generation.current
    for (const page of wanted.current) {
      if (pages.current.has(page) || inflight.current.has(page)) continue
      inflight.current.add(page)
      getGalleryPage(query.current.filters, query.current.sort, page * PAGE, PAGE).then((p) => {
        if (gen !== generation.current) return
        pages.current.set(page, p.images)
        inflight.current.delete(page)
        setVersion((v) => v + 1)
      }, (e) => {
        inflight.current.delete(page)
        if (gen === generation.current) setError(errorMessage(e))
      })
    }
    wanted.current.clear()
  }, [])

  const imageAt = useCallback((i: number): GalleryImage | undefined => {
    const page = Math.floor(i / PAGE)
    const got = pages.current.get(page)
    if (got) return got[i - page * PAGE]
    // Called while rendering: the request goes out just after, never from inside the render.
    wanted.current.add(page)
    if (timer.current === null) timer.current = setTimeout(load, 0)
    return undefined
    // `version` makes a new function after a page arrives, so memoised cells re-render.
  }, [load, version])

  /**
   * The ids of these images, loading the pages not loaded yet: an action on a selection made
   * with Ctrl+A or Shift acts on every selected image, not only on those scrolled past.
   */
  const resolveIds = useCallback(async (indexes: readonly number[]): Promise<string[]> => {
    const gen = generation.current
    const missing = [...new Set(indexes.map((i) => Math.floor(i / PAGE)))].filter((p) => !pages.current.has(p))
    for (const page of missing) {
      const p = await getGalleryPage(query.current.filters, query.current.sort, page * PAGE, PAGE)
      if (gen !== generation.current) throw new Error('The gallery changed meanwhile (new images arrived); select again.')
      pages.current.set(page, p.images)
    }
    if (missing.length > 0) setVersion((v) => v + 1)
    return indexes.map((i) => pages.current.get(Math.floor(i / PAGE))?.[i % PAGE]?.artifactId).filter((x): x is string => x !== undefined)
  }, [])

  const ratingOf = useCallback((img: GalleryImage) => (overrides.has(img.artifactId) ? overrides.get(img.artifactId)! : img.rating), [overrides])
  const setRating = useCallback((id: string, rating: number | null) => {
    setOverrides((m) => new Map(m).set(id, rating === 0 ? null : rating))
  }, [])

  useEffect(() => () => { if (timer.current) clearTimeout(timer.current) }, [])
  return { groups, total, error, imageAt, resolveIds, ratingOf, setRating, version }
}
