/**
 * Editing packs in the app: read the two files as they are, save, create, duplicate, rename and
 * delete — always in the original's format (`<id>.txt` rows + `<id>.json` sidecar,
 * reference/stablenew-original.md §2), always atomically, never over an edit made outside the
 * app (every write names the version it replaces; a mismatch is a 409), and never rewriting a
 * file whose content would not change (a hand-formatted sidecar keeps its bytes).
 *
 * The TXT is stored exactly as the user typed it. The sidecar is the stored JSON object with
 * only the edited keys replaced in place (key order kept); its `pack_data.slots` — the original
 * GUI's copy of the rows — is regenerated from the TXT whenever the TXT changes, so the original
 * app shows the same rows we run.
 */
import { rename, rm } from 'node:fs/promises'
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import type { PackSaveBody, PackSidecarEdit, PackSource } from '../../engine/api/library-edit.ts'
import type { ConfigLayer } from '../../engine/config/stages.ts'
import { parsePack, translatePreset, DEFAULT_MATRIX, type PackMatrix, type PackRow } from '../../engine/packs/index.ts'
import { STAGE_KINDS } from '../../engine/config/stages.ts'
import { canonicalJson } from '../../engine/util/hash.ts'
import { parseTxt } from '../../engine/packs/txt.ts'
import { ApiError, badRequest } from '../app/problems.ts'
import { writeFileAtomic } from '../data/atomic.ts'
import type { DataPaths } from '../data/paths.ts'
import { fileExists, idPath, isPlainObject, listDir, notFoundAt, parseJsonText, readTextIfExists } from './files.ts'

type Lock = <T>(fn: () => Promise<T>) => Promise<T>
type Guard = { expectedVersion?: string | undefined; overwrite?: true | 'true' | undefined }

const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')

/** One version for the pair: any change to either file (or adding/removing the sidecar) changes it. */
export function packVersion(txt: string, json: string | null): string {
  return sha(`${sha(txt)}:${json === null ? '-' : sha(json)}`).slice(0, 16)
}

export interface PackEditor {
  source(id: string): Promise<PackSource>
  save(id: string, body: PackSaveBody): Promise<{ source: PackSource; written: ('txt' | 'json')[] }>
  create(body: { id: string; name: string; txt: string; matrix?: PackMatrix | undefined; config?: ConfigLayer | undefined }): Promise<PackSource>
  duplicate(id: string, newId: string, name?: string): Promise<PackSource>
  rename(id: string, newId: string, guard: Guard): Promise<PackSource>
  remove(id: string, guard: Guard): Promise<{ deleted: string }>
}

