import { readFileSync } from 'node:fs'
import { expect } from 'vitest'
import { parsePack, type Pack, type PackProblem, type ParsePackInput } from '../../../engine/packs/index.ts'

export function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')
}

/** Parses and asserts success, returning the pack and its warnings. */
export function parseOk(input: ParsePackInput): { pack: Pack; warnings: PackProblem[] } {
  const r = parsePack(input)
  if (!r.ok) expect.fail(`expected the pack to parse, got: ${JSON.stringify(r.errors)}`)
  return { pack: r.pack, warnings: r.warnings }
}

/** Parses and asserts failure, returning the errors. */
export function parseErrors(input: ParsePackInput): PackProblem[] {
  const r = parsePack(input)
  if (r.ok) expect.fail('expected the pack to be rejected')
  return r.errors
}

/** A sidecar with a matrix defining the given slots (one value each) and an optional preset. */
export function sidecar(slots: string[] = [], presetData?: unknown): string {
  return JSON.stringify({
    pack_data: { name: 'T', matrix: { enabled: true, mode: 'fanout', limit: 8, slots: slots.map((name) => ({ name, values: ['v'] })) } },
    ...(presetData === undefined ? {} : { preset_data: presetData }),
  })
}
