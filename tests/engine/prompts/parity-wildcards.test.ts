/**
 * Parity with the Dynamic Prompts library (v0.31.0), one table per rule. Every expected list is
 * the library's own combinatorial output for the template, checked by running the library on
 * the same wildcard files (parity-fixture.ts); the comment above each table names the library
 * tests whose rule it follows. Rules: docs/engine.md, "Dynamic Prompts syntax".
 */
import { describe, expect, it } from 'vitest'
import { listing } from './parity-fixture.ts'

// Library: the wildcard manager's hierarchy, backslash-normalisation and recursive-fallback tests.
const globs: [string, string[]][] = [
  ["__colors*__", ["blue", "green", "orange", "red", "yellow"]],
  ["__colors-*__", ["orange", "yellow"]],
  ["__*/dog__", ["beagle", "poodle"]],
  ["__dog__", ["beagle", "poodle"]],
  ["__animals/*__", ["beagle", "owl", "poodle", "blue jay", "red jay"]],
  ["__animals/*/dog__", ["beagle", "poodle"]],
  ["__?olors__", ["blue", "green", "red"]],
  ["__[cx]olors__", ["blue", "green", "red"]],
  ["__animals\\mammals\\dog__", ["beagle", "poodle"]],
  ["__/colors/__", ["blue", "green", "red"]],
  ["__mammals/*__", ["beagle", "poodle"]],
  ["__birds__", ["owl", "blue jay", "red jay"]],
  ["{2$$__animals/*__}", ["beagle,owl", "beagle,poodle", "beagle,blue jay", "beagle,red jay", "owl,beagle", "owl,poodle", "owl,blue jay", "owl,red jay", "poodle,beagle", "poodle,owl", "poodle,blue jay", "poodle,red jay", "blue jay,beagle", "red jay,beagle", "blue jay,owl", "red jay,owl", "blue jay,poodle", "red jay,poodle"]],
]
describe("wildcard lookup: shell globs over paths, then the same pattern in any folder", () => {
  it.each(globs)('%j', (template, expected) => {
    expect(listing(template)).toEqual(expected)
  })
})

// Library: test_pantry_expansion, test_weight_parsing, test_single_string_in_structured_parsed_as_list.
const structured: [string, string[]][] = [
  ["__people/women/names__", ["Ada", "Grace"]],
  ["__people/men/names__", ["Alan", "Linus", "Linus"]],
  ["__people/*__", ["Ada", "Alan", "Grace", "Linus", "Linus", "just one"]],
  ["__people/motto__", ["just one"]],
  ["__fruit__", ["apple", "pear"]],
  ["__veg/green__", ["kale", "leek", "leek", "leek"]],
  ["__list__", ["one", "two"]],
  ["__sub/list__", ["one", "two"]],
  ["{2$$__people/men/names__}", ["Alan,Linus", "Linus,Alan"]],
  ["__names__", ["Ada", "Alan", "Grace", "Linus", "Linus"]],
]
describe("YAML/JSON wildcard files: nested keys are paths, lists are values, `N::` weights repeat values in a listing", () => {
  it.each(structured)('%j', (template, expected) => {
    expect(listing(template)).toEqual(expected)
  })
})
