import { afterEach, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { ApiError, formatApiError, request } from '../../editor/src/api/client.ts'
import { checkEditorConnection } from '../../editor/src/store/graph-slice.ts'
import { slugify } from '../../editor/src/panels/LibraryPanel.tsx'

const reply = (status: number, body: string) => vi.fn(async () => new Response(body, { status }))

afterEach(() => vi.unstubAllGlobals())

describe('api client', () => {
  it('parses a good answer with the schema', async () => {
    vi.stubGlobal('fetch', reply(200, '{"ok":1}'))
    await expect(request(z.object({ ok: z.number() }), '/x')).resolves.toEqual({ ok: 1 })
  })

  it('turns the server error shape into a readable message with paths', async () => {
    vi.stubGlobal('fetch', reply(400, JSON.stringify({ error: 'Invalid graph', problems: [{ path: 'body.nodes.3.params.steps', message: 'must be at most 150' }] })))
    const e = await request(z.unknown(), '/graphs/x').catch((x: unknown) => x)
    expect(e).toBeInstanceOf(ApiError)
    expect((e as ApiError).message).toBe('Invalid graph: body.nodes.3.params.steps — must be at most 150')
    expect((e as ApiError).status).toBe(400)
    expect((e as ApiError).unreachable).toBe(false)
  })

  it('calls a network failure or a non-JSON page "not reachable"', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('fetch failed') }))
    await expect(request(z.unknown(), '/health')).rejects.toMatchObject({ unreachable: true })
    vi.stubGlobal('fetch', reply(502, '<html>Bad gateway</html>'))
    await expect(request(z.unknown(), '/health')).rejects.toMatchObject({ unreachable: true, status: 502 })
  })

  it('refuses an answer that does not match the schema', async () => {
    vi.stubGlobal('fetch', reply(200, '{"ok":"yes"}'))
    await expect(request(z.object({ ok: z.number() }), '/x')).rejects.toThrow(/not understood \(ok:/)
  })

  it('shortens long problem lists', () => {
    const problems = Array.from({ length: 5 }, (_, i) => ({ path: `p${i}`, message: 'bad' }))
    expect(formatApiError('Nope', problems)).toMatch(/\(and 2 more\)$/)
  })
})

describe('editor helpers', () => {
  it('slugifies graph names into valid ids', () => {
    expect(slugify('My Portrait: v2!')).toBe('my-portrait-v2')
    expect(slugify('★★★')).toMatch(/^graph-/)
  })

  it('connection check replaces an occupied single input instead of refusing it', () => {
    const nodes = [
      { id: 'a', type: 'stage' as const, position: { x: 0, y: 0 }, data: { kind: 'txt2img', params: {} } },
      { id: 'b', type: 'stage' as const, position: { x: 0, y: 0 }, data: { kind: 'txt2img', params: {} } },
      { id: 't', type: 'stage' as const, position: { x: 0, y: 0 }, data: { kind: 'img2img', params: {} } },
    ]
    const edges = [{ id: 'e1', source: 'a', sourceHandle: 'image', target: 't', targetHandle: 'image' }]
    const { result, kept } = checkEditorConnection(nodes, edges, { source: 'b', sourceHandle: 'image', target: 't', targetHandle: 'image' })
    expect(result).toEqual({ ok: true })
    expect(kept).toEqual([])
  })
})
