/**
 * A ControlNet unit's control image: this stage's input image, the output of a stage that feeds
 * this one (directly or through others), or an uploaded image (pick one, or upload a new file).
 * The value is the unit's reference (`input`, `stage:<id>`, `upload:<id>`); the server attaches
 * the image when the job runs.
 */
import { useEffect, useMemo, useRef, useState } from 'react'
import type { UploadInfo } from '../../../engine/api/uploads.ts'
import { getNodeKind } from '../../../engine/nodes/registry.ts'
import { errorMessage } from '../api/client.ts'
import { listUploads, uploadImage, uploadUrl } from '../api/upload-endpoints.ts'
import { useEditorStore } from '../store/context.tsx'
import type { FlowEdge, FlowNode } from '../store/flow-types.ts'

interface Props {
  nodeId: string
  value: unknown
  inherited: boolean
  onChange(value: unknown): void
  id: string
}

/** Stages whose images reach `nodeId` through image wires, nearest first. */
export function upstreamStages(nodeId: string, nodes: readonly FlowNode[], edges: readonly FlowEdge[]): FlowNode[] {
  const out: FlowNode[] = []
  const seen = new Set([nodeId])
  let frontier = [nodeId]
  while (frontier.length > 0) {
    const next: string[] = []
    for (const target of frontier) {
      for (const e of edges) {
        if (e.target !== target || e.data?.portType !== 'image' || seen.has(e.source)) continue
        seen.add(e.source)
        const n = nodes.find((x) => x.id === e.source)
        if (n) out.push(n)
        next.push(e.source)
      }
    }
    frontier = next
  }
  return out
}

export function ControlImageControl({ nodeId, value, inherited, onChange, id }: Props) {
  const nodes = useEditorStore((s) => s.nodes)
  const edges = useEditorStore((s) => s.edges)
  const [uploads, setUploads] = useState<UploadInfo[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const file = useRef<HTMLInputElement>(null)
  useEffect(() => {
    const ctl = new AbortController()
    listUploads(ctl.signal).then((r) => setUploads(r.uploads), () => setUploads([]))
    return () => ctl.abort()
  }, [])
  const current = typeof value === 'string' ? value : ''
  const self = nodes.find((n) => n.id === nodeId)
  // Not a node (a pack's bound config): the layer may reach any stage, so "its input" is offered.
  const hasInput = self ? getNodeKind(self.data.kind)?.inputs.some((p) => p.type === 'image') ?? false : true
  const options = useMemo(() => {
    const out: { value: string; label: string }[] = [{ value: '', label: '— choose a control image —' }]
    if (hasInput) out.push({ value: 'input', label: 'This stage’s input image' })
    for (const n of upstreamStages(nodeId, nodes, edges)) out.push({ value: `stage:${n.id}`, label: `Output of ${n.data.label || n.data.kind} (${n.id})` })
    for (const u of uploads ?? []) out.push({ value: `upload:${u.id}`, label: `Uploaded ${u.width}×${u.height} (${u.id})` })
    if (current && !out.some((o) => o.value === current)) out.push({ value: current, label: `${current} (not available)` })
    return out
  }, [hasInput, nodeId, nodes, edges, uploads, current])

  const onFile = async (f: File | undefined) => {
    if (!f) return
    setBusy(true)
    setError(null)
    try {
      const info = await uploadImage(f)
      setUploads((list) => [...(list ?? []).filter((u) => u.id !== info.id), info])
      onChange(`upload:${info.id}`)
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
      if (file.current) file.current.value = ''
    }
  }
  const uploadId = current.startsWith('upload:') ? current.slice('upload:'.length) : null
  return (
    <div className="control-image">
      <select id={id} className={inherited ? 'inherited' : ''} value={current} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
      <button type="button" className="btn small" disabled={busy} onClick={() => file.current?.click()} title="Upload an image into the data folder">
        {busy ? 'Uploading…' : 'Upload…'}
      </button>
      <input ref={file} type="file" accept="image/*" hidden aria-label="Control image file" onChange={(e) => void onFile(e.target.files?.[0])} />
      {uploadId && <img className="control-image-thumb" src={uploadUrl(uploadId)} alt={`Control image ${uploadId}`} />}
      {error && <p className="field-error">{error}</p>}
    </div>
  )
}
