/**
 * Prompt packs in `library/packs/<id>.txt` (+ `<id>.json` sidecar). Parsing is readLibrary's
 * (through the cache); this module adds the listing, problems per pack, and the bound config:
 * the sidecar's `preset_data`, read with the engine's translatePreset and written back in our
 * ConfigLayer shape while every other key of the sidecar stays as the author wrote it.
 */
import type { ConfigLayer } from '../../engine/config/stages.ts'
import { Id } from '../../engine/graph/schema.ts'
import type { LibraryFileProblem, PackReadResponse, PackSummary } from '../../engine/api/library.ts'
import { translatePreset } from '../../engine/packs/index.ts'
import { writeJsonAtomic } from '../data/atomic.ts'
import type { DataPaths } from '../data/paths.ts'
import type { LibraryCache } from './cache.ts'
import { editPresetData } from './pack-edit.ts'
import { brokenFile, fileExists, idPath, isPlainObject, libraryRelative, listDir, notFoundAt, parseJsonText, readTextIfExists, toFileProblem } from './files.ts'
import type { LibraryProblem } from './read-library.ts'

export interface PackStore {
  list(): Promise<PackSummary[]>
  read(id: string): Promise<PackReadResponse>
  readConfig(id: string): Promise<ConfigLayer>
  writeConfig(id: string, config: ConfigLayer): Promise<ConfigLayer>
}

/** What apply-to-packs needs: the same steps without the lock (the caller holds it for all packs). */
export interface PackInternals {
  /** 404 naming `where` when the pack does not exist. */
  requirePack(id: string, where?: string): Promise<void>
  boundConfig(id: string, where?: string): Promise<ConfigLayer>
  /** Checks that the sidecar can be rewritten and returns the text to write, touching nothing. */
  prepareConfig(id: string, config: ConfigLayer, where?: string): Promise<{ file: string; value: unknown }>
}

type Lock = <T>(fn: () => Promise<T>) => Promise<T>

export function createPackStore(paths: DataPaths, cache: LibraryCache, lock: Lock, onWrite: () => void): PackStore & PackInternals {
  const txtFile = (id: string, where = 'params.id') => idPath(paths.packs, id, '.txt', where)
  const jsonFile = (id: string, where = 'params.id') => idPath(paths.packs, id, '.json', where)
  const rel = (file: string) => libraryRelative(paths.library, file)

  /** readLibrary's problems that belong to this pack's two files, made library-relative. */
  function problemsOf(list: LibraryProblem[], id: string): LibraryFileProblem[] {
    const files = new Set([txtFile(id), jsonFile(id)])
    return list.filter((p) => files.has(p.file)).map((p) => toFileProblem(paths.library, p))
  }

  async function requirePack(id: string, where = 'params.id'): Promise<void> {
    if (!(await fileExists(txtFile(id, where)))) throw notFoundAt('pack', id, where)
  }

  /** The sidecar as a JSON object, `undefined` when there is none; 409 when it cannot be kept. */
  async function readSidecar(id: string, where: string): Promise<Record<string, unknown> | undefined> {
    const file = jsonFile(id, where)
    const text = await readTextIfExists(file)
    if (text === undefined) return undefined
    const json = parseJsonText(text)
    if (!json.ok) throw brokenFile(`pack "${id}"`, rel(file), [{ file: rel(file), message: json.message }])
    if (!isPlainObject(json.value)) throw brokenFile(`pack "${id}"`, rel(file), [{ file: rel(file), message: 'the sidecar must be a JSON object with "pack_data"' }])
    return json.value
  }

  async function boundConfig(id: string, where = 'params.id'): Promise<ConfigLayer> {
    await requirePack(id, where)
    const sidecar = await readSidecar(id, where)
    if (!sidecar) return {}
    const file = rel(jsonFile(id, where))
    const result = translatePreset(sidecar['preset_data'], file)
    if (result.errors.length > 0) {
      throw brokenFile(`the bound config of pack "${id}"`, file, result.errors.map((e) => ({ file, ...(e.path ? { path: e.path } : {}), message: e.message })))
    }
    return result.config
  }

  async function prepareConfig(id: string, config: ConfigLayer, where = 'params.id') {
    await requirePack(id, where)
    const sidecar = await readSidecar(id, where)
    // Replacing the value in place keeps the key order of a hand-written file; a new sidecar gets
    // the minimum the original's format requires.
    // Only the stage blocks whose meaning changes are replaced (pack-edit.ts editPresetData), so an
    // original-format preset_data keeps its own keys and the sections only the original reads.
    const value = sidecar ? { ...sidecar, preset_data: editPresetData(sidecar['preset_data'], config) } : { pack_data: { name: id }, preset_data: config }
    return { file: jsonFile(id, where), value }
  }

  return {
    requirePack,
    boundConfig,
    prepareConfig,

    async list() {
      const lib = await cache.get()
      const ids = (await listDir(paths.packs))
        .filter((name) => name.endsWith('.txt'))
        .map((name) => name.slice(0, -4))
        .filter((id) => Id.safeParse(id).success)
      return ids.map((id): PackSummary => {
        const pack = lib.packs[id]
        if (pack) return { id, name: pack.name, rows: pack.rows.length, matrixSlots: pack.matrix.slots.map((s) => s.name), problems: [] }
        const problems = problemsOf(lib.problems, id)
        // A pack added after the cache was filled and not yet seen: the next read will parse it.
        return { id, name: id, rows: 0, matrixSlots: [], problems: problems.length > 0 ? problems : [{ file: rel(txtFile(id)), message: 'not loaded yet; reload the list' }] }
      })
    },

    async read(id) {
      await requirePack(id)
      const lib = await cache.get()
      const pack = lib.packs[id]
      if (!pack) {
        const problems = problemsOf(lib.problems, id)
        throw brokenFile(`pack "${id}"`, rel(txtFile(id)), problems.length > 0 ? problems : [{ file: rel(txtFile(id)), message: 'the pack could not be loaded' }])
      }
      return { pack, warnings: problemsOf(lib.warnings, id) }
    },

    readConfig: (id) => boundConfig(id),

    async writeConfig(id, config) {
      return lock(async () => {
        const { file, value } = await prepareConfig(id, config)
        await writeJsonAtomic(file, value)
        onWrite()
        return config
      })
    },
  }
}
