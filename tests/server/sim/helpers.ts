/** Small HTTP helpers for the simulator tests (real loopback sockets, global fetch). */
import { startSimulator, type SimHandle, type SimOptions } from '../../../server/sim/index.ts'
import { readPngSize, readTextChunks } from '../../../server/png/chunks.ts'
import { renderImage } from '../../../server/png/synth.ts'

export interface Reply<T = any> { status: number; body: T; text: string }

export async function call<T = any>(sim: SimHandle | string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
  const base = typeof sim === 'string' ? sim : sim.url
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  })
  const text = await res.text()
  let parsed: unknown = text
  try {
    parsed = JSON.parse(text)
  } catch {
    // keep the raw text
  }
  return { status: res.status, body: parsed as T, text }
}

export const get = <T = any>(sim: SimHandle | string, path: string, headers?: Record<string, string>) => call<T>(sim, 'GET', path, undefined, headers)
export const post = <T = any>(sim: SimHandle | string, path: string, body: unknown = {}, headers?: Record<string, string>) => call<T>(sim, 'POST', path, body, headers)

export function png(b64: string): { size: { width: number; height: number }; text: Record<string, string> } {
  const buf = Buffer.from(b64, 'base64')
  const size = readPngSize(buf)
  const text = readTextChunks(buf)
  if (!size.ok || !text.ok) throw new Error('bad PNG from simulator')
  return { size: size.value, text: text.value }
}

export const sourceImage = (width = 320, height = 240, seed = 3): string =>
  renderImage({ width, height, seed, prompt: 'source', stage: 'txt2img' }).toString('base64')

export async function withSim(opts: SimOptions = {}): Promise<SimHandle> {
  return startSimulator({ stepMs: 1, modelSwitchMs: 20, ...opts })
}

export const a1111Error = (error: string, errors: string, detail = '') => ({ error, detail, body: '', errors })
export const httpError = (detail: string) => ({ error: 'HTTPException', detail, body: '', errors: '' })
