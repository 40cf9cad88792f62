/**
 * The pure parts of the canvas conventions: where new nodes go, align/distribute, groups carrying
 * their nodes, and groups/notes in the store (saved to `groups`/`notes`, never compiled).
 */
import { describe, expect, it } from 'vitest'
import { compile } from '../../engine/compile/compile.ts'
import { parseGraph } from '../../engine/graph/migrations.ts'
import type { Graph } from '../../engine/graph/schema.ts'
import portraitJson from '../../graphs/portrait.json'
import { filterChoices, SEARCH_CHOICES } from '../../editor/src/canvas/NodeSearch.tsx'
import { freeSpot } from '../../editor/src/canvas/placement.ts'
import { formatEta } from '../../editor/src/panels/queue/queue-eta.ts'
import { groupByRun } from '../../editor/src/panels/queue/run-groups.ts'
import { alignBoxes } from '../../editor/src/store/align.ts'
import { createEditorStore } from '../../editor/src/store/create-store.ts'
import { followFrames, frameMembers, startFrameDrags } from '../../editor/src/store/frames.ts'
import { fromGraph, toGraph } from '../../editor/src/store/graph-convert.ts'

function portrait(): Graph {
  const parsed = parseGraph(portraitJson)
  if (!parsed.ok) throw new Error('portrait.json does not parse')
  return parsed.graph
}

const overlaps = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height

describe('placement of new nodes', () => {
  const size = { width: 240, height: 160 }
  const view = { x: 0, y: 0, width: 1000, height: 800 }

  it('takes the asked spot when it is free and in view', () => {
    expect(freeSpot({ x: 100, y: 100 }, size, [], view)).toEqual({ x: 100, y: 100 })
  })

  it('moves into the view when asked outside it (a drop at the edge, a wire near the border)', () => {
    const p = freeSpot({ x: 950, y: 780 }, size, [], view)
    expect(p).toEqual({ x: 1000 - 240, y: 800 - 160 })
  })

  it('never lands on another node, and stays as close as it can', () => {
    const taken = [{ x: 100, y: 100, width: 240, height: 160 }]
    const p = freeSpot({ x: 100, y: 100 }, size, taken, view)
    expect(overlaps({ ...p, ...size }, taken[0]!)).toBe(false)
    expect(Math.hypot(p.x - 100, p.y - 100)).toBeLessThan(300)
  })

  it('avoids overlays such as the minimap', () => {
    const minimap = { x: 760, y: 600, width: 240, height: 200 }
    const p = freeSpot({ x: 900, y: 700 }, size, [minimap], view)
    expect(overlaps({ ...p, ...size }, minimap)).toBe(false)
    expect(p.x + size.width).toBeLessThanOrEqual(1000)
  })

  it('goes outside the view only when the view is full', () => {
    const full = [{ x: -10, y: -10, width: 1020, height: 820 }]
    const p = freeSpot({ x: 100, y: 100 }, size, full, view)
    expect(overlaps({ ...p, ...size }, full[0]!)).toBe(false)
  })
})

describe('align and distribute', () => {
  const boxes = [
    { id: 'a', x: 10, y: 50, width: 100, height: 40 },
    { id: 'b', x: 300, y: 20, width: 200, height: 80 },
    { id: 'c', x: 120, y: 90, width: 50, height: 20 },
  ]
  it('aligns left edges, top edges, centres and middles', () => {
    expect([...alignBoxes(boxes, 'left').values()].map((p) => p.x)).toEqual([10, 10, 10])
    expect([...alignBoxes(boxes, 'top').values()].map((p) => p.y)).toEqual([20, 20, 20])
    const centres = boxes.map((b) => alignBoxes(boxes, 'center').get(b.id)!.x + b.width / 2)
    expect(new Set(centres.map((c) => c.toFixed(6))).size).toBe(1)
    const middles = boxes.map((b) => alignBoxes(boxes, 'middle').get(b.id)!.y + b.height / 2)
    expect(new Set(middles.map((c) => c.toFixed(6))).size).toBe(1)
  })
  it('distributes with equal gaps, keeping the outer two', () => {
    const m = alignBoxes(boxes, 'distribute-h')
    expect(m.get('a')!.x).toBe(10)
    expect(m.get('b')!.x).toBe(300)
    // a ends at 110, b starts at 300: 190 of space minus c's 50 → gaps of 70.
    expect(m.get('c')!.x).toBe(110 + 70)
  })
  it('does nothing with fewer than two boxes', () => {
    expect(alignBoxes(boxes.slice(0, 1), 'left').size).toBe(0)
  })
})

