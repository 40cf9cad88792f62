/**
 * A bounded fuzzer over every API route (issue #9 §3): thousands of bad requests (foreign Host and
 * Origin, wrong content types, broken / deep / huge / mistyped bodies, odd ids and encodings, path
 * traversal, wrong methods, odd queries) against the real server process with the simulated
 * WebUI. It must answer each with a 4xx (403 for the Host/Origin/Content-Type rules), never a
 * 5xx, never crash, and leave every stored file exactly as it was.
 *
 * Reproduce a failure with FUZZ_SEED=<the printed seed> (FUZZ_REQUESTS changes the count).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createRng } from '../../../engine/util/rng.ts'
import { api, example, waitForIdle } from '../app/helpers.ts'
import { raw } from '../app/raw-http.ts'
import { generateCases, isStateChanging, type FuzzCase, type KnownIds } from './fuzz-cases.ts'
import { changedFiles, hashFolder, spawnServer, type ServerProcess } from './server-process.ts'
import { recordReliability } from './summary.ts'

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31))
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 2400)
const CONCURRENCY = 8

let server: ServerProcess | undefined
afterAll(async () => { await server?.stop() })

/** Puts real things in the data folder (a finished run with images, a graph version, a rating) and returns their ids. */
async function seedData(s: { url: string }): Promise<KnownIds> {
  const graph = example('portrait') as { nodes: { id: string }[] }
  const run = await api(s, '/api/runs', { method: 'POST', json: { graph, runSeed: 9 } })
  expect(run.status).toBe(201)
  await waitForIdle(s, 60_000)
  const saved = await api(s, '/api/graphs/portrait', { method: 'PUT', json: { ...graph, description: 'edited once, so a version exists' } })
  expect(saved.status).toBe(200)
  const job = await api(s, `/api/jobs/${run.body.jobIds[0]}`)
  expect((await api(s, '/api/ratings', { method: 'PUT', json: { targetKind: 'job', targetId: run.body.jobIds[0], rating: 3 } })).status).toBe(200)
  const graphs = (await api(s, '/api/graphs')).body.graphs.map((g: { id: string }) => g.id)
  const presets = (await api(s, '/api/presets')).body.presets.map((p: { id: string }) => p.id)
  const packs = (await api(s, '/api/packs')).body.packs.map((p: { id: string }) => p.id)
  const artifacts = job.body.artifacts.map((a: { artifactId: string }) => a.artifactId)
  return {
    id: [...graphs, ...presets, ...packs, ...artifacts], graphId: graphs, presetId: presets, packId: packs, artifactId: artifacts,
    jobId: run.body.jobIds, runId: [run.body.runId], stageId: graph.nodes.map((n) => n.id), version: ['1', String(saved.body.version ?? 1)],
  }
}

async function runAll(url: string, cases: FuzzCase[], onAnswer: (c: FuzzCase, status: number | string) => void): Promise<void> {
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < cases.length) {
      const c = cases[next++]!
      try {
        const res = await raw(url, c.path, { method: c.method, headers: c.headers, body: c.body, timeoutMs: 20_000 })
        onAnswer(c, res.status)
      } catch (e) {
        onAnswer(c, (e as NodeJS.ErrnoException).code ?? (e as Error).message)
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
}

describe('route fuzzer', () => {
  it(`answers ${REQUESTS} bad requests over every route with 4xx, no crash, no stored change`, async () => {
    console.log(`[fuzz] seed ${SEED} (reproduce with FUZZ_SEED=${SEED})`)
    const dataDir = mkdtempSync(join(tmpdir(), 'sf-fuzz-'))
    const editorDir = mkdtempSync(join(tmpdir(), 'sf-fuzz-editor-'))
    mkdirSync(join(editorDir, 'assets'))
    writeFileSync(join(editorDir, 'index.html'), '<!doctype html><title>editor</title>')
    writeFileSync(join(editorDir, 'assets', 'app-1.js'), 'console.log(1)')
    server = await spawnServer({ DATA_DIR: dataDir, EDITOR_DIR: editorDir })
    const port = Number(new URL(server.url).port)
    expect(server.routes.length).toBeGreaterThanOrEqual(40)

    const known = await seedData(server)
    await new Promise((r) => setTimeout(r, 300))
    const before = hashFolder(dataDir)
    const queueBefore = (await api(server, '/api/queue')).body

    const cases = generateCases(createRng(SEED), { routes: server.routes, known, graph: example('portrait'), port, count: REQUESTS, hugeBodies: 4 })
    const failures: string[] = []
    const byCategory = new Map<string, number>()
    let count5xx = 0
    const started = Date.now()
    await runAll(server.url, cases, (c, status) => {
      byCategory.set(c.category, (byCategory.get(c.category) ?? 0) + 1)
      const what = `${c.category}: ${c.method} ${c.path.slice(0, 120)} ${JSON.stringify(c.headers)} → ${status}`
      if (typeof status !== 'number') {
        // A 9 MiB body may be cut off once the 413 is sent; anything else is the server failing.
        if (!(Buffer.isBuffer(c.body) && c.body.length > 8 * 1024 * 1024 && /ECONNRESET|EPIPE/.test(status))) failures.push(what)
        return
      }
      if (status >= 500) { count5xx++; failures.push(what); return }
      if (c.expect === 403 && status !== 403) failures.push(`expected 403: ${what}`)
      if (c.expect === '4xx' && (status < 400 || status >= 500)) failures.push(`expected 4xx: ${what}`)
      if (isStateChanging(c.method) && status < 400) failures.push(`accepted a bad state-changing request: ${what}`)
    })
    const seconds = (Date.now() - started) / 1000

    // Bounded answers from here on: a wedged server must fail the test, not hang it.
    const health = await raw(server.url, '/api/health', { timeoutMs: 10_000 }).catch((e: Error) => ({ status: e.message }))
    const alive = !server.exited() && health.status === 200
    await new Promise((r) => setTimeout(r, 300))
    const after = hashFolder(dataDir)
    const changed = changedFiles(before.files, after.files)
    const queueAfter = (await raw(server.url, '/api/queue', { timeoutMs: 10_000 }).catch((e: Error) => ({ body: e.message }))).body
    const bugs = server.stderr().split('\n').filter((l) => l.includes('unexpected error'))
    console.log(`[fuzz] ${cases.length} requests in ${seconds.toFixed(1)} s (${[...byCategory].map(([k, v]) => `${k} ${v}`).join(', ')}); 5xx ${count5xx}; changed files ${changed.length}`)

    recordReliability({ check: `route fuzzer (seed ${SEED})`, badInputsTried: cases.length, count5xx, dataChanged: changed.length > 0 || JSON.stringify(queueAfter) !== JSON.stringify(queueBefore) })
    expect(failures.slice(0, 20)).toEqual([])
    expect(bugs).toEqual([])
    expect(alive).toBe(true)
    expect(changed, `changed: ${changed.map((f) => `${f} ${before.files.get(f)?.slice(0, 8)} → ${after.files.get(f)?.slice(0, 8)}`).join(', ')}`).toEqual([])
    expect(queueAfter).toEqual(queueBefore)
  }, 120_000)
})
