import { readFile } from 'node:fs/promises'
import { UsageError } from './flow.ts'

export function parseSeed(text: string): number {
  const n = Number(text)
  if (!/^\d+$/.test(text) || n > 4294967294) throw new UsageError(`--seed must be a whole number from 0 to 4294967294, got "${text}"`)
  return n
}

export function parsePositiveInt(name: string, text: string, max: number): number {
  const n = Number(text)
  if (!/^\d+$/.test(text) || n < 1 || n > max) throw new UsageError(`--${name} must be a whole number from 1 to ${max}, got "${text}"`)
  return n
}

/** Reads a graph file as JSON; the message names the file and says whether it is missing or malformed. */
export async function readGraphFile(file: string): Promise<{ ok: true; graph: unknown } | { ok: false; message: string }> {
  try {
    return { ok: true, graph: JSON.parse(await readFile(file, 'utf8')) }
  } catch (e) {
    const message = (e as NodeJS.ErrnoException).code === 'ENOENT' ? `no such file: ${file}` : `${file} is not valid JSON: ${(e as Error).message}`
    return { ok: false, message }
  }
}
