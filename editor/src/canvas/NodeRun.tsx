/**
 * The run part of a stage node: a progress bar with step counts and the WebUI's live preview
 * while a job runs this stage, then the node's latest outputs as thumbnails, each with a star
 * rating; clicking a thumbnail opens the full image. Reads only this node's entries, so a
 * progress event for another node never re-renders this one.
 */
import { memo, useState } from 'react'
import { artifactUrl, retryVideo, thumbUrl } from '../api/run-endpoints.ts'
import { Stars } from '../panels/Stars.tsx'
import { useEditorStore } from '../store/context.tsx'

/** Every image the node lists (not only the four shown), so the lightbox can step through them. */
const imageIds = (list: readonly { artifactId: string; kind?: string }[]) => list.filter((a) => a.kind !== 'video').map((a) => a.artifactId)

export const NodeRun = memo(function NodeRun({ id }: { id: string }) {
  const run = useEditorStore((s) => s.nodeRun[id])
  const outputs = useEditorStore((s) => s.nodeOutputs[id])
  const openLightbox = useEditorStore((s) => s.openLightbox)
  if (!run && !outputs?.length) return null
  const pct = run ? Math.round(run.progress * 100) : 0
  return (
    <div className="node-run nodrag">
      {run?.state === 'running' && (
        <div className="node-progress" title={`Job ${run.jobId}`}>
          <div className="bar"><i style={{ width: `${pct}%` }} /></div>
          <span className="progress-text">{run.steps > 0 ? `step ${run.step}/${run.steps}` : 'starting…'} · {pct}%</span>
        </div>
      )}
      {run?.state === 'failed' && (
        <div className="node-problem" title={run.error}>
          Failed: {run.error}
          {run.videoRunId && <VideoRetry runId={run.videoRunId} stageId={id} />}
        </div>
      )}
      <div className="thumbs">
        {run?.state === 'running' && run.preview && (
          <div className="thumb live"><img src={run.preview} alt="Live preview" /><span className="live-tag">live</span></div>
        )}
        {outputs?.slice(0, run?.preview ? 3 : 4).map((a) => a.kind === 'video' ? (
          // A video node's output plays in place; it has no thumbnail and is not rated as an image.
          <div key={a.artifactId} className="thumb video" data-artifact={a.artifactId}>
            <video src={artifactUrl(a.artifactId)} muted loop playsInline controls preload="metadata" aria-label={`Video of ${a.stageId}`} />
          </div>
        ) : (
          <div key={a.artifactId} className="thumb" data-artifact={a.artifactId}>
            <button className="thumb-open" onClick={() => openLightbox(a.artifactId, imageIds(outputs))} title={`${a.width}×${a.height} — click to open`}>
              <img src={thumbUrl(a.artifactId)} alt={`Output ${a.index + 1} of ${a.stageId}`} loading="lazy" />
            </button>
            <Stars targetKind="image" targetId={a.artifactId} rating={a.rating} />
          </div>
        ))}
      </div>
    </div>
  )
})

/** Makes a failed video again; the node shows the server's answer if it refuses (frames missing). */
function VideoRetry({ runId, stageId }: { runId: string; stageId: string }) {
  const setNodeRun = useEditorStore((s) => s.setNodeRun)
  const [busy, setBusy] = useState(false)
  const retry = () => {
    setBusy(true)
    retryVideo(runId, stageId).then(
      () => setNodeRun(stageId, undefined),
      (e: Error) => {
        setBusy(false)
        setNodeRun(stageId, { jobId: '', state: 'failed', step: 0, steps: 0, progress: 0, preview: null, error: e.message, videoRunId: runId })
      },
    )
  }
  return <button className="btn small" disabled={busy} onClick={retry} data-testid="video-retry">Retry video</button>
}
