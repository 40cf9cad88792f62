/**
 * The simulated WebUI's prompt styles (issue 11 §1): listed at /sdapi/v1/prompt-styles, applied
 * to the prompts as A1111 does ({prompt} placement, else appended with ", "; an unknown name is
 * skipped), shown so in the infotext and all_prompts, including the hires prompts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SimHandle } from '../../../server/sim/index.ts'
import { get, png, post, withSim } from './helpers.ts'

let sim: SimHandle
beforeAll(async () => { sim = await withSim() })
afterAll(() => sim.close())

const firstLines = (text: string) => text.split('\n').slice(0, -1).join('\n')

describe('prompt styles in the simulator', () => {
  it('lists styles with and without {prompt} and negatives', async () => {
    const r = await get(sim, '/sdapi/v1/prompt-styles')
    expect(r.status).toBe(200)
    expect(r.body.map((s: { name: string }) => s.name)).toEqual(['Cinematic', 'Sharp detail', 'Watercolor', 'No people'])
    for (const s of r.body) expect(Object.keys(s)).toEqual(['name', 'prompt', 'negative_prompt'])
    expect(r.body.some((s: { prompt: string }) => s.prompt.includes('{prompt}'))).toBe(true)
    expect(r.body.some((s: { prompt: string }) => s.prompt !== '' && !s.prompt.includes('{prompt}'))).toBe(true)
  })

  it('expands the request’s styles into the prompts the infotext shows; unknown names are skipped', async () => {
    const r = await post(sim, '/sdapi/v1/txt2img', { prompt: ' a cat ', negative_prompt: 'blurry', steps: 2, width: 64, height: 64, seed: 1, styles: ['Watercolor', 'Unknown', 'No people'] })
    expect(r.status).toBe(200)
    const text = png(r.body.images[0]).text.parameters!
    expect(firstLines(text)).toBe('watercolor painting of  a cat , soft edges\nNegative prompt: blurry, people, person, crowd')
    const info = JSON.parse(r.body.info)
    expect(info.all_prompts).toEqual(['watercolor painting of  a cat , soft edges'])
    expect(info.styles).toEqual(['Watercolor', 'Unknown', 'No people'])
  })

  it('writes the hires prompt (styled) only when it differs from the main prompt', async () => {
    const base = { prompt: 'a cat', steps: 2, width: 64, height: 64, seed: 1, enable_hr: true, denoising_strength: 0.5, hr_scale: 1.5, styles: ['Sharp detail'] }
    const own = png((await post(sim, '/sdapi/v1/txt2img', { ...base, hr_prompt: 'a cat, closeup', hr_negative_prompt: 'noise' })).body.images[0]).text.parameters!
    expect(own).toContain('Hires prompt: "a cat, closeup, highly detailed, sharp focus"')
    expect(own).toContain('Hires negative prompt: "noise, blurry, lowres"')
    const same = png((await post(sim, '/sdapi/v1/txt2img', { ...base, hr_prompt: 'a cat' })).body.images[0]).text.parameters!
    expect(same).not.toContain('Hires prompt')
  })

  it('a test can give a simulator its own styles', async () => {
    await post(sim, '/sim/control', { resources: { styles: [{ name: 'Only', prompt: '{prompt} only', negative_prompt: '' }] } })
    const r = await get(sim, '/sdapi/v1/prompt-styles')
    expect(r.body).toEqual([{ name: 'Only', prompt: '{prompt} only', negative_prompt: '' }])
  })
})
