/** `flow mask add/list` and the mask check of `flow compile`, run as a user would (through tsx). */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { encodePng } from '../../../server/png/synth.ts'

function flow(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/flow.ts', ...args], { encoding: 'utf8', timeout: 30_000 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('flow mask', () => {
  it('adds a PNG to the data folder\'s masks, prints its id, lists it; refuses a non-PNG', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flow-mask-'))
    const px = new Uint8Array(16 * 16 * 4).fill(255)
    const png = encodePng({ width: 16, height: 16, pixels: px })
    writeFileSync(join(dir, 'm.png'), png)
    writeFileSync(join(dir, 'bad.png'), 'not a png')
    const added = flow('mask', 'add', join(dir, 'm.png'), '--data', join(dir, 'data'))
    expect(added.code, added.stderr).toBe(0)
    const { mask } = JSON.parse(added.stdout)
    expect(mask).toMatchObject({ width: 16, height: 16, coverage: 1 })
    expect(readFileSync(join(dir, 'data', 'library', 'masks', `${mask.id}.png`)).equals(png)).toBe(true)
    expect(JSON.parse(flow('mask', 'list', '--data', join(dir, 'data')).stdout).masks.map((m: { id: string }) => m.id)).toEqual([mask.id])
    const bad = flow('mask', 'add', join(dir, 'bad.png'), '--data', join(dir, 'data'))
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain('is not a PNG')
    expect(flow('mask', 'frob').code).toBe(2)
    expect(existsSync(join(dir, 'data', 'library', 'masks'))).toBe(true)
  })

  it('flow compile checks the masks a graph names against the library\'s masks folder', () => {
    const ok = flow('compile', 'graphs/inpaint.json', '--seed', '1')
    expect(ok.code, ok.stdout).toBe(0)
    const dir = mkdtempSync(join(tmpdir(), 'flow-mask-'))
    const graph = JSON.parse(readFileSync('graphs/inpaint.json', 'utf8'))
    graph.nodes[1].params.inpaint.mask_id = 'mask-0123456789abcdef01234567'
    writeFileSync(join(dir, 'g.json'), JSON.stringify(graph))
    const r = flow('compile', join(dir, 'g.json'), '--library', 'graphs', '--seed', '1')
    expect(r.code).toBe(1)
    expect(JSON.parse(r.stdout).errors.map((e: { code: string; nodeId: string; field: string }) => [e.code, e.nodeId, e.field])).toEqual([['unknown-mask', 'sky', 'inpaint.mask_id']])
  })
})
