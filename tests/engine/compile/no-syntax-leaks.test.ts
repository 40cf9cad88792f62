/**
 * Property test (DESIGN §9 "Prompts"): random graphs over every node kind, random templates in
 * every prompt-bearing field → when the graph compiles without errors, no WebUI request of any
 * stage, for any image of the batch, carries `{…|…}`, `__name__` or `[[name]]`.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compile } from '../../../engine/compile/compile.ts'
import { stageRequest } from '../../../engine/compile/stage-request.ts'
import type { GraphEdge, GraphNode } from '../../../engine/graph/schema.ts'
import { context, graph, node, pack, packParams, randomizerParams } from './fixtures.ts'

const ctx = context({
  packs: {
    hair: pack('hair', '<embedding:good>\na [[hair]] {cat|dog}\n<lora:l:0.5>\nneg: {blurry|__colours__}, mess\n\nplain row\nneg: __colours__\n', {
      pack_data: { name: 'H', matrix: { enabled: true, mode: 'fanout', limit: 4, slots: [{ name: 'hair', values: ['red', 'blue'] }] } },
    }),
    side: pack('side', '[[hair]] close-up, {soft|hard} light\nneg: {x|y}\n', {
      pack_data: { name: 'S', matrix: { enabled: true, mode: 'fanout', limit: 4, slots: [{ name: 'hair', values: ['red', 'blue'] }] } },
    }),
  },
  wildcardFiles: { colours: 'teal\nmauve\n{pale|deep} green\n' },
  globalNegative: '{lowres|jpeg}',
})

const PIECES = ['a', ' ', ', ', '{x|y}', '{2$$p|q|r}', '__colours__', '[[hair]]', '[SEP]', '[PROMPT]', '[SKIP]', '(word:1.2)', '{0.5::u|2::v}', 'face']
const template = fc.array(fc.constantFrom(...PIECES), { maxLength: 6 }).map((p) => p.join(''))
const STAGES = ['img2img', 'adetailer', 'upscale'] as const

const stageArb = fc.record({
  kind: fc.constantFrom(...STAGES),
  parent: fc.nat(),
  bypassed: fc.boolean(),
  a: template,
  b: template,
  mode: fc.constantFrom('single', 'img2img'),
  sidePrompt: fc.boolean(),
  sideThroughRandomizer: fc.boolean(),
})
const graphArb = fc.record({
  throughRandomizer: fc.boolean(),
  mode: fc.constantFrom('combinatorial', 'random', 'rotate'),
  maxVariants: fc.integer({ min: 1, max: 3 }),
  negative: template,
  batch: fc.integer({ min: 1, max: 3 }),
  rows: fc.constantFrom<number[]>([0], [1], [0, 1]),
  stages: fc.array(stageArb, { maxLength: 5 }),
})

type G = typeof graphArb extends fc.Arbitrary<infer T> ? T : never

function build(g: G) {
  const nodes: GraphNode[] = [node('p', 'pack', packParams('hair', g.rows)), node('t', 'txt2img', { negative_prompt: g.negative, batch_size: g.batch, seed: 5 })]
  const edges: GraphEdge[] = []
  let n = 0
  const e = (source: string, sourcePort: string, target: string, targetPort: string) => edges.push({ id: `e${++n}`, source, sourcePort, target, targetPort })
  if (g.throughRandomizer) {
    nodes.push(node('r', 'randomizer', randomizerParams({ mode: g.mode, maxVariants: g.maxVariants })))
    e('p', 'prompts', 'r', 'prompts')
    e('r', 'prompts', 't', 'prompts')
  } else e('p', 'prompts', 't', 'prompts')
  const ids = ['t']
  g.stages.forEach((s, i) => {
    const id = `s${i}`
    const params = s.kind === 'img2img' ? { prompt_adjust: s.a, negative_adjust: s.b }
      : s.kind === 'adetailer' ? { passes: [{ ad_prompt: s.a, ad_negative_prompt: s.b }, { ad_model: 'hand_yolov8n.pt', ad_prompt: s.b }] }
      : { mode: s.mode }
    nodes.push(node(id, s.kind, params, { bypassed: s.bypassed }))
    e(ids[s.parent % ids.length]!, 'image', id, 'image')
    if (s.kind === 'img2img' && s.sidePrompt) {
      nodes.push(node(`${id}p`, 'pack', packParams('side')))
      if (s.sideThroughRandomizer) {
        nodes.push(node(`${id}r`, 'randomizer', randomizerParams({ maxVariants: 1 })))
        e(`${id}p`, 'prompts', `${id}r`, 'prompts')
        e(`${id}r`, 'prompts', id, 'prompts')
      } else e(`${id}p`, 'prompts', id, 'prompts')
    }
    ids.push(id)
  })
  return graph(nodes, edges)
}

const stringsIn = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : value && typeof value === 'object' ? Object.values(value).flatMap(stringsIn) : []

describe('no request carries our prompt syntax', () => {
  it('over random graphs with random templates in every prompt field', () => {
    let compiledClean = 0
    let requests = 0
    fc.assert(fc.property(graphArb, (g) => {
      const { run, errors } = compile(build(g), ctx)
      if (errors.length) {
        // Refusals name the node and the field or input.
        for (const err of errors) expect(err.nodeId === undefined || err.field !== undefined || err.port !== undefined).toBe(true)
        return
      }
      compiledClean++
      for (const job of run!.jobs) {
        for (const stage of job.plan.stages) {
          for (let k = 0; k < stage.calls; k++) {
            const body = stageRequest(job, stage, k, stage.inputFrom === null ? undefined : { base64: 'x', width: 64, height: 64 }).body
            requests++
            for (const text of stringsIn(body)) expect(text).not.toMatch(/[{}]|__[A-Za-z]\w*__|\[\[/)
          }
        }
      }
    }), { numRuns: 400, seed: 20261204 })
    // The property is not vacuous: many graphs compile and send requests.
    expect(compiledClean).toBeGreaterThan(50)
    expect(requests).toBeGreaterThan(500)
  })
})