export function createPackEditor(paths: DataPaths, lock: Lock, onWrite: () => void): PackEditor {
  const txtFile = (id: string, where = 'params.id') => idPath(paths.packs, id, '.txt', where)
  const jsonFile = (id: string, where = 'params.id') => idPath(paths.packs, id, '.json', where)

  async function readSource(id: string, where = 'params.id'): Promise<PackSource> {
    const txt = await readTextIfExists(txtFile(id, where))
    if (txt === undefined) throw notFoundAt('pack', id, where)
    const json = (await readTextIfExists(jsonFile(id, where))) ?? null
    return { id, txt, json, version: packVersion(txt, json) }
  }

  async function requireAbsent(id: string, where: string): Promise<void> {
    if ((await fileExists(txtFile(id, where))) || (await fileExists(jsonFile(id, where)))) {
      throw new ApiError(409, `a pack "${id}" already exists`, [{ path: where, message: `pack "${id}" already exists; choose another id` }])
    }
  }

  /** 409 when the files changed since the client read them (an edit made outside the app). */
  function checkVersion(current: PackSource, guard: Guard): void {
    if (guard.overwrite === true || guard.overwrite === 'true') return
    if (guard.expectedVersion !== current.version) {
      throw new ApiError(409, `pack "${current.id}" was changed on disk since you opened it; reload it, or save again with overwrite to replace that change`, [
        { path: 'expectedVersion', message: `the files are now at version ${current.version}` },
      ])
    }
  }

  /** Refuses (400) a pack that would not parse, naming the field and the line. */
  function checkParses(id: string, txt: string, json: string | null): void {
    const result = parsePack({ id, txt, ...(json !== null ? { json } : {}), txtName: 'txt', jsonName: 'sidecar' })
    if (result.ok) return
    const problems = result.errors.map((e) => ({
      path: e.file === 'txt' ? 'body.txt' : `body.sidecar${e.path ? `.${e.path}` : ''}`,
      message: e.line !== undefined ? `line ${e.line}: ${e.message}` : e.message,
    }))
    throw badRequest(`the pack has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}: ${problems[0]!.message}`, problems)
  }

  async function writePair(id: string, before: PackSource | null, txt: string, json: string | null): Promise<('txt' | 'json')[]> {
    const written: ('txt' | 'json')[] = []
    if (!before || before.txt !== txt) {
      await writeFileAtomic(txtFile(id), txt)
      written.push('txt')
    }
    if (json !== null && (!before || before.json !== json)) {
      await writeFileAtomic(jsonFile(id), json)
      written.push('json')
    }
    if (written.length > 0) onWrite()
    return written
  }

  return {
    source: (id) => readSource(id),

    save: (id, body) => lock(async () => {
      const current = await readSource(id)
      checkVersion(current, body)
      const txt = body.txt ?? current.txt
      const sidecarObject = storedSidecar(current.json)
      const txtChanged = txt !== current.txt
      let json = current.json
      if (body.sidecar && current.json !== null && !sidecarObject) {
        throw new ApiError(409, `pack "${id}": its sidecar ${id}.json is not a JSON object, so it cannot be edited here; fix the file by hand or delete it`, [{ path: 'body.sidecar', message: 'the stored sidecar cannot be read' }])
      }
      if (body.sidecar || (txtChanged && sidecarObject && hasRowCopy(sidecarObject))) {
        const base = sidecarObject ?? newSidecar(id)
        const next = editSidecar(base, body.sidecar ?? {}, txtChanged ? rowsOf(txt) : undefined)
        // Equal content keeps the stored bytes (a hand-formatted file is not reformatted).
        if (JSON.stringify(next) !== JSON.stringify(base) || current.json === null) json = serialise(next)
      }
      checkParses(id, txt, json)
      const written = await writePair(id, current, txt, json)
      return { source: written.length ? await readSource(id) : current, written }
    }),

    create: (body) => lock(async () => {
      await requireAbsent(body.id, 'body.id')
      const sidecar = editSidecar(newSidecar(body.name), { name: body.name, matrix: body.matrix ?? DEFAULT_MATRIX, config: body.config ?? {} }, rowsOf(body.txt))
      const json = serialise(sidecar)
      checkParses(body.id, body.txt, json)
      await writePair(body.id, null, body.txt, json)
      return readSource(body.id)
    }),

    duplicate: (id, newId, name) => lock(async () => {
      const current = await readSource(id)
      await requireAbsent(newId, 'body.newId')
      let json = current.json
      const stored = storedSidecar(current.json)
      if (stored) {
        const oldName = isPlainObject(stored['pack_data']) && typeof stored['pack_data']['name'] === 'string' ? stored['pack_data']['name'] : id
        json = serialise(editSidecar(stored, { name: name ?? `${oldName} (copy)` }, undefined))
      } else if (name !== undefined) {
        json = serialise(editSidecar(newSidecar(name), { name }, rowsOf(current.txt)))
      }
      await writePair(newId, null, current.txt, json)
      return readSource(newId)
    }),

    rename: (id, newId, guard) => lock(async () => {
      const current = await readSource(id)
      checkVersion(current, guard)
      if (newId === id) return current
      await requireAbsent(newId, 'body.newId')
      // Two renames (each atomic); if the second fails the first is undone, so the pack is
      // never split across two ids.
      await rename(txtFile(id), txtFile(newId, 'body.newId'))
      if (current.json !== null) {
        try {
          await rename(jsonFile(id), jsonFile(newId, 'body.newId'))
        } catch (e) {
          await rename(txtFile(newId, 'body.newId'), txtFile(id))
          throw e
        }
      }
      onWrite()
      return readSource(newId, 'body.newId')
    }),

    remove: (id, guard) => lock(async () => {
      const current = await readSource(id)
      checkVersion(current, guard)
      // The sidecar first: a crash in between leaves a plain TXT pack, never an orphan sidecar.
      if (current.json !== null) await rm(jsonFile(id), { force: true })
      await rm(txtFile(id), { force: true })
      onWrite()
      return { deleted: id }
    }),
  }
}

/** The stored sidecar as an object, or null (none, or not an object: then it is rebuilt). */
function storedSidecar(json: string | null): Record<string, unknown> | null {
  if (json === null) return null
  const parsed = parseJsonText(json)
  return parsed.ok && isPlainObject(parsed.value) ? parsed.value : null
}

