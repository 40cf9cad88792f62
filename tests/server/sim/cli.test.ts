import { describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { once } from 'node:events'

const TSX = 'node_modules/.bin/tsx'

function runCli(args: string[], untilOutput?: RegExp): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(TSX, ['server/sim/main.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => {
    stdout += d
    if (untilOutput?.test(stdout)) child.kill('SIGTERM')
  })
  child.stderr.on('data', (d) => (stderr += d))
  return once(child, 'exit').then(([code]) => ({ code: code as number | null, stdout, stderr }))
}

describe('npm run sim (server/sim/main.ts)', () => {
  it('exits 2 with a clear message on bad flags', async () => {
    const r = await runCli(['--step-ms', 'fast'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--step-ms must be a number')
    const r2 = await runCli(['--flavor', 'comfy'])
    expect(r2.code).toBe(2)
    expect(r2.stderr).toContain('--flavor must be a1111 or forge')
    const r3 = await runCli(['--bogus'])
    expect(r3.code).toBe(2)
    expect(r3.stderr).toMatch(/Unknown option '--bogus'/)
  })

  it('starts, prints its URL and stops on SIGTERM', async () => {
    const r = await runCli(['--port', '0', '--flavor', 'forge', '--step-ms', '1'], /listening on http:\/\/127\.0\.0\.1:\d+/)
    expect(r.stdout).toMatch(/Simulated Forge WebUI API listening on http:\/\/127\.0\.0\.1:\d+/)
  })

  it('takes its installed lists from flags', async () => {
    const child = spawn(TSX, ['server/sim/main.ts', '--port', '0', '--checkpoints', 'SDXL/x.safetensors, y.ckpt', '--vaes', 'a.vae.pt'], { stdio: ['ignore', 'pipe', 'pipe'] })
    try {
      let out = ''
      for await (const d of child.stdout) { out += d; if (/listening on (\S+)/.test(out)) break }
      const url = /listening on (\S+)/.exec(out)![1]!
      const models = (await (await fetch(`${url}/sdapi/v1/sd-models`)).json()) as { title: string }[]
      expect(models.map((m) => m.title.replace(/ \[.*$/, ''))).toEqual(['SDXL/x.safetensors', 'y.ckpt'])
      expect(((await (await fetch(`${url}/sdapi/v1/sd-vae`)).json()) as { model_name: string }[]).map((v) => v.model_name)).toEqual(['a.vae.pt'])
    } finally {
      child.kill('SIGTERM')
    }
    const bad = await runCli(['--checkpoints', ''])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('--checkpoints')
  })
})
