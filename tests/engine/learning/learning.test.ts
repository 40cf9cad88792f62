import { describe, expect, it } from 'vitest'
import { computeInsights, jobFields, layoutGrid, mergeSweeps, suggestSweeps, summarize, tQuantile975, varyingFields, type InsightJob } from '../../../engine/learning/index.ts'

const spec = (cfg: number, sampler: string, extra: { seed?: number; slots?: Record<string, string>; loras?: { name: string; weight: number }[] } = {}) => ({
  seed: extra.seed ?? 1,
  packId: 'p',
  rowIndex: 0,
  prompt: 'a cat',
  loras: extra.loras ?? [],
  randomizerSummary: { nodes: [], template: '', slots: extra.slots ?? {}, sweeps: {} },
  plan: { rootId: 't', stages: [{ stageId: 't', kind: 'txt2img' as const, label: 'T', inputFrom: null, requiresInputImage: false, producesImage: true as const, calls: 1, images: 1,
    config: { kind: 'txt2img' as const, values: { cfg_scale: cfg, sampler_name: sampler, hires: { scale: 2 } }, provenance: {} } }] },
})

describe('job fields', () => {
  it('names stage fields by sweep path and adds seed, slots and LoRA weights', () => {
    const f = jobFields(spec(7, 'Euler a', { slots: { mood: 'calm' }, loras: [{ name: 'detail', weight: 0.6 }] }))
    expect(f).toMatchObject({ 'txt2img.cfg_scale': 7, 'txt2img.sampler_name': 'Euler a', 'txt2img.hires.scale': 2, seed: 1, 'slot.mood': 'calm', 'lora.detail': 0.6, pack: 'p' })
  })
  it('keeps only fields that differ, values sorted; a field missing in some jobs varies with null', () => {
    const jobs = [jobFields(spec(9, 'B')), jobFields(spec(5, 'A', { loras: [{ name: 'x', weight: 1 }] })), jobFields(spec(7, 'A'))]
    const v = varyingFields(jobs)
    expect(v.map((f) => f.key)).toEqual(['txt2img.cfg_scale', 'txt2img.sampler_name', 'lora.x'])
    expect(v[0]).toEqual({ key: 'txt2img.cfg_scale', values: [5, 7, 9], numeric: true })
    expect(v[2]!.values).toEqual([null, 1])
  })
})

describe('grid layout', () => {
  const jobs = [[5, 'A'], [7, 'A'], [5, 'B'], [7, 'B'], [7, 'B']].map(([c, s], i) => ({ jobId: `j${i}`, fields: jobFields(spec(c as number, s as string)) }))
  it('places every job in its x/y cell', () => {
    const r = layoutGrid(jobs, { x: 'txt2img.cfg_scale', y: 'txt2img.sampler_name' })
    if (!r.ok) throw new Error(r.message)
    // cells[z][y][x]: one Z layer, rows A and B, columns 5 and 7.
    expect(r.layout.cells).toEqual([[[['j0'], ['j1']], [['j2'], ['j3', 'j4']]]])
  })
  it('names the axis when its field does not vary, listing those that do', () => {
    const r = layoutGrid(jobs, { x: 'txt2img.cfg_scale', y: 'txt2img.steps' })
    expect(r).toMatchObject({ ok: false, axis: 'y' })
    expect(!r.ok && r.message).toContain('txt2img.sampler_name')
    expect(layoutGrid(jobs, { x: 'txt2img.cfg_scale', y: 'txt2img.cfg_scale' })).toMatchObject({ ok: false, axis: 'y' })
  })
})

describe('statistics', () => {
  it('uses t quantiles for small samples', () => {
    expect(tQuantile975(2)).toBeCloseTo(4.303)
    expect(tQuantile975(50)).toBeGreaterThan(1.96)
    expect(tQuantile975(50)).toBeLessThan(2.021)
  })
  it('mean, sd and a 95% interval of known values', () => {
    // 3, 4, 5: mean 4, sd 1, half-width 4.303 / sqrt(3) = 2.484 → clamped to the 0–5 scale above.
    expect(summarize([3, 4, 5])).toEqual({ count: 3, mean: 4, sd: 1, ci: [1.516, 5] })
    expect(summarize([4])).toEqual({ count: 1, mean: 4, sd: null, ci: null })
    expect(summarize([])).toEqual({ count: 0, mean: null, sd: null, ci: null })
  })
})

