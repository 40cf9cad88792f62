/**
 * Who may write the learning files (issue 12 §4, forgetting learning lines). Appends go through a
 * process's line writer (exec/line-writer.ts); rewriting a file (dropping deleted jobs' lines) is
 * only safe when no other process appends meanwhile. Two marks in `<data>/learning/`:
 *
 * - `.writers/<pid>`: an executor (the server, `flow run`) that appends lines; made at start,
 *   removed at stop (a crashed process's mark is ignored: its pid is not alive).
 * - `.rewrite.lock`: a process outside the server (`flow prune --forget-learning`) rewriting the
 *   log. It is made first, then the writers are checked: any live writer other than this process
 *   means "refuse" (the lock goes again). A writer that registered after that check finds the lock
 *   and postpones its appends until it is gone. Registration and lock come before the checks on
 *   both sides, so a rewrite and an append from two processes never overlap.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { DataPaths } from './paths.ts'

const writersDir = (paths: DataPaths) => join(paths.learning, '.writers')
const lockFile = (paths: DataPaths) => join(paths.learning, '.rewrite.lock')

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Marks this process as appending to the learning files; returns the unmark. */
export function registerLineWriter(paths: DataPaths): () => void {
  const file = join(writersDir(paths), String(process.pid))
  try {
    mkdirSync(writersDir(paths), { recursive: true })
    writeFileSync(file, `${new Date().toISOString()}\n`)
  } catch {
    // An unwritable folder cannot be rewritten by anyone either; appends report it themselves.
  }
  return () => rmSync(file, { force: true })
}

/** Live processes other than this one that append to the learning files. */
export function otherLineWriters(paths: DataPaths): number[] {
  let names: string[]
  try {
    names = readdirSync(writersDir(paths))
  } catch {
    return []
  }
  return names.map(Number).filter((pid) => pid !== process.pid && alive(pid))
}

/** The pid of a live process (not this one) rewriting the learning log, or null. */
export function rewriteHolder(paths: DataPaths): number | null {
  let pid: number
  try {
    pid = Number(readFileSync(lockFile(paths), 'utf8').trim())
  } catch {
    return null
  }
  return pid !== process.pid && alive(pid) ? pid : null
}

export class RewriteRefused extends Error {}

/**
 * Takes the rewrite lock for a process that does not own the server's writer (the CLI). Throws
 * RewriteRefused naming the reason when another process appends or rewrites; returns the release.
 */
export function claimRewrite(paths: DataPaths): () => void {
  mkdirSync(paths.learning, { recursive: true })
  const file = lockFile(paths)
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' })
      break
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw e
      const holder = rewriteHolder(paths)
      if (holder !== null) throw new RewriteRefused(`another flow prune (pid ${holder}) is rewriting learning/learning_log.jsonl`)
      rmSync(file, { force: true }) // left by a process that ended mid-rewrite
    }
  }
  const release = () => rmSync(file, { force: true })
  const writers = otherLineWriters(paths)
  if (writers.length > 0) {
    release()
    throw new RewriteRefused(`a running server or flow run (pid ${writers.join(', ')}) appends to learning/learning_log.jsonl; `
      + 'delete through the server instead (POST /api/prune/… with forgetLearning, or the gallery), or stop it first')
  }
  return release
}
