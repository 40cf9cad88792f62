/**
 * Editing wildcard files and folders through the API: atomic, guarded by the version read (409
 * on an outside edit), names checked strictly (4xx naming the field, nothing touched), and
 * "where is it used" resolving references as expansion does.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { WildcardSaveResponse, WildcardUsageResponse } from '../../../engine/api/library-edit.ts'
import { expectRefused, makeBed, snapshot, type Bed } from './helpers.ts'

let bed: Bed
beforeEach(async () => { bed = await makeBed() })
afterEach(async () => { await bed.cleanup() })

const wc = (name: string) => join(bed.paths.wildcards, `${name}.txt`)
const values = async (name: string) => (await bed.call('GET', '/api/wildcards')).json.wildcards.find((w: { name: string }) => w.name === name)?.values

describe('wildcard files', () => {
  it('creates a file in a new folder, then edits it with the version it read', async () => {
    const created = await bed.call('PUT', '/api/wildcards/file', { name: 'animals/pets', text: 'dog\ncat\n# comment\n\ncat\n', expectedVersion: null })
    expect(created.status).toBe(200)
    const { source, written } = WildcardSaveResponse.parse(created.json)
    expect(written).toBe(true)
    expect(await readFile(wc('animals/pets'), 'utf8')).toBe('dog\ncat\n# comment\n\ncat\n')
    // Sorted and deduplicated, as the randomizer sees them.
    expect(await values('animals/pets')).toEqual(['cat', 'dog'])
    const read = await bed.call('GET', '/api/wildcards/file?name=animals/pets')
    expect(read.json.source).toEqual(source)
    const edited = await bed.call('PUT', '/api/wildcards/file', { name: 'animals/pets', text: 'axolotl\n', expectedVersion: source.version })
    expect(edited.status).toBe(200)
    expect(await values('animals/pets')).toEqual(['axolotl'])
    // The same text again is not rewritten.
    const same = await bed.call('PUT', '/api/wildcards/file', { name: 'animals/pets', text: 'axolotl\n', expectedVersion: edited.json.source.version })
    expect(same.json.written).toBe(false)
  })

  it('refuses to create over an existing file and to save over an outside edit (409), unless overwrite', async () => {
    const read = (await bed.call('GET', '/api/wildcards/file?name=colours')).json.source
    expect((await bed.call('PUT', '/api/wildcards/file', { name: 'colours', text: 'x\n', expectedVersion: null })).status).toBe(409)
    await writeFile(wc('colours'), 'changed by hand\n')
    const before = await snapshot(bed.root)
    const res = await bed.call('PUT', '/api/wildcards/file', { name: 'colours', text: 'mine\n', expectedVersion: read.version })
    expect(res.status).toBe(409)
    expect(res.json.error).toMatch(/changed on disk/)
    expect(await snapshot(bed.root)).toEqual(before)
    expect((await bed.call('PUT', '/api/wildcards/file', { name: 'colours', text: 'mine\n', overwrite: true })).status).toBe(200)
    expect(await readFile(wc('colours'), 'utf8')).toBe('mine\n')
  })

  it('deletes a file with its version; folders are created and removed when empty', async () => {
    expect((await bed.call('POST', '/api/wildcards/folders', { name: 'people/roles' })).json.folders).toEqual(expect.arrayContaining(['people', 'people/roles', 'styles']))
    await bed.call('PUT', '/api/wildcards/file', { name: 'people/roles/job', text: 'baker\n', expectedVersion: null })
    const full = await bed.call('DELETE', '/api/wildcards/folders?name=people/roles')
    expect(full.status).toBe(409)
    expect(full.json.error).toMatch(/not empty/)
    const v = (await bed.call('GET', '/api/wildcards/file?name=people/roles/job')).json.source.version
    expect((await bed.call('DELETE', '/api/wildcards/file?name=people/roles/job&expectedVersion=0000000000000000')).status).toBe(409)
    expect((await bed.call('DELETE', `/api/wildcards/file?name=people/roles/job&expectedVersion=${v}`)).json).toEqual({ deleted: 'people/roles/job' })
    expect((await bed.call('DELETE', '/api/wildcards/folders?name=people/roles')).status).toBe(200)
    expect(await readdir(join(bed.paths.wildcards, 'people'))).toEqual([])
    expect(await values('people/roles/job')).toBeUndefined()
  })

  it('says where each wildcard is used: packs, graphs and other wildcards (globs and bare names resolved)', async () => {
    await mkdir(join(bed.paths.wildcards, 'deep'), { recursive: true })
    await writeFile(wc('deep/mood'), 'calm\n__colours__ haze\n')
    await writeFile(join(bed.paths.graphs, 'moody.json'), JSON.stringify({ note: 'a prompt with __mood__ and __styles/*__' }))
    const res = await bed.call('GET', '/api/wildcards/usage')
    const { usage } = WildcardUsageResponse.parse(res.json)
    expect(usage['styles/painting']).toEqual({ packs: ['landscapes'], graphs: ['moody'], wildcards: [] })
    expect(usage['styles/photo']).toEqual({ packs: [], graphs: ['moody'], wildcards: [] })
    expect(usage['deep/mood']).toEqual({ packs: [], graphs: ['moody'], wildcards: [] })
    expect(usage['colours']).toEqual({ packs: [], graphs: [], wildcards: ['deep/mood'] })
  })

  it.each([
    ['GET', '/api/wildcards/file?name=../settings', undefined, 'query.name'],
    ['GET', '/api/wildcards/file', undefined, 'query.name'],
    ['PUT', '/api/wildcards/file', { name: 'a/../../x', text: '', expectedVersion: null }, 'body.name'],
    ['PUT', '/api/wildcards/file', { name: '/abs', text: '', expectedVersion: null }, 'body.name'],
    ['PUT', '/api/wildcards/file', { name: 'ok', text: 3, expectedVersion: null }, 'body.text'],
    ['PUT', '/api/wildcards/file', { name: 'ok', text: 'x' }, 'body.expectedVersion'],
    ['POST', '/api/wildcards/folders', { name: '.git' }, 'body.name'],
    ['DELETE', '/api/wildcards/folders?name=..', undefined, 'query.name'],
    ['DELETE', '/api/wildcards/file?name=colours', undefined, 'query.expectedVersion'],
  ])('%s %s → 4xx naming the field', (method, path, body, field) => expectRefused(bed, method, path, body, field))
})
