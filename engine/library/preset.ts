import { z } from 'zod'
import { ConfigLayer } from '../config/stages.ts'
import { Id } from '../graph/schema.ts'

/** A named config layer (People, Landscapes, Night…). Which preset is the default is kept by the library. */
export const Preset = z.strictObject({
  id: Id,
  name: z.string().min(1).max(200),
  description: z.string().max(10_000).default(''),
  config: ConfigLayer,
})
export type Preset = z.infer<typeof Preset>
