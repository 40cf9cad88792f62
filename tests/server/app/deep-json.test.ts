/**
 * Deeply nested JSON (issue #9 §1): a body nested 5,000 levels deep used to overflow the stack in
 * canonicalJson and the graph store (500). It is now a 400 naming the limit, for every body route,
 * and nothing stored changes; a library file nested that deep is reported broken, not a 500.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_JSON_DEPTH } from '../../../engine/util/json-depth.ts'
import { api, example, start } from './helpers.ts'
import { raw } from './raw-http.ts'

type Server = Awaited<ReturnType<typeof start>>
let server: Server

beforeAll(async () => { server = await start() })
afterAll(async () => { await server?.close() })

const nestedText = (levels: number, leaf = '1') => '{"a":'.repeat(levels) + leaf + '}'.repeat(levels)
/** The portrait example with one node's params holding `value` (JSON text) under `x`. */
const graphWith = (valueText: string, id = 'portrait') =>
  JSON.stringify({ ...(example('portrait') as object), id, nodes: (example('portrait') as { nodes: { params: object }[] }).nodes.map((n, i) => (i === 1 ? { ...n, params: { ...n.params, x: '__X__' } } : n)) }).replace('"__X__"', valueText)

const send = (method: string, path: string, body: string) => raw(server.url, path, { method, headers: { 'content-type': 'application/json' }, body })
const limitMessage = `body: JSON nested more than ${MAX_JSON_DEPTH} levels deep (the limit)`

describe('JSON nested deeper than the limit', () => {
  it('is a 400 naming the limit on every body route, and changes nothing', async () => {
    const storedPortrait = readFileSync(join(server.dataDir, 'library', 'graphs', 'portrait.json'))
    const queueBefore = (await api(server, '/api/queue')).body
    const deep = nestedText(5000)
    const cases: [string, string, string][] = [
      ['PUT', '/api/graphs/portrait', graphWith(deep)],
      ['PUT', '/api/graphs/fresh', graphWith(deep, 'fresh')],
      ['POST', '/api/compile', `{"graph":${graphWith(deep)}}`],
      ['POST', '/api/runs', `{"graph":${graphWith(deep)},"front":true}`],
      ['PUT', '/api/presets/base', `{"name":"Base","config":{"txt2img":${deep}}}`],
      ['PUT', '/api/presets/default', `{"presetId":${deep}}`],
      ['POST', '/api/presets/base/apply-to-packs', `{"packIds":[${deep}]}`],
      ['PUT', '/api/packs/portraits/config', `{"config":${deep}}`],
      ['PUT', '/api/ratings', deep],
      ['PATCH', '/api/jobs/somejob', `{"prompt":${deep}}`],
      ['POST', '/api/jobs/somejob/move', '['.repeat(100_000) + ']'.repeat(100_000)],
    ]
    for (const [method, path, body] of cases) {
      const res = await send(method, path, body)
      expect([method, path, res.status, res.body.error]).toEqual([method, path, 400, limitMessage])
      expect(res.body.problems).toEqual([{ path: 'body', message: `nested more than ${MAX_JSON_DEPTH} levels deep (the limit)` }])
    }
    expect(readFileSync(join(server.dataDir, 'library', 'graphs', 'portrait.json'))).toEqual(storedPortrait)
    expect((await api(server, '/api/graphs/fresh')).status).toBe(404)
    expect((await api(server, '/api/queue')).body).toEqual(queueBefore)
    expect((await api(server, '/api/presets/base')).body.config.txt2img.steps).toBe(24)
  })

  it('counts real nesting only: brackets inside strings do not count, the limit itself is allowed', async () => {
    const atLimit = await send('POST', '/api/compile', `{"graph":${graphWith(nestedText(MAX_JSON_DEPTH - 5))}}`) // 5 levels above it: body, graph, nodes, node, params
    expect(atLimit.status).toBe(200) // the stray param is reported by the compiler, not by the depth check
    expect(JSON.stringify(atLimit.body.errors)).toMatch(/unknown field \\"x\\"/)
    expect((await send('POST', '/api/compile', `{"graph":${graphWith(nestedText(MAX_JSON_DEPTH - 4))}}`)).body.error).toBe(limitMessage)
    // 190 opening brackets in a string (the name allows 200 characters), plus an escaped quote.
    const bracketsInText = JSON.stringify({ graph: { ...(example('portrait') as object), name: '{[{['.repeat(47) + '\\"' } })
    const res = await send('POST', '/api/compile', bracketsInText)
    expect([res.status, res.body.errors]).toEqual([200, []])
  })

  it('reports a library file nested that deep as broken (409 with the file), never a 500', async () => {
    const file = join(server.dataDir, 'library', 'graphs', 'deepfile.json')
    writeFileSync(file, graphWith(nestedText(5000), 'deepfile'))
    const read = await api(server, '/api/graphs/deepfile')
    expect(read.status).toBe(409)
    expect(read.body.problems).toEqual([{ path: 'graphs/deepfile.json', message: `not usable JSON: nested more than ${MAX_JSON_DEPTH} levels deep (the limit)` }])
    const list = await api(server, '/api/graphs')
    expect(list.status).toBe(200)
    expect(list.body.graphs.find((g: { id: string }) => g.id === 'deepfile').problems[0].file).toBe('graphs/deepfile.json')
    writeFileSync(join(server.dataDir, 'library', 'presets', 'deeppreset.json'), `{"name":"d","config":${nestedText(5000)}}`)
    expect((await api(server, '/api/library/context')).status).toBe(200)
  })
})
