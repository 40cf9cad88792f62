/**
 * How A1111 applies prompt styles (modules/styles.py `apply_styles_to_prompt`), so the job
 * preview can show the prompt the WebUI will really use. Styles apply in the order given; for
 * each, a style text containing `{prompt}` has the prompt put in its place, any other text is
 * added after the prompt joined with ", " (an empty side is dropped). The same rule runs for the
 * negative prompt with the styles' negative texts.
 */
import type { PromptStyle, ResourceCatalog } from './catalog.ts'

export function applyStyleText(prompt: string, style: string | null | undefined): string {
  const text = style ?? ''
  // Python's str.replace replaces every occurrence; a function keeps `$` in prompts literal.
  if (text.includes('{prompt}')) return text.replaceAll('{prompt}', () => prompt)
  return [prompt.trim(), text.trim()].filter((x) => x !== '').join(', ')
}

export interface StyledPrompt {
  prompt: string
  negativePrompt: string
  /** Names the catalog does not know (their text cannot be shown; the compiler refuses them). */
  unknown: string[]
}

/** The prompt and negative prompt after `styles`, as the WebUI expands them. */
export function applyStyles(prompt: string, negativePrompt: string, styles: readonly string[], catalog: Pick<ResourceCatalog, 'promptStyles'>): StyledPrompt {
  const byName = new Map<string, PromptStyle>((catalog.promptStyles ?? []).map((s) => [s.name, s]))
  let p = prompt
  let n = negativePrompt
  const unknown: string[] = []
  for (const name of styles) {
    const style = byName.get(name)
    if (!style) { unknown.push(name); continue }
    p = applyStyleText(p, style.prompt)
    n = applyStyleText(n, style.negative_prompt)
  }
  return { prompt: p, negativePrompt: n, unknown }
}
