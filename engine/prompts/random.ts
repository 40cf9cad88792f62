/**
 * Random sampling: one independent draw per prompt, reproducible from the seeded Rng alone.
 *
 * Per variant: a pick count is drawn uniformly in the (clamped) range, then that many options
 * are drawn without replacement with probability proportional to their weights. A nested
 * variant is a single option, so `{a|{b|c}}` gives a 50 %, b 25 %, c 25 %. Weight-0 options
 * are never drawn; when fewer positive-weight options exist than the pick count, fewer are
 * picked (and none at all gives the empty string). A wildcard picks one of its values
 * uniformly and samples that value as a template. Only float arithmetic in a fixed order is
 * used on the Rng's outputs, so a seed gives the same prompts on every machine.
 */
import { soleWildcard, type TemplateNode, type VariantNode } from './ast.ts'
import { parseTemplate } from './parse.ts'
import type { WildcardLibrary } from './wildcards.ts'
import type { Rng } from '../util/rng.ts'

interface Choice {
  weight: number
  sample: () => string
}

export class RandomSampler {
  constructor(private readonly library: WildcardLibrary, private readonly rng: Rng) {}

  /** Samples a validated template text (callers check it first; see validate.ts). */
  sampleText(text: string): string {
    const parsed = parseTemplate(text)
    if (!parsed.ok) throw new Error(`internal: sampling an invalid template: ${parsed.error.message}`)
    return this.sampleNodes(parsed.template.body)
  }

  private sampleNodes(nodes: readonly TemplateNode[]): string {
    let out = ''
    for (const node of nodes) {
      if (node.kind === 'text') out += node.text
      else if (node.kind === 'wildcard') out += this.sampleWildcard(node.name)
      else out += this.sampleVariant(node)
    }
    return out
  }

  private wildcardValues(name: string): string[] {
    const values = this.library.values(name)
    if (!values || values.length === 0) throw new Error(`internal: wildcard ${name} has no values after validation`)
    return values
  }

  private sampleWildcard(name: string): string {
    const values = this.wildcardValues(name)
    return this.sampleText(values[this.rng.int(values.length)]!)
  }

  private sampleVariant(node: VariantNode): string {
    const lone = soleWildcard(node)
    // `{2$$__colors__}`: the wildcard's values become equally weighted options.
    const choices: Choice[] = lone
      ? this.wildcardValues(lone.name).map((v) => ({ weight: 1, sample: () => this.sampleText(v) }))
      : node.options.map((o) => ({ weight: o.weight, sample: () => this.sampleNodes(o.body) }))
    const low = Math.min(node.min, choices.length)
    const high = Math.min(node.max, choices.length)
    const wanted = low + this.rng.int(high - low + 1)
    const picked = this.drawWithoutReplacement(choices, wanted)
    return picked.map((c) => c.sample()).join(node.separator)
  }

  private drawWithoutReplacement(choices: Choice[], wanted: number): Choice[] {
    const pool = choices.filter((c) => c.weight > 0)
    const picked: Choice[] = []
    while (picked.length < wanted && pool.length > 0) {
      let total = 0
      for (const c of pool) total += c.weight
      let r = this.rng.next() * total
      // Falls back to the last option if rounding leaves r just above the running sum.
      let index = pool.length - 1
      for (let i = 0; i < pool.length; i++) {
        r -= pool[i]!.weight
        if (r < 0) { index = i; break }
      }
      picked.push(pool[index]!)
      pool.splice(index, 1)
    }
    return picked
  }
}
