/** `flow prune` as a user runs it: usage, dry run, keep-rated, delete a run, cache, bad command lines. */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dataPaths } from '../../../server/data/paths.ts'
import { openStore } from '../../../server/queue/index.ts'
import { batchRun } from '../queue/helpers.ts'

function flow(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/flow.ts', ...args], { encoding: 'utf8', timeout: 30_000 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

let dir: string
let runId: string
const ids = ['a-1', 'a-2', 'a-3', 'a-4']

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'flow-prune-cli-'))
  const store = openStore(dataPaths(dir).database)
  const run = batchRun(4, 1)
  runId = run.runId
  store.queue.submit(run)
  const folder = join(dir, 'outputs', runId)
  mkdirSync(join(folder, 'manifests'), { recursive: true })
  for (const [i, id] of ids.entries()) {
    const job = store.queue.claim('b0', null)!
    store.queue.succeed(job.jobId)
    writeFileSync(join(folder, `${id}.png`), Buffer.alloc(1000))
    writeFileSync(join(folder, `${id}.thumb.webp`), Buffer.alloc(100))
    writeFileSync(join(folder, 'manifests', `${job.jobId}.json`), '{}')
    store.artifacts.add({ artifactId: id, jobId: job.jobId, runId, stageId: 't', index: 0, kind: 'image', path: `outputs/${runId}/${id}.png`, thumbPath: `outputs/${runId}/${id}.thumb.webp`, width: 8, height: 8, createdAt: new Date().toISOString() })
    if (i === 0) store.ratings.set({ targetKind: 'image', targetId: id, rating: 5, at: new Date().toISOString() })
  }
  store.cache.store('k', ['a-1'])
  store.close()
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('flow prune', () => {
  it('prints disk usage per run and in total', () => {
    const r = flow('prune', 'usage', '--data', dir, '--json')
    expect(r.code).toBe(0)
    const u = JSON.parse(r.stdout)
    expect(u.runs).toEqual([{ runId, bytes: 4 * 1100 + 4 * 2, files: 12 }])
    expect(u.stageCache).toEqual({ entries: 1, bytes: 1000 })
    expect(flow('prune', 'usage', '--data', dir).stdout).toMatch(/^total .* MB: outputs/)
  })

  it('a dry run says what would go and changes nothing', () => {
    const r = flow('prune', 'run', runId, '--keep-rated', '4', '--data', dir, '--dry-run')
    expect(r.code).toBe(0)
    expect(r.stdout).toBe('would delete 3 image(s), 6 file(s), 0.0 MB (dry run: nothing changed)\n')
    expect(readdirSync(join(dir, 'outputs', runId))).toHaveLength(9)
  })

  it('keeps only the rated images, then deletes the run with its manifests and folder', () => {
    expect(JSON.parse(flow('prune', 'run', runId, '--keep-rated', '4', '--data', dir, '--json').stdout).deleted).toEqual(['a-2', 'a-3', 'a-4'])
    expect(existsSync(join(dir, 'outputs', runId, 'a-1.png'))).toBe(true)
    expect(existsSync(join(dir, 'outputs', runId, 'a-2.png'))).toBe(false)
    expect(flow('prune', 'run', runId, '--data', dir).code).toBe(0)
    expect(existsSync(join(dir, 'outputs', runId))).toBe(false)
  })

  it('forgets stage-cache entries by size', () => {
    const r = flow('prune', 'cache', '--max-mb', '0', '--data', dir)
    expect(r.code).toBe(0)
    // The cache entry pointed at a-1, deleted with the run: it was already dropped then.
    expect(r.stdout).toMatch(/forgot 0 stage-cache entries; 0 left/)
  })

  it('exits 1 for an unknown run and 2 for a wrong command line', () => {
    expect(flow('prune', 'run', 'nope', '--data', dir)).toMatchObject({ code: 1, stderr: 'run "nope" not found\n' })
    expect(flow('prune', '--data', dir).code).toBe(2)
    expect(flow('prune', 'run', runId, '--keep-rated', '9', '--data', dir).stderr).toMatch(/--keep-rated must be a whole number from 1 to 5/)
    expect(flow('prune', 'cache', '--data', dir).stderr).toMatch(/--older-than DAYS, --max-mb MB or both/)
    expect(flow('prune', 'usage', '--data', join(dir, 'missing')).code).toBe(1)
  })
})
