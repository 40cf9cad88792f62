/**
 * Atomic file writes: write a temp file beside the target, flush it to disk, then rename over the
 * target. A crash leaves either the old file or the new one, never half of one.
 */
import { open, rename, rm, appendFile as fsAppendFile, mkdir, stat } from 'node:fs/promises'
import { dirname, basename, join } from 'node:path'
import { randomBytes } from 'node:crypto'

/**
 * mkdir -p that reports the real cause: Node's recursive mkdir answers ENOENT when a missing
 * folder cannot be created on a read-only file system; creating the first missing folder alone
 * then says EROFS (or EACCES, ENOSPC) as it is.
 */
export async function makeFolder(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true })
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
    const missing: string[] = []
    for (let d = dir; d !== dirname(d); d = dirname(d)) {
      try {
        await stat(d)
        break
      } catch {
        missing.unshift(d)
      }
    }
    for (const d of missing) await mkdir(d)
    throw e
  }
}

/**
 * The temp file an atomic write of `path` goes through, beside it: `.<name>.<12 hex>.tmp`, the
 * shape a restart recognises as an interrupted write (exec/leftovers.ts).
 */
export function tempPathBeside(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)
}

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  try {
    await makeFolder(dirname(path))
    const temp = tempPathBeside(path)
    const handle = await open(temp, 'w')
    try {
      await handle.writeFile(data)
      await handle.sync()
    } catch (e) {
      await handle.close()
      await rm(temp, { force: true })
      throw e
    }
    await handle.close()
    try {
      await rename(temp, path)
    } catch (e) {
      await rm(temp, { force: true })
      throw e
    }
  } catch (e) {
    // A write through a file handle fails without a path; name the file meant (not the temp
    // name) so a "disk full" or "read-only" report says which file could not be written.
    throw withPath(e, path)
  }
}

function withPath(e: unknown, path: string): unknown {
  if (e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string') {
    const err = e as NodeJS.ErrnoException
    if (typeof err.path !== 'string' || basename(err.path).endsWith('.tmp')) err.path = path
  }
  return e
}

export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(value, null, 2) + '\n')
}

/**
 * Appends one line to a JSONL log. A single write of a line under PIPE_BUF is not interleaved with
 * other appends, and a torn last line (power loss) is skipped by readers.
 */
export async function appendJsonLine(path: string, value: unknown): Promise<void> {
  await makeFolder(dirname(path))
  await fsAppendFile(path, JSON.stringify(value) + '\n')
}
