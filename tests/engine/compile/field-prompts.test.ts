import { describe, expect, it } from 'vitest'
import { compile } from '../../../engine/compile/compile.ts'
import type { JobSpec, StagePlan } from '../../../engine/compile/spec.ts'
import { stageRequest } from '../../../engine/compile/stage-request.ts'
import type { Img2ImgBody, Txt2ImgBody } from '../../../engine/payloads/schemas.ts'
import { context, edge, graph, node, pack, packParams, randomizerParams } from './fixtures.ts'

const img = (a: string, b: string) => edge(`${a}.image`, `${b}.image`)
const IMAGE = { base64: 'x', width: 512, height: 512 }
const stage = (job: JobSpec, id: string): StagePlan => job.plan.stages.find((s) => s.stageId === id)!
const body = (job: JobSpec, id: string) => stageRequest(job, stage(job, id), 0, IMAGE).body as Img2ImgBody
const tab = (job: JobSpec, id: string, n = 0) => (body(job, id).alwayson_scripts!.ADetailer!.args as Record<string, unknown>[])[2 + n]!

const hairPack = pack('hair', '<embedding:good>\na woman with [[hair]] hair\n<lora:detail:0.6>\nneg: {blurry|grainy}, <embedding:bad>\nneg: messy [[hair]] strands\n', {
  pack_data: { name: 'Hair', matrix: { enabled: true, mode: 'fanout', limit: 8, slots: [{ name: 'hair', values: ['red', 'blue'] }] } },
})
const wildcardFiles = { colours: 'teal\nmauve\n' }