const hasRowCopy = (sidecar: Record<string, unknown>) => isPlainObject(sidecar['pack_data']) && Array.isArray(sidecar['pack_data']['slots'])

function newSidecar(name: string): Record<string, unknown> {
  return { pack_data: { name }, preset_data: {} }
}

/** The TXT's rows (slots not yet checked against a matrix: the whole pack is checked after). */
function rowsOf(txt: string): PackRow[] {
  return parseTxt(txt, 'txt').rows
}

/**
 * The sidecar with the edited keys replaced in place. `rows` (when the TXT changed) refreshes
 * `pack_data.slots` in the original GUI's shape, keeping any extra keys of an existing entry.
 */
export function editSidecar(base: Record<string, unknown>, edit: PackSidecarEdit, rows: PackRow[] | undefined): Record<string, unknown> {
  const packData: Record<string, unknown> = isPlainObject(base['pack_data']) ? { ...base['pack_data'] } : {}
  if (edit.name !== undefined) packData['name'] = edit.name
  if (rows) {
    const old = Array.isArray(packData['slots']) ? packData['slots'] : []
    packData['slots'] = rows.map((row, i) => ({ ...(isPlainObject(old[i]) ? old[i] : {}), ...originalRow(row) }))
  }
  if (edit.matrix !== undefined) packData['matrix'] = edit.matrix
  const out: Record<string, unknown> = { ...base, pack_data: packData }
  if (edit.config !== undefined) out['preset_data'] = editPresetData(base['preset_data'], edit.config)
  return out
}

/**
 * The new `preset_data` for an edited bound config, touching as little of the stored one as
 * possible: only the stage blocks whose meaning changed are replaced (in our layer shape) or
 * removed; unchanged blocks keep the original's own keys, and sections we do not read (`pipeline`,
 * `api`, …) stay for the original app. If the stored sections would change what the result means
 * (an alias elsewhere re-supplying a field the user cleared), the whole `preset_data` is written
 * in our shape instead: what the user set is what runs.
 */
export function editPresetData(stored: unknown, config: ConfigLayer): unknown {
  if (!isPlainObject(stored)) return config
  const before = translatePreset(stored, 'sidecar')
  if (before.errors.length > 0) return config
  const out: Record<string, unknown> = { ...stored }
  const wanted = config as Record<string, unknown>
  const had = before.config as Record<string, unknown>
  for (const kind of STAGE_KINDS) {
    if (sameLayer(had[kind], wanted[kind])) continue
    if (wanted[kind] === undefined) delete out[kind]
    else out[kind] = wanted[kind]
  }
  const after = translatePreset(out, 'sidecar')
  return after.errors.length === 0 && sameLayer(after.config, config) ? out : config
}

function sameLayer(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b)
}

/** A row as the original GUI stores it in `pack_data.slots`. */
function originalRow(row: PackRow): Record<string, unknown> {
  return {
    index: row.index,
    text: row.text,
    negative: row.negative.join(', '),
    positive_embeddings: row.positiveEmbeddings,
    negative_embeddings: row.negativeEmbeddings,
    loras: row.loras.map((l) => [l.name, l.weight]),
  }
}

/** The original writes its JSON with a two-space indent; so do we (and end with a newline). */
function serialise(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n'
}

/** Library graphs with a pack node naming `packId` (for the rename answer: they are not rewritten). */
export async function graphsUsingPack(paths: DataPaths, packId: string): Promise<string[]> {
  const out: string[] = []
  for (const entry of await listDir(paths.graphs)) {
    const m = /^(.+)\.json$/.exec(entry)
    if (!m) continue
    const parsed = parseJsonText((await readTextIfExists(join(paths.graphs, entry))) ?? '')
    const nodes = parsed.ok && isPlainObject(parsed.value) && Array.isArray(parsed.value['nodes']) ? parsed.value['nodes'] : []
    if (nodes.some((n) => isPlainObject(n) && n['kind'] === 'pack' && namesPack(n['params'], packId))) out.push(m[1]!)
  }
  return out
}

/** A pack node's params name the pack: `packs: [{ packId }]` (graph version 3) or `packId` (older files, as stored). */
function namesPack(params: unknown, packId: string): boolean {
  if (!isPlainObject(params)) return false
  if (params['packId'] === packId) return true
  const packs = params['packs']
  return Array.isArray(packs) && packs.some((p) => isPlainObject(p) && p['packId'] === packId)
}
