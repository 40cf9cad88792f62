/**
 * The server reads every wildcard file kind from the wildcards folder: `.txt` (keyed without its
 * extension), YAML/JSON (keyed with it, so the engine reads their keys as paths); hidden folders
 * are skipped, and a YAML file that cannot be read becomes a library warning naming the file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { libraryContext, readLibrary, readWildcards } from '../../../server/library/read-library.ts'

let root: string
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'wildcard-files-'))
  const w = join(root, 'wildcards')
  await mkdir(join(w, 'people'), { recursive: true })
  await mkdir(join(w, '.git'), { recursive: true })
  await writeFile(join(w, 'colors.txt'), 'red\ngreen\n')
  await writeFile(join(w, 'people', 'names.yaml'), 'women: [Ada, Grace]\n')
  await writeFile(join(w, 'styles.yml'), 'painting: [oil]\n')
  await writeFile(join(w, 'pantry.json'), '{"fruit": ["pear"]}')
  await writeFile(join(w, 'notes.md'), 'not a wildcard')
  await writeFile(join(w, '.git', 'hidden.txt'), 'secret')
  await writeFile(join(w, 'bad.yaml'), 'x: [unclosed\n')
})
afterAll(async () => { await rm(root, { recursive: true, force: true }) })

describe('wildcard files on disk', () => {
  it('reads .txt, .yaml, .yml and .json, and nothing else', async () => {
    expect(Object.keys(await readWildcards(join(root, 'wildcards'))).sort()).toEqual(['bad.yaml', 'colors', 'pantry.json', 'people/names.yaml', 'styles.yml'])
  })
  it('expands their wildcards by path, the YAML ones under their folder', async () => {
    const lib = await readLibrary(root)
    const wildcards = libraryContext(lib).wildcards
    expect(wildcards.values('people/women')).toEqual(['Ada', 'Grace'])
    expect(wildcards.values('painting')).toEqual(['oil'])
    expect(wildcards.values('fruit')).toEqual(['pear'])
    expect(wildcards.values('colors')).toEqual(['green', 'red'])
  })
  it('warns about a YAML file it cannot read, naming the file', async () => {
    const lib = await readLibrary(root)
    expect(lib.warnings).toEqual(expect.arrayContaining([expect.objectContaining({ file: join(root, 'wildcards', 'bad.yaml'), message: expect.stringContaining('not valid YAML') })]))
  })
})
