/**
 * Small file helpers shared by the library store's modules: optional reads, id checks that answer
 * in the API's error shape, a write lock, and problem paths made relative to the library folder
 * (an absolute server path is never sent to a client).
 */
import { readFile, readdir, stat } from 'node:fs/promises'
import { relative, sep } from 'node:path'
import { Id } from '../../engine/graph/schema.ts'
import type { LibraryFileProblem } from '../../engine/api/library.ts'
import { ApiError, badRequest } from '../app/problems.ts'
import { inside, PathEscapeError } from '../data/paths.ts'
import type { LibraryProblem } from './read-library.ts'
import { jsonTooDeep, tooDeepMessage } from '../../engine/util/json-depth.ts'

const isMissing = (e: unknown): boolean => (e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR'

export async function readTextIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8')
  } catch (e) {
    if (isMissing(e)) return undefined
    throw e
  }
}

export async function fileExists(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile()
  } catch (e) {
    if (isMissing(e)) return false
    throw e
  }
}

export async function listDir(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort()
  } catch (e) {
    if (isMissing(e)) return []
    throw e
  }
}

/**
 * The one way a request-supplied id becomes a file path: the strict id pattern first, then
 * `inside()` as a second wall. Routes already validate params; the store checks again so that no
 * caller (CLI, tests, a future route) can bypass it. `where` names the field in the 400.
 */
export function idPath(base: string, id: string, suffix: string, where = 'params.id'): string {
  const checked = Id.safeParse(id)
  if (!checked.success) throw badRequest(`${where}: ${checked.error.issues[0]?.message ?? 'invalid id'}`, [{ path: where, message: 'must be 1-128 letters, digits, "_", "." or "-", starting with a letter or digit' }])
  try {
    return inside(base, `${id}${suffix}`)
  } catch (e) {
    if (e instanceof PathEscapeError) throw badRequest(`${where}: refused`, [{ path: where, message: 'must name a file inside the library' }])
    throw e
  }
}

export function notFoundAt(what: string, id: string, where = 'params.id'): ApiError {
  return new ApiError(404, `${what} "${id}" not found`, [{ path: where, message: `no ${what} "${id}"` }])
}

/** A stored file that cannot be used as it is: the request is fine, the library is not. */
export function brokenFile(what: string, file: string, problems: LibraryFileProblem[]): ApiError {
  return new ApiError(
    409,
    `${what} cannot be read: ${file} has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}; fix the file or save over it`,
    problems.map((p) => ({ path: p.path ? `${p.file}:${p.path}` : p.line ? `${p.file}:${p.line}` : p.file, message: p.message })),
  )
}

export function libraryRelative(library: string, file: string): string {
  return relative(library, file).split(sep).join('/')
}

export function toFileProblem(library: string, p: LibraryProblem): LibraryFileProblem {
  const out: LibraryFileProblem = { file: libraryRelative(library, p.file), message: p.message }
  if (p.line !== undefined) out.line = p.line
  if (p.path !== undefined) out.path = p.path
  return out
}

/** Runs writes one at a time, so a read-modify-write (version numbers, settings) never interleaves. */
export function createLock(): <T>(fn: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve()
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn)
    tail = run.catch(() => undefined)
    return run
  }
}

export const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * JSON.parse after dropping a byte-order mark (files saved by Windows editors carry one). A file
 * nested deeper than MAX_JSON_DEPTH is reported broken, like one the API would refuse: later
 * steps (saving, answering) serialise it recursively.
 */
export function parseJsonText(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  if (jsonTooDeep(text)) return { ok: false, message: `not usable JSON: ${tooDeepMessage()}` }
  try {
    return { ok: true, value: JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) }
  } catch (e) {
    return { ok: false, message: `not valid JSON: ${(e as Error).message}` }
  }
}