describe('wildcard values', () => {
  it('are fields (wildcard.<name>) with a mean rating per value drawn', () => {
    const drew = (colour: string, ratings: number[]): InsightJob => ({ fields: jobFields({ ...spec(7, 'A'), wildcards: { colour } }), ratings, outcome: 'succeeded' })
    expect(jobFields({ ...spec(7, 'A'), wildcards: { colour: 'red' } })['wildcard.colour']).toBe('red')
    const field = computeInsights([drew('red', [5, 4]), drew('blue', [2, 1]), drew('red', [3])]).find((f) => f.key === 'wildcard.colour')!
    expect(field.values.map((v) => [v.value, v.mean, v.count])).toEqual([['blue', 1.5, 2], ['red', 4, 3]])
  })
})

describe('insights and suggestions', () => {
  const rated = (cfg: number, sampler: string, ratings: number[], outcome: InsightJob['outcome'] = 'succeeded'): InsightJob => ({ fields: jobFields(spec(cfg, sampler)), ratings, outcome })
  const jobs = [
    rated(5, 'Euler a', [4, 5]), rated(5, 'DPM++ 2M', [4, 4]),
    rated(7, 'Euler a', [3, 3]), rated(7, 'DPM++ 2M', [3, 2]),
    rated(9, 'Euler a', [2]), rated(9, 'DPM++ 2M', [], 'failed'), rated(9, 'DPM++ 2M', [1]),
  ]
  const fields = computeInsights(jobs)
  it('mean per value with count, and failures per value', () => {
    const cfg = fields.find((f) => f.key === 'txt2img.cfg_scale')!
    expect(cfg.values.map((v) => [v.value, v.mean, v.count, v.jobs, v.failed])).toEqual([[5, 4.25, 4, 2, 0], [7, 2.75, 4, 2, 0], [9, 1.5, 2, 3, 1]])
    // CFG mattered more than the sampler: it is listed first.
    expect(fields[0]!.key).toBe('txt2img.cfg_scale')
  })
  it('leaves out a field where every job has its own value (random seeds), past 20 values', () => {
    const many = Array.from({ length: 25 }, (_, i) => ({ fields: jobFields(spec(i % 2 ? 5 : 7, 'A', { seed: 100 + i })), ratings: [3], outcome: 'succeeded' as const }))
    expect(computeInsights(many).map((f) => f.key)).toEqual(['txt2img.cfg_scale'])
    expect(computeInsights(many.slice(0, 5)).map((f) => f.key)).toEqual(['txt2img.cfg_scale', 'seed'])
  })
  it('narrows numeric sweeps around the best value and shows the evidence', () => {
    const s = suggestSweeps(fields)
    const cfg = s.find((x) => x.path === 'txt2img.cfg_scale')!
    // Best 5 sits on the low end: half a step below, itself, halfway to 7.
    expect(cfg.values).toEqual([4, 5, 6])
    expect(cfg.evidence).toBe('txt2img.cfg_scale: 5 rated 4.25 ± 0.8 over 4 images; 9 rated 1.5 ± 6.35 over 2 images → 4, 5, 6')
  })
  it('drops values the stage schema refuses (CFG below 1)', () => {
    const low = computeInsights([rated(1, 'A', [5, 5]), rated(3, 'A', [1, 1])])
    expect(suggestSweeps(low)[0]!.values).toEqual([1, 2])
  })
  it('keeps categorical values not clearly worse; suggests nothing when all are kept', () => {
    const cats = computeInsights([rated(5, 'A', [5, 5, 5, 5]), rated(5, 'B', [1, 1, 1, 1]), rated(5, 'C', [5, 4, 5, 5])])
    expect(suggestSweeps(cats)).toEqual([expect.objectContaining({ path: 'txt2img.sampler_name', values: ['A', 'C'] })])
    const equal = computeInsights([rated(5, 'A', [3, 4]), rated(5, 'B', [4, 3])])
    expect(suggestSweeps(equal)).toEqual([])
  })
  it('merges into existing sweeps: same path replaced, new appended, overflow reported', () => {
    const existing = [{ path: 'txt2img.cfg_scale', values: [5, 7, 9] }, { path: 'txt2img.steps', values: [20, 30] }]
    expect(mergeSweeps(existing, [{ path: 'txt2img.cfg_scale', values: [4, 5, 6] }, { path: 'txt2img.sampler_name', values: ['A'] }]).sweeps)
      .toEqual([{ path: 'txt2img.cfg_scale', values: [4, 5, 6] }, { path: 'txt2img.steps', values: [20, 30] }, { path: 'txt2img.sampler_name', values: ['A'] }])
    const full = Array.from({ length: 8 }, (_, i) => ({ path: `txt2img.f${i}`, values: [1] }))
    expect(mergeSweeps(full, [{ path: 'txt2img.cfg_scale', values: [4] }]).dropped).toEqual(['txt2img.cfg_scale'])
  })
})
