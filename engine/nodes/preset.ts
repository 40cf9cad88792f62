import { z } from 'zod'
import { defineNodeKind } from './define.ts'

export const PresetParams = z.strictObject({
  /** The preset's id in the library. '' = not chosen yet. */
  presetId: z.string().max(128),
})
export type PresetParams = z.infer<typeof PresetParams>

export const presetKind = defineNodeKind<PresetParams>({
  kind: 'preset',
  version: 1,
  label: 'Preset',
  description: 'A named config preset, applied as a config layer to every stage it is wired into.',
  role: 'config-source',
  inputs: [],
  outputs: [{ name: 'config', type: 'config', label: 'Config', required: false }],
  params: PresetParams,
  defaults: () => ({ presetId: '' }),
  summary: (p) => [p.presetId || 'no preset chosen'],
})
