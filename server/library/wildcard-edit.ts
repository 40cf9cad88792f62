/**
 * Editing wildcard files (`wildcards/<folder>/<name>.txt`, one value per line) and their folders
 * in the app, plus "where is this wildcard used". Names are checked against `WildcardName` and
 * every path goes through `inside()`; writes are atomic and guarded by the version the client
 * read, like packs (pack-edit.ts).
 */
import { readdir, rm, rmdir } from 'node:fs/promises'
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { WildcardName, type WildcardSource, type WildcardUsage } from '../../engine/api/library-edit.ts'
import { scanWildcardReferences } from '../../engine/prompts/parse.ts'
import { compareCodePoints, wildcardFilesMatching } from '../../engine/prompts/wildcards.ts'
import { ApiError, badRequest } from '../app/problems.ts'
import { makeFolder, writeFileAtomic } from '../data/atomic.ts'
import { inside, PathEscapeError, type DataPaths } from '../data/paths.ts'
import { listDir, readTextIfExists } from './files.ts'
import { readWildcards } from './read-library.ts'

type Lock = <T>(fn: () => Promise<T>) => Promise<T>
type Guard = { expectedVersion?: string | null | undefined; overwrite?: true | 'true' | undefined }

export const wildcardVersion = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16)

export interface WildcardEditor {
  source(name: string): Promise<WildcardSource>
  save(name: string, text: string, guard: Guard): Promise<{ source: WildcardSource; written: boolean }>
  remove(name: string, guard: Guard): Promise<{ deleted: string }>
  folders(): Promise<string[]>
  createFolder(name: string): Promise<{ folders: string[] }>
  removeFolder(name: string): Promise<{ folders: string[] }>
  usage(): Promise<Record<string, WildcardUsage>>
}

export function createWildcardEditor(paths: DataPaths, lock: Lock, onWrite: () => void): WildcardEditor {
  /** The strict name pattern first, then `inside()` as a second wall (as idPath does for ids). */
  function resolve(name: string, where: string, suffix: string): string {
    const checked = WildcardName.safeParse(name)
    if (!checked.success) throw badRequest(`${where}: ${checked.error.issues[0]?.message ?? 'invalid name'}`, [{ path: where, message: checked.error.issues[0]?.message ?? 'invalid name' }])
    const parts = name.split('/')
    parts[parts.length - 1] += suffix
    try {
      return inside(paths.wildcards, ...parts)
    } catch (e) {
      if (e instanceof PathEscapeError) throw badRequest(`${where}: refused`, [{ path: where, message: 'must name a file inside the wildcard folder' }])
      throw e
    }
  }
  const fileOf = (name: string, where = 'name') => resolve(name, where, '.txt')

  function checkVersion(name: string, current: string | undefined, guard: Guard): void {
    if (guard.overwrite === true || guard.overwrite === 'true') return
    if (guard.expectedVersion === null) {
      if (current !== undefined) throw new ApiError(409, `a wildcard "${name}" already exists`, [{ path: 'body.name', message: `__${name}__ already exists; open it to edit it` }])
      return
    }
    if (current === undefined) throw new ApiError(404, `wildcard "${name}" not found`, [{ path: 'name', message: `no wildcard file "${name}"` }])
    if (guard.expectedVersion !== wildcardVersion(current)) {
      throw new ApiError(409, `wildcard "${name}" was changed on disk since you opened it; reload it, or save again with overwrite to replace that change`, [
        { path: 'expectedVersion', message: `the file is now at version ${wildcardVersion(current)}` },
      ])
    }
  }

  async function folders(): Promise<string[]> {
    let entries: import('node:fs').Dirent[]
    try {
      entries = await readdir(paths.wildcards, { recursive: true, withFileTypes: true })
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw e
    }
    return entries
      .filter((d) => d.isDirectory())
      .map((d) => join(d.parentPath, d.name).slice(paths.wildcards.length + 1).split(/[\\/]/).join('/'))
      .filter((name) => WildcardName.safeParse(name).success)
      .sort(compareCodePoints)
  }

  return {
    async source(name) {
      const text = await readTextIfExists(fileOf(name))
      if (text === undefined) throw new ApiError(404, `wildcard "${name}" not found`, [{ path: 'query.name', message: `no wildcard file "${name}"` }])
      return { name, text, version: wildcardVersion(text) }
    },

    save: (name, text, guard) => lock(async () => {
      const file = fileOf(name, 'body.name')
      const current = await readTextIfExists(file)
      checkVersion(name, current, guard)
      if (current === text) return { source: { name, text, version: wildcardVersion(text) }, written: false }
      await writeFileAtomic(file, text)
      onWrite()
      return { source: { name, text, version: wildcardVersion(text) }, written: true }
    }),

    remove: (name, guard) => lock(async () => {
      const file = fileOf(name, 'query.name')
      checkVersion(name, await readTextIfExists(file), guard)
      await rm(file, { force: true })
      onWrite()
      return { deleted: name }
    }),

    folders,

    createFolder: (name) => lock(async () => {
      // makeFolder, not mkdir -p: on a read-only disk it reports EROFS (→ 503), not ENOENT.
      await makeFolder(resolve(name, 'body.name', ''))
      return { folders: await folders() }
    }),

    removeFolder: (name) => lock(async () => {
      const dir = resolve(name, 'query.name', '')
      try {
        await rmdir(dir)
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code
        if (code === 'ENOENT') throw new ApiError(404, `folder "${name}" not found`, [{ path: 'query.name', message: `no wildcard folder "${name}"` }])
        if (code === 'ENOTEMPTY' || code === 'EEXIST') {
          throw new ApiError(409, `folder "${name}" is not empty; delete its wildcard files first`, [{ path: 'query.name', message: 'the folder still holds files' }])
        }
        if (code === 'ENOTDIR') throw badRequest(`query.name: "${name}" is not a folder`, [{ path: 'query.name', message: 'not a folder' }])
        throw e
      }
      onWrite()
      return { folders: await folders() }
    }),

    async usage() {
      const files = await readWildcards(paths.wildcards)
      const names = Object.keys(files).sort(compareCodePoints)
      const usage: Record<string, WildcardUsage> = Object.fromEntries(names.map((n) => [n, { packs: [], graphs: [], wildcards: [] }]))
      const note = (text: string, kind: keyof WildcardUsage, who: string) => {
        for (const ref of new Set(scanWildcardReferences(text).map((r) => r.name))) {
          for (const file of wildcardFilesMatching(names, ref)) {
            const list = usage[file]![kind]
            if (!(kind === 'wildcards' && file === who) && !list.includes(who)) list.push(who)
          }
        }
      }
      for (const [name, text] of Object.entries(files)) note(text, 'wildcards', name)
      for (const entry of await listDir(paths.packs)) {
        const m = /^(.+)\.(txt|json)$/.exec(entry)
        const text = m && (await readTextIfExists(join(paths.packs, entry)))
        if (m && text) note(text, 'packs', m[1]!)
      }
      for (const entry of await listDir(paths.graphs)) {
        const m = /^(.+)\.json$/.exec(entry)
        const text = m && (await readTextIfExists(join(paths.graphs, entry)))
        if (m && text) note(text, 'graphs', m[1]!)
      }
      for (const u of Object.values(usage)) for (const list of Object.values(u)) list.sort(compareCodePoints)
      return usage
    },
  }
}
