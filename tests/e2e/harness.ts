/**
 * End-to-end harness: the real server (startServer: real HTTP, SQLite, executor, the built-in
 * simulated WebUI) on a temp data folder, serving the built editor (dist/editor, built by
 * `npm test` before vitest), and a real headless Chromium with a fresh profile. Everything is
 * closed by `close()`, which the tests call in afterAll whatever happened.
 */
import { existsSync } from 'node:fs'
import { mkdtemp, mkdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type BrowserContext, type Dialog, type Page } from 'playwright-core'
import { chromiumPath } from '../../scripts/chromium.ts'
import { startServer, type RunningServer } from '../../server/start.ts'
import type { ExecutorOptionsInput } from '../../server/exec/index.ts'

/** The Chromium `npm test`'s pretest step found or installed (CHROMIUM_PATH, /usr/bin/chromium, the PATH). */
export const CHROMIUM = chromiumPath()
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync']
export const SHOTS = resolve('tests/e2e/screenshots')
/** Generous: 2 shared cores also run the rest of `npm test`. Waits are on conditions, so a fast machine never waits this long. */
export const WAIT_MS = 30_000

export interface App {
  server: RunningServer
  context: BrowserContext
  page: Page
  url: string
  /** The server's temp data folder (library files live under `library/`). */
  dataDir: string
  /** Console errors and uncaught exceptions of the page; a test ends by expecting none. */
  errors: string[]
  /** Answers for the next window.prompt() calls, in order (confirm and beforeunload are accepted). */
  answers: string[]
  /** Types of every dialog the page opened ('prompt', 'confirm', 'beforeunload'). */
  dialogs: string[]
  api<T = any>(path: string, init?: { method?: string; json?: unknown }): Promise<T>
  shot(name: string): Promise<void>
  close(): Promise<void>
}

export async function startApp(opts: { stepMs?: number; executor?: ExecutorOptionsInput } = {}): Promise<App> {
  if (!existsSync('dist/editor/index.html')) throw new Error('dist/editor is missing: run `npx vite build` (npm test does it first)')
  await mkdir(SHOTS, { recursive: true })
  const dataDir = await mkdtemp(join(tmpdir(), 'snf-e2e-data-'))
  const profile = await mkdtemp(join(tmpdir(), 'snf-e2e-chromium-'))
  const server = await startServer({
    host: '127.0.0.1', port: 0, dataDir, webuiUrls: [], editorDir: 'dist/editor',
    sim: { stepMs: opts.stepMs ?? 2, modelSwitchMs: 5 },
    executor: { progressIntervalMs: 100, pollMs: 100, retryBaseDelayMs: 50, healthIntervalMs: 200, healthTimeoutMs: 1000, ...opts.executor },
    log: () => {},
  })
  let context: BrowserContext | undefined
  const close = async () => {
    await context?.close().catch(() => {})
    await server.close().catch(() => {})
    await rm(profile, { recursive: true, force: true }).catch(() => {})
    await rm(dataDir, { recursive: true, force: true }).catch(() => {})
  }
  try {
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, headless: true, viewport: { width: 1600, height: 960 } })
    context.setDefaultTimeout(WAIT_MS)
    const page = context.pages()[0] ?? (await context.newPage())
    const errors: string[] = []
    const answers: string[] = []
    const dialogs: string[] = []
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()) })
    page.on('pageerror', (e) => errors.push(String(e)))
    page.on('dialog', (d: Dialog) => {
      dialogs.push(d.type())
      void (d.type() === 'prompt' ? d.accept(answers.shift() ?? d.defaultValue()) : d.accept())
    })
    const api = async (path: string, init: { method?: string; json?: unknown } = {}) => {
      const res = await fetch(server.url + path, {
        method: init.method ?? 'GET',
        ...((init.method ?? 'GET') !== 'GET' ? { headers: { 'content-type': 'application/json' } } : {}),
        ...(init.json !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.json) } : {}),
      })
      const body = await res.json()
      if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`)
      return body
    }
    const shot = async (name: string) => {
      // Let CSS transitions (progress bar width, hover) settle so the picture is what a person sees.
      await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))')
      await page.screenshot({ path: join(SHOTS, `${name}.png`) })
    }
    return { server, context, page, url: server.url, dataDir, errors, answers, dialogs, api, shot, close }
  } catch (e) {
    await close()
    throw e
  }
}

/** Polls `check` (a server-side condition) until it holds. */
export async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = WAIT_MS): Promise<void> {
  const end = Date.now() + timeoutMs
  for (;;) {
    if (await check()) return
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

export const node = (id: string) => `.react-flow__node[data-id="${id}"]`

/** Drags from one point to another with the real mouse (React Flow reads pointer events). */
export async function mouseDrag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }, opts: { beforeUp?: () => Promise<void> } = {}) {
  await page.mouse.move(from.x, from.y)
  await page.mouse.down()
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 6 })
  await page.mouse.move(to.x, to.y, { steps: 6 })
  await opts.beforeUp?.()
  await page.mouse.up()
}

export async function centreOf(page: Page, selector: string) {
  const box = await page.locator(selector).first().boundingBox()
  if (!box) throw new Error(`no box for ${selector}`)
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 }
}

/**
 * Answers the app's own dialog (panels/dialog): fills its fields in order, then presses its
 * confirm button (or Cancel with `cancel`), and waits until it is gone.
 */
export async function respond(page: Page, values: string[] = [], opts: { cancel?: boolean } = {}) {
  const dialog = page.locator('dialog.app-dialog[open]')
  await dialog.waitFor()
  for (const [i, v] of values.entries()) await dialog.locator('input').nth(i).fill(v)
  await dialog.locator(opts.cancel ? 'button:has-text("Cancel")' : 'button[type="submit"]').click()
  await dialog.waitFor({ state: 'detached' })
}
