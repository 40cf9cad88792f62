import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

/** Runs the real CLI as a user would (through tsx), returning exit code and output. */
function flow(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/flow.ts', ...args], { encoding: 'utf8', timeout: 30_000 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('flow compile', () => {
  it.each(['portrait', 'landscape', 'learning-sweep', 'video', 'inpaint', 'controlnet-inpaint'])('compiles graphs/%s.json and exits 0', (name) => {
    const r = flow('compile', `graphs/${name}.json`, '--seed', '5', '--now', '2026-11-22T00:00:00Z')
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(out.errors).toEqual([])
    expect(out.run.jobs.length).toBe(out.run.totals.jobs)
    expect(out.run.jobs.length).toBeGreaterThan(0)
  })

  it('is reproducible with --seed and --now', () => {
    const a = flow('compile', 'graphs/landscape.json', '--seed', '5', '--now', '2026-11-22T00:00:00Z').stdout
    expect(flow('compile', 'graphs/landscape.json', '--seed', '5', '--now', '2026-11-22T00:00:00Z').stdout).toBe(a)
  })

  it('exits 1 with the errors when the graph has problems, and reads packs from --library', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flow-cli-'))
    mkdirSync(join(dir, 'packs'))
    writeFileSync(join(dir, 'packs', 'p.txt'), 'a cat\n')
    const graph = { version: 1, id: 'g', name: 'g', description: '', tags: [], viewport: { x: 0, y: 0, zoom: 1 }, nodes: [
      { id: 'p', kind: 'pack', position: { x: 0, y: 0 }, params: { packId: 'p', rows: [] } },
      { id: 't', kind: 'txt2img', position: { x: 0, y: 0 }, params: { steps: 999 } },
    ], edges: [{ id: 'e', source: 'p', sourcePort: 'prompts', target: 't', targetPort: 'prompts' }] }
    writeFileSync(join(dir, 'g.json'), JSON.stringify(graph))
    const r = flow('compile', join(dir, 'g.json'), '--library', dir)
    expect(r.code).toBe(1)
    expect(JSON.parse(r.stdout).errors).toEqual([{ code: 'invalid-params', nodeId: 't', field: 'steps', message: 'txt2img "t": steps must be at most 150.' }])
  })

  it('exits 1 for a missing or malformed file, 2 for a wrong command line', () => {
    expect(flow('compile', 'graphs/nope.json').code).toBe(1)
    expect(JSON.parse(flow('compile', 'graphs/nope.json').stdout).errors[0].message).toBe('no such file: graphs/nope.json')
    expect(flow('compile').code).toBe(2)
    expect(flow('compile', 'graphs/video.json', '--seed', 'abc').stderr).toMatch(/--seed must be a whole number/)
    expect(flow('frobnicate').code).toBe(2)
  })
})

describe('flow expand', () => {
  it('prints one prompt per line in Dynamic Prompts order', () => {
    const r = flow('expand', '{a|b} {x|y}')
    expect(r.code).toBe(0)
    expect(r.stdout).toBe('a x\na y\nb x\nb y\n')
  })

  it('prints JSON, honours --max, rotates, and draws seeded random prompts', () => {
    expect(JSON.parse(flow('expand', '{2$$a|b|c}', '--json', '--max', '4').stdout)).toEqual(['a,b', 'a,c', 'b,a', 'b,c'])
    expect(flow('expand', '{a|b}', '--mode', 'rotate', '--max', '3').stdout).toBe('a\nb\na\n')
    const r1 = flow('expand', '{a|b|c|d} {1|2|3}', '--mode', 'random', '--seed', '3', '--max', '5', '--json')
    expect(JSON.parse(r1.stdout)).toHaveLength(5)
    expect(flow('expand', '{a|b|c|d} {1|2|3}', '--mode', 'random', '--seed', '3', '--max', '5', '--json').stdout).toBe(r1.stdout)
  })

  it('reads wildcards from --wildcards, sorted as the library does', () => {
    expect(flow('expand', 'a __styles/painting__ lake', '--wildcards', 'graphs/wildcards').stdout).toBe('a gouache lake\na oil painting lake\na watercolor lake\n')
  })

  it('says what is wrong with a bad template and exits 1', () => {
    const r = flow('expand', 'a {b|c')
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/position 2/)
    expect(flow('expand', '__missing__').stderr).toMatch(/missing/)
    expect(flow('expand', 'x', '--mode', 'sideways').code).toBe(2)
  })
})
