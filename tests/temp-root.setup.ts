import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * vitest global setup: one temp folder for the whole test run. TMPDIR points into it before any
 * worker starts, so every data folder, server process, browser profile and CLI run a test makes
 * with os.tmpdir() lands there, and the folder goes when the run ends: a test run no longer
 * leaves hundreds of data folders in /tmp (each run of the suite left ~150, some 30 MB each).
 */
export default function setup(): () => void {
  const before = process.env.TMPDIR
  const root = mkdtempSync(join(tmpdir(), 'flow-tests-'))
  process.env.TMPDIR = root
  return () => {
    if (before === undefined) delete process.env.TMPDIR
    else process.env.TMPDIR = before
    // A mount a failed reliability test left inside (a tmpfs, a bind mount) is not ours to empty.
    const mounts = readFileSync('/proc/mounts', 'utf8').split('\n').map((l) => l.split(' ')[1] ?? '')
    if (mounts.some((m) => m === root || m.startsWith(root + '/'))) {
      console.warn(`test temp folder ${root} still has a mount inside; left in place`)
      return
    }
    rmSync(root, { recursive: true, force: true })
  }
}
