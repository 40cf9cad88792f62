/**
 * Parity with the Dynamic Prompts library (v0.31.0), one table per rule. Every expected list is
 * the library's own combinatorial output for the template, checked by running the library on
 * the same wildcard files (parity-fixture.ts); the comment above each table names the library
 * tests whose rule it follows. Rules: docs/engine.md, "Dynamic Prompts syntax".
 */
import { describe, expect, it } from 'vitest'
import { listing } from './parity-fixture.ts'

// Library: parser tests' comment cases (test_comments): comments vanish, the text pieces around them are joined with a space.
const comments: [string, string[]][] = [
  ["a, # comment\n   b", ["a,  \n   b"]],
  ["a #one\n#two\n\nb", ["a  \n\nb"]],
  ["# header line\nportrait", ["\nportrait"]],
  ["portrait # trailing", ["portrait "]],
  ["x {a|b} # c\ny", ["x a\ny", "x b\ny"]],
  ["{a # first\n|b}", ["a  \n", "b"]],
  ["{a|b}  // c", ["a", "b"]],
  ["a // not a comment here", ["a // not a comment here"]],
  ["// whole line\nb", ["\nb"]],
  ["{a|b}/* c */ x", ["a x", "b x"]],
  ["a /* kept */ b", ["a /* kept */ b"]],
  ["/* lead */ b", [" b"]],
  ["{a|//c\nb}", ["a", "b"]],
  ["{a|b //c\n}", ["a", "b //c\n"]],
  ["#only", [""]],
  ["{2$$#c\n|a|b}", ["a", "b", "a", "a,b", "b", "b,a"]],
  ["{a|#x\n2::b}", ["a", "b"]],
]
describe("comments: `#` anywhere, `//` and `/* */` only where a new element starts", () => {
  it.each(comments)('%j', (template, expected) => {
    expect(listing(template)).toEqual(expected)
  })
})

// Library: the parser's note that whitespace is preserved, and its variant-whitespace cases.
const whitespace: [string, string[]][] = [
  ["{ a | b }", ["a ", "b "]],
  ["x  {\n  a|\tb}  y", ["x  a  y", "x  b  y"]],
  ["{2$$ , $$ a| b}", ["a , b", "b , a"]],
  ["{1:: a|2::  b}", [" a", "  b"]],
  ["a\tb  c\nd", ["a       b  c\nd"]],
  ["{\ta\t|\tb\t}", ["a       ", "b       "]],
  ["  ", ["  "]],
  ["  {a|b}  ", ["  a  ", "  b  "]],
  ["{a|b}\n", ["a\n", "b\n"]],
  ["{ 2$$ a|b}", ["a,b", "b,a"]],
  ["{2$$ a | b }", ["a ,b ", "b ,a "]],
  ["{a|{b|c} }", ["a", "b ", "c "]],
  ["x\t{a|b}\ty", ["x       a   y", "x       b   y"]],
]
describe("whitespace: kept, except right after `{`, after a `$$` header and before each option; tabs expand to 8-column stops", () => {
  it.each(whitespace)('%j', (template, expected) => {
    expect(listing(template)).toEqual(expected)
  })
})

// Library: test_empty (no prompt for the empty template) and test_variant_with_blank.
const empty: [string, string[]][] = [
  ["", []],
  ["{}", [""]],
  ["{|}", [""]],
  ["{ }", [""]],
  ["{a|}", ["a", ""]],
  ["{|a}", ["", "a"]],
  ["x{|y}", ["x", "xy"]],
  ["{a|b}{}", ["a", "b"]],
  ["{a||b}", ["a", "", "b"]],
]
describe("empty template and empty options", () => {
  it.each(empty)('%j', (template, expected) => {
    expect(listing(template)).toEqual(expected)
  })
})

