/** The editor's document model (editor/src/document): ids, the browser record, what opens at start, import. */
import { describe, expect, it } from 'vitest'
import { GRAPH_VERSION, Id } from '../../engine/graph/schema.ts'
import { formatApiError } from '../../editor/src/api/client.ts'
import { looksLikeGraph, readGraphText } from '../../editor/src/document/import.ts'
import {
  asNewDocument, blankGraph, checkName, copyName, newGraphId, parseDocument, parseLegacy, planStartup, serializeDocument, type OpenDocument,
} from '../../editor/src/document/model.ts'

const doc = (over: Partial<OpenDocument> = {}): OpenDocument => ({ graph: blankGraph('g-abc'), origin: 'local', dirty: false, ...over })

describe('document ids', () => {
  it('are fresh, valid ids, never the shared "untitled"', () => {
    const ids = new Set(Array.from({ length: 200 }, () => newGraphId()))
    expect(ids.size).toBe(200)
    for (const id of ids) {
      expect(Id.safeParse(id).success).toBe(true)
      expect(id).toMatch(/^g-[a-z0-9]{12}$/)
    }
  })

  it('a new document from a graph keeps its content and gets its own id', () => {
    const g = { ...blankGraph('portrait', 'Portrait'), tags: ['x'] }
    const copy = asNewDocument(g, 'Portrait copy', 'g-new')
    expect(copy).toEqual({ ...g, id: 'g-new', name: 'Portrait copy' })
    expect(asNewDocument(g).id).not.toBe('portrait')
  })

  it('copy names avoid names in use', () => {
    expect(copyName('Portrait', [])).toBe('Portrait copy')
    expect(copyName('Portrait', ['Portrait copy'])).toBe('Portrait copy 2')
    expect(copyName('Portrait copy 2', ['Portrait copy', 'Portrait copy 2'])).toBe('Portrait copy 3')
  })

  it('names: empty refused with a sentence, trimmed, at most 200 characters', () => {
    expect(checkName('   ')).toEqual({ ok: false, message: expect.stringMatching(/name is needed/) })
    expect(checkName('  A  ')).toEqual({ ok: true, name: 'A' })
    expect(checkName('x'.repeat(201))).toEqual({ ok: false, message: expect.stringMatching(/201 characters/) })
  })
})

describe('the browser record of the open document', () => {
  it('round-trips', () => {
    const d = doc({ origin: 'library', dirty: true })
    expect(parseDocument(serializeDocument(d))).toEqual(d)
  })

  it('is not trusted when broken or when its graph has another id', () => {
    expect(parseDocument(null)).toBeNull()
    expect(parseDocument('{')).toBeNull()
    expect(parseDocument(JSON.stringify({ id: 'g-abc', origin: 'local', dirty: false, graph: { nodes: 'no' } }))).toBeNull()
    expect(parseDocument(JSON.stringify({ id: 'g-other', origin: 'local', dirty: false, graph: blankGraph('g-abc') }))).toBeNull()
  })

  it('reads the old shared draft as a local document with its own id, and an old open library graph by id', () => {
    const old = JSON.stringify({ graph: blankGraph('untitled'), dirty: true })
    const legacy = parseLegacy(old, JSON.stringify({ origin: 'local', id: 'untitled' }), () => 'g-fresh')
    expect(legacy).toEqual({ graph: { ...blankGraph('untitled'), id: 'g-fresh' }, origin: 'local', dirty: true })
    expect(parseLegacy(old, JSON.stringify({ origin: 'library', id: 'portrait' }))).toEqual({ libraryId: 'portrait' })
    expect(parseLegacy(null, null)).toBeNull()
  })
})

describe('what opens once the server answers', () => {
  const base = { deepLink: null, doc: null, legacyLibraryId: null, libraryIds: ['portrait', 'g-abc'], firstExampleId: 'portrait' }

  it('a deep link to another graph opens it', () => {
    expect(planStartup({ ...base, deepLink: 'video', doc: doc() })).toEqual({ kind: 'library', id: 'video', ifMissing: 'toast' })
  })
  it('a library document without changes is re-read; one with changes, or a local one, stays as it is', () => {
    expect(planStartup({ ...base, doc: doc({ origin: 'library' }) })).toEqual({ kind: 'library', id: 'g-abc', ifMissing: 'keep-local' })
    expect(planStartup({ ...base, doc: doc({ origin: 'library', dirty: true }) })).toEqual({ kind: 'keep' })
    expect(planStartup({ ...base, doc: doc({ dirty: true }) })).toEqual({ kind: 'keep' })
    expect(planStartup({ ...base, doc: doc() })).toEqual({ kind: 'keep' })
  })
  it('nothing stored: the library’s first example', () => {
    expect(planStartup(base)).toEqual({ kind: 'library', id: 'portrait', ifMissing: 'toast' })
    expect(planStartup({ ...base, libraryIds: [] })).toEqual({ kind: 'keep' })
    expect(planStartup({ ...base, legacyLibraryId: 'video' })).toEqual({ kind: 'library', id: 'video', ifMissing: 'toast' })
  })
})

describe('importing a graph text', () => {
  it('reads ours and migrates an old version', () => {
    const now = readGraphText(JSON.stringify(blankGraph('g-1', 'Mine')), 'mine.json')
    expect(now).toMatchObject({ ok: true, migratedFrom: GRAPH_VERSION, graph: { name: 'Mine' } })
    const v0 = readGraphText(JSON.stringify({ id: 'old', name: 'Old', nodes: [], edges: [] }), 'old.json')
    expect(v0).toMatchObject({ ok: true, migratedFrom: 0, graph: { version: GRAPH_VERSION, tags: [], viewport: { x: 0, y: 0, zoom: 1 } } })
  })

  it('names what is wrong', () => {
    const notJson = readGraphText('{"nodes": [', 'broken.json')
    expect(notJson.ok).toBe(false)
    if (!notJson.ok) expect(notJson.message).toMatch(/^broken\.json is not valid JSON \(.+\)\.$/)
    const bad = readGraphText(JSON.stringify({ ...blankGraph('g-1'), nodes: [{ id: 'a', kind: 'txt2img', position: { x: 'left' }, params: {} }] }), 'bad.json')
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.message).toMatch(/^bad\.json is not a StableNew Flow graph — nodes\.0\.position\.x: /)
    const future = readGraphText(JSON.stringify({ ...blankGraph('g-1'), version: 9 }), 'new.json')
    expect(future.ok).toBe(false)
    if (!future.ok) expect(future.message).toContain('version 9 is newer')
  })

  it('recognises a pasted graph, not any text', () => {
    expect(looksLikeGraph(' {"version":1,"nodes":[]}')).toBe(true)
    expect(looksLikeGraph('a castle, __style__')).toBe(false)
  })
})

describe('API error sentences', () => {
  it('say a problem once when the server sentence already names it', () => {
    const p = [{ path: 'body.id', message: 'must equal the id in the URL ("a")' }]
    expect(formatApiError('body.id: must equal the id in the URL ("a")', p)).toBe('body.id: must equal the id in the URL ("a")')
    expect(formatApiError('Graph is invalid', p)).toBe('Graph is invalid: body.id — must equal the id in the URL ("a")')
  })
})
