/**
 * Where the browser tests find Chromium: `CHROMIUM_PATH`, else `/usr/bin/chromium`, else a
 * `chromium` / `chromium-browser` on the PATH. playwright-core never downloads a browser, so this
 * is the one place that decides; `scripts/pretest.ts` installs Debian's package when none is found.
 * Node-only (no test framework), so the pretest script, the e2e harness and the benchmark share it.
 */
import { accessSync, constants } from 'node:fs'
import { delimiter, join } from 'node:path'

const DEFAULT = '/usr/bin/chromium'
const NAMES = ['chromium', 'chromium-browser']

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

export type ChromiumLookup = { ok: true; path: string } | { ok: false; reason: string }

/** Finds Chromium without installing anything; an explicit but wrong CHROMIUM_PATH is an error, never silently replaced. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): ChromiumLookup {
  const explicit = env.CHROMIUM_PATH?.trim()
  if (explicit) {
    return executable(explicit) ? { ok: true, path: explicit } : { ok: false, reason: `CHROMIUM_PATH is set to ${explicit}, which is not an executable file` }
  }
  if (executable(DEFAULT)) return { ok: true, path: DEFAULT }
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of NAMES) if (executable(join(dir, name))) return { ok: true, path: join(dir, name) }
  }
  return { ok: false, reason: 'no Chromium found' }
}

/** The path for the tests to launch; throws the one sentence that says how to fix it. */
export function chromiumPath(): string {
  const found = findChromium()
  if (found.ok) return found.path
  throw new Error(`${found.reason}: install Debian's chromium (sudo apt-get install chromium) or set CHROMIUM_PATH to a Chromium binary`)
}
