/**
 * Compile throughput: a portrait-style graph that expands to 10,000 JobSpecs
 * (10 rows × 100 prompt variants × 10 batch runs, txt2img → ADetailer → upscale, one preset)
 * must compile at 50,000 JobSpecs per second or better, validation and config merge included.
 */
import { compile } from '../../engine/compile/compile.ts'
import { parsePack } from '../../engine/packs/index.ts'
import { createWildcardLibrary } from '../../engine/prompts/index.ts'
import type { Graph } from '../../engine/graph/schema.ts'
import { atLeast, bestOf, type BenchFigure } from './harness.ts'

const ROWS = Array.from({ length: 10 }, (_, i) =>
  `(masterpiece, best quality), portrait ${i}\na {red|green|blue|teal|amber|black|white|silver|golden|violet} {coat|hat|scarf|dress|jacket|cape|robe|vest|shawl|cloak}, __light__\nneg: blurry, extra fingers`).join('\n\n')

export async function bench(): Promise<BenchFigure[]> {
  const parsed = parsePack({ id: 'bench', txt: ROWS })
  if (!parsed.ok) throw new Error('compile bench: pack did not parse')
  const ctx = {
    packs: { bench: parsed.pack },
    presets: { people: { id: 'people', name: 'People', description: '', config: { txt2img: { cfg_scale: 6.5, steps: 28 }, adetailer: { passes: [{ ad_denoising_strength: 0.35 }] } } } },
    wildcards: createWildcardLibrary({ light: 'soft window light\n' }),
    globalNegative: 'worst quality, low quality',
    runSeed: 1,
    now: '2026-11-22T00:00:00.000Z',
  }
  const graph: Graph = {
    version: 3, id: 'bench', name: 'bench', description: '', tags: [], viewport: { x: 0, y: 0, zoom: 1 },
    nodes: [
      { id: 'pack', kind: 'pack', position: { x: 0, y: 0 }, params: { packs: [{ packId: 'bench', rows: [] }] } },
      { id: 'rand', kind: 'randomizer', position: { x: 0, y: 0 }, params: { mode: 'combinatorial', maxVariants: 100, useMatrix: true, sweeps: [], seedMode: 'random', baseSeed: -1, drawSeed: -1 } },
      { id: 'people', kind: 'preset', position: { x: 0, y: 0 }, params: { presetId: 'people' } },
      { id: 'txt', kind: 'txt2img', position: { x: 0, y: 0 }, params: { batch_runs: 10 } },
      { id: 'ad', kind: 'adetailer', position: { x: 0, y: 0 }, params: { passes: [{ ad_model: 'face_yolov8n.pt' }, { ad_model: 'hand_yolov8n.pt' }] } },
      { id: 'up', kind: 'upscale', position: { x: 0, y: 0 }, params: { factor: 2 } },
    ],
    edges: [
      { id: 'e1', source: 'pack', sourcePort: 'prompts', target: 'rand', targetPort: 'prompts' },
      { id: 'e2', source: 'rand', sourcePort: 'prompts', target: 'txt', targetPort: 'prompts' },
      { id: 'e3', source: 'people', sourcePort: 'config', target: 'txt', targetPort: 'config' },
      { id: 'e4', source: 'txt', sourcePort: 'image', target: 'ad', targetPort: 'image' },
      { id: 'e5', source: 'ad', sourcePort: 'image', target: 'up', targetPort: 'image' },
    ],
  }
  let jobs = 0
  const ms = bestOf(() => {
    const { run, errors } = compile(graph, ctx)
    if (errors.length || run!.jobs.length !== 10_000) throw new Error(`compile bench: expected 10,000 jobs, got ${run?.jobs.length} (${JSON.stringify(errors[0])})`)
    jobs = run!.jobs.length
  }, { minMs: 2000 })
  return [atLeast('compile a graph to 10,000 JobSpecs', Math.round(jobs / (ms / 1000)), 'JobSpecs/s', 50_000)]
}
