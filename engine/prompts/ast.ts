/**
 * The parsed form of a Dynamic Prompts template. Plain data (plus one query helper): the parser builds it
 * once per distinct text, and both samplers (combinatorial, random) walk it.
 */

/** Literal text, already unescaped, tabs already turned into spaces. */
export interface TextNode {
  kind: 'text'
  text: string
}

/** `__name__`: `name` as written (may be a glob or a bare name found elsewhere in the tree). */
export interface WildcardNode {
  kind: 'wildcard'
  name: string
  /** 0-based offset of the opening `__` in the template text. */
  position: number
}

/** One `|`-separated option of a variant, with its `w::` weight (1 when none is written). */
export interface VariantOption {
  weight: number
  body: TemplateNode[]
}

/** `{…}`: pick between `min` and `max` options (both 1 without a `$$` header). */
export interface VariantNode {
  kind: 'variant'
  options: VariantOption[]
  /** Lower bound of the pick count, before clamping to the number of options. */
  min: number
  /** Upper bound; `Infinity` for an open range like `{2-$$…}`. Clamped when sampling. */
  max: number
  /** Joins the picked options; `,` unless the header names another. */
  separator: string
  position: number
}

export type TemplateNode = TextNode | WildcardNode | VariantNode

/** A successfully parsed template: its top-level sequence plus facts the engine needs often. */
export interface ParsedTemplate {
  body: TemplateNode[]
  /** Every wildcard reference, in text order (including those inside variants). */
  wildcards: WildcardNode[]
  /**
   * True when the text writes `\_`: then a literal `__word__` in the output is intended and the
   * "output looks like a wildcard" safety check must not reject it.
   */
  escapesUnderscore: boolean
}

export interface ParseFailure {
  message: string
  position: number
}

export type ParseResult = { ok: true; template: ParsedTemplate } | { ok: false; error: ParseFailure }

/**
 * The wildcard of a variant written as `{__name__}` or `{2$$__name__}` (one option that is exactly
 * one wildcard): the reference library then treats the wildcard's values as the options.
 */
export function soleWildcard(variant: VariantNode): WildcardNode | undefined {
  if (variant.options.length !== 1) return undefined
  const body = variant.options[0]!.body
  const first = body[0]
  return body.length === 1 && first !== undefined && first.kind === 'wildcard' ? first : undefined
}
