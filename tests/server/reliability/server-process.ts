/**
 * Spawns tests/server/reliability/fixtures/safety-server.ts as a real process and watches it: its
 * URL and route list, whether it is still alive, and every "unexpected error" (a 500) it logged.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

export interface ServerProcess {
  url: string
  routes: { method: string; path: string }[]
  child: ChildProcess
  /** Everything the server wrote to stderr so far. */
  stderr(): string
  exited(): boolean
  stop(): Promise<void>
}

export function spawnServer(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/server/reliability/fixtures/safety-server.ts'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let err = ''
  let exited = false
  child.stderr!.on('data', (d) => { err += d })
  child.on('exit', () => { exited = true })
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (d) => {
      out += d
      const m = /READY (\S+) (.*)\n/.exec(out)
      if (m) {
        resolve({
          url: m[1]!, routes: JSON.parse(m[2]!), child,
          stderr: () => err,
          exited: () => exited,
          stop: async () => {
            if (exited) return
            child.kill('SIGTERM')
            await new Promise((r) => child.once('exit', r))
          },
        })
      }
    })
    child.on('exit', (code) => reject(new Error(`server exited (${code}) before it was ready: ${err}`)))
  })
}

/**
 * sha256 over every file's path and bytes under `dir`: equal hashes mean nothing stored changed.
 * SQLite's `-shm` file is left out: it is a shared-memory index of the WAL that readers update
 * (read marks), not stored data; the database and its WAL are included.
 */
export function hashFolder(dir: string): { hash: string; files: Map<string, string> } {
  const files = new Map<string, string>()
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name)
      if (name.endsWith('-shm')) continue
      if (statSync(p).isDirectory()) walk(p)
      else files.set(relative(dir, p), createHash('sha256').update(readFileSync(p)).digest('hex'))
    }
  }
  walk(dir)
  const all = createHash('sha256')
  for (const [p, h] of files) all.update(`${p}\0${h}\n`)
  return { hash: all.digest('hex'), files }
}

/** The files that differ between two hashFolder results, for a failure message. */
export function changedFiles(a: Map<string, string>, b: Map<string, string>): string[] {
  const names = new Set([...a.keys(), ...b.keys()])
  return [...names].filter((n) => a.get(n) !== b.get(n)).sort()
}
