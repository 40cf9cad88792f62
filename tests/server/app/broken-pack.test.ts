/**
 * A pack whose file does not parse is reported as broken, with its parse error, when a run uses
 * it: not as "there is no prompt pack" (the file is right there; the user must fix it, not add it).
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { api, example, start } from './helpers.ts'

const servers: { close(): Promise<void> }[] = []
afterEach(async () => { for (const s of servers.splice(0)) await s.close() })

describe('a broken pack file', () => {
  it('makes the run fail with "broken" and the parse error, naming the file', async () => {
    const server = await start()
    servers.push(server)
    writeFileSync(join(server.dataDir, 'library', 'packs', 'portraits.json'), '{ "pack_data": { "name": "Portraits", }\n')
    const run = await api(server, '/api/runs', { method: 'POST', json: { graph: example('portrait') } })
    expect(run.status).toBe(400)
    expect(run.body.error).toMatch(/pack "portraits" is broken: library\/packs\/portraits\.json line \d+: invalid JSON/)
    expect(run.body.error).not.toMatch(/there is no prompt pack/)
    expect(run.body.error).not.toContain(server.dataDir)
    expect(run.body.problems[0]).toMatchObject({ path: expect.stringMatching(/^graph\.nodes\.\w+\.packs\.0\.packId$/) })
    const preview = await api(server, '/api/compile', { method: 'POST', json: { graph: example('portrait') } })
    expect(preview.body.errors[0]).toMatchObject({ code: 'pack-problem', message: expect.stringMatching(/is broken/) })
    // A pack that really is not there is still "no pack".
    const graph = example('portrait') as { nodes: { kind: string; params: Record<string, unknown> }[] }
    graph.nodes.find((n) => n.kind === 'pack')!.params.packId = 'nothing-here'
    expect((await api(server, '/api/runs', { method: 'POST', json: { graph } })).body.error).toMatch(/there is no prompt pack "nothing-here"/)
    // Running a saved graph on the broken pack says the same, naming the pack entry.
    const onPacks = await api(server, '/api/runs', { method: 'POST', json: { graphId: 'learning-sweep', packs: [{ packId: 'studio' }, { packId: 'portraits' }] } })
    expect([onPacks.status, onPacks.body.problems[0].path]).toEqual([400, 'body.packs.1.packId'])
    expect(onPacks.body.error).toMatch(/pack "portraits" is broken: library\/packs\/portraits\.json line \d+: invalid JSON/)
  })
})
