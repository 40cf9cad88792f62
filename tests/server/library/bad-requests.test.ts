/**
 * Every refused request: the status, the field it names, and proof that the data folder is
 * byte-identical afterwards (DESIGN §8: bad input never changes what is stored).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { makeBed, snapshot, type Bed } from './helpers.ts'

let bed: Bed
let before: Map<string, string>
const portrait: Record<string, unknown> = JSON.parse(readFileSync('graphs/portrait.json', 'utf8'))
beforeAll(async () => {
  bed = await makeBed()
  // One version on record, so version routes have something real next to the bad input.
  await bed.library.graphs.save('portrait', { ...portrait, name: 'Portrait v2' })
  before = await snapshot(bed.root)
})
afterAll(async () => { await bed.cleanup() })

const minimal = (id: string) => ({ version: 1, id, name: 'G', description: '', tags: [], nodes: [], edges: [], viewport: { x: 0, y: 0, zoom: 1 } })
const goodPreset = { name: 'P', config: {} }

type Case = [label: string, method: string, url: string, body: unknown, status: number, paths: string[]]

const cases: Case[] = [
  // malformed JSON
  ['graph: malformed JSON', 'PUT', '/api/graphs/portrait', '{"version": 1,', 400, ['body']],
  ['preset: malformed JSON', 'PUT', '/api/presets/people', '{', 400, ['body']],
  ['default preset: empty body', 'PUT', '/api/presets/default', '', 400, ['body']],
  ['pack config: malformed JSON', 'PUT', '/api/packs/portraits/config', 'nope', 400, ['body']],
  ['apply: malformed JSON', 'POST', '/api/presets/people/apply-to-packs', '[', 400, ['body']],
  // wrong types and ranges
  ['preset: name is a number', 'PUT', '/api/presets/people', { name: 5, config: {} }, 400, ['body.name']],
  ['preset: missing config', 'PUT', '/api/presets/people', { name: 'P' }, 400, ['body.config']],
  ['preset: steps is a string', 'PUT', '/api/presets/people', { name: 'P', config: { txt2img: { steps: 'many' } } }, 400, ['body.config.txt2img.steps']],
  ['preset: unknown stage', 'PUT', '/api/presets/people', { name: 'P', config: { txt3img: {} } }, 400, ['body.config']],
  ['preset: unknown field', 'PUT', '/api/presets/people', { ...goodPreset, id: 'people' }, 400, ['body']],
  ['graph: nodes is a string', 'PUT', '/api/graphs/portrait', { ...portrait, nodes: 'x' }, 400, ['body.nodes']],
  ['graph: not an object', 'PUT', '/api/graphs/portrait', [], 400, ['body']],
  ['graph: bad node id', 'PUT', '/api/graphs/portrait', { ...portrait, nodes: [{ id: '../n', kind: 'pack', position: { x: 0, y: 0 }, params: {} }] }, 400, ['body.nodes.0.id']],
  ['graph: newer version', 'PUT', '/api/graphs/portrait', { ...portrait, version: 99 }, 400, ['body.version']],
  ['graph: body id differs from URL id', 'PUT', '/api/graphs/portrait', minimal('other'), 400, ['body.id']],
  ['graph: body without id', 'PUT', '/api/graphs/portrait', { ...minimal('x'), id: undefined }, 400, ['body.id']],
  ['default preset: wrong type', 'PUT', '/api/presets/default', { presetId: 5 }, 400, ['body.presetId']],
  ['default preset: path in id', 'PUT', '/api/presets/default', { presetId: '../../etc/passwd' }, 400, ['body.presetId']],
  ['apply: empty list', 'POST', '/api/presets/people/apply-to-packs', { packIds: [] }, 400, ['body.packIds']],
  ['apply: path as pack id', 'POST', '/api/presets/people/apply-to-packs', { packIds: ['landscapes', '../../etc/passwd'] }, 400, ['body.packIds.1']],
  ['pack config: width not a multiple of 8', 'PUT', '/api/packs/portraits/config', { config: { txt2img: { width: 513 } } }, 400, ['body.config.txt2img.width']],
  ['pack config: missing config', 'PUT', '/api/packs/portraits/config', {}, 400, ['body.config']],
  // unknown ids
  ['graph: unknown', 'GET', '/api/graphs/nope', undefined, 404, ['params.id']],
  ['graph: delete unknown', 'DELETE', '/api/graphs/nope', undefined, 404, ['params.id']],
  ['graph: versions of unknown', 'GET', '/api/graphs/nope/versions', undefined, 404, ['params.id']],
  ['graph: unknown version', 'GET', '/api/graphs/portrait/versions/99', undefined, 404, ['params.version']],
  ['graph: restore unknown version', 'POST', '/api/graphs/portrait/versions/99/restore', undefined, 404, ['params.version']],
  ['preset: unknown', 'GET', '/api/presets/nope', undefined, 404, ['params.id']],
  ['preset: delete unknown', 'DELETE', '/api/presets/nope', undefined, 404, ['params.id']],
  ['preset: apply unknown preset', 'POST', '/api/presets/nope/apply-to-packs', { packIds: ['landscapes'] }, 404, ['params.id']],
  ['apply: unknown pack', 'POST', '/api/presets/people/apply-to-packs', { packIds: ['nope'] }, 404, ['body.packIds.0']],
  ['default preset: unknown', 'PUT', '/api/presets/default', { presetId: 'nope' }, 404, ['body.presetId']],
  ['pack: unknown', 'GET', '/api/packs/nope', undefined, 404, ['params.id']],
  ['pack config: unknown', 'GET', '/api/packs/nope/config', undefined, 404, ['params.id']],
  ['pack config: write unknown', 'PUT', '/api/packs/nope/config', { config: {} }, 404, ['params.id']],
  // conflicts
  ['preset: delete the default', 'DELETE', '/api/presets/base', undefined, 409, ['params.id']],
  // version params
  ...['0', '-1', 'abc', '1.5', '01', '9999999999'].map((v): Case => [`graph: version "${v}"`, 'GET', `/api/graphs/portrait/versions/${v}`, undefined, 400, ['params.version']]),
]

/** Ids that must never become a path: each is tried on every route that takes an id. */
const badIds = [
  '..%2F..%2Fetc%2Fpasswd', '%2e%2e%2f', '%2E%2E%2Fsecret', 'a%2Fb', '%2Fetc%2Fpasswd', 'C:%5Cwindows', 'a%5C..%5Cb',
  'a%00b', '%00', 'x'.repeat(129), '.hidden', '-dash', 'sp%20ace', '%E2%80%AE',
]
const idRoutes: [method: string, template: string, body?: unknown][] = [
  ['GET', '/api/graphs/ID'], ['PUT', '/api/graphs/ID', minimal('x')], ['DELETE', '/api/graphs/ID'],
  ['GET', '/api/graphs/ID/versions'], ['GET', '/api/graphs/ID/versions/1'], ['POST', '/api/graphs/ID/versions/1/restore'],
  ['GET', '/api/presets/ID'], ['PUT', '/api/presets/ID', goodPreset], ['DELETE', '/api/presets/ID'],
  ['POST', '/api/presets/ID/apply-to-packs', { packIds: ['landscapes'] }],
  ['GET', '/api/packs/ID'], ['GET', '/api/packs/ID/config'], ['PUT', '/api/packs/ID/config', { config: {} }],
]
for (const id of badIds) {
  for (const [method, template, body] of idRoutes) {
    cases.push([`${method} ${template} with id ${id.slice(0, 24)}`, method, template.replace('ID', id), body, 400, ['params.id']])
  }
}

