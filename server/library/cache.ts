/**
 * The library as `readLibrary` loads it, kept in memory so compiling a run does not re-read and
 * re-parse every pack. It is dropped on every write through the store, and a cheap fingerprint
 * (names, sizes and modification times of the files readLibrary reads) catches edits made by hand
 * or by another process: a few stat calls instead of reading and parsing every file.
 */
import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { DataPaths } from '../data/paths.ts'
import { libraryContext, readLibrary, type LoadedLibrary } from './read-library.ts'
import type { LibraryContext } from '../app/deps.ts'

export interface LibraryCache {
  get(): Promise<LoadedLibrary>
  /** The engine's compile context pieces, built once per loaded library. */
  compileContext(): Promise<LibraryContext>
  invalidate(): void
}

export function createLibraryCache(paths: DataPaths): LibraryCache {
  let entry: { fingerprint: string; lib: LoadedLibrary; context?: LibraryContext } | undefined
  let loading: { generation: number; promise: Promise<NonNullable<typeof entry>> } | undefined
  let generation = 0

  async function load(): Promise<NonNullable<typeof entry>> {
    const print = await fingerprint(paths)
    if (entry && entry.fingerprint === print) return entry
    // Concurrent callers share one read; a write that lands meanwhile starts a fresh one.
    if (loading && loading.generation === generation) return loading.promise
    const mine = generation
    const promise = readLibrary(paths.library).then((lib) => {
      const fresh = { fingerprint: print, lib }
      if (mine === generation) entry = fresh
      return fresh
    })
    loading = { generation: mine, promise }
    try {
      return await promise
    } finally {
      if (loading?.promise === promise) loading = undefined
    }
  }

  return {
    async get() {
      return (await load()).lib
    },
    async compileContext() {
      const e = await load()
      e.context ??= libraryContext(e.lib)
      return e.context
    },
    invalidate() {
      generation++
      entry = undefined
    },
  }
}

async function fingerprint(paths: DataPaths): Promise<string> {
  const parts: string[] = []
  for (const dir of [paths.packs, paths.presets, paths.wildcards]) {
    let names: string[]
    try {
      names = await readdir(dir, { recursive: true })
    } catch {
      parts.push(`${dir}:-`)
      continue
    }
    parts.push(...(await Promise.all(names.sort().map((name) => describe(join(dir, name))))))
  }
  parts.push(await describe(paths.settings), await describe(paths.globalNegative))
  return parts.join('\n')
}

async function describe(file: string): Promise<string> {
  try {
    const s = await stat(file)
    return `${file}:${s.size}:${s.mtimeMs}:${s.ino}`
  } catch {
    return `${file}:-`
  }
}
