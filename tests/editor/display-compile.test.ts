/** One invalid field must not blank the resolved configs of other fields and nodes (issue #10 §5). */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { compile } from '../../engine/compile/compile.ts'
import { parseGraph } from '../../engine/graph/migrations.ts'
import { createWildcardLibrary } from '../../engine/prompts/index.ts'
import { compileContext } from '../../editor/src/services/compile-service.ts'
import { displayResult, withoutInvalidFields } from '../../editor/src/services/display-compile.ts'
import { exampleLibrary } from '../../editor/src/offline/example-library.ts'

const parsed = parseGraph(JSON.parse(readFileSync('graphs/portrait.json', 'utf8')))
if (!parsed.ok) throw new Error('portrait example does not parse')
const graph = parsed.graph
const ctx = compileContext(exampleLibrary(), null, createWildcardLibrary(exampleLibrary().wildcardFiles), 1)
const broken = { ...graph, nodes: graph.nodes.map((n) => (n.id === 'txt' ? { ...n, params: { ...n.params, steps: 0, cfg_scale: 5 } } : n)) }

describe('display compile', () => {
  it('drops only the fields the errors name', () => {
    const result = compile(broken, ctx)
    expect(result.errors.map((e) => [e.nodeId, e.field])).toEqual([['txt', 'steps']])
    const lenient = withoutInvalidFields(broken, result)!
    const txt = lenient.nodes.find((n) => n.id === 'txt')!.params
    expect(txt.steps).toBeUndefined()
    expect(txt.cfg_scale).toBe(5)
  })

  it('gives every stage its resolved config while the run itself is refused', () => {
    const result = compile(broken, ctx)
    expect(result.run?.jobs).toHaveLength(0)
    const shown = displayResult(broken, result, ctx)
    // What the graph gives with the invalid field unset (it inherits): the same for every stage.
    const good = compile({ ...graph, nodes: graph.nodes.map((n) => (n.id === 'txt' ? { ...n, params: { ...n.params, cfg_scale: 5 } } : n)) }, ctx)
    const stages = (r: typeof good) => Object.fromEntries((r.run?.jobs[0]?.plan.stages ?? []).map((s) => [s.stageId, s.config.values]))
    expect(Object.keys(stages(shown))).toEqual(['txt', 'detail', 'up'])
    expect(stages(shown)).toEqual(stages(good))
    expect(stages(shown).txt).toMatchObject({ cfg_scale: 5 })
  })
})
