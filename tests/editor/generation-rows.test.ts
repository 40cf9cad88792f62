/** The job preview's rows for issue 11's settings: the styled prompt, and unset settings as "not sent". */
import { describe, expect, it } from 'vitest'
import { compile } from '../../engine/compile/compile.ts'
import { generationRows } from '../../editor/src/preview/generation-rows.ts'
import { stagePayload } from '../../editor/src/preview/payload.ts'
import { context, graph, node } from '../engine/compile/fixtures.ts'

const promptStyles = [{ name: 'Cinematic', prompt: 'cinematic still of {prompt}', negative_prompt: 'cartoon' }]

describe('generation rows of the job preview', () => {
  it('shows the prompt as the WebUI expands it with the styles, and lists every unset setting as not sent', () => {
    const { run, errors } = compile(graph([node('t', 'txt2img', { prompt: 'a fox', styles: ['Cinematic'], eta: 0.4 })], []), context({ globalNegative: 'lowres' }))
    expect(errors).toEqual([])
    const job = run!.jobs[0]!
    const stage = job.plan.stages[0]!
    const preview = stagePayload(job, stage)
    if (!preview.ok) throw new Error(preview.message)
    const rows = generationRows(stage, preview.request.body as Record<string, unknown>, { promptStyles })
    expect(rows.slice(0, 2).map((r) => [r.path, r.value])).toEqual([['prompt (styled)', 'cinematic still of a fox'], ['negative_prompt (styled)', 'lowres, cartoon']])
    const notSent = rows.filter((r) => r.value === undefined).map((r) => r.path)
    expect(notSent).toContain('restore_faces')
    expect(notSent).toContain('distilled_cfg_scale')
    expect(notSent).not.toContain('eta')
    expect(notSent).not.toContain('styles')
    // Stated although unset: the no-variation pair and the allow-listed options at A1111's defaults.
    expect(rows.filter((r) => r.value !== undefined).slice(2).map((r) => [r.path, r.value])).toEqual(expect.arrayContaining([['subseed', -1], ['subseed_strength', 0], ['eta_noise_seed_delta', 0], ['randn_source', 'GPU'], ['s_churn', 0], ['s_noise', 1]]))
    // And the payload indeed leaves them out.
    for (const k of notSent) expect(preview.request.body).not.toHaveProperty(k)
  })

  it('shows the hires prompts styled too, as the WebUI expands them', () => {
    const styles = [{ name: 'Detail', prompt: '{prompt}, highly detailed', negative_prompt: 'blurry' }]
    const { run, errors } = compile(graph([node('t', 'txt2img', { prompt: 'a cat', styles: ['Detail'], hires: { enabled: true, prompt: 'a cat, closeup', negative_prompt: 'noise' } })], []), context())
    expect(errors).toEqual([])
    const job = run!.jobs[0]!
    const preview = stagePayload(job, job.plan.stages[0]!)
    if (!preview.ok) throw new Error(preview.message)
    const rows = generationRows(job.plan.stages[0]!, preview.request.body as Record<string, unknown>, { promptStyles: styles })
    expect(rows.filter((r) => r.path.startsWith('hr_')).map((r) => [r.path, r.value])).toEqual([['hr_prompt (styled)', 'a cat, closeup, highly detailed'], ['hr_negative_prompt (styled)', 'noise, blurry']])
  })

  it('says which styles it cannot show when the WebUI list lacks them', () => {
    const { run } = compile(graph([node('t', 'txt2img', { prompt: 'a fox', styles: ['Gone'] })], []), context())
    const job = run!.jobs[0]!
    const preview = stagePayload(job, job.plan.stages[0]!)
    if (!preview.ok) throw new Error(preview.message)
    const [row] = generationRows(job.plan.stages[0]!, preview.request.body as Record<string, unknown>, null)
    expect(row).toMatchObject({ path: 'prompt (styled)', value: 'a fox', note: 'styles not known here: Gone' })
  })
})

describe('hires resize as an alternative to the scale', () => {
  it('the size the next stage receives follows A1111: both sides, or one side with the first pass’s aspect', async () => {
    const { outputSize } = await import('../../editor/src/preview/payload.ts')
    const { run } = compile(graph([node('t', 'txt2img', { prompt: 'x', width: 512, height: 768, hires: { enabled: true, resize_x: 1024 } })], []), context())
    const stage = run!.jobs[0]!.plan.stages[0]!
    expect(outputSize(stage, null)).toEqual({ width: 1024, height: 1536 })
    const h = stage.config.values.hires as Record<string, unknown>
    const withY = { ...stage, config: { ...stage.config, values: { ...stage.config.values, hires: { ...h, resize_x: 0, resize_y: 1000 } } } }
    expect(outputSize(withY, null)).toEqual({ width: 666, height: 1000 })
  })
})
