/**
 * The library store: graphs (with versions), presets, packs with their bound config, wildcards
 * and the compile context, all under `<data>/library/`. One object the routes and the run
 * submission share, so every write goes through one lock and drops the one cache.
 *
 * Every id that names a file is checked against the engine's `Id` pattern and resolved with
 * `inside()` (files.ts `idPath`); every write is atomic (data/atomic.ts) and happens only after
 * the request was fully validated, so a refused request leaves the disk as it was.
 */
import { createWildcardLibrary } from '../../engine/prompts/index.ts'
import type { LibraryContextResponse, WildcardListResponse } from '../../engine/api/library.ts'
import type { DataPaths } from '../data/paths.ts'
import type { LibraryContext } from '../app/deps.ts'
import { createLibraryCache } from './cache.ts'
import { createLock } from './files.ts'
import { createGraphStore, type GraphStore } from './graphs.ts'
import { createPackStore, type PackStore } from './packs.ts'
import { createPackEditor, type PackEditor } from './pack-edit.ts'
import { createWildcardEditor, type WildcardEditor } from './wildcard-edit.ts'
import { createPresetStore, type PresetStore } from './presets.ts'
import { EXAMPLES_DIR, seedExamples, type SeedResult } from './seed.ts'

export interface LibraryStore {
  paths: DataPaths
  graphs: GraphStore
  presets: PresetStore
  packs: PackStore
  /** Pack files as stored, and their edits (create, save, duplicate, rename, delete). */
  packFiles: PackEditor
  /** Wildcard files and folders, and where each wildcard is used. */
  wildcardFiles: WildcardEditor
  wildcards(): Promise<WildcardListResponse['wildcards']>
  /** The pieces of a compile context as plain data (what GET /api/library/context sends). */
  context(): Promise<LibraryContextResponse>
  /** The same as the engine wants it (wildcard library built), cached until the library changes. */
  compileContext(): Promise<LibraryContext>
  /** First start only: copies the examples into an absent `library/`; never overwrites. */
  seedExamples(examplesDir?: string): Promise<SeedResult>
}

export interface LibraryStoreOptions {
  /** Clock for version time stamps (tests pin it). */
  now?: () => Date
}

export function createLibraryStore(paths: DataPaths, options: LibraryStoreOptions = {}): LibraryStore {
  const cache = createLibraryCache(paths)
  const lock = createLock()
  const now = options.now ?? (() => new Date())
  const changed = () => cache.invalidate()
  const packs = createPackStore(paths, cache, lock, changed)
  return {
    paths,
    // Graphs are not part of the compile context, so saving one (editor autosave) keeps the cache.
    graphs: createGraphStore(paths, lock, now, () => undefined),
    presets: createPresetStore(paths, cache, packs, lock, changed),
    packs,
    packFiles: createPackEditor(paths, lock, changed),
    wildcardFiles: createWildcardEditor(paths, lock, changed),

    async wildcards() {
      const lib = await cache.get()
      const wildcards = createWildcardLibrary(lib.wildcardFiles)
      return wildcards.names().map((name) => {
        const file = wildcards.structuredSource(name)
        return { name, values: wildcards.values(name) ?? [], ...(file ? { file } : {}) }
      })
    },

    async context() {
      const lib = await cache.get()
      return {
        packs: lib.packs,
        presets: lib.presets,
        defaultPresetId: lib.defaultPresetId ?? null,
        wildcardFiles: lib.wildcardFiles,
        globalNegative: lib.globalNegative,
      }
    },

    compileContext: () => cache.compileContext(),

    async seedExamples(examplesDir = EXAMPLES_DIR) {
      const result = await seedExamples(paths, examplesDir)
      if (result.seeded) changed()
      return result
    },
  }
}
