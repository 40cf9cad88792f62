/**
 * The full-screen viewer: the image fitted or at 1:1 / 2:1 (drag to pan), previous/next through
 * the gallery's list, its rating (1–5, 0 clears), its A1111 parameters, the stage chain that made
 * it (each stage's image side by side), and open graph / use as img2img source / download.
 */
import { useEffect, useRef, useState } from 'react'
import type { GalleryImage, StageChainResponse } from '../../../engine/api/gallery.ts'
import { errorMessage } from '../api/client.ts'
import { artifactUrl, getArtifactMeta, thumbUrl } from '../api/run-endpoints.ts'
import { getStageChain } from './endpoints.ts'

type Zoom = 'fit' | 1 | 2

export function GalleryViewer({ index, total, imageAt, ratingOf, onIndex, onClose, onRate, onOpenGraph, onUseAsSource }: {
  index: number
  total: number
  imageAt(i: number): GalleryImage | undefined
  ratingOf(img: GalleryImage): number | null
  onIndex(i: number): void
  onClose(): void
  onRate(id: string, rating: number): void
  onOpenGraph(img: GalleryImage): void
  onUseAsSource(img: GalleryImage): void
}) {
  const listed = imageAt(index)
  // A stage of the chain clicked: shown in place of the listed image until the next step.
  const [chainPick, setChainPick] = useState<GalleryImage | null>(null)
  const image = chainPick ?? listed
  const [zoom, setZoom] = useState<Zoom>('fit')
  const [parameters, setParameters] = useState<string | null | undefined>(undefined)
  const [chain, setChain] = useState<StageChainResponse['stages'] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const stage = useRef<HTMLDivElement>(null)
  const drag = useRef<{ x: number; y: number; left: number; top: number } | null>(null)
  const id = image?.artifactId

  useEffect(() => { setChainPick(null); setZoom('fit') }, [index])
  useEffect(() => {
    if (!id) return
    let live = true
    setParameters(undefined)
    setError(null)
    getArtifactMeta(id).then((m) => live && setParameters(m.parameters), (e) => live && setError(errorMessage(e)))
    return () => { live = false }
  }, [id])
  const chainOf = listed?.artifactId
  useEffect(() => {
    if (!chainOf) return
    let live = true
    setChain(null)
    getStageChain(chainOf).then((c) => live && setChain(c.stages), () => live && setChain([]))
    return () => { live = false }
  }, [chainOf])

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (document.querySelector('dialog[open]')) return
      if (e.key === 'Escape') onClose()
      else if (e.key === 'ArrowLeft' && index > 0) onIndex(index - 1)
      else if (e.key === 'ArrowRight' && index < total - 1) onIndex(index + 1)
      else if (/^[0-5]$/.test(e.key) && image && !e.ctrlKey && !e.metaKey && !e.altKey) onRate(image.artifactId, Number(e.key))
      else if (e.key === 'z') setZoom((z) => (z === 'fit' ? 1 : 'fit'))
      else return
      e.preventDefault()
      e.stopPropagation()
    }
    window.addEventListener('keydown', onKey, true)
    return () => window.removeEventListener('keydown', onKey, true)
  }, [index, total, image, onClose, onIndex, onRate])

  const rating = image ? ratingOf(image) : null
  const onPointerDown = (e: React.PointerEvent) => {
    const el = stage.current
    if (!el || zoom === 'fit') return
    drag.current = { x: e.clientX, y: e.clientY, left: el.scrollLeft, top: el.scrollTop }
    el.setPointerCapture(e.pointerId)
  }
  const onPointerMove = (e: React.PointerEvent) => {
    const el = stage.current
    if (!el || !drag.current) return
    el.scrollLeft = drag.current.left - (e.clientX - drag.current.x)
    el.scrollTop = drag.current.top - (e.clientY - drag.current.y)
  }
  return (
    <div className="gallery-viewer" role="dialog" aria-label="Image viewer">
      <div ref={stage} className={`viewer-stage zoom-${zoom}`} onPointerDown={onPointerDown} onPointerMove={onPointerMove} onPointerUp={() => { drag.current = null }}
        onDoubleClick={() => setZoom((z) => (z === 'fit' ? 1 : 'fit'))}>
        {image
          ? <img src={artifactUrl(image.artifactId)} alt={`Image ${index + 1} of ${total}`} draggable={false}
            style={zoom === 'fit' ? undefined : { width: image.width * zoom, height: image.height * zoom, maxWidth: 'none', maxHeight: 'none' }} />
          : <p className="muted">Loading…</p>}
      </div>
      <aside className="viewer-info">
        <div className="viewer-head">
          <button className="btn small" disabled={index <= 0} onClick={() => onIndex(index - 1)} aria-label="Previous image" title="Previous (←)">‹</button>
          <span className="viewer-count">{index + 1} / {total.toLocaleString()}</span>
          <button className="btn small" disabled={index >= total - 1} onClick={() => onIndex(index + 1)} aria-label="Next image" title="Next (→)">›</button>
          <span className="viewer-zoom" role="group" aria-label="Zoom">
            {(['fit', 1, 2] as const).map((z) => (
              <button key={z} className={`btn tiny${zoom === z ? ' active' : ''}`} aria-pressed={zoom === z} onClick={() => setZoom(z)}>{z === 'fit' ? 'Fit' : `${z}:1`}</button>
            ))}
          </span>
          <button className="icon-btn" onClick={onClose} title="Close (Esc)" aria-label="Close viewer">✕</button>
        </div>
        {image && (
          <>
            <div className="viewer-stars" role="group" aria-label="Rating (keys 1–5, 0 clears)">
              {[1, 2, 3, 4, 5].map((n) => (
                <button key={n} className={`star${rating !== null && n <= rating ? ' on' : ''}`} aria-label={`${n} star${n > 1 ? 's' : ''}`} aria-pressed={rating === n}
                  onClick={() => onRate(image.artifactId, rating === n ? 0 : n)}>★</button>
              ))}
            </div>
            <dl className="meta-list">
              <dt>Stage</dt><dd>{image.stageId} · image {image.index + 1}</dd>
              <dt>Size</dt><dd>{image.width}×{image.height}</dd>
              <dt>Model</dt><dd>{image.model || 'loaded model'}{image.sampler ? ` · ${image.sampler}` : ''}</dd>
              <dt>Run</dt><dd><code>{image.runId}</code></dd>
              <dt>Made</dt><dd>{new Date(image.createdAt).toLocaleString()}</dd>
            </dl>
            <div className="viewer-actions">
              <button className="btn small" onClick={() => onOpenGraph(image)} title="Open the graph as this run compiled it, as a new document">Open graph</button>
              <button className="btn small" onClick={() => onUseAsSource(image)} title="Start an img2img node of the open graph from this image">Use as img2img source</button>
              <a className="btn small" href={artifactUrl(image.artifactId)} download>Download</a>
            </div>
            <h4>Stage chain</h4>
            {chain === null ? <p className="muted small">Loading…</p> : (
              <ol className="viewer-chain">
                {chain.map((s) => (
                  <li key={s.stageId}>
                    {s.image
                      ? <button className={`chain-thumb${s.image.artifactId === image.artifactId ? ' current' : ''}`} onClick={() => setChainPick(s.image!.artifactId === listed?.artifactId ? null : s.image)}
                        title={`${s.kind} (${s.stageId})`}><img src={thumbUrl(s.image.artifactId)} alt={`${s.kind} stage image`} /></button>
                      : <span className="chain-thumb empty">no image</span>}
                    <span className="small chain-kind">{s.kind}</span>
                  </li>
                ))}
              </ol>
            )}
            <h4>Parameters</h4>
            {error && <p className="error-text small">{error}</p>}
            {parameters === undefined && !error ? <p className="muted small">Loading…</p>
              : parameters ? <pre className="parameters">{parameters}</pre> : !error && <p className="muted small">This image carries no parameters.</p>}
          </>
        )}
      </aside>
    </div>
  )
}
