/**
 * The mask painter: a modal over the img2img's input image (or a blank frame of the size it will
 * receive) with a canvas overlay. Brush and eraser with a size, invert, clear, and a blur preview
 * that blurs the overlay by the stage's mask blur (A1111 blurs with sigma = mask blur; CSS blur()
 * takes the same standard deviation). Save uploads the mask as an opaque white-on-black PNG at the
 * image's size and hands back its id; Cancel changes nothing.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { ApiError } from '../../api/client.ts'
import { maskUrl, uploadMask } from '../../api/mask-endpoints.ts'
import {
  clearMask, coverageOf, emptyMask, invertMask, maskFromRgba, maskToOverlay, maskToRgba, paintLine, type MaskPixels,
} from './mask-pixels.ts'

export interface PainterProps {
  width: number
  height: number
  /** The image painted over; null paints on a blank frame. */
  backgroundUrl: string | null
  /** The mask to start from (the stage's current one), if any. */
  initialMaskId: string | null
  /** The stage's effective mask blur, for the preview. */
  blur: number
  onSaved(id: string): void
  onClose(): void
}

/** Largest on-screen size of the painting area; the mask keeps the image's own pixels. */
const MAX_VIEW = { width: 760, height: 520 }

export function MaskPainter({ width, height, backgroundUrl, initialMaskId, blur, onSaved, onClose }: PainterProps) {
  const dialog = useRef<HTMLDialogElement>(null)
  const canvas = useRef<HTMLCanvasElement>(null)
  const mask = useRef<MaskPixels>(emptyMask(width, height))
  const last = useRef<{ x: number; y: number } | null>(null)
  const [tool, setTool] = useState<'brush' | 'eraser'>('brush')
  const [radius, setRadius] = useState(() => Math.max(2, Math.round(Math.min(width, height) / 16)))
  const [blurPreview, setBlurPreview] = useState(false)
  const [coverage, setCoverage] = useState(0)
  const [error, setError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const scale = Math.min(1, MAX_VIEW.width / width, MAX_VIEW.height / height)

  const redraw = useCallback(() => {
    const ctx = canvas.current?.getContext('2d')
    if (!ctx) return
    ctx.putImageData(new ImageData(maskToOverlay(mask.current), width, height), 0, 0)
  }, [width, height])

  useEffect(() => {
    const d = dialog.current
    if (d && !d.open) d.showModal()
    return () => { if (d?.open) d.close() }
  }, [])

  // Start from the stage's mask, stretched to this size (the server does the same when sending).
  useEffect(() => {
    if (!initialMaskId) { redraw(); return }
    let live = true
    const img = new Image()
    img.onload = () => {
      if (!live) return
      const off = document.createElement('canvas')
      off.width = width
      off.height = height
      const ctx = off.getContext('2d')!
      ctx.imageSmoothingEnabled = false
      ctx.drawImage(img, 0, 0, width, height)
      mask.current = maskFromRgba(ctx.getImageData(0, 0, width, height).data, width, height)
      setCoverage(coverageOf(mask.current))
      redraw()
    }
    img.onerror = () => { if (live) setError('The current mask could not be loaded; you are painting a new one.') }
    img.src = maskUrl(initialMaskId)
    return () => { live = false }
  }, [initialMaskId, width, height, redraw])

  const at = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect()
    return { x: ((e.clientX - rect.left) * width) / rect.width, y: ((e.clientY - rect.top) * height) / rect.height }
  }
  const stroke = (to: { x: number; y: number }) => {
    paintLine(mask.current, last.current ?? to, to, radius, tool === 'brush' ? 255 : 0)
    last.current = to
    redraw()
  }
  const edit = (f: (m: MaskPixels) => void) => {
    f(mask.current)
    setCoverage(coverageOf(mask.current))
    redraw()
  }

  const save = async () => {
    setSaving(true)
    setError(null)
    try {
      const off = document.createElement('canvas')
      off.width = width
      off.height = height
      off.getContext('2d')!.putImageData(new ImageData(maskToRgba(mask.current), width, height), 0, 0)
      const url = off.toDataURL('image/png')
      const { mask: info } = await uploadMask(url.slice(url.indexOf(',') + 1))
      onSaved(info.id)
    } catch (e) {
      setError(e instanceof ApiError ? e.message : `The mask could not be saved: ${(e as Error).message}`)
      setSaving(false)
    }
  }

  const view = { width: Math.round(width * scale), height: Math.round(height * scale) }
  return (
    <dialog ref={dialog} className="app-dialog mask-painter" aria-modal="true" aria-labelledby="mask-painter-title" onCancel={(e) => { e.preventDefault(); onClose() }}>
      <h2 id="mask-painter-title">Paint the inpaint mask</h2>
      <p className="muted small">
        Paint what the WebUI should re-draw ({width}×{height}). {backgroundUrl ? '' : 'No input image yet: painting on a blank frame of the size this stage will receive. '}
        {Math.round(coverage * 100)}% painted.
      </p>
      <div className="mask-tools" role="toolbar" aria-label="Mask tools">
        <button type="button" className={`btn small${tool === 'brush' ? ' active' : ''}`} aria-pressed={tool === 'brush'} onClick={() => setTool('brush')}>Brush</button>
        <button type="button" className={`btn small${tool === 'eraser' ? ' active' : ''}`} aria-pressed={tool === 'eraser'} onClick={() => setTool('eraser')}>Eraser</button>
        <label className="mask-size">Size <input type="range" min={1} max={Math.max(8, Math.round(Math.min(width, height) / 2))} value={radius} onChange={(e) => setRadius(Number(e.target.value))} aria-label="Brush size (radius in image pixels)" /> <span>{radius}px</span></label>
        <button type="button" className="btn small" onClick={() => edit(invertMask)}>Invert</button>
        <button type="button" className="btn small" onClick={() => edit(clearMask)}>Clear</button>
        <label className="mask-blur"><input type="checkbox" checked={blurPreview} onChange={(e) => setBlurPreview(e.target.checked)} /> Blur preview ({blur}px)</label>
      </div>
      <div className="mask-stage" style={view}>
        {backgroundUrl && <img src={backgroundUrl} alt="The input image" draggable={false} style={view} />}
        <canvas
          ref={canvas}
          width={width}
          height={height}
          className="mask-canvas"
          aria-label="Mask canvas: drag to paint"
          style={{ ...view, filter: blurPreview && blur > 0 ? `blur(${blur * scale}px)` : undefined }}
          onPointerDown={(e) => { e.currentTarget.setPointerCapture(e.pointerId); last.current = null; stroke(at(e)) }}
          onPointerMove={(e) => { if (last.current) stroke(at(e)) }}
          onPointerUp={() => { last.current = null; setCoverage(coverageOf(mask.current)) }}
          onPointerCancel={() => { last.current = null }}
        />
      </div>
      {error && <p className="dialog-error" role="alert">{error}</p>}
      <div className="dialog-buttons">
        <button type="button" className="btn" onClick={onClose}>Cancel</button>
        <button type="button" className="btn primary" disabled={saving} onClick={() => void save()}>{saving ? 'Saving…' : 'Save mask'}</button>
      </div>
    </dialog>
  )
}
