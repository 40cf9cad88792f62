/**
 * Wildcard files shared by the parity tables: the same files were given to the reference library
 * to produce the expected lists (YAML/JSON keyed with their extension, `.txt` without).
 */
import { expect } from 'vitest'
import { createWildcardLibrary, expandCombinatorial } from '../../../engine/prompts/index.ts'

export const parityFiles: Record<string, string> = {
  "animals/birds": "owl\n{blue|red} jay\n",
  "animals/mammals/dog": "beagle\npoodle\n",
  "colors": "red\ngreen\nblue\n# comment\n\n  red  \n",
  "colors-warm": "orange\nyellow\n",
  "pantry.json": "{\"fruit\": [\"apple\", \"pear\"], \"veg\": {\"green\": [\"kale\", {\"text\": \"leek\", \"weight\": 3}]}}",
  "people.yaml": "people:\n  women:\n    names: [Ada, Grace]\n  men:\n    names:\n      - Alan\n      - 2::Linus\n  motto: just one\n  skipped: 5\n",
  "styles/painting": "oil\nwatercolour\n",
  "sub/list.yaml": "- one\n- two\n- yes\n",
  "vars": "${animal:dog} in ${place:the park}\n",
  "wrap": "(...:1.3)\n[...]\n",
}

export const parityWildcards = createWildcardLibrary(parityFiles)

/** The whole combinatorial listing (the library's default cap of 1000), failing on an error. */
export function listing(template: string): string[] {
  const r = expandCombinatorial(template, { wildcards: parityWildcards, limit: 1000 })
  if (!r.ok) expect.fail(`unexpected error for ${JSON.stringify(template)}: ${r.error.message}`)
  return r.prompts
}
