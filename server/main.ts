/**
 * `npm start`: builds the editor if it is missing, then serves editor and API on
 * http://127.0.0.1:7870 (PORT, HOST, DATA_DIR, WEBUI_URL / WEBUI_URLS, TOKEN; see README).
 */
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { readServerConfig } from './config.ts'
import { guardProcess } from './process-guard.ts'
import { startServer } from './start.ts'

const EDITOR_DIR = resolve('dist', 'editor')

async function ensureEditorBuilt(): Promise<void> {
  if (existsSync(join(EDITOR_DIR, 'index.html'))) return
  console.log('[editor] building the editor (first start only)…')
  const { build } = await import('vite')
  await build({ configFile: resolve('vite.config.ts'), logLevel: 'warn' })
}

async function main(): Promise<void> {
  let config
  try {
    config = readServerConfig(process.env)
  } catch (e) {
    console.error(`StableNew Flow: bad configuration: ${(e as Error).message}`)
    process.exit(2)
  }
  await ensureEditorBuilt()
  guardProcess()
  let server
  try {
    server = await startServer({ ...config, editorDir: EDITOR_DIR })
  } catch (e) {
    console.error(`StableNew Flow could not start: ${(e as Error).message}`)
    process.exit(1)
  }
  console.log(`StableNew Flow is running: open ${server.url}`)
  const stop = async (): Promise<void> => {
    console.log('stopping: running jobs go back to the queue…')
    await server.close()
    process.exit(0)
  }
  process.once('SIGINT', () => void stop())
  process.once('SIGTERM', () => void stop())
}

await main()
