/**
 * First start: the example graphs and their packs, presets, wildcards and settings become the
 * user's library. Everything is copied into a staging folder beside the data root's `library/`
 * and renamed into place in one step, so a crash mid-copy never leaves a half library that would
 * then count as "already seeded", and an existing library (even an empty one) is never touched.
 */
import { copyFile, mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises'
import { dirname, join, relative, sep } from 'node:path'
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { parseGraph } from '../../engine/graph/migrations.ts'
import { Id } from '../../engine/graph/schema.ts'
import type { DataPaths } from '../data/paths.ts'
import { listDir, parseJsonText } from './files.ts'

/** The repository's `graphs/` folder, wherever the server was started from. */
export const EXAMPLES_DIR = fileURLToPath(new URL('../../graphs/', import.meta.url))

const STAGING_PREFIX = '.library-seed-'

export interface SeedResult {
  seeded: boolean
  /** Library-relative paths of the copied files. */
  files: string[]
}

export async function seedExamples(paths: DataPaths, examplesDir: string = EXAMPLES_DIR): Promise<SeedResult> {
  if (await exists(paths.library)) return { seeded: false, files: [] }
  await mkdir(paths.root, { recursive: true })
  // Leftovers of a seeding that crashed: never renamed, so nothing refers to them.
  for (const name of await listDir(paths.root)) {
    if (name.startsWith(STAGING_PREFIX)) await rm(join(paths.root, name), { recursive: true, force: true })
  }
  const staging = join(paths.root, `${STAGING_PREFIX}${randomBytes(6).toString('hex')}`)
  const files: string[] = []
  const copy = async (from: string, to: string) => {
    await mkdir(dirname(join(staging, to)), { recursive: true })
    await copyFile(from, join(staging, to))
    files.push(to)
  }
  try {
    await mkdir(join(staging, 'graphs'), { recursive: true })
    for (const name of await listDir(examplesDir)) {
      if (!name.endsWith('.json') || !Id.safeParse(name.slice(0, -5)).success) continue
      // settings.json lives beside the graphs in the examples folder; only real graphs are graphs.
      const json = parseJsonText(await readFile(join(examplesDir, name), 'utf8'))
      if (json.ok && parseGraph(json.value).ok) await copy(join(examplesDir, name), `graphs/${name}`)
    }
    // masks: the inpaint masks example graphs name (library/masks, server/library/masks.ts).
    for (const folder of ['packs', 'presets', 'wildcards', 'masks']) {
      for (const file of await filesUnder(join(examplesDir, folder))) {
        await copy(join(examplesDir, folder, file), `${folder}/${file.split(sep).join('/')}`)
      }
    }
    for (const name of ['settings.json', 'global_negative.txt']) {
      if (await exists(join(examplesDir, name))) await copy(join(examplesDir, name), name)
    }
    await rename(staging, paths.library)
  } catch (e) {
    await rm(staging, { recursive: true, force: true })
    // Another process seeded (or the user created library/) meanwhile: theirs wins.
    const code = (e as NodeJS.ErrnoException).code
    if ((code === 'EEXIST' || code === 'ENOTEMPTY') && (await exists(paths.library))) return { seeded: false, files: [] }
    throw e
  }
  return { seeded: true, files: files.sort() }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path)
    return true
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw e
  }
}

/** Regular files under dir, relative to it; a missing folder is simply empty. */
async function filesUnder(dir: string): Promise<string[]> {
  let entries
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true })
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw e
  }
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort()
}
