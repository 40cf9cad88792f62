/**
 * A library test bed: a temp data folder seeded from the repository's examples, the library store
 * with a pinned clock, and a tiny Hono app with the library routes and the one error handler.
 * Requests go through `app.request()`, never a socket.
 */
import { expect } from 'vitest'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative, sep } from 'node:path'
import { Hono } from 'hono'
import { dataPaths, type DataPaths } from '../../../server/data/paths.ts'
import { createLibraryStore, type LibraryStore } from '../../../server/library/store.ts'
import { graphRoutes } from '../../../server/app/routes/graphs.ts'
import { presetRoutes } from '../../../server/app/routes/presets.ts'
import { packRoutes } from '../../../server/app/routes/packs.ts'
import { wildcardRoutes } from '../../../server/app/routes/wildcards.ts'
import { libraryRoutes } from '../../../server/app/routes/library.ts'
import { handleError } from '../../../server/app/error-handler.ts'

export interface Bed {
  root: string
  paths: DataPaths
  library: LibraryStore
  app: ReturnType<typeof buildApp>
  call(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }>
  cleanup(): Promise<void>
}

export function buildApp(library: LibraryStore) {
  const deps = { library }
  return new Hono()
    .route('/api/graphs', graphRoutes(deps))
    .route('/api/presets', presetRoutes(deps))
    .route('/api/packs', packRoutes(deps))
    .route('/api/wildcards', wildcardRoutes(deps))
    .route('/api/library', libraryRoutes(deps))
    .onError(handleError)
}

export async function makeBed(options: { seed?: boolean } = {}): Promise<Bed> {
  const root = await mkdtemp(join(tmpdir(), 'snf-library-'))
  const paths = dataPaths(root)
  let clock = Date.parse('2025-01-01T00:00:00Z')
  const library = createLibraryStore(paths, { now: () => new Date((clock += 1000)) })
  if (options.seed !== false) await library.seedExamples()
  const app = buildApp(library)
  return {
    root, paths, library, app,
    async call(method, path, body) {
      const init: RequestInit = { method }
      if (body !== undefined) {
        init.body = typeof body === 'string' ? body : JSON.stringify(body)
        init.headers = { 'content-type': 'application/json' }
      }
      const res = await app.request(path, init)
      const text = await res.text()
      let json: unknown = text
      try {
        json = JSON.parse(text)
      } catch {
        // Hono's own 404 for an unmatched route is plain text.
      }
      return { status: res.status, json }
    },
    cleanup: () => rm(root, { recursive: true, force: true }),
  }
}

/** Every file under root with its bytes, to prove a refused request changed nothing. */
export async function snapshot(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const file = join(entry.parentPath, entry.name)
    out.set(relative(root, file).split(sep).join('/'), (await readFile(file)).toString('base64'))
  }
  return out
}

export async function readJson(file: string): Promise<any> {
  return JSON.parse(await readFile(file, 'utf8'))
}

/** A refused request: a 4xx whose problems name `field`, with every file under the data folder untouched. */
export async function expectRefused(bed: Bed, method: string, path: string, body: unknown, field: string): Promise<void> {
  const before = await snapshot(bed.root)
  const res = await bed.call(method, path, body)
  expect(res.status).toBeGreaterThanOrEqual(400)
  expect(res.status).toBeLessThan(500)
  expect(res.json.problems.map((p: { path: string }) => p.path).join(' ')).toContain(field)
  expect(await snapshot(bed.root)).toEqual(before)
}