// Library: test_variant_with_zero_bound and the combination-sampling cases: a pick whose texts repeat is dropped; a separator is trimmed from the ends.
const pick_empty: [string, string[]][] = [
  ["{2$$}", [""]],
  ["{2$$|}", []],
  ["{2$$a|}", ["a", "a"]],
  ["{2$$|a|}", ["a", "a"]],
  ["{0$$}", [""]],
  ["{2$$ and $$a||b}", ["a", "a and b", "a", "b", "b and a", "b"]],
  ["{1-2$$a|}", ["a", "", "a", "a"]],
  ["{2$$a|a}", []],
  ["{2$${a|b}|{a|b}}", []],
  ["{3$$a|b|a}", []],
]
describe("pick-N over empty or identical options", () => {
  it.each(pick_empty)('%j', (template, expected) => {
    expect(listing(template)).toEqual(expected)
  })
})

// Library: test_literal_characters: only `{`, `#`, `$`, `%` and `__` are special outside braces.
const stray: [string, string[]][] = [
  ["a}", ["a}"]],
  ["}{a|b}", ["}a", "}b"]],
  ["{a|b}}", ["a}", "b}"]],
  ["a}b", ["a}b"]],
  ["{a|b} c}", ["a c}", "b c}"]],
  ["x|y}", ["x|y}"]],
  ["}}", ["}}"]],
  ["{a|b}|{c|d}", ["a|c", "a|d", "b|c", "b|d"]],
]
describe("stray `}` and `|` outside braces are text", () => {
  it.each(stray)('%j', (template, expected) => {
    expect(listing(template)).toEqual(expected)
  })
})

// Library: test_a1111_special_syntax_intact: `\\(` and friends pass through untouched.
const backslash: [string, string[]][] = [
  ["\\{a|b}", ["\\a", "\\b"]],
  ["{a\\|b}", ["a\\", "b"]],
  ["a\\_b", ["a\\_b"]],
  ["\\(smile\\)", ["\\(smile\\)"]],
  ["{x\\|y|z}", ["x\\", "y", "z"]],
  ["\\\\", ["\\\\"]],
  ["\\#1", ["\\"]],
  ["{a|b\\}", ["a", "b\\"]],
  ["\\__colors__", ["\\blue", "\\green", "\\red"]],
]
describe("a backslash is an ordinary character (the library has no escapes)", () => {
  it.each(backslash)('%j', (template, expected) => {
    expect(listing(template)).toEqual(expected)
  })
})

// Library: test_range, test_variant_delimiter, test_variants_with_larger_bounds_than_choices, test_variant_with_wildcard_and_high_bounds.
const bounds: [string, string[]][] = [
  ["{5$$a|b}", ["a,b", "b,a"]],
  ["{1-9$$a|b}", ["a", "b", "a,b", "b,a"]],
  ["{3-1$$a|b}", ["a", "b", "a,b", "b,a"]],
  ["{-2$$a|b}", ["a", "b", "a,b", "b,a"]],
  ["{2-$$a|b|c}", ["a,b", "a,c", "b,a", "b,c", "c,a", "c,b", "a,b,c", "a,c,b", "b,a,c", "b,c,a", "c,a,b", "c,b,a"]],
  ["{0-1$$a}", ["", "a"]],
  ["{0-0$$a|b}", [""]],
  ["{1$$a|b}", ["a", "b"]],
  ["{2$$a}", ["a"]],
  ["{2-$$__colors__}", ["blue", "green", "red", "blue,green", "blue,red", "green,blue", "green,red", "red,blue", "red,green"]],
  ["{9$$__colors-warm__}", ["orange,yellow", "yellow,orange"]],
  ["{-1$$a|b|c}", ["a", "b", "c"]],
  ["{0-$$a|b}", ["", "a", "b", "a,b", "b,a"]],
  ["{2$$ - $$a|b}", ["a - b", "b - a"]],
  ["{2$$|$$a|b}", ["a|b", "b|a"]],
  ["{2$$a|b$$c}", ["c"]],
  ["{1-2$$, $$__colors-warm__|x}", ["orange", "yellow", "x", "orange, x", "yellow, x", "x, orange", "x, yellow"]],
]
describe("pick bounds and separators: clamped, swapped, `N-` up to the options written", () => {
  it.each(bounds)('%j', (template, expected) => {
    expect(listing(template)).toEqual(expected)
  })
})
