/**
 * Presets in `library/presets/<id>.json` (`{ name, description, config }`; the id is the file
 * name) and the default preset in `library/settings.json`. Reading goes through the cache
 * (readLibrary parses them); writes validate first, so a refused request touches no file.
 */
import { rm } from 'node:fs/promises'
import { sep } from 'node:path'
import type { PresetBody, PresetListResponse } from '../../engine/api/library.ts'
import { Preset } from '../../engine/library/preset.ts'
import { ApiError } from '../app/problems.ts'
import { writeJsonAtomic } from '../data/atomic.ts'
import type { DataPaths } from '../data/paths.ts'
import type { LibraryCache } from './cache.ts'
import { brokenFile, fileExists, idPath, isPlainObject, libraryRelative, notFoundAt, parseJsonText, readTextIfExists, toFileProblem } from './files.ts'
import { mergeConfigLayers } from './layers.ts'
import type { PackInternals } from './packs.ts'

export interface PresetStore {
  list(): Promise<PresetListResponse>
  read(id: string): Promise<Preset>
  save(id: string, body: PresetBody): Promise<Preset>
  remove(id: string): Promise<{ deleted: string }>
  setDefault(presetId: string | null): Promise<{ defaultPresetId: string | null }>
  applyToPacks(id: string, packIds: string[]): Promise<{ updated: string[] }>
}

type Lock = <T>(fn: () => Promise<T>) => Promise<T>

export function createPresetStore(paths: DataPaths, cache: LibraryCache, packs: PackInternals, lock: Lock, onWrite: () => void): PresetStore {
  const presetFile = (id: string, where = 'params.id') => idPath(paths.presets, id, '.json', where)
  const rel = (file: string) => libraryRelative(paths.library, file)

  async function read(id: string, where = 'params.id'): Promise<Preset> {
    const file = presetFile(id, where)
    if (!(await fileExists(file))) throw notFoundAt('preset', id, where)
    const lib = await cache.get()
    const preset = lib.presets[id]
    if (preset) return preset
    const problems = lib.problems.filter((p) => p.file === file).map((p) => toFileProblem(paths.library, p))
    throw brokenFile(`preset "${id}"`, rel(file), problems.length > 0 ? problems : [{ file: rel(file), message: 'the preset could not be loaded' }])
  }

  /** settings.json as an object, so keys we do not know survive a rewrite; 409 if it is broken. */
  async function readSettings(): Promise<Record<string, unknown>> {
    const text = await readTextIfExists(paths.settings)
    if (text === undefined) return {}
    const json = parseJsonText(text)
    if (json.ok && isPlainObject(json.value)) return json.value
    const file = rel(paths.settings)
    throw brokenFile('settings', file, [{ file, message: json.ok ? 'must be a JSON object' : json.message }])
  }

  return {
    async list() {
      const lib = await cache.get()
      const presets = Object.keys(lib.presets).sort().map((id) => lib.presets[id] as Preset)
      const mine = (file: string) => file === paths.settings || file.startsWith(paths.presets + sep)
      return {
        presets,
        defaultPresetId: lib.defaultPresetId ?? null,
        problems: lib.problems.filter((p) => mine(p.file)).map((p) => toFileProblem(paths.library, p)),
      }
    },

    read: (id) => read(id),

    async save(id, body) {
      const file = presetFile(id)
      // The body was checked by the route; parsing again fills `description` and gives the stored shape.
      const preset = Preset.parse({ ...body, id })
      return lock(async () => {
        const { id: _id, ...stored } = preset
        await writeJsonAtomic(file, stored)
        onWrite()
        return preset
      })
    },

    async remove(id) {
      const file = presetFile(id)
      return lock(async () => {
        if (!(await fileExists(file))) throw notFoundAt('preset', id)
        const settings = await readSettings()
        if (settings.defaultPresetId === id) {
          throw new ApiError(409, `preset "${id}" is the default preset; choose another default (or none) first`, [{ path: 'params.id', message: 'is the default preset' }])
        }
        await rm(file)
        onWrite()
        return { deleted: id }
      })
    },

    async setDefault(presetId) {
      return lock(async () => {
        if (presetId !== null) await read(presetId, 'body.presetId')
        const settings = await readSettings()
        const next = { ...settings }
        if (presetId === null) delete next.defaultPresetId
        else next.defaultPresetId = presetId
        await writeJsonAtomic(paths.settings, next)
        onWrite()
        return { defaultPresetId: presetId }
      })
    },

    async applyToPacks(id, packIds) {
      return lock(async () => {
        const preset = await read(id)
        const unique = [...new Set(packIds)]
        // Every pack is read, merged and checked before the first file is written, so an unknown
        // or broken pack refuses the whole request instead of leaving half the packs updated.
        const writes = []
        for (const packId of unique) {
          const where = `body.packIds.${packIds.indexOf(packId)}`
          const merged = mergeConfigLayers(await packs.boundConfig(packId, where), preset.config)
          writes.push(await packs.prepareConfig(packId, merged, where))
        }
        for (const w of writes) await writeJsonAtomic(w.file, w.value)
        if (writes.length > 0) onWrite()
        return { updated: unique }
      })
    },
  }
}