/** Every string value in a request body. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsIn)
  return []
}

function run(nodes: Parameters<typeof graph>[0], edges: Parameters<typeof graph>[1], over = {}) {
  return compile(graph(nodes, edges), context({ packs: { hair: hairPack }, wildcardFiles, globalNegative: 'lowres', ...over }))
}

describe('prompt syntax in every prompt field is expanded with the job’s variant', () => {
  const nodes = [
    node('p', 'pack', packParams('hair')),
    node('r', 'randomizer', randomizerParams()),
    node('t', 'txt2img', { negative_prompt: '__colours__ tint' }),
    node('ad', 'adetailer', { passes: [{ ad_prompt: '[[hair]] hair, {smiling|serious} face [SEP] [PROMPT], hands', ad_negative_prompt: '{ugly|deformed}' }] }),
    node('i', 'img2img', { prompt_adjust: 'sharp, [[Hair]] highlights, {film|digital}', negative_adjust: '__colours__ cast' }),
  ]
  const edges = [edge('p', 'r'), edge('r', 't'), img('t', 'ad'), img('ad', 'i')]

  it('a slot bound in the main prompt has the same value in the ADetailer and img2img prompts; ADetailer tokens pass through', () => {
    const { run: r, errors } = run(nodes, edges)
    expect(errors).toEqual([])
    expect(r!.jobs).toHaveLength(2)
    for (const job of r!.jobs) {
      const hair = job.randomizerSummary.slots.hair!
      expect(job.prompt).toContain(`a woman with ${hair} hair`)
      const ad = tab(job, 'ad')
      expect(ad.ad_prompt).toMatch(new RegExp(`^${hair} hair, (smiling|serious) face \\[SEP\\] \\[PROMPT\\], hands$`))
      expect(ad.ad_negative_prompt).toMatch(/^(ugly|deformed)$/)
      const i = body(job, 'i')
      expect(i.prompt).toMatch(new RegExp(`, sharp, ${hair} highlights, (film|digital)$`))
      expect(i.negative_prompt).toMatch(/, (teal|mauve) cast$/)
      // The job's negative: global, txt2img negative and the row's phrases, all expanded.
      expect(job.negativePrompt).toMatch(new RegExp(`^lowres, (teal|mauve) tint, bad, (blurry|grainy), messy ${hair} strands$`))
    }
  })

  it('draws are seeded per job and field: the same run seed gives the same texts, no syntax reaches a request', () => {
    const a = run(nodes, edges).run!
    const b = run(nodes, edges).run!
    expect(JSON.stringify(a.jobs)).toBe(JSON.stringify(b.jobs))
    const texts = a.jobs.flatMap((job) => job.plan.stages.flatMap((s) => stringsIn(stageRequest(job, s, 0, IMAGE).body)))
    for (const t of texts) expect(t).not.toMatch(/[{}]|__\w+__|\[\[/)
    // Other run seeds draw differently somewhere (2 fields × 2 jobs × 2 options each).
    const seen = new Set<string>()
    for (let s = 1; s < 12; s++) seen.add(JSON.stringify(run(nodes, edges, { runSeed: s }).run!.jobs.map((j) => tab(j, 'ad').ad_negative_prompt)))
    expect(seen.size).toBeGreaterThan(1)
  })

  it('a slot the main prompt does not bind, or a broken template, is an error naming node and field', () => {
    const bad = [
      node('t', 'txt2img', { prompt: 'a cat' }),
      node('ad', 'adetailer', { passes: [{ ad_prompt: '[[hair]] hair' }] }),
      node('i', 'img2img', { negative_adjust: '{a|b' }),
    ]
    const { errors } = run(bad, [img('t', 'ad'), img('ad', 'i')])
    expect(errors.map((e) => [e.code, e.nodeId, e.field])).toEqual([['template', 'ad', 'passes.0.ad_prompt'], ['template', 'i', 'negative_adjust']])
    expect(errors[0]!.message).toContain('[[hair]]')
  })
})

describe('a prompt entry wired into a later img2img flows whole', () => {
  it('a raw row wired in is expanded with the job’s variant; a slot the job does not bind is an error on that input', () => {
    const one = pack('one', 'a castle\n')
    const nodes = [node('p1', 'pack', packParams('one')), node('t', 'txt2img', {}), node('p2', 'pack', packParams('hair', [0])), node('i', 'img2img', {})]
    const { errors } = compile(graph(nodes, [edge('p1', 't'), img('t', 'i'), edge('p2', 'i')]), context({ packs: { one, hair: hairPack } }))
    expect(errors.map((e) => [e.code, e.nodeId, e.port])).toEqual([['template', 'i', 'prompts']])
    // The same row through the main randomizer binds [[hair]]: the img2img prompt gets the job's value.
    const withSlots = [node('p', 'pack', packParams('hair', [0])), node('r', 'randomizer', randomizerParams()), node('t', 'txt2img', {}), node('p2', 'pack', packParams('hair', [0])), node('i', 'img2img', {})]
    const ok = compile(graph(withSlots, [edge('p', 'r'), edge('r', 't'), img('t', 'i'), edge('p2', 'i')]), context({ packs: { hair: hairPack } }))
    expect(ok.errors).toEqual([])
    for (const job of ok.run!.jobs) {
      const i = body(job, 'i')
      expect(i.prompt).toBe(`good, a woman with ${job.randomizerSummary.slots.hair} hair, <lora:detail:0.6>`)
      expect(i.negative_prompt).toMatch(new RegExp(`^bad, (blurry|grainy), messy ${job.randomizerSummary.slots.hair} strands$`))
    }
  })

  it('sends positive embeddings, text and LoRA tags; negative = global negative, negative embeddings, row phrases', () => {
    const plain = pack('plain', '<embedding:good>\na portrait\n<lora:detail:0.6>\nneg: blurry, <embedding:bad>\n')
    const { run: r, errors } = compile(graph([
      node('t', 'txt2img', { prompt: 'a castle' }),
      node('p2', 'pack', packParams('plain')),
      node('i', 'img2img', { negative_adjust: 'jpeg' }),
    ], [img('t', 'i'), edge('p2', 'i')]), context({ packs: { plain }, globalNegative: 'lowres' }))
    expect(errors).toEqual([])
    const job = r!.jobs[0]!
    const i = body(job, 'i')
    expect(i.prompt).toBe('good, a portrait, <lora:detail:0.6>')
    expect(i.negative_prompt).toBe('lowres, bad, blurry, jpeg')
    expect(job.loras).toEqual([{ name: 'detail', weight: 0.6 }])
    expect((stageRequest(job, stage(job, 't'), 0).body as Txt2ImgBody).prompt).toBe('a castle')
  })
})
