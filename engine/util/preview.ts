/**
 * A short, always-safe rendering of a user-supplied value for an error message. User values
 * (randomizer sweep values, for one) can be huge or nested deeper than JSON.stringify's recursion
 * survives, so this goes through the iterative canonicalJson and keeps only the start.
 */
import { canonicalJson } from './hash.ts'

export function previewValue(value: unknown, maxChars = 120): string {
  let text: string
  try {
    text = canonicalJson(value)
  } catch {
    return '(a value that cannot be shown)'
  }
  return text.length > maxChars ? `${text.slice(0, maxChars)}…` : text
}
