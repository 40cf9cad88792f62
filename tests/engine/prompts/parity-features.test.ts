/**
 * Parity with the Dynamic Prompts library (v0.31.0), one table per rule. Every expected list is
 * the library's own combinatorial output for the template, checked by running the library on
 * the same wildcard files (parity-fixture.ts); the comment above each table names the library
 * tests whose rule it follows. Rules: docs/engine.md, "Dynamic Prompts syntax".
 */
import { describe, expect, it } from 'vitest'
import { listing } from './parity-fixture.ts'

// Library: test_sampling_method, test_variant_with_sampling_method and the mixed-sampler tests.
const prefixes: [string, string[]][] = [
  ["{!a|b}", ["a", "b"]],
  ["{ !a|b}", ["a", "b"]],
  ["__!colors__", ["blue", "green", "red"]],
  ["{!2$$a|b|c}", ["a,b", "a,c", "b,a", "b,c", "c,a", "c,b"]],
  ["{@a|b|c} {x|y}", ["a x", "b y"]],
  ["{@a|b} {@x|y|z} {1|2|3|4}", ["a x 1", "b y 2", "a z 3", "b x 4"]],
  ["__@colors__ {x|y|z|w}", ["blue x", "green y", "red z", "blue w"]],
  ["{@2$$a|b|c} {1|2|3|4|5|6|7}", ["a,b 1", "a,c 2", "b,a 3", "b,c 4", "c,a 5", "c,b 6", "a,b 7"]],
  ["{!{@a|b}|c} {1|2|3}", ["a 1", "a 2", "a 3", "c 1", "c 2", "c 3"]],
]
describe("sampler marks `!` (combinatorial) and `@` (cyclical) in a listing", () => {
  it.each(prefixes)('%j', (template, expected) => {
    expect(listing(template)).toEqual(expected)
  })
})

// Library: test_variable_commands, test_discussion_61 (and its shorthand), test_wildcard_variable_shorthand.
const variables: [string, string[]][] = [
  ["${x=a}${x}", ["a"]],
  ["${x={a|b}} ${x} ${x}", [" a a", " a b", " b a", " b b"]],
  ["${x=!{a|b}} ${x} ${x}", [" a a"]],
  ["${y:dflt}", ["dflt"]],
  ["${y:{p|q}}", ["p", "q"]],
  ["${x={a|b}}${x?=c} ${x}", [" c"]],
  ["${ x = {a|b} }${ x }", ["a ", "b "]],
  ["__vars__", ["dog in the park"]],
  ["${animal=cat}__vars__", ["cat in the park"]],
  ["__vars(animal=fox)__", ["fox in the park"]],
  ["__vars(animal=fox, place=town)__", ["fox in town"]],
  ["${x=__colors-warm__} ${x}", [" orange", " yellow"]],
  ["${c=colors}__${c}-warm__", ["orange", "yellow"]],
  ["{${x}|b}${x=a}", ["a", "b"]],
]
describe("variables `${x=…}`, `${x=!…}`, `${x?=…}`, `${x}`, `${x:default}`, wildcard variables", () => {
  it.each(variables)('%j', (template, expected) => {
    expect(listing(template)).toEqual(expected)
  })
})

// Library: test_wrapping.py: wrap with literal, wildcard, variant; no marker means prefix.
const wrap: [string, string[]][] = [
  ["%{(...:1.3)$$cat}", ["(cat:1.3)"]],
  ["%{__wrap__$$cat}", ["(cat:1.3)", "[cat]"]],
  ["%{{a|b}...$$ {x|y}}", ["ax", "ay", "bx", "by"]],
  ["%{no marker$$x}", ["no markerx"]],
  ["%{… and$$x}", ["x and"]],
  ["a %{[...]$${p|q}} b", ["a [p] b", "a [q] b"]],
]
describe("`%{wrapper$$text}` puts the text at the wrapper's first `...`/`…`", () => {
  it.each(wrap)('%j', (template, expected) => {
    expect(listing(template)).toEqual(expected)
  })
})
