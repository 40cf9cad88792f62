/**
 * A tiny static server for the built editor (dist/editor), for screenshots and browser checks
 * without the real server. `/api/*` answers 503 with plain text, which the editor treats as
 * "server not reachable" — the offline mode it must handle well.
 */
import { createServer, type Server } from 'node:http'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize, resolve } from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json', '.png': 'image/png',
}

export function startStaticServer(root = resolve('dist/editor'), port = 0): Promise<{ server: Server; url: string }> {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    if (path.startsWith('/api/')) {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('no API server in this test')
      return
    }
    const file = normalize(join(root, path === '/' ? 'index.html' : path))
    if (!file.startsWith(root)) return void res.writeHead(403).end()
    try {
      const body = await readFile(file)
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body)
    } catch {
      res.writeHead(404).end('not found')
    }
  })
  return new Promise((ok) => server.listen(port, '127.0.0.1', () => {
    const addr = server.address()
    ok({ server, url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : port}` })
  }))
}
