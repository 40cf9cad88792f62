/**
 * The gallery (issue 12 §1, §4): every output of every run, filtered and sorted on the server,
 * in a virtual grid rated from the keyboard, with the full-screen viewer, disk usage and the
 * pruning actions (delete images or runs, keep only rated ≥ N, forget old stage-cache entries).
 * Loaded lazily (App.tsx): none of it is in the editor's first load.
 */
import { useCallback, useEffect, useState } from 'react'
import type { GalleryImage, UsageResponse } from '../../../engine/api/gallery.ts'
import { errorMessage } from '../api/client.ts'
import { getRunGraph } from '../api/run-endpoints.ts'
import { openAsNewDocument } from '../document/actions.ts'
import { askConfirm, askText } from '../panels/dialog/dialogs.ts'
import { useEditorStore, useEditorStoreApi } from '../store/context.tsx'
import { deleteImages, deleteRun, formatBytes, getUsage, keepRated, NO_FILTERS, pruneStageCache, type GalleryFilters as Filters } from './endpoints.ts'
import { GalleryFilters } from './GalleryFilters.tsx'
import { GalleryGrid, type GridActions } from './GalleryGrid.tsx'
import { GalleryViewer } from './GalleryViewer.tsx'
import { rateImages } from './rate.ts'
import { setGalleryOpen } from './route.ts'
import { useAsImg2imgSource } from './use-as-source.ts'
import { useGalleryData } from './use-gallery-data.ts'
import './gallery.css'

const plural = (n: number, one: string) => `${n.toLocaleString()} ${one}${n === 1 ? '' : 's'}`

