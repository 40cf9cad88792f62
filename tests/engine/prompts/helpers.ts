import { expect } from 'vitest'
import { createWildcardLibrary, expandCombinatorial, type WildcardLibrary } from '../../../engine/prompts/index.ts'

export const noWildcards = createWildcardLibrary({})

/** All combinatorial prompts of a template, failing the test on an error. */
export function combos(text: string, wildcards: WildcardLibrary = noWildcards, limit = 100_000): string[] {
  const result = expandCombinatorial(text, { wildcards, limit })
  if (!result.ok) expect.fail(`unexpected error for ${JSON.stringify(text)}: ${result.error.message}`)
  return result.prompts
}
