/**
 * Groups and notes (graph version 2) are layout: they load, save and migrate with the graph, and
 * never reach the compiler, job ids or the content hash.
 */
import { describe, expect, it } from 'vitest'
import { compile, contentHash } from '../../../engine/compile/compile.ts'
import { parseGraph } from '../../../engine/graph/migrations.ts'
import { context, edge, graph, node, pack, packParams } from '../compile/fixtures.ts'

const ctx = context({ packs: { three: pack('three', 'a cat\n\na dog\n\na fox\n') } })
const base = graph([node('p', 'pack', packParams('three')), node('t', 'txt2img')], [edge('p', 't')])
const annotated = {
  ...base,
  groups: [{ id: 'group-1', title: 'Portrait pipeline', position: { x: -20, y: -40 }, size: { width: 700, height: 300 } }],
  notes: [{ id: 'note-1', text: 'Try CFG 5 next {a|b} __wild__ [[slot]]', position: { x: 0, y: 400 }, size: { width: 240, height: 120 } }],
}

describe('groups and notes', () => {
  it('do not change what runs: same errors, jobs, job ids and content hash', () => {
    const plain = compile(base, ctx)
    const withNotes = compile(annotated, ctx)
    expect(withNotes.errors).toEqual([])
    expect(withNotes.warnings).toEqual(plain.warnings)
    expect(withNotes.run!.jobs.map((j) => j.jobId)).toEqual(plain.run!.jobs.map((j) => j.jobId))
    expect(contentHash(parseOk(annotated))).toBe(contentHash(base))
    // Editing a note or moving a group is not a content change either.
    const edited = { ...annotated, notes: [{ ...annotated.notes[0]!, text: 'other' }], groups: [{ ...annotated.groups[0]!, position: { x: 500, y: 500 } }] }
    expect(contentHash(parseOk(edited))).toBe(contentHash(base))
  })

  it('migrate a version-1 graph to the current version unchanged but for the number', () => {
    const r = parseGraph({ ...base, version: 1 })
    expect(r).toEqual({ ok: true, migratedFrom: 1, graph: { ...base, version: 3 } })
  })

  it('round-trip through the schema', () => {
    expect(parseOk(annotated)).toEqual(annotated)
  })

  it('refuse an id already used by a node, and bad sizes, naming the field', () => {
    const clash = { ...annotated, notes: [{ ...annotated.notes[0]!, id: 't' }], groups: [{ ...annotated.groups[0]!, size: { width: -1, height: 100 } }] }
    const r = parseGraph(clash)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.problems.map((p) => p.path).sort()).toEqual(['groups.0.size.width', 'notes.0.id'])
      expect(r.problems.find((p) => p.path === 'notes.0.id')!.message).toMatch(/already the id/)
    }
  })
})

function parseOk(g: unknown) {
  const r = parseGraph(g)
  if (!r.ok) throw new Error(JSON.stringify(r.problems))
  return r.graph
}