describe('groups and notes in the editor', () => {
  it('group the selection, carry its nodes when dragged, and save as `groups` without changing the jobs', () => {
    const store = createEditorStore({ graph: portrait() })
    const before = compile(toGraph(store.getState()), { packs: {}, presets: {}, wildcardFiles: {}, globalNegative: '', runSeed: 1, now: '2026-01-01T00:00:00Z' } as never)
    store.getState().selectAll()
    const id = store.getState().groupSelected()!
    expect(id).toBe('group-1')
    store.getState().addAnnotation('note', { x: 0, y: 900, width: 240, height: 120 }, 'remember: {a|b} __x__')
    const s = store.getState()
    const frame = s.nodes.find((n) => n.id === id)!
    expect(s.nodes[0]!.id).toBe(id) // painted first, under the nodes
    // Members: every stage node (the selection was cleared when the group was added).
    const members = frameMembers(frame, s.nodes.map((n) => ({ ...n, selected: false }))).map((n) => n.id)
    expect(members.sort()).toEqual(portrait().nodes.map((n) => n.id).sort())

    const g = toGraph(store.getState())
    expect(g.nodes).toEqual(portrait().nodes)
    expect(g.groups).toEqual([{ id, title: 'Group', position: { x: frame.position.x, y: frame.position.y }, size: { width: frame.width, height: frame.height } }])
    expect(g.notes).toEqual([{ id: 'note-1', text: 'remember: {a|b} __x__', position: { x: 0, y: 900 }, size: { width: 240, height: 120 } }])
    const after = compile(g, { packs: {}, presets: {}, wildcardFiles: {}, globalNegative: '', runSeed: 1, now: '2026-01-01T00:00:00Z' } as never)
    expect(after.errors).toEqual(before.errors)
    expect(after.run!.graphHash).toBe(before.run!.graphHash)
    // And back: the document loads into the same canvas items.
    const parsed = parseGraph(JSON.parse(JSON.stringify(g)))
    expect(parsed.ok).toBe(true)
    const sorted = (xs: { id: string; type?: string }[]) => xs.map((n) => `${n.id}:${n.type}`).sort()
    expect(sorted(fromGraph(parsed.ok ? parsed.graph : g).nodes)).toEqual(sorted(store.getState().nodes))
  })

  it('moves the members by the group’s offset during a drag, as one undo step', () => {
    const store = createEditorStore({ graph: portrait() })
    store.getState().selectAll()
    const id = store.getState().groupSelected()!
    store.getState().onNodesChange([{ type: 'select', id, selected: false }])
    const start = Object.fromEntries(store.getState().nodes.map((n) => [n.id, { ...n.position }]))
    const f = start[id]!
    const past = store.getState().past.length
    store.getState().onNodesChange([{ type: 'position', id, position: { x: f.x + 50, y: f.y + 30 }, dragging: true }])
    store.getState().onNodesChange([{ type: 'position', id, position: { x: f.x + 100, y: f.y + 60 }, dragging: true }])
    store.getState().onNodesChange([{ type: 'position', id, position: { x: f.x + 100, y: f.y + 60 }, dragging: false }])
    for (const n of store.getState().nodes) expect(n.position).toEqual({ x: start[n.id]!.x + 100, y: start[n.id]!.y + 60 })
    expect(store.getState().frameDrags).toBeNull()
    expect(store.getState().past.length).toBe(past + 1)
    store.getState().undo()
    for (const n of store.getState().nodes) expect(n.position).toEqual(start[n.id])
  })

  it('a stage-node drag carries nothing and computes no membership', () => {
    const store = createEditorStore({ graph: portrait() })
    const n = store.getState().nodes[0]!
    const changes = [{ type: 'position' as const, id: n.id, position: { x: 1, y: 2 }, dragging: true }]
    expect(startFrameDrags(changes, store.getState().nodes)).toBeNull()
    store.getState().onNodesChange(changes)
    expect(store.getState().frameDrags).toBeNull()
    expect(followFrames(changes, new Map())).toEqual([])
  })

  it('Ctrl+A selects groups and notes too; bypass leaves them alone; duplicate and paste at a point', () => {
    const store = createEditorStore({ graph: portrait() })
    store.getState().addAnnotation('note', { x: 0, y: 900, width: 240, height: 120 }, 'hi')
    store.getState().selectAll()
    expect(store.getState().selectedIds).toHaveLength(store.getState().nodes.length)
    store.getState().toggleBypass()
    expect(store.getState().nodes.find((n) => n.id === 'note-1')!.data.bypassed).toBeUndefined()
    expect(toGraph(store.getState()).nodes.every((n) => n.bypassed)).toBe(true)

    store.getState().selectNode('note-1')
    expect(store.getState().duplicateSelected()).toBe(1)
    expect(toGraph(store.getState()).notes!.map((n) => [n.id, n.text, n.position])).toEqual([['note-1', 'hi', { x: 0, y: 900 }], ['note-2', 'hi', { x: 40, y: 940 }]])
    store.getState().copy()
    store.getState().paste({ x: 500, y: 600 })
    expect(toGraph(store.getState()).notes!.at(-1)).toMatchObject({ id: 'note-3', position: { x: 500, y: 600 } })
  })
})

describe('node search, queue grouping and ETA text', () => {
  it('finds kinds by label, name or description, name matches first', () => {
    expect(filterChoices(SEARCH_CHOICES, 'ups')[0]!.kind).toBe('upscale')
    expect(filterChoices(SEARCH_CHOICES, 'note').map((c) => c.kind)[0]).toBe('note')
    expect(filterChoices(SEARCH_CHOICES, 'img2')[0]!.kind).toBe('img2img')
    expect(filterChoices(SEARCH_CHOICES, 'zzz')).toEqual([])
    expect(filterChoices(SEARCH_CHOICES, '')).toHaveLength(SEARCH_CHOICES.length)
  })

  it('groups live jobs by run in queue order, keeping each queued job’s index in the whole queue', () => {
    const job = (jobId: string, runId: string, state: 'queued' | 'running') => ({ jobId, runId, graphId: 'g', state }) as never
    const groups = groupByRun([job('r1', 'B', 'running')], [job('a', 'A', 'queued'), job('b', 'B', 'queued'), job('c', 'A', 'queued')])
    expect(groups.map((g) => [g.runId, g.running.length, g.queued.map((q) => q.index)])).toEqual([['B', 1, [1]], ['A', 0, [0, 2]]])
  })

  it('says — for no measurement and … before an answer, never a number it does not have', () => {
    expect(formatEta(null)).toBe('—')
    expect(formatEta(undefined)).toBe('…')
    expect(formatEta(0)).toBe('< 1 s')
    expect(formatEta(42_400)).toBe('42 s')
    expect(formatEta(125_000)).toBe('2 min 05 s')
    expect(formatEta(3_725_000)).toBe('1 h 02 min')
  })
})
