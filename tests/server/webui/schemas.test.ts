/** Response schemas against the shapes in the reference (§2, §5, §7). */
import { describe, expect, it } from 'vitest'
import * as S from '../../../server/webui/schemas.ts'

describe('response schemas', () => {
  it('sd-models, including an entry whose hash is not cached yet', () => {
    const r = S.SdModelList.parse([
      { title: 'v1-5-pruned-emaonly.safetensors [6ce0161689]', model_name: 'v1-5-pruned-emaonly', hash: '6ce0161689', sha256: 'ab'.repeat(32), filename: '/m/v1-5.safetensors', config: null },
      { title: 'sub/x.safetensors', model_name: 'sub_x', hash: null, sha256: null, filename: '/m/sub/x.safetensors', config: null },
    ])
    expect(r[1]!.hash).toBeNull()
  })
  it('samplers: A1111 string options and Forge booleans', () => {
    expect(S.SamplerList.parse([{ name: 'DPM++ 2M', aliases: ['k_dpmpp_2m'], options: { scheduler: 'karras', second_order: 'True' } }])).toHaveLength(1)
    expect(S.SamplerList.parse([{ name: 'Euler', aliases: [], options: { uses_ensd: true } }])).toHaveLength(1)
  })
  it('schedulers with null aliases', () => {
    expect(S.SchedulerList.parse([{ name: 'karras', label: 'Karras', aliases: null, default_rho: 7.0, need_inner_model: false }])[0]!.label).toBe('Karras')
  })
  it('options keep unknown keys and read int-as-float', () => {
    const o = S.Options.parse({ sd_model_checkpoint: 'a [1]', CLIP_stop_at_last_layers: 1.0, some_future_key: [1] })
    expect(o.CLIP_stop_at_last_layers).toBe(1)
    expect(o.some_future_key).toEqual([1])
  })
  it('txt2img response: info string parsed, bad info kept as text only', () => {
    const info = JSON.stringify({ seed: 5, all_seeds: [5, 6], infotexts: ['a', 'b'], width: 512, height: 512 })
    const r = S.GenerationResponse.parse({ images: ['aGk='], parameters: { steps: 20 }, info })
    expect(r.info?.all_seeds).toEqual([5, 6])
    expect(r.images).toEqual(['aGk='])
    const bad = S.GenerationResponse.parse({ images: [], parameters: {}, info: 'not json' })
    expect(bad.info).toBeNull()
    expect(bad.infoText).toBe('not json')
  })
  it('txt2img response with images null (send_images false on some forks)', () => {
    expect(S.GenerationResponse.parse({ images: null, parameters: {}, info: '{}' }).images).toEqual([])
  })
  it('rejects a response without the required image', () => {
    const r = S.ExtraSingleResponse.safeParse({ html_info: '<p></p>' })
    expect(r.success).toBe(false)
    if (!r.success) expect(S.describeIssues(r.error)).toMatch(/^image: /)
  })
  it('progress while idle and while running', () => {
    expect(S.Progress.parse({ progress: 0, eta_relative: 0, state: { job_count: 0, job: '' }, current_image: null, textinfo: null }).progress).toBe(0)
    const running = S.Progress.parse({
      progress: 0.41,
      eta_relative: 3.2,
      state: { skipped: false, interrupted: false, stopping_generation: false, job: 'scripts_txt2img', job_count: 1, job_timestamp: '20250101120000', job_no: 0, sampling_step: 8, sampling_steps: 20 },
      current_image: 'aGk=',
      textinfo: null,
    })
    expect(running.state?.sampling_step).toBe(8)
  })
  it('null/{} answers of control endpoints', () => {
    expect(S.Nothing.parse(null)).toBeNull()
    expect(S.Nothing.parse({})).toBeNull()
    expect(S.Nothing.parse(undefined)).toBeNull()
  })
  it('embeddings, loras, adetailer models, png-info', () => {
    expect(S.Embeddings.parse({ loaded: { easyneg: { step: null, sd_checkpoint: null, sd_checkpoint_name: null, shape: 768, vectors: 8 } }, skipped: {} }).loaded.easyneg?.vectors).toBe(8)
    expect(S.LoraList.parse([{ name: 'add_detail', alias: 'add_detail', path: '/l/add_detail.safetensors', metadata: {} }])).toHaveLength(1)
    expect(S.AdetailerModels.parse({ ad_model: ['face_yolov8n.pt'] }).ad_model).toEqual(['face_yolov8n.pt'])
    expect(S.PngInfo.parse({ info: 'a cat', items: {}, parameters: { Steps: '20' } }).parameters).toEqual({ Steps: '20' })
  })
})
