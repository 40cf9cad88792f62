/**
 * The parsed form of a Dynamic Prompts template. Plain data: the parser builds it once per
 * distinct text, and the samplers (combinatorial, random, cyclical) walk it. The node kinds are
 * the reference library's commands; a body of exactly one node stands for that node itself
 * (which matters: a lone `{~a|b}` is an endless random stream, inside a sequence it is one draw).
 */

/** `!` combinatorial, `~` random, `@` cyclical: the sampler a `{…}` or `__…__` asks for. */
export type SamplerMark = '!' | '~' | '@'

/** Literal text, tabs already expanded (to 8-column stops, as the library does). */
export interface TextNode {
  kind: 'text'
  text: string
}

/** `name=value` inside `__name(name=value, …)__`: variables set for that wildcard's values. */
export interface WildcardBinding {
  name: string
  value: TemplateNode[]
}

/** `__name__`. `path` is the parsed name; `name` is its text when the path is plain text. */
export interface WildcardNode {
  kind: 'wildcard'
  /** The literal path (may be a glob or a bare name found elsewhere); '' when `dynamic`. */
  name: string
  /** The path as template nodes (variants or `${var}` make it `dynamic`). */
  path: TemplateNode[]
  dynamic: boolean
  sampler?: SamplerMark
  bindings: WildcardBinding[]
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
  /** Lower bound of the pick count (≥ 0), before clamping to the number of options. */
  min: number
  /** Upper bound (≥ min); `N-` means the number of options written. Clamped when sampling. */
  max: number
  /** Joins the picked options; `,` unless the header names another. */
  separator: string
  sampler?: SamplerMark
  position: number
}

/** `${name=value}` (`=!` evaluates once, `?=` keeps a value set earlier). */
export interface SetNode {
  kind: 'set'
  name: string
  value: TemplateNode[]
  immediate: boolean
  keepExisting: boolean
  position: number
}

/** `${name}` or `${name:default}`. */
export interface GetNode {
  kind: 'get'
  name: string
  fallback?: TemplateNode[]
  position: number
}

/** `%{wrapper$$inner}`: the wrapper's text split at its first `...`/`…`, the inner text put there. */
export interface WrapNode {
  kind: 'wrap'
  wrapper: TemplateNode[]
  inner: TemplateNode[]
  position: number
}

export type TemplateNode = TextNode | WildcardNode | VariantNode | SetNode | GetNode | WrapNode

/** A successfully parsed template: its top-level sequence plus facts the engine needs often. */
export interface ParsedTemplate {
  body: TemplateNode[]
  /** Every wildcard reference, in text order (including those inside variants and paths). */
  wildcards: WildcardNode[]
  /**
   * True when the template uses only variants, text and plain wildcards with the default
   * sampler: the fast combinatorial compiler handles those; anything else goes through the
   * general interpreter.
   */
  simple: boolean
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
