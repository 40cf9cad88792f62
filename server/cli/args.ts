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