export default function GalleryView() {
  const store = useEditorStoreApi()
  const server = useEditorStore((s) => s.server)
  const graphList = useEditorStore((s) => s.graphList)
  // New images arrive when jobs finish: the grid is refreshed then (as History is).
  const finished = useEditorStore((s) => (s.queue ? s.queue.counts.succeeded + s.queue.counts.failed + s.queue.counts.cancelled : 0))
  const [filters, setFilters] = useState<Filters>(NO_FILTERS)
  const [sort, setSort] = useState<'date' | 'rating'>('date')
  const [bump, setBump] = useState(0)
  const [focus, setFocus] = useState(0)
  const [selected, setSelected] = useState<Set<number>>(new Set())
  const [viewer, setViewer] = useState<number | null>(null)
  // Images are addressed by their place in the list; new images arriving shift every place. So
  // while images are selected or one is being viewed, the list holds still (a key must act on the
  // image shown), and says that new images are waiting.
  const frozen = selected.size > 0 || viewer !== null
  const [shownFinished, setShownFinished] = useState(finished)
  useEffect(() => { if (!frozen) setShownFinished(finished) }, [finished, frozen])
  const data = useGalleryData(filters, sort, `${shownFinished}/${bump}`)
  const [usage, setUsage] = useState<UsageResponse | null>(null)
  // Deleting keeps ratings unless the user asks here (docs/api.md "Pruning").
  const [forget, setForget] = useState(false)
  const [forgetLog, setForgetLog] = useState(false)
  const how = { forgetRatings: forget, forgetLearning: forgetLog }
  const logNote = forgetLog ? 'the learning-log lines of jobs left with no image are removed' : 'the learning log is kept'
  const kept = `${forget ? 'Their ratings are cleared too' : 'Their ratings are kept'}; ${logNote}.`

  useEffect(() => {
    const abort = new AbortController()
    getUsage(abort.signal).then(setUsage, () => undefined)
    return () => abort.abort()
  }, [bump, finished])
  // A new listing starts at its first image with nothing selected.
  useEffect(() => { setFocus(0); setSelected(new Set()) }, [filters, sort])
  useEffect(() => { if (focus >= data.total && data.total > 0) setFocus(data.total - 1) }, [focus, data.total])

  const close = useCallback(() => setGalleryOpen(false), [])
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || viewer !== null || document.querySelector('dialog[open]')) return
      if (selected.size > 0) setSelected(new Set())
      else close()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [viewer, selected, close])

  const toast = (text: string, kind?: 'error') => store.getState().showToast(text, kind)
  const afterDelete = (r: { deleted: string[]; skipped: { reason: string }[]; freedBytes: number; learningLinesRemoved?: number }) => {
    // The canvas's node thumbnails must not point at images that are gone.
    const gone = new Set(r.deleted)
    for (const [stageId, list] of Object.entries(store.getState().nodeOutputs)) {
      if (list.some((a) => gone.has(a.artifactId))) store.getState().setNodeOutputs(stageId, list.filter((a) => !gone.has(a.artifactId)))
    }
    toast(`Deleted ${plural(r.deleted.length, 'image')} (${formatBytes(r.freedBytes)} freed)${r.skipped.length ? `; ${r.skipped.length} left alone: ${r.skipped[0]!.reason}` : ''}. ${forget ? 'Their ratings are cleared.' : 'Ratings are kept.'}${r.learningLinesRemoved ? ` ${plural(r.learningLinesRemoved, 'learning-log line')} removed.` : ''}`)
    setSelected(new Set())
    setBump((b) => b + 1)
  }
  const attempt = async (work: () => Promise<void>) => {
    try { await work() } catch (e) { toast(errorMessage(e), 'error') }
  }

  const actions: GridActions = {
    rate: (indexes, rating) => void attempt(async () => rateImages(store, await data.resolveIds(indexes), rating, data.setRating)),
    open: (i) => setViewer(i),
    remove: (indexes) => void attempt(async () => {
      const ids = await data.resolveIds(indexes)
      if (ids.length === 0) return
      const ok = await askConfirm({ title: `Delete ${plural(ids.length, 'image')}?`, message: `Their files are removed from the data folder. ${kept}`, confirmLabel: 'Delete', danger: true })
      if (ok) afterDelete(await deleteImages(ids, how))
    }),
    runAction: (runId, action) => void attempt(async () => {
      if (action === 'delete') {
        const ok = await askConfirm({ title: 'Delete this run’s images?', message: `Every image and video of run ${runId} is removed from the data folder. The run stays in History. ${forget ? 'Its ratings (images and jobs) are cleared too' : 'Its ratings are kept'}; ${forgetLog ? 'its jobs’ learning-log lines are removed' : 'its learning-log lines are kept'}.`, confirmLabel: 'Delete run', danger: true })
        if (ok) afterDelete(await deleteRun(runId, how))
        return
      }
      const answer = await askText({
        title: 'Keep only rated images', message: `Delete the images of run ${runId} rated below this many stars (unrated ones too). ${kept}`, confirmLabel: 'Delete the rest',
        field: { label: 'Keep images rated at least (1–5)', initial: '3', validate: (v) => (/^[1-5]$/.test(v.trim()) ? null : 'a whole number from 1 to 5') },
      })
      if (answer) afterDelete(await keepRated(runId, Number(answer[0]!.trim()), how))
    }),
  }

  const pruneCache = () => void attempt(async () => {
    const number = (what: string) => (v: string) => (v.trim() === '' || /^\d+(\.\d+)?$/.test(v.trim()) ? null : `a number of ${what}, or empty`)
    const answer = await askText({
      title: 'Forget stage-cache entries',
      message: `${usage ? `The cache has ${plural(usage.stageCache.entries, 'entry')} over ${formatBytes(usage.stageCache.bytes)} of images. ` : ''}Entries older than the days given are forgotten, then the oldest until the images the rest point at fit the size. A forgotten request is made again next time instead of reusing an earlier image; no image is deleted.`,
      confirmLabel: 'Forget',
      field: { label: 'Older than (days)', initial: '30', optional: true, validate: number('days') },
      extra: { label: 'At most (MB of cached images)', initial: '', optional: true, validate: number('MB') },
    })
    if (!answer) return
    const [days, mb] = answer.map((a) => a.trim())
    if (!days && !mb) return toast('Give a number of days, a size in MB, or both.', 'error')
    const r = await pruneStageCache({ ...(days ? { olderThanDays: Number(days) } : {}), ...(mb ? { maxMB: Number(mb) } : {}) })
    toast(`Forgot ${plural(r.removed, 'stage-cache entry')}; ${r.remaining} left.`)
    setBump((b) => b + 1)
  })

  const openGraph = (img: GalleryImage) => void attempt(async () => {
    const graph = await getRunGraph(img.runId)
    if (await openAsNewDocument(store, graph, 'Opened the graph as that run compiled it, as a new graph (Save keeps it).', `${graph.name} (from a run)`)) close()
  })
  const useAsSource = (img: GalleryImage) => {
    const message = useAsImg2imgSource(store, img.artifactId)
    close()
    toast(message)
  }
  const graphName = (id: string | null) => (id === null ? 'a graph' : graphList.find((g) => g.id === id)?.name ?? id)
  const runBytes = new Map(usage?.runs.map((r) => [r.runId, r.bytes]) ?? [])

  return (
    <div className="gallery" role="dialog" aria-modal="true" aria-label="Gallery">
      <header className="gallery-head">
        <h2>Gallery</h2>
        <span className="muted">{data.groups === null ? '' : `${plural(data.total, 'image')}${sort === 'date' ? ` in ${plural(data.groups.length, 'run')}` : ''}`}</span>
        {usage && (
          <span className="gallery-usage" title={`outputs ${formatBytes(usage.outputsBytes)} (thumbnails ${formatBytes(usage.thumbnailsBytes)}), database ${formatBytes(usage.databaseBytes)}, learning ${formatBytes(usage.learningBytes)}; stage cache ${usage.stageCache.entries} entries`}>
            Disk: <b>{formatBytes(usage.totalBytes)}</b> in all · thumbnails {formatBytes(usage.thumbnailsBytes)}
          </span>
        )}
        {shownFinished !== finished && <button className="btn tiny" onClick={() => { setSelected(new Set()); setViewer(null); setShownFinished(finished) }} title="The list holds still while images are selected or viewed">New images: show them</button>}
        <label className="gallery-forget" title="When on, deleting images also clears their ratings (a rating-0 line in learning/ratings.jsonl)">
          <input type="checkbox" checked={forget} onChange={(e) => setForget(e.target.checked)} /> Deleting clears ratings
        </label>
        <label className="gallery-forget-log" title="When on, deleting a run (or every image of a job) also removes those jobs' lines from learning/learning_log.jsonl; other lines are kept as they are">
          <input type="checkbox" checked={forgetLog} onChange={(e) => setForgetLog(e.target.checked)} /> …and learning lines
        </label>
        <button className="btn tiny" onClick={pruneCache} title="Forget old stage-cache entries">Stage cache…</button>
        <button className="icon-btn" onClick={close} title="Back to the editor (Esc)" aria-label="Close gallery">✕</button>
      </header>
      <GalleryFilters value={filters} onChange={setFilters} sort={sort} onSort={setSort} runs={data.groups ?? []} />
      {selected.size > 0 && (
        <div className="gallery-selection" role="toolbar" aria-label="Selected images">
          <b>{plural(selected.size, 'image')} selected</b>
          <span className="muted small">1–5 rate them · 0 clears · Delete deletes · Esc clears the selection</span>
          {[1, 2, 3, 4, 5].map((n) => <button key={n} className="btn tiny" aria-label={`Rate the selected ${n} star${n > 1 ? 's' : ''}`} onClick={() => actions.rate([...selected], n)}>{'★'.repeat(n)}</button>)}
          <button className="btn tiny danger" onClick={() => actions.remove([...selected])}>Delete</button>
          <button className="btn tiny" onClick={() => setSelected(new Set())}>Clear</button>
        </div>
      )}
      {server !== 'online' && <p className="error-text">The gallery needs the StableNew Flow server.</p>}
      {data.error && <p className="error-text small">{data.error}</p>}
      <GalleryGrid data={data} flat={sort === 'rating'} focus={focus} setFocus={setFocus} selected={selected} setSelected={setSelected}
        actions={actions} runBytes={runBytes} graphName={graphName} />
      {viewer !== null && (
        <GalleryViewer index={viewer} total={data.total} imageAt={data.imageAt} ratingOf={data.ratingOf}
          onIndex={(i) => { setViewer(i); setFocus(i) }} onClose={() => { setViewer(null); document.querySelector<HTMLElement>('.gallery-grid')?.focus() }}
          onRate={(id, r) => void rateImages(store, [id], r, data.setRating)} onOpenGraph={openGraph} onUseAsSource={useAsSource} />
      )}
    </div>
  )
}
