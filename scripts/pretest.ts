/**
 * `npm test` runs this first (the `pretest` script) so that `npm install && npm test` is the whole
 * set-up on a fresh machine: it finds Chromium for the browser tests (scripts/chromium.ts), and
 * when there is none and we run as root (a CI container), installs Debian's `chromium` with apt-get.
 * Otherwise it stops with one sentence saying what to do, before a long build and test run.
 */
import { spawnSync } from 'node:child_process'
import { findChromium } from './chromium.ts'

function install(): boolean {
  console.log('pretest: Chromium not found; installing Debian\'s chromium with apt-get (running as root)…')
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
  if (update.status !== 0) return false
  return spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env }).status === 0
}

let found = findChromium()
const explicit = Boolean(process.env.CHROMIUM_PATH?.trim())
if (!found.ok && !explicit && process.platform === 'linux' && process.getuid?.() === 0) {
  if (install()) found = findChromium()
}
if (!found.ok) {
  console.error(explicit
    ? `pretest: ${found.reason}; point CHROMIUM_PATH at a Chromium binary or unset it.`
    : 'pretest: the browser tests need Chromium: install it (Debian/Ubuntu: sudo apt-get install chromium) or set CHROMIUM_PATH to a Chromium binary, then run npm test again.')
  process.exit(1)
}
console.log(`pretest: Chromium for the browser tests: ${found.path}`)
