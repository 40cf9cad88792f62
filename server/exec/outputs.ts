/**
 * Output files: every image as a PNG under `outputs/<runId>/`, named by the JobSpec's
 * `filenameTemplate`, with the WebUI's `parameters` chunk kept and our `stablenew:job` and
 * `stablenew:graph` iTXt chunks added (a PNG dropped on the canvas restores its graph); a 256 px
 * WebP thumbnail beside it; an artifact row; and a manifest per job.
 *
 * All of this runs off the critical path: the next stage already has the image bytes in memory.
 */
import sharp from 'sharp'
import type { JobSpec } from '../../engine/compile/spec.ts'
import { hashString } from '../../engine/util/hash.ts'
import { writeFileAtomic, writeJsonAtomic } from '../data/atomic.ts'
import { inside, toDataRelative, type DataPaths } from '../data/paths.ts'
import { readTextChunks, writeTextChunks } from '../png/chunks.ts'
import type { ArtifactRecord } from '../queue/types.ts'
import { GRAPH_CHUNK, JOB_CHUNK } from './image.ts'
import type { JobManifest } from './types.ts'

export const THUMB_SIZE = 256

/**
 * One id per (job, stage, image index), so a job run again (a retry, a restart mid-job) replaces
 * its earlier rows instead of piling up duplicates. Ids are also URL segments and rating targets,
 * so they match the library's Id pattern.
 */
export function artifactIdFor(owner: string, stageId: string, index: number | 'video'): string {
  return `a-${hashString(`${owner}\0${stageId}\0${index}`)}`
}

/**
 * `{stage}` → the stage (node) id, `{index}` → the image's 1-based number within the stage,
 * two digits, like the row/variant/batch numbers the compiler already put in the name.
 */
export function outputFileName(spec: JobSpec, stageId: string, index: number): string {
  const name = spec.filenameTemplate
    .replaceAll('{stage}', stageId)
    .replaceAll('{index}', String(index + 1).padStart(2, '0'))
  // Node ids are file-safe by schema; a template from an edited job still must not name a folder.
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*\.png$/.test(name)) throw new Error(`unsafe output file name "${name}"`)
  return name
}

/** The run's output folder, proven to stay inside the data folder. */
export function runFolder(paths: DataPaths, spec: Pick<JobSpec, 'outputDir'>): string {
  return inside(paths.root, ...spec.outputDir.split('/').filter((s) => s !== ''))
}

export interface ImageToSave {
  spec: JobSpec
  /** The graph as JSON (the same text for every image of a run). */
  graphJson: string
  stageId: string
  index: number
  /** The PNG as the WebUI returned it. */
  bytes: Buffer
  width: number
  height: number
  /**
   * The WebUI's infotext for this image from its response's `info`. Written as `parameters` only
   * when the PNG has none: A1111's SD upscale script returns its combined image without one,
   * though A1111 writes it (the first tile's) into the files it saves itself.
   */
  infotext?: string
}

/**
 * Writes one image and its thumbnail, atomically, and returns its artifact row (not yet added).
 * The chunks are deflated (iTXt with compression): graph JSON compresses ~10×.
 */
export async function saveImage(paths: DataPaths, img: ImageToSave): Promise<ArtifactRecord> {
  const folder = runFolder(paths, img.spec)
  const name = outputFileName(img.spec, img.stageId, img.index)
  const file = inside(folder, name)
  const thumb = inside(folder, name.replace(/\.png$/, '.thumb.webp'))
  const missing = img.infotext !== undefined && !hasParameters(img.bytes)
  const tagged = writeTextChunks(img.bytes, {
    ...(missing ? { parameters: img.infotext! } : {}),
    [JOB_CHUNK]: JSON.stringify(img.spec),
    [GRAPH_CHUNK]: img.graphJson,
  }, { compress: true })
  if (!tagged.ok) throw new Error(`the WebUI's image for stage "${img.stageId}" is not a valid PNG: ${tagged.error}`)
  const thumbnail = sharp(img.bytes)
    .resize(THUMB_SIZE, THUMB_SIZE, { fit: 'inside', withoutEnlargement: true })
    // effort 0: about half the CPU of the default for a thumbnail that looks the same at 256 px,
    // and this runs for every image while the WebUI works.
    .webp({ quality: 80, effort: 0 })
    .toBuffer()
  await Promise.all([writeFileAtomic(file, tagged.value), thumbnail.then((t) => writeFileAtomic(thumb, t))])
  return {
    artifactId: artifactIdFor(img.spec.jobId, img.stageId, img.index),
    jobId: img.spec.jobId,
    runId: img.spec.runId,
    stageId: img.stageId,
    index: img.index,
    kind: 'image',
    path: toDataRelative(paths, file),
    thumbPath: toDataRelative(paths, thumb),
    width: img.width,
    height: img.height,
    createdAt: new Date().toISOString(),
  }
}

function hasParameters(bytes: Buffer): boolean {
  const text = readTextChunks(bytes)
  return !text.ok || 'parameters' in text.value
}

export async function writeManifest(paths: DataPaths, spec: JobSpec, manifest: JobManifest): Promise<string> {
  const file = inside(runFolder(paths, spec), 'manifests', `${spec.jobId}.json`)
  await writeJsonAtomic(file, manifest)
  return file
}
