/** `flow grid`: the run's X/Y/Z grid as PNG files from the data folder, errors naming the option. */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'

function flow(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/flow.ts', ...args], { encoding: 'utf8', timeout: 60_000 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

let data = ''
let runId = ''
beforeAll(() => {
  data = mkdtempSync(join(tmpdir(), 'flow-grid-'))
  expect(flow('run', 'graphs/learning-sweep.json', '--data', data, '--seed', '7').code).toBe(0)
  runId = readdirSync(join(data, 'outputs'))[0]!
}, 90_000)

describe('flow grid', () => {
  it('lists the fields that vary, then writes the X/Y grid as a PNG', async () => {
    const list = flow('grid', runId, '--data', data)
    expect(list.code).toBe(0)
    expect(list.stdout).toContain('txt2img.cfg_scale: 5 / 7 / 9')
    const out = join(data, 'grid.png')
    const r = flow('grid', runId, '--x', 'txt2img.cfg_scale', '--y', 'txt2img.sampler_name', '--cell', '96', '--data', data, '-o', out)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const meta = await sharp(out).metadata()
    // Y labels 96 wide (the minimum 90 < cell), 3 columns and 2 rows of 96 + 4, label rows 64 on top.
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 96 + 3 * 100 + 4, 64 + 2 * 100 + 4])
  }, 60_000)

  it('writes one file per Z value', () => {
    const out = join(data, 'z.png')
    const r = flow('grid', runId, '--x', 'txt2img.cfg_scale', '--z', 'txt2img.sampler_name', '--cell', '64', '--data', data, '-o', out)
    expect(r.code).toBe(0)
    expect(existsSync(join(data, 'z.DPM-2M.png')) && existsSync(join(data, 'z.Euler-a.png'))).toBe(true)
  }, 60_000)

  it('draws a selection of jobs with --jobs', async () => {
    // The Euler a jobs: CFG 5, 7 and 9 on one sampler.
    const lines = readFileSync(join(data, 'learning', 'learning_log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    const ids = lines.filter((l) => l.stages[0].config.sampler_name === 'Euler a').map((l) => l.jobId as string)
    const out = join(data, 'pick.png')
    const r = flow('grid', '--jobs', ids.join(','), '--x', 'txt2img.cfg_scale', '--cell', '64', '--data', data, '-o', out)
    expect(r.stderr).toBe('')
    // No Y axis: no label column; three 64 px cells.
    expect((await sharp(out).metadata()).width).toBe(3 * 68 + 4)
    const unknown = flow('grid', '--jobs', 'nope', '--x', 'seed', '--data', data, '-o', out)
    expect([unknown.code, unknown.stderr]).toEqual([1, `there is no job "nope" in ${data}\n`])
  }, 60_000)

  it('names the option when an axis does not vary or the run is unknown', () => {
    const bad = flow('grid', runId, '--x', 'txt2img.cfg_scale', '--y', 'txt2img.steps', '--data', data, '-o', join(data, 'bad.png'))
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/^--y: "txt2img.steps" is not a field that varies/)
    expect(existsSync(join(data, 'bad.png'))).toBe(false)
    const unknown = flow('grid', 'run-none', '--x', 'seed', '--data', data, '-o', join(data, 'x.png'))
    expect([unknown.code, unknown.stderr]).toEqual([1, `there is no run "run-none" in ${data}\n`])
    const cell = flow('grid', runId, '--x', 'txt2img.cfg_scale', '--cell', '5', '--data', data, '-o', join(data, 'x.png'))
    expect(cell.code).toBe(2)
    expect(cell.stderr).toMatch(/^--cell: /)
  }, 60_000)
})
