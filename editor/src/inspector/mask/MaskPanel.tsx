/**
 * The inpaint mask of an img2img node, under its inspector form: the current mask (a thumbnail
 * and how much of the image it covers), "Paint mask…" (the painter over the input image), "Upload
 * PNG…" (a mask made elsewhere, e.g. in an image editor or A1111) and "Remove". Either way the mask
 * is stored on the server and the node's `inpaint.mask_id` names it.
 */
import { useEffect, useMemo, useRef, useState } from 'react'
import { artifactUrl } from '../../api/run-endpoints.ts'
import { ApiError } from '../../api/client.ts'
import { getMaskInfo, maskUrl, uploadMask } from '../../api/mask-endpoints.ts'
import type { MaskInfo } from '../../../../engine/api/masks.ts'
import { useEditorStore } from '../../store/context.tsx'
import type { ParamPath } from '../../store/params.ts'
import { inputSizes } from '../../preview/payload.ts'
import { MaskPainter } from './MaskPainter.tsx'
import { describeSource } from '../provenance.ts'

interface Props {
  nodeId: string
  /** The node's own `inpaint` params (undefined = all inherited). */
  own: Record<string, unknown> | undefined
  /** The effective (merged) `inpaint` block, when compiled. */
  effective: Record<string, unknown> | undefined
  /** Provenance of the effective `inpaint.mask_id` (default, preset:…), for "inherited from". */
  source?: string
  onSet(path: ParamPath, value: unknown): void
}

const DEFAULT_SIZE = { width: 512, height: 512 }

/** What the painter paints over: the node's source image, else the latest image its input stage made. */
function usePainterSource(nodeId: string): { url: string | null; size: { width: number; height: number } | null } {
  const sourceImage = useEditorStore((s) => s.nodes.find((n) => n.id === nodeId)?.data.params.sourceImage as string | undefined)
  const upstream = useEditorStore((s) => s.edges.find((e) => e.target === nodeId && e.targetHandle === 'image')?.source)
  const latest = useEditorStore((s) => (upstream ? s.nodeOutputs[upstream]?.find((o) => o.kind === 'image') : undefined))
  // The size this stage will receive, from the compiled plan (the mask is made at that size).
  // The selector returns the stored job (a stable reference); the size is derived outside it.
  const job = useEditorStore((s) => s.compiled?.run?.jobs.find((j) => j.plan.stages.some((st) => st.stageId === nodeId)))
  const planned = useMemo(() => (job ? inputSizes(job.plan.stages).get(nodeId) ?? null : null), [job, nodeId])
  if (sourceImage) return { url: artifactUrl(sourceImage), size: planned }
  if (upstream && latest) return { url: artifactUrl(latest.artifactId), size: planned ?? { width: latest.width, height: latest.height } }
  return { url: null, size: planned }
}

export function MaskPanel({ nodeId, own, effective, source: maskSource, onSet }: Props) {
  const maskId = String(own?.mask_id ?? effective?.mask_id ?? '')
  const blur = Number(own?.mask_blur ?? effective?.mask_blur ?? 4)
  const source = usePainterSource(nodeId)
  const [painting, setPainting] = useState<{ width: number; height: number } | null>(null)
  const [info, setInfo] = useState<MaskInfo | null>(null)
  const [error, setError] = useState<string | null>(null)
  const file = useRef<HTMLInputElement>(null)

  useEffect(() => {
    setInfo(null)
    if (!maskId) return
    const ctl = new AbortController()
    setError(null)
    getMaskInfo(maskId, ctl.signal).then((r) => setInfo(r.mask), (e) => {
      if ((e as Error).name === 'AbortError') return
      // A graph from a file or another install may name a mask this data folder does not have.
      if (e instanceof ApiError && e.status === 404) setError(`Mask ${maskId} is not in this data folder: the run will be refused. Paint or upload the mask again, or remove it.`)
      else setError(e instanceof ApiError ? e.message : String(e))
    })
    return () => ctl.abort()
  }, [maskId])

  const setMask = (id: string | undefined) => {
    setError(null)
    onSet(['inpaint', 'mask_id'], id)
  }

  /** Opens the painter at the planned size, else the source image's own size, else 512×512. */
  const openPainter = () => {
    if (source.size) return setPainting(source.size)
    if (!source.url) return setPainting(DEFAULT_SIZE)
    const img = new Image()
    img.onload = () => setPainting({ width: img.naturalWidth, height: img.naturalHeight })
    img.onerror = () => setPainting(DEFAULT_SIZE)
    img.src = source.url
  }

  const uploadFile = async (f: File) => {
    setError(null)
    try {
      const bytes = new Uint8Array(await f.arrayBuffer())
      let bin = ''
      for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
      const { mask } = await uploadMask(btoa(bin))
      setMask(mask.id)
    } catch (e) {
      setError(e instanceof ApiError ? e.message : `The file could not be read: ${(e as Error).message}`)
    }
  }

  return (
    <fieldset className="field-group mask-panel">
      <legend>Inpaint mask</legend>
      {maskId ? (
        <div className="mask-current">
          <img src={maskUrl(maskId)} alt="The current inpaint mask (white = re-drawn)" className="mask-thumb" />
          <span className="small">
            <code>{maskId}</code>
            {info && <><br />{info.width}×{info.height}, {Math.round(info.coverage * 100)}% painted</>}
            {info && source.size && (info.width !== source.size.width || info.height !== source.size.height) && (
              <><br /><span className="warn-text">This stage receives {source.size.width}×{source.size.height}: the mask is stretched to that size when sent.</span></>
            )}
            {own?.mask_id === undefined && <><br /><span className="muted">inherited from {describeSource(maskSource)}</span></>}
          </span>
        </div>
      ) : (
        <p className="muted small">No mask: the whole image is re-diffused. Paint or upload one to inpaint only part of it.</p>
      )}
      <div className="mask-actions">
        <button type="button" className="btn small" onClick={openPainter}>{maskId ? 'Edit mask…' : 'Paint mask…'}</button>
        <button type="button" className="btn small" onClick={() => file.current?.click()}>Upload PNG…</button>
        {own?.mask_id !== undefined && <button type="button" className="btn small" onClick={() => setMask(undefined)} title="Back to the inherited mask (none unless a preset sets one)">Remove</button>}
        {own?.mask_id === undefined && maskId && <button type="button" className="btn small" onClick={() => setMask('')} title="A preset gives this mask; set “no mask” on this node">No mask here</button>}
        <input ref={file} type="file" accept="image/png" hidden aria-label="Mask PNG file" onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) void uploadFile(f) }} />
      </div>
      {error && <p className="dialog-error" role="alert">{error}</p>}
      {painting && (
        <MaskPainter
          width={painting.width}
          height={painting.height}
          backgroundUrl={source.url}
          initialMaskId={maskId || null}
          blur={blur}
          onSaved={(id) => { setPainting(null); setMask(id) }}
          onClose={() => setPainting(null)}
        />
      )}
    </fieldset>
  )
}
