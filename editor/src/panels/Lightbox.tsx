/**
 * The full image with its parameters (the A1111 infotext the image carries), its rating, and
 * where it came from. Escape or a click outside closes it; ← / → (or the buttons) step through
 * the images of the list it was opened from (a node's outputs, the history page).
 */
import { useEffect, useState } from 'react'
import type { ArtifactMetaResponse } from '../../../engine/api/http.ts'
import { errorMessage } from '../api/client.ts'
import { artifactUrl, getArtifactMeta } from '../api/run-endpoints.ts'
import { useEditorStore } from '../store/context.tsx'
import { Stars } from './Stars.tsx'

export function Lightbox() {
  const id = useEditorStore((s) => s.lightbox)
  const close = useEditorStore((s) => s.openLightbox)
  const list = useEditorStore((s) => s.lightboxList)
  const at = id ? list.indexOf(id) : -1
  const prev = at > 0 ? list[at - 1]! : null
  const next = at >= 0 && at < list.length - 1 ? list[at + 1]! : null
  const [meta, setMeta] = useState<ArtifactMetaResponse | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    if (!id) return
    let live = true
    setMeta(null)
    setError(null)
    getArtifactMeta(id).then((m) => live && setMeta(m), (e) => live && setError(errorMessage(e)))
    return () => { live = false }
  }, [id])
  useEffect(() => {
    if (!id) return
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close(null)
      else if (e.key === 'ArrowLeft' && prev) close(prev)
      else if (e.key === 'ArrowRight' && next) close(next)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [id, close, prev, next])
  if (!id) return null
  const a = meta?.artifact
  return (
    <div className="lightbox" role="dialog" aria-label="Image" onMouseDown={() => close(null)}>
      <div className="lightbox-body" onMouseDown={(e) => e.stopPropagation()}>
        <div className="lightbox-image">
          <img src={artifactUrl(id)} alt="Full output" />
          {list.length > 1 && (
            <div className="lightbox-nav">
              <button className="btn small" disabled={!prev} onClick={() => prev && close(prev)} aria-label="Previous image" title="Previous (←)">‹</button>
              <span className="lightbox-count">{at + 1} / {list.length}</span>
              <button className="btn small" disabled={!next} onClick={() => next && close(next)} aria-label="Next image" title="Next (→)">›</button>
            </div>
          )}
        </div>
        <aside className="lightbox-info">
          <div className="lightbox-head">
            <b>{a ? `${a.stageId} · image ${a.index + 1}` : 'Image'}</b>
            <button className="icon-btn" onClick={() => close(null)} title="Close (Esc)" aria-label="Close">✕</button>
          </div>
          {error && <p className="error-text">{error}</p>}
          {a && (
            <>
              <Stars targetKind="image" targetId={id} rating={meta?.rating ?? null} size="large" />
              <dl className="meta-list">
                <dt>Size</dt><dd>{a.width}×{a.height}</dd>
                <dt>Job</dt><dd><code>{a.jobId}</code></dd>
                <dt>Run</dt><dd><code>{a.runId}</code></dd>
                <dt>Made</dt><dd>{new Date(a.createdAt).toLocaleString()}</dd>
              </dl>
              <h4>Parameters</h4>
              {meta?.parameters ? <pre className="parameters">{meta.parameters}</pre> : <p className="muted">This image carries no parameters.</p>}
              <a className="btn small" href={artifactUrl(id)} download>Download PNG</a>
            </>
          )}
          {!a && !error && <p className="muted">Loading…</p>}
        </aside>
      </div>
    </div>
  )
}
