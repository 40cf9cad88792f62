/**
 * Server settings from the environment (README "Configuration"): PORT, HOST, DATA_DIR,
 * WEBUI_URL or WEBUI_URLS (comma-separated, credentials in the URL), TOKEN, FFMPEG_PATH, MIN_FREE_MB,
 * ALLOWED_HOSTS and ALLOWED_ORIGINS (comma-separated; docs/api.md "Local safety").
 * Every value is checked here so a typo stops the start with a sentence, not a stack trace.
 */
import { z } from 'zod'
import { formatZodIssues } from '../engine/util/zod-issues.ts'
import { normaliseOrigin, splitHost } from './app/request-guard.ts'

const WebuiUrl = z.string().trim().refine((s) => {
  try {
    const u = new URL(s)
    return u.protocol === 'http:' || u.protocol === 'https:'
  } catch {
    return false
  }
}, 'must be an http(s) URL like http://127.0.0.1:7860')

export const ServerEnv = z.object({
  PORT: z.string().regex(/^\d+$/, 'must be a port number').transform(Number).pipe(z.int().min(0).max(65535)).default(7870),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('data'),
  WEBUI_URL: WebuiUrl.optional(),
  WEBUI_URLS: z.string().optional(),
  TOKEN: z.string().min(8, 'must be at least 8 characters').optional(),
  ALLOWED_HOSTS: z.string().optional(),
  ALLOWED_ORIGINS: z.string().optional(),
  /** No job starts while DATA_DIR has less free space than this (MB); 0 turns the check off. */
  MIN_FREE_MB: z.string().regex(/^\d+$/, 'must be a whole number of megabytes (0 turns the check off)').transform(Number).optional(),
})

export interface ServerConfig {
  port: number
  host: string
  dataDir: string
  webuiUrls: string[]
  token?: string
  /** Extra `Host` values (`name` or `name:port`) this server answers to, besides loopback and HOST. */
  allowedHosts?: string[]
  /** Extra origins allowed to change things (and given CORS headers), e.g. `https://flow.example`. */
  allowedOrigins?: string[]
  /** Free-space floor for starting a job, MB (default 1024). */
  minFreeMB?: number
}

const commaList = (text: string | undefined): string[] => (text ?? '').split(',').map((s) => s.trim()).filter(Boolean)

function readAllowedHosts(text: string | undefined): string[] {
  return commaList(text).map((entry, i) => {
    if (!splitHost(entry)) throw new Error(`ALLOWED_HOSTS item ${i + 1} ("${entry}"): must be a host name or address, optionally with :port (like flow.lan or flow.lan:8443)`)
    return entry.toLowerCase()
  })
}

function readAllowedOrigins(text: string | undefined): string[] {
  return commaList(text).map((entry, i) => {
    const origin = normaliseOrigin(entry)
    if (!origin || origin !== entry.replace(/\/$/, '').toLowerCase()) throw new Error(`ALLOWED_ORIGINS item ${i + 1} ("${entry}"): must be an origin like https://flow.example or http://127.0.0.1:5173 (scheme, host and port; no path)`)
    return origin
  })
}

export function readServerConfig(env: NodeJS.ProcessEnv): ServerConfig {
  const parsed = ServerEnv.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')))
  if (!parsed.success) {
    throw new Error(formatZodIssues(parsed.error.issues).map((p) => `${p.path}: ${p.message}`).join('; '))
  }
  const e = parsed.data
  const list = e.WEBUI_URLS ? e.WEBUI_URLS.split(',').map((s) => s.trim()).filter(Boolean) : e.WEBUI_URL ? [e.WEBUI_URL] : []
  list.forEach((url, i) => {
    const ok = WebuiUrl.safeParse(url)
    if (!ok.success) throw new Error(`WEBUI_URLS item ${i + 1} ("${url}"): ${ok.error.issues[0]!.message}`)
  })
  return {
    port: e.PORT, host: e.HOST, dataDir: e.DATA_DIR, webuiUrls: list, token: e.TOKEN,
    allowedHosts: readAllowedHosts(e.ALLOWED_HOSTS), allowedOrigins: readAllowedOrigins(e.ALLOWED_ORIGINS),
    ...(e.MIN_FREE_MB !== undefined ? { minFreeMB: e.MIN_FREE_MB } : {}),
  }
}
