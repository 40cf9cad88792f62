/**
 * Reads a library folder (packs, presets, wildcards, settings) into the plain data the engine
 * compiles against. Every problem is collected with the file it is in; a broken file is left out
 * and reported, and never stops the rest of the library from loading.
 *
 * Layout (the same in `graphs/` and in `<data>/library/`):
 *   packs/<id>.txt (+ <id>.json)   presets/<id>.json   wildcards/**\/*.{txt,yaml,yml,json}
 *   settings.json { "defaultPresetId"?: string }      global_negative.txt
 */
import { readdir, readFile } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import { z } from 'zod'
import { Id } from '../../engine/graph/schema.ts'
import { Preset } from '../../engine/library/preset.ts'
import { parsePack, type Pack, type PackProblem } from '../../engine/packs/index.ts'
import { createWildcardLibrary } from '../../engine/prompts/index.ts'
import { isStructuredWildcardFile } from '../../engine/prompts/structured-wildcards.ts'
import type { CompileContext } from '../../engine/compile/context.ts'
import { formatZodIssues } from '../../engine/util/zod-issues.ts'
import { parseJsonText } from './files.ts'

export interface LibraryProblem {
  file: string
  line?: number
  /** The JSON path inside the file, when the problem has one (`preset_data.txt2img.steps`). */
  path?: string
  message: string
}

export interface LoadedLibrary {
  packs: Record<string, Pack>
  presets: Record<string, Preset>
  defaultPresetId?: string
  wildcardFiles: Record<string, string>
  globalNegative: string
  problems: LibraryProblem[]
  warnings: LibraryProblem[]
}

const Settings = z.strictObject({ defaultPresetId: Id.optional() })

export async function readLibrary(root: string): Promise<LoadedLibrary> {
  const problems: LibraryProblem[] = []
  const warnings: LibraryProblem[] = []
  const [packs, presets, wildcardFiles, settings, globalNegative] = await Promise.all([
    readPacks(join(root, 'packs'), problems, warnings),
    readPresets(join(root, 'presets'), problems),
    readWildcards(join(root, 'wildcards')),
    readSettings(join(root, 'settings.json'), problems),
    readOptionalText(join(root, 'global_negative.txt')),
  ])
  // A YAML/JSON wildcard file that cannot be read (or has entries that are not text) is reported,
  // never fatal: the rest of it and every other file still load.
  for (const p of createWildcardLibrary(wildcardFiles).problems()) warnings.push({ file: join(root, 'wildcards', p.file), message: p.message })
  return { packs, presets, defaultPresetId: settings.defaultPresetId, wildcardFiles, globalNegative: (globalNegative ?? '').trim(), problems, warnings }
}

/** The library as a compile context (the caller adds the run seed, clock and WebUI resources). */
export function libraryContext(lib: LoadedLibrary): Omit<CompileContext, 'runSeed' | 'now'> {
  return {
    packs: lib.packs,
    presets: lib.presets,
    defaultPresetId: lib.defaultPresetId,
    wildcards: createWildcardLibrary(lib.wildcardFiles),
    globalNegative: lib.globalNegative,
  }
}

async function listFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort()
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw e
  }
}

async function readOptionalText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw e
  }
}

async function readPacks(dir: string, problems: LibraryProblem[], warnings: LibraryProblem[]): Promise<Record<string, Pack>> {
  const packs: Record<string, Pack> = {}
  for (const name of (await listFiles(dir)).filter((f) => f.endsWith('.txt'))) {
    const id = name.slice(0, -4)
    if (!Id.safeParse(id).success) {
      problems.push({ file: join(dir, name), message: `pack file name "${id}" is not a valid id (letters, digits, "_", "." or "-")` })
      continue
    }
    const txt = await readFile(join(dir, name), 'utf8')
    const json = await readOptionalText(join(dir, `${id}.json`))
    const result = parsePack({ id, txt, json, txtName: join(dir, name), jsonName: join(dir, `${id}.json`) })
    // Without a sidecar name the engine names the pack after txtName, which here carries the
    // folder (so messages name the real file); the pack itself is named by its id instead.
    if (result.ok && result.pack.name === join(dir, id)) result.pack.name = id
    for (const w of result.warnings) warnings.push(fromPackProblem(w))
    if (result.ok) packs[id] = result.pack
    else for (const e of result.errors) problems.push(fromPackProblem(e))
  }
  return packs
}

/** The engine's pack messages already start with their JSON path; it is added only when missing. */
function fromPackProblem(p: PackProblem): LibraryProblem {
  const message = p.path && !p.message.startsWith(`${p.path}: `) ? `${p.path}: ${p.message}` : p.message
  const out: LibraryProblem = { file: p.file, message }
  if (p.line !== undefined) out.line = p.line
  if (p.path) out.path = p.path
  return out
}

async function readPresets(dir: string, problems: LibraryProblem[]): Promise<Record<string, Preset>> {
  const presets: Record<string, Preset> = {}
  for (const name of (await listFiles(dir)).filter((f) => f.endsWith('.json'))) {
    const file = join(dir, name)
    const id = name.slice(0, -5)
    let raw: unknown
    try {
      const parsed = parseJsonText(await readFile(file, 'utf8'))
      if (!parsed.ok) throw new Error(parsed.message)
      raw = parsed.value
    } catch (e) {
      problems.push({ file, message: (e as Error).message })
      continue
    }
    const parsed = Preset.safeParse({ ...(raw as object), id })
    if (!parsed.success) {
      for (const p of formatZodIssues(parsed.error.issues)) problems.push({ file, message: `${p.path}: ${p.message}` })
      continue
    }
    presets[id] = parsed.data
  }
  return presets
}

/**
 * Every wildcard file under dir: `*.txt` keyed by its path without extension, '/'-separated
 * (`styles/painting`), and YAML/JSON files (`*.yaml`, `*.yml`, `*.json`) keyed by their path
 * with the extension (`people/pantry.yaml`), which tells the engine to read their keys as
 * wildcard paths. Hidden folders are skipped, as the reference library skips them.
 */
export async function readWildcards(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {}
  let entries: string[]
  try {
    entries = await readdir(dir, { recursive: true })
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return files
    throw e
  }
  for (const entry of entries.sort()) {
    const path = relative(dir, join(dir, entry)).split(sep).join('/')
    if (path.split('/').slice(0, -1).some((part) => part.startsWith('.'))) continue
    if (path.endsWith('.txt')) files[path.slice(0, -4)] = await readFile(join(dir, entry), 'utf8')
    else if (isStructuredWildcardFile(path)) files[path] = await readFile(join(dir, entry), 'utf8')
  }
  return files
}

async function readSettings(file: string, problems: LibraryProblem[]): Promise<z.infer<typeof Settings>> {
  const text = await readOptionalText(file)
  if (text === undefined) return {}
  try {
    const parsed = Settings.safeParse(JSON.parse(text))
    if (parsed.success) return parsed.data
    for (const p of formatZodIssues(parsed.error.issues)) problems.push({ file, message: `${p.path}: ${p.message}` })
  } catch (e) {
    problems.push({ file, message: `not valid JSON: ${(e as Error).message}` })
  }
  return {}
}
