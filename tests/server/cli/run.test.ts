import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

function flow(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/flow.ts', ...args], { encoding: 'utf8', timeout: 60_000 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('flow run', () => {
  it('runs the portrait example headless and leaves outputs, manifests and learning-log lines', () => {
    const data = mkdtempSync(join(tmpdir(), 'flow-run-'))
    const r = flow('run', 'graphs/portrait.json', '--data', data)
    expect(r.stderr).toMatch(/SIMULATED WebUI/)
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/3 of 3 jobs succeeded/)
    const [runId] = readdirSync(join(data, 'outputs'))
    const files = readdirSync(join(data, 'outputs', runId!))
    expect(files.filter((f) => f.endsWith('.png') && !f.startsWith('.'))).toHaveLength(9)
    expect(files.filter((f) => f.endsWith('.thumb.webp'))).toHaveLength(9)
    expect(readdirSync(join(data, 'outputs', runId!, 'manifests'))).toHaveLength(3)
    expect(readFileSync(join(data, 'learning', 'learning_log.jsonl'), 'utf8').trim().split('\n')).toHaveLength(3)
  })

  it('exits 1 when the graph has errors, naming them', () => {
    const data = mkdtempSync(join(tmpdir(), 'flow-run-'))
    const bad = join(data, 'bad.json')
    writeFileSync(bad, JSON.stringify({ ...JSON.parse(readFileSync('graphs/portrait.json', 'utf8')), edges: [] }))
    const r = flow('run', bad, '--data', data)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/error: txt2img "Generate" needs something connected to its "Prompts" input/)
  })

  it('exits 1 at once when the WebUI cannot be reached', () => {
    const data = mkdtempSync(join(tmpdir(), 'flow-run-'))
    const r = flow('run', 'graphs/portrait.json', '--data', data, '--webui', 'http://127.0.0.1:9')
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/cannot reach the WebUI at http:\/\/127\.0\.0\.1:9/)
  })
})
