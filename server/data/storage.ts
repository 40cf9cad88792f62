/**
 * Storage failures as what they are. A full disk, a read-only or unwritable folder and an I/O
 * error are not bugs of the server: they are reported with their cause and the file they hit,
 * named relative to the data folder (an absolute path never goes into an API answer or a job's
 * error), so a person knows what to free or fix. SQLite's own failure codes count too: the queue
 * database lives in the same folder.
 */
import { statfs } from 'node:fs/promises'
import { dirname, isAbsolute, join, relative, sep } from 'node:path'

export type StorageKind = 'no-space' | 'read-only' | 'permission' | 'io'

export interface StorageProblem {
  kind: StorageKind
  /** ENOSPC, EROFS, EACCES, SQLITE_FULL… */
  code: string
  /** The file, relative to the data folder, when known. */
  file: string | null
}

const FS_CODES: Record<string, StorageKind> = {
  ENOSPC: 'no-space', EDQUOT: 'no-space', EROFS: 'read-only', EACCES: 'permission', EPERM: 'permission', EIO: 'io',
}

/** SQLite extended codes start with their primary code (SQLITE_IOERR_WRITE, SQLITE_READONLY_DBMOVED…). */
function sqliteKind(code: string): StorageKind | null {
  if (code === 'SQLITE_FULL') return 'no-space'
  if (code.startsWith('SQLITE_READONLY')) return 'read-only'
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN')) return 'io'
  if (code === 'SQLITE_PERM') return 'permission'
  return null
}

const DATABASE_FILE = 'stablenew.sqlite'

/** The storage problem behind `e`, or null when `e` is something else (a bug, bad input). */
export function storageProblem(e: unknown, dataRoot: string | null): StorageProblem | null {
  if (e instanceof StorageFailure) return e.problem
  if (typeof e !== 'object' || e === null) return null
  const code = (e as { code?: unknown }).code
  if (typeof code !== 'string') return null
  const kind = FS_CODES[code] ?? sqliteKind(code)
  if (!kind) return null
  const path = (e as { path?: unknown }).path
  const file = typeof path === 'string' ? dataRelative(dataRoot, path) : code.startsWith('SQLITE') ? DATABASE_FILE : null
  return { kind, code, file }
}

/** A path for people: relative to the data folder; outside it, only the last segment. */
export function dataRelative(dataRoot: string | null, path: string): string {
  if (!isAbsolute(path)) return path.split(sep).join('/')
  if (dataRoot === null) return path.split(sep).pop() ?? '?'
  const rel = relative(dataRoot, path)
  if (rel === '') return '.'
  if (rel.startsWith('..') || isAbsolute(rel)) return path.split(sep).pop() ?? '?'
  return rel.split(sep).join('/')
}

const CAUSE: Record<StorageKind, string> = {
  'no-space': 'the disk is full',
  'read-only': 'the file system is read-only',
  permission: 'permission denied',
  io: 'an I/O error (the disk may be failing or disconnected)',
}

/** "cannot write library/presets/x.json: the file system is read-only (EROFS)". */
export function describeStorage(p: StorageProblem, verb = 'write'): string {
  // SQLite says "read-only" for a read-only file, folder or connection alike.
  const cause = p.kind === 'read-only' && p.code.startsWith('SQLITE') ? 'the database is read-only' : CAUSE[p.kind]
  return `cannot ${verb} ${p.file ?? 'the data folder'}: ${cause} (${p.code})`
}

/** An error that already carries its storage problem (thrown after classification). */
export class StorageFailure extends Error {
  constructor(readonly problem: StorageProblem, message = describeStorage(problem)) {
    super(message)
  }
}

/** Free bytes for an unprivileged writer on the file system holding `dir`; null when unknown. */
export async function freeBytes(dir: string): Promise<number | null> {
  try {
    const s = await statfs(dir)
    return Number(s.bavail) * Number(s.bsize)
  } catch {
    return null
  }
}

export const MB = 1024 * 1024

/** Whole megabytes, rounded down (a disk with 0.9 MB free has "0 MB" free). */
export const mb = (bytes: number): number => Math.floor(bytes / MB)

/**
 * "the disk is full (3 MB free in DATA_DIR)": the sentence a job fails with on ENOSPC. The free
 * space is that of the file system the failing file is on (a subfolder of the data folder may be
 * another disk), found from its nearest existing folder.
 */
export async function diskFullMessage(dataRoot: string, file: string | null = null): Promise<string> {
  let free: number | null = null
  if (file !== null && !isAbsolute(file) && !file.startsWith('..')) {
    for (let dir = dirname(join(dataRoot, file)); free === null && dir.startsWith(dataRoot) && dir.length > dataRoot.length; dir = dirname(dir)) {
      free = await freeBytes(dir)
    }
  }
  free ??= await freeBytes(dataRoot)
  return `the disk is full (${free === null ? 'unknown' : mb(free)} MB free in DATA_DIR)`
}
