/**
 * Real processes for the reliability suite: the server (fixtures/server.ts, configured like
 * `npm start` through the environment) and standalone simulated WebUIs (`server/sim/main.ts`,
 * as `npm run sim` starts them), each a child process on loopback that a test can SIGKILL.
 * Mount helpers give a size-limited tmpfs (full disk) and read-only bind mounts (root ignores
 * chmod, not a read-only mount). Everything started is stopped and unmounted by `cleanup()`,
 * which each test file calls in afterEach, also after a failure.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ServerEvent } from '../../../engine/api/events.ts'

export { api, collectEvents, example } from '../app/helpers.ts'

const children = new Set<ChildProcess>()
const mounts: string[] = []
const dirs: string[] = []

export interface Proc {
  url: string
  child: ChildProcess
  /** Everything the process printed (stdout and stderr). */
  output(): string
}

function spawnUntil(args: string[], env: NodeJS.ProcessEnv, ready: RegExp, what: string, timeoutMs = 30_000): Promise<Proc> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  children.add(child)
  child.once('exit', () => children.delete(child))
  let out = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} not ready after ${timeoutMs} ms:\n${out}`)), timeoutMs)
    const onData = (d: Buffer): void => {
      out += d
      const m = ready.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve({ url: m[1]!, child, output: () => out })
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', (d: Buffer) => { out += d })
    child.once('exit', (code, signal) => { clearTimeout(timer); reject(new Error(`${what} exited (${code ?? signal}) before it was ready:\n${out}`)) })
  })
}

/** A standalone simulated WebUI; `flags` as for `npm run sim` (e.g. ['--error-rate', '0.1']). */
export function startSim(flags: string[] = []): Promise<Proc> {
  return spawnUntil(['server/sim/main.ts', '--port', '0', '--step-ms', '2', '--model-switch-ms', '5', ...flags], {}, /listening on (http:\/\/\S+?)\s/, 'simulator')
}

export interface ServerEnv {
  dataDir: string
  /** WebUI URLs; none → the built-in simulated WebUI (in the server process). */
  webuiUrls?: string[]
  minFreeMB?: number
  /** Step time of the built-in simulator. */
  stepMs?: number
  executor?: Record<string, unknown>
}

/** Health checks and retries fast enough for a bounded test. */
const FAST = { healthIntervalMs: 200, healthTimeoutMs: 1_000, retryBaseDelayMs: 20, retryMaxDelayMs: 200, stallMs: 3_000, pollMs: 100 }

export function startServerProcess(o: ServerEnv): Promise<Proc> {
  return spawnUntil(['tests/server/reliability/fixtures/server.ts'], {
    HOST: '127.0.0.1', PORT: '0', DATA_DIR: o.dataDir,
    WEBUI_URLS: (o.webuiUrls ?? []).join(','), WEBUI_URL: '',
    MIN_FREE_MB: String(o.minFreeMB ?? 0),
    STEP_MS: String(o.stepMs ?? 5),
    EXECUTOR_JSON: JSON.stringify({ ...FAST, ...o.executor }),
  }, /READY (\S+)/, 'server')
}

/** SIGKILL, no warning; resolves once the process is gone. */
export async function killHard(p: Proc): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return
  const gone = new Promise((r) => p.child.once('exit', r))
  p.child.kill('SIGKILL')
  await gone
}

export function alive(p: Proc): boolean {
  return p.child.exitCode === null && p.child.signalCode === null
}

export function tempDir(prefix = 'snf-rel-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix))
  dirs.push(d)
  return d
}

/** Polls `check` until it returns a value other than undefined/false. */
export async function waitUntil<T>(check: () => Promise<T | undefined | false> | T | undefined | false, what: string, timeoutMs = 30_000, everyMs = 50): Promise<T> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const v = await check()
    if (v !== undefined && v !== false) return v as T
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, everyMs))
  }
}

function run(cmd: string, args: string[]): string | null {
  const r = spawnSync(cmd, args, { encoding: 'utf8' })
  if (r.error) return r.error.message
  return r.status === 0 ? null : (r.stderr || r.stdout || `exit ${r.status}`).trim()
}

/** Mounts a tmpfs of `sizeMB` on `dir`; returns null, or why it cannot be done on this machine. */
export function mountTmpfs(dir: string, sizeMB: number): string | null {
  if (process.platform !== 'linux') return `tmpfs mounts need Linux (this is ${process.platform})`
  if (process.getuid?.() !== 0) return 'mounting a size-limited tmpfs needs root'
  const err = run('mount', ['-t', 'tmpfs', '-o', `size=${sizeMB}m`, 'tmpfs', dir])
  if (err) return `mount -t tmpfs failed: ${err}`
  mounts.push(dir)
  return null
}

/**
 * Makes `dir` read-only for everyone, root included: a bind mount of the folder onto itself,
 * remounted read-only (writes fail with EROFS). Returns null, or why it cannot be done here.
 */
export function bindReadOnly(dir: string): string | null {
  if (process.platform !== 'linux') return `bind mounts need Linux (this is ${process.platform})`
  if (process.getuid?.() !== 0) return 'a read-only bind mount needs root'
  const err = run('mount', ['--bind', dir, dir])
  if (err) return `mount --bind failed: ${err}`
  mounts.push(dir)
  const ro = run('mount', ['-o', 'remount,bind,ro', dir])
  if (ro) {
    unmount(dir)
    return `remount read-only failed: ${ro}`
  }
  return null
}

/** Undoes the newest mount on `dir` (lazily, so a busy file never blocks the clean-up). */
export function unmount(dir: string): void {
  const i = mounts.lastIndexOf(dir)
  if (i >= 0) mounts.splice(i, 1)
  run('umount', ['-l', dir])
}

/** Kills every child, undoes every mount (newest first) and removes the temp folders. */
export async function cleanup(): Promise<void> {
  await Promise.all([...children].map((c) => new Promise<void>((resolve) => {
    if (c.exitCode !== null || c.signalCode !== null) return resolve()
    c.once('exit', () => resolve())
    c.kill('SIGKILL')
  })))
  while (mounts.length > 0) run('umount', ['-l', mounts.pop()!])
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
}

export type { ServerEvent }