describe('bad requests', () => {
  it.each(cases)('%s', async (_label, method, url, body, status, paths) => {
    const res = await bed.call(method, url, body)
    expect(res.status).toBe(status)
    expect(typeof res.json.error).toBe('string')
    for (const path of paths) expect(res.json.problems.map((p: { path: string }) => p.path)).toContain(path)
    expect(await snapshot(bed.root)).toEqual(before)
  })

  it('never lets `..` segments reach a handler (the URL parser removes them; no route matches)', async () => {
    for (const url of ['/api/graphs/../../etc/passwd', '/api/graphs/%2e%2e/%2e%2e/etc/passwd', '/api/packs/./../../x/config']) {
      const res = await bed.call('GET', url)
      expect(res.status).toBe(404)
      expect(JSON.stringify(res.json)).not.toMatch(/root:/)
    }
    expect(await snapshot(bed.root)).toEqual(before)
  })

  it('the store refuses bad ids itself, whoever calls it', async () => {
    const lib = bed.library
    const attempts: [string, () => Promise<unknown>][] = [
      ['graphs.read', () => lib.graphs.read('../../etc/passwd')],
      ['graphs.save', () => lib.graphs.save('/etc/passwd', minimal('/etc/passwd'))],
      ['graphs.remove', () => lib.graphs.remove('..')],
      ['graphs.readVersion', () => lib.graphs.readVersion('a/../../b', 1)],
      ['presets.save', () => lib.presets.save('x\0y', goodPreset)],
      ['presets.remove', () => lib.presets.remove('../presets/base')],
      ['packs.writeConfig', () => lib.packs.writeConfig('../../../tmp/x', {})],
      ['packs.readConfig', () => lib.packs.readConfig('')],
    ]
    for (const [name, attempt] of attempts) {
      await expect(attempt(), name).rejects.toMatchObject({ status: 400, problems: [{ path: 'params.id' }] })
    }
    await expect(lib.presets.applyToPacks('people', ['landscapes', '../x'])).rejects.toMatchObject({ status: 400, problems: [{ path: 'body.packIds.1' }] })
    expect(await snapshot(bed.root)).toEqual(before)
  })
})
