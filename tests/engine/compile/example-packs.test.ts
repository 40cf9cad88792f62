/**
 * "A saved example pipeline runs over any selection of the example packs": the landscape and
 * learning-sweep examples (both with a randomizer) compile on every non-empty selection of the
 * three example packs, one run per pack or one for all, each row under its own pack's bound
 * config; the same run seed gives the same rows and variants either way.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { compile } from '../../../engine/compile/compile.ts'
import { planPackRuns } from '../../../engine/compile/pack-runs.ts'
import { parseGraph } from '../../../engine/graph/migrations.ts'
import { libraryContext, readLibrary } from '../../../server/library/read-library.ts'

const PACKS = ['portraits', 'landscapes', 'studio']
const selections = [...Array(2 ** PACKS.length).keys()].slice(1).map((mask) => PACKS.filter((_, i) => mask & (1 << i)))

describe('example pipelines on example packs', async () => {
  const lib = await readLibrary('graphs')
  const ctx = { ...libraryContext(lib), runSeed: 11, now: '2026-12-05T08:00:00.000Z' }
  const boundWidth = (packId: string) => (lib.packs[packId]?.config.txt2img as { width?: number } | undefined)?.width

  for (const name of ['landscape', 'learning-sweep']) {
    it(`${name} runs on all ${selections.length} selections, per pack and as one run`, () => {
      const parsed = parseGraph(JSON.parse(readFileSync(`graphs/${name}.json`, 'utf8')))
      if (!parsed.ok) throw new Error('example does not parse')
      for (const packIds of selections) {
        const packs = packIds.map((packId) => ({ packId, rows: [] }))
        const jobsOf = (split: 'per-pack' | 'one') => {
          const plan = planPackRuns(parsed.graph, packs, split)
          if (!plan.ok) throw new Error(plan.problems[0]!.message)
          return plan.runs.flatMap((r) => {
            const { run, errors } = compile(r.graph, ctx)
            expect(errors, `${name} on ${r.packIds}`).toEqual([])
            for (const j of run!.jobs) {
              expect(r.packIds).toContain(j.packId)
              const width = j.plan.stages[0]!.config
              if (boundWidth(j.packId!) !== undefined) expect([(width.values as { width: number }).width, width.provenance.width]).toEqual([boundWidth(j.packId!), `pack:${j.packId}`])
              else expect(width.provenance.width).not.toMatch(/^pack:/)
            }
            return run!.jobs
          })
        }
        const perPack = jobsOf('per-pack')
        const one = jobsOf('one')
        expect(perPack.length).toBeGreaterThan(0)
        // Same rows and variants either way; drawn seeds differ (a job's seed follows its graph's content).
        expect(one.map((j) => [j.packId, j.rowIndex, j.prompt])).toEqual(perPack.map((j) => [j.packId, j.rowIndex, j.prompt]))
      }
    })
  }
})
