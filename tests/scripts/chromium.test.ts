/** The pretest lookup: an explicit CHROMIUM_PATH wins (and is never silently replaced when wrong). */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { findChromium } from '../../scripts/chromium.ts'

const dir = await mkdtemp(join(tmpdir(), 'snf-chromium-lookup-'))
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('findChromium', () => {
  it('uses CHROMIUM_PATH when it is an executable', async () => {
    const bin = join(dir, 'my-chromium')
    await writeFile(bin, '#!/bin/sh\n')
    await chmod(bin, 0o755)
    expect(findChromium({ CHROMIUM_PATH: bin, PATH: '' })).toEqual({ ok: true, path: bin })
  })

  it('refuses a CHROMIUM_PATH that is not executable, naming it', async () => {
    const file = join(dir, 'not-executable')
    await writeFile(file, '')
    const r = findChromium({ CHROMIUM_PATH: file, PATH: '' })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.reason).toContain(file)
  })
})
