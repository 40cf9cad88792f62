/** Serves the built editor (dist/editor) at /, with index.html for client-side routes. */
import { readFile, stat } from 'node:fs/promises'
import { extname, relative, resolve } from 'node:path'
import type { Hono } from 'hono'
import { inside, PathEscapeError } from '../data/paths.ts'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json', '.woff2': 'font/woff2',
}

export function serveEditor(app: Hono, dir: string): void {
  app.get('*', async (c) => {
    let file: string
    try {
      const rel = decodeURIComponent(c.req.path).replace(/^\/+/, '')
      file = rel === '' ? inside(dir, 'index.html') : inside(dir, ...rel.split('/'))
    } catch (e) {
      // A malformed %-escape or a path leaving the folder is simply not a file we serve.
      if (e instanceof PathEscapeError || e instanceof URIError) return c.text('not found', 404)
      throw e
    }
    const rel = relative(resolve(dir), file)
    const isFile = await stat(file).then((s) => s.isFile(), () => false)
    const target = isFile ? file : inside(dir, 'index.html')
    const body = await readFile(target).catch(() => null)
    if (!body) return c.text('the editor is not built: run `npm run build`', 404)
    // Hashed assets never change; index.html must always be fresh so a new build is picked up.
    const cache = isFile && /^assets[\\/]/.test(rel) ? 'public, max-age=31536000, immutable' : 'no-cache'
    return c.body(body, 200, { 'content-type': TYPES[extname(target)] ?? 'application/octet-stream', 'cache-control': cache })
  })
}
