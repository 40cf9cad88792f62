/**
 * `flow run GRAPH --pack a --pack b [--split one]`: a library graph (by id) runs on chosen packs,
 * one run per pack by default, each job under its own pack; wrong packs or flags exit non-zero.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

function flow(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/flow.ts', ...args], { encoding: 'utf8', timeout: 60_000 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}
const packsLogged = (data: string) => readFileSync(join(data, 'learning', 'learning_log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l))

describe('flow run --pack', () => {
  it('runs a library graph once per pack, each job under its own pack', () => {
    const data = mkdtempSync(join(tmpdir(), 'flow-packs-'))
    const r = flow('run', 'learning-sweep', '--pack', 'studio', '--pack', 'portraits:2', '--data', data, '--seed', '3')
    expect(r.stderr).not.toMatch(/error/)
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/queued run \S+ on studio: 6 jobs/)
    expect(r.stdout).toMatch(/queued run \S+ on portraits: 6 jobs/)
    expect(r.stdout).toMatch(/12 of 12 jobs succeeded/)
    expect(readdirSync(join(data, 'outputs')).filter((f) => f.startsWith('run-'))).toHaveLength(2)
    const lines = packsLogged(data)
    expect(lines).toHaveLength(12)
    const byPack = (id: string) => lines.filter((l) => l.packId === id)
    expect([byPack('studio').length, byPack('portraits').length]).toEqual([6, 6])
    expect(byPack('portraits').every((l) => l.rowIndex === 1 && l.stages[0].config.width === 512 && l.stages[0].config.height === 768)).toBe(true)
  }, 60_000)

  it('with --split one makes one run over all packs', () => {
    const data = mkdtempSync(join(tmpdir(), 'flow-packs-'))
    const r = flow('run', 'learning-sweep', '--pack', 'studio', '--pack', 'portraits:1', '--split', 'one', '--data', data, '--seed', '3')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/queued run \S+ on studio, portraits: 12 jobs/)
    expect(readdirSync(join(data, 'outputs')).filter((f) => f.startsWith('run-'))).toHaveLength(1)
  }, 60_000)

  it('exits 1 naming an unknown pack or graph, 2 for a wrong command line', () => {
    const data = mkdtempSync(join(tmpdir(), 'flow-packs-'))
    const unknown = flow('run', 'learning-sweep', '--pack', 'nope', '--data', data)
    expect([unknown.code, unknown.stderr]).toEqual([1, expect.stringMatching(/error: \[nope\] .*there is no prompt pack "nope"/)])
    const noGraph = flow('run', 'no-such-graph', '--pack', 'studio', '--data', data)
    expect([noGraph.code, noGraph.stderr]).toEqual([1, expect.stringMatching(/no such file and no library graph "no-such-graph"/)])
    expect(flow('run', 'learning-sweep', '--pack', 'studio:0', '--data', data).code).toBe(2)
    expect(flow('run', 'learning-sweep', '--pack', 'studio', '--pack', 'studio', '--data', data).code).toBe(2)
    expect(flow('run', 'learning-sweep', '--pack', 'studio', '--split', 'each', '--data', data).stderr).toMatch(/--split must be "per-pack" or "one"/)
    expect(flow('run', 'learning-sweep', '--split', 'one', '--data', data).stderr).toMatch(/need at least one --pack/)
  }, 60_000)
})
