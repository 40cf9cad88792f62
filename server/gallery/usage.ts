/**
 * Disk usage of the data folder: each run's output folder (images, thumbnails, manifests, videos),
 * the database and the learning files. Measured on the files themselves, never estimated. A run
 * folder's size is remembered with the folder's mtime (adding or removing a file changes it), so
 * asking again after one run finished re-reads that run only.
 */
import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Database } from 'better-sqlite3'
import type { UsageResponse } from '../../engine/api/gallery.ts'
import type { DataPaths } from '../data/paths.ts'

interface FolderSize { bytes: number; files: number; thumbBytes: number; mtimeMs: number; childMtimes: string }

async function sizeOfFolder(dir: string): Promise<Omit<FolderSize, 'mtimeMs' | 'childMtimes'>> {
  let bytes = 0, files = 0, thumbBytes = 0
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => [])
  for (const e of entries) {
    const p = join(dir, e.name)
    if (e.isDirectory()) {
      const inner = await sizeOfFolder(p)
      bytes += inner.bytes; files += inner.files; thumbBytes += inner.thumbBytes
    } else if (e.isFile()) {
      const s = await stat(p).catch(() => undefined)
      if (!s) continue
      bytes += s.size
      files++
      if (e.name.endsWith('.thumb.webp')) thumbBytes += s.size
    }
  }
  return { bytes, files, thumbBytes }
}

/** mtimes of the folder's sub-folders (manifests/): a new manifest changes those, not the run folder. */
async function childMtimes(dir: string): Promise<string> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => [])
  const out: number[] = []
  for (const e of entries) if (e.isDirectory()) out.push((await stat(join(dir, e.name)).catch(() => undefined))?.mtimeMs ?? 0)
  return out.join(',')
}

async function fileSize(path: string): Promise<number> {
  return (await stat(path).catch(() => undefined))?.size ?? 0
}

export class UsageMeter {
  private readonly folders = new Map<string, FolderSize>()

  constructor(private readonly paths: DataPaths, private readonly db: Database) {}

  async usage(): Promise<UsageResponse> {
    const runDirs = await readdir(this.paths.outputs, { withFileTypes: true }).catch(() => [])
    const runs: UsageResponse['runs'] = []
    let outputsBytes = 0, thumbnailsBytes = 0
    const seen = new Set<string>()
    for (const d of runDirs) {
      if (!d.isDirectory()) continue
      const dir = join(this.paths.outputs, d.name)
      seen.add(dir)
      const info = await stat(dir).catch(() => undefined)
      if (!info) continue
      const children = await childMtimes(dir)
      let size = this.folders.get(dir)
      if (!size || size.mtimeMs !== info.mtimeMs || size.childMtimes !== children) {
        size = { ...(await sizeOfFolder(dir)), mtimeMs: info.mtimeMs, childMtimes: children }
        this.folders.set(dir, size)
      }
      runs.push({ runId: d.name, bytes: size.bytes, files: size.files })
      outputsBytes += size.bytes
      thumbnailsBytes += size.thumbBytes
    }
    for (const dir of [...this.folders.keys()]) if (!seen.has(dir)) this.folders.delete(dir)
    const db = this.paths.database
    const databaseBytes = (await fileSize(db)) + (await fileSize(`${db}-wal`)) + (await fileSize(`${db}-shm`))
    const learningBytes = (await sizeOfFolder(this.paths.learning)).bytes
    runs.sort((a, b) => b.bytes - a.bytes || a.runId.localeCompare(b.runId))
    return {
      totalBytes: outputsBytes + databaseBytes + learningBytes,
      outputsBytes, thumbnailsBytes, databaseBytes, learningBytes, runs,
      stageCache: await this.stageCacheUsage(),
    }
  }

  /** Entries of the stage cache and the bytes of the distinct image files they point at. */
  async stageCacheUsage(): Promise<{ entries: number; bytes: number }> {
    const { n } = this.db.prepare(`SELECT COUNT(*) AS n FROM stage_cache`).get() as { n: number }
    const files = this.db.prepare(`SELECT DISTINCT a.path AS path FROM stage_cache c, json_each(c.artifact_ids) j
      JOIN artifacts a ON a.artifact_id = j.value`).all() as { path: string }[]
    let bytes = 0
    for (const f of files) bytes += await fileSize(join(this.paths.root, ...f.path.split('/')))
    return { entries: n, bytes }
  }
}
