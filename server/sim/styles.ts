/**
 * The simulated WebUI's prompt styles (`/sdapi/v1/prompt-styles`, A1111's styles.csv) and how
 * A1111 1.10 applies them to a request's prompts (modules/styles.py): for each named style in
 * order, a text with `{prompt}` gets the prompt in its place, any other text is added after the
 * prompt with ", " (empty sides dropped). A name it does not have counts as an empty style, which
 * still strips the prompt's ends. The expanded prompts are what the infotext and `all_prompts` show.
 *
 * Written from A1111's code, independently of engine/resources/styles.ts, so a test comparing
 * the editor's preview with this simulator checks one against the other.
 */
export interface SimStyle {
  name: string
  prompt: string
  negative_prompt: string
}

/** A realistic styles.csv: styles with and without `{prompt}`, with and without a negative. */
export const DEFAULT_STYLES: SimStyle[] = [
  { name: 'Cinematic', prompt: 'cinematic still of {prompt}, shallow depth of field, film grain', negative_prompt: 'cartoon, illustration' },
  { name: 'Sharp detail', prompt: 'highly detailed, sharp focus', negative_prompt: 'blurry, lowres' },
  { name: 'Watercolor', prompt: 'watercolor painting of {prompt}, soft edges', negative_prompt: '' },
  { name: 'No people', prompt: '', negative_prompt: 'people, person, crowd' },
]

function merge(style: string, prompt: string): string {
  if (style.includes('{prompt}')) return style.split('{prompt}').join(prompt)
  const parts = [prompt.trim(), style.trim()].filter(Boolean)
  return parts.join(', ')
}

export function stylePrompt(prompt: string, names: readonly string[], styles: readonly SimStyle[], negative: boolean): string {
  let out = prompt
  for (const name of names) {
    const style = styles.find((s) => s.name === name)
    out = merge(style ? (negative ? style.negative_prompt : style.prompt) : '', out)
  }
  return out
}
