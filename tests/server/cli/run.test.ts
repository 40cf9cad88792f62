import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startSimulator } from '../../../server/sim/index.ts'

function flow(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/flow.ts', ...args], { encoding: 'utf8', timeout: 60_000 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

/** Like flow(), without blocking this process (a simulator in it must keep answering). */
function flowAsync(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/flow.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    const timer = setTimeout(() => child.kill(), 60_000)
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }) })
  })
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

  it('exits 1 before any generation request when a model is not on the WebUI, suggesting the nearest', async () => {
    const sim = await startSimulator({ stepMs: 0 })
    try {
      const data = mkdtempSync(join(tmpdir(), 'flow-run-'))
      const file = join(data, 'unknown-model.json')
      const g = JSON.parse(readFileSync('graphs/portrait.json', 'utf8'))
      for (const n of g.nodes) if (n.kind === 'txt2img') n.params.model = 'dreamshaper_9'
      writeFileSync(file, JSON.stringify(g))
      const r = await flowAsync('run', file, '--data', data, '--webui', sim.url)
      expect(r.code).toBe(1)
      expect(r.stderr).toMatch(/error: .*checkpoint "dreamshaper_9" is not on the WebUI\. Did you mean "dreamshaper_8\.safetensors"\?/)
      expect(sim.stats().requests['/sdapi/v1/txt2img'] ?? 0).toBe(0)
      expect(sim.stats().generations).toBe(0)
    } finally {
      await sim.close()
    }
  }, 90_000)
})
