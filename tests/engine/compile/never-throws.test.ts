/**
 * Property test: whatever graph-shaped (or not) input arrives, compile returns errors, never throws.
 * Random graphs are built from the real kinds, ports and plausible params; mutated graphs start
 * from the shipped examples and break one thing at a time.
 */
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compile } from '../../../engine/compile/compile.ts'
import { NODE_KIND_NAMES } from '../../../engine/nodes/registry.ts'
import { context, pack } from './fixtures.ts'

const ctx = context({
  packs: { p: pack('p', 'a [[x]] {a|b}\n\nplain row\n', { pack_data: { name: 'P', matrix: { enabled: true, mode: 'fanout', limit: 4, slots: [{ name: 'x', values: ['1', '2'] }] } } }) },
  presets: { base: { id: 'base', name: 'base', description: '', config: { txt2img: { steps: 10 } } } },
  wildcardFiles: { loop: '__loop__\n', ok: 'fine\n' },
})

const ids = ['a', 'b', 'c', 'd', 'e', 'f']
const ports = ['prompts', 'config', 'image', 'video', 'mask']
const anyValue = fc.oneof(fc.integer({ min: -5, max: 5000 }), fc.double(), fc.string({ maxLength: 12 }), fc.boolean(), fc.constant(null), fc.constant('__loop__ {a|'))
const params = fc.oneof(
  fc.constant({}),
  fc.record({ packId: fc.constantFrom('p', 'nope', ''), rows: fc.array(fc.integer({ min: -1, max: 4 }), { maxLength: 3 }) }),
  fc.record({ presetId: fc.constantFrom('base', 'ghost') }),
  fc.record({ mode: fc.constantFrom('combinatorial', 'random', 'rotate', 'x'), maxVariants: fc.integer({ min: 0, max: 20 }), useMatrix: fc.boolean(), sweeps: fc.array(fc.record({ path: fc.constantFrom('txt2img.cfg_scale', 'txt2img.hires.scale', 'adetailer.passes.1.ad_confidence', 'upscale.factor', 'nope'), values: fc.array(anyValue, { maxLength: 3 }) }), { maxLength: 2 }), seedMode: fc.constantFrom('fixed', 'increment', 'random'), baseSeed: fc.integer({ min: -2, max: 5 }), drawSeed: fc.integer({ min: -1, max: 5 }) }),
  fc.dictionary(fc.constantFrom('steps', 'cfg_scale', 'width', 'batch_size', 'batch_runs', 'prompt', 'sourceImage', 'factor', 'mode', 'passes', 'hires', 'fps'), anyValue, { maxKeys: 4 }),
)
const node = fc.record({
  id: fc.constantFrom(...ids),
  kind: fc.constantFrom(...NODE_KIND_NAMES, 'bogus'),
  position: fc.constant({ x: 0, y: 0 }),
  params,
  bypassed: fc.boolean(),
})
const edge = fc.record({
  id: fc.string({ minLength: 1, maxLength: 3 }).map((s) => `e${s.replace(/[^a-z0-9]/gi, 'x')}`),
  source: fc.constantFrom(...ids),
  sourcePort: fc.constantFrom(...ports),
  target: fc.constantFrom(...ids),
  targetPort: fc.constantFrom(...ports),
})
const graphArb = fc.record({
  version: fc.constant(1),
  id: fc.constant('g'),
  name: fc.constant('g'),
  description: fc.constant(''),
  tags: fc.constant([]),
  nodes: fc.array(node, { maxLength: 7 }),
  edges: fc.array(edge, { maxLength: 10 }),
  viewport: fc.constant({ x: 0, y: 0, zoom: 1 }),
})

describe('compile never throws', () => {
  it('on random graphs built from the real kinds', () => {
    fc.assert(fc.property(graphArb, (g) => {
      const result = compile(g, ctx)
      expect(Array.isArray(result.errors)).toBe(true)
      if (result.errors.length === 0) {
        for (const job of result.run!.jobs) expect(job.prompt).not.toMatch(/\[\[|\{|__loop__/)
      }
    }), { numRuns: 1500, seed: 20261122 })
  })

  it('on anything at all', () => {
    fc.assert(fc.property(fc.anything(), (x) => { compile(x, ctx) }), { numRuns: 500, seed: 7 })
  })

  it('on the examples with one field replaced by junk', () => {
    const examples = ['portrait', 'landscape', 'learning-sweep', 'video'].map((n) => JSON.parse(readFileSync(`graphs/${n}.json`, 'utf8')))
    fc.assert(fc.property(fc.integer({ min: 0, max: 3 }), fc.nat(), anyValue, (which, pick, junk) => {
      const g = structuredClone(examples[which])
      const paths: (string | number)[][] = []
      const walk = (v: unknown, path: (string | number)[]): void => {
        paths.push(path)
        if (v && typeof v === 'object') for (const [k, c] of Object.entries(v)) walk(c, [...path, Array.isArray(v) ? Number(k) : k])
      }
      walk(g, [])
      const path = paths[pick % paths.length]!
      if (path.length === 0) return
      let cursor = g
      for (const key of path.slice(0, -1)) cursor = cursor[key]
      cursor[path[path.length - 1]!] = junk
      compile(g, ctx)
    }), { numRuns: 1500, seed: 11 })
  })
})
