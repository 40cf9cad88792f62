/**
 * Under an img2img node's "Source image" field: a thumbnail of the stored image it starts from,
 * or, when the data folder no longer has it (deleted from the gallery, a graph from another
 * install), says so at once — the server refuses such a run (`unknown-source-image`), and the
 * editor's own compile cannot know which images exist.
 */
import { useEffect, useState } from 'react'
import { ApiError } from '../api/client.ts'
import { getArtifactMeta, thumbUrl } from '../api/run-endpoints.ts'
import { useGalleryOpen } from '../gallery/route.ts'

export function SourceImageNote({ artifactId }: { artifactId: string | undefined }) {
  const [state, setState] = useState<'checking' | 'here' | 'missing' | 'unknown'>('checking')
  // Checked again when the gallery opens or closes: images are deleted there.
  const gallery = useGalleryOpen()
  useEffect(() => {
    if (!artifactId) return
    let live = true
    setState('checking')
    getArtifactMeta(artifactId).then(
      () => live && setState('here'),
      (e) => live && setState(e instanceof ApiError && e.status === 404 ? 'missing' : 'unknown'),
    )
    return () => { live = false }
  }, [artifactId, gallery])
  if (!artifactId) return null
  if (state === 'missing') {
    return <p className="dialog-error source-image-missing" role="alert">Source image {artifactId} is no longer in the data folder (deleted from the gallery?): a run will be refused. Pick another image in the gallery (“Use as img2img source”) or wire an image in.</p>
  }
  if (state !== 'here') return null
  return <img className="source-image-thumb" src={thumbUrl(artifactId)} alt={`Source image ${artifactId}`} />
}
