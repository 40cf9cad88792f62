/**
 * Builds for the editor benchmark: the real editor (`vite build` with the project's config, only
 * when dist/editor is missing or older than its sources, so a bench run measures what is in the
 * working tree) and the bare React Flow page (its own inline config, into a temp folder, so the
 * project's vite.config.ts and dist/ stay untouched).
 */
import react from '@vitejs/plugin-react'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build } from 'vite'

export const ROOT = join(import.meta.dirname, '../..')
export const EDITOR_DIST = join(ROOT, 'dist/editor')

/** Everything the editor bundle is made from: its sources, the engine it imports, the build config and the locked dependencies. */
const EDITOR_INPUTS = ['editor', 'engine', 'vite.config.ts', 'package.json', 'package-lock.json']

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0
  const st = statSync(path)
  if (!st.isDirectory()) return st.mtimeMs
  let newest = st.mtimeMs
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)))
  return newest
}

/** Builds dist/editor unless it is newer than every input; returns whether it built. */
export async function ensureEditorBuild(): Promise<boolean> {
  const built = join(EDITOR_DIST, 'index.html')
  const sources = Math.max(...EDITOR_INPUTS.map((p) => newestMtime(join(ROOT, p))))
  if (existsSync(built) && statSync(built).mtimeMs > sources) return false
  // The project's config has a relative root ('editor'); anchor it so the cwd does not matter.
  await build({ configFile: join(ROOT, 'vite.config.ts'), root: join(ROOT, 'editor'), logLevel: 'warn' })
  return true
}

/** Builds tests/bench/editor-bare into outDir, as production code like the editor. */
export async function buildBarePage(outDir: string): Promise<void> {
  await build({
    configFile: false,
    root: join(import.meta.dirname, 'editor-bare'),
    plugins: [react()],
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  })
}

/** The editor's JavaScript as a browser downloads it: every dist/editor/assets/*.js, gzipped (zlib's default level, as servers use). */
export function editorJsGzipBytes(): number {
  const assets = join(EDITOR_DIST, 'assets')
  return readdirSync(assets)
    .filter((f) => f.endsWith('.js'))
    .reduce((sum, f) => sum + gzipSync(readFileSync(join(assets, f))).length, 0)
}
