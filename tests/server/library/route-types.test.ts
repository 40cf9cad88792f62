/**
 * The routes are chained so their paths and answers are inferred: the editor's typed client sees
 * them without hand-written types. Checked at compile time (tsc) and exercised at run time.
 */
import { afterEach, beforeEach, expect, it } from 'vitest'
import { testClient } from 'hono/testing'
import type { InferResponseType } from 'hono/client'
import { buildApp, makeBed, type Bed } from './helpers.ts'
import type { DefaultPresetResponse, GraphSaveResponse, PackConfigBody } from '../../../engine/api/library.ts'

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false
type Expect<T extends true> = T

let bed: Bed
beforeEach(async () => { bed = await makeBed() })
afterEach(async () => { await bed.cleanup() })

it('infers paths, params and answers for a typed client', async () => {
  const client = testClient(buildApp(bed.library))
  type _Default = Expect<Equal<InferResponseType<typeof client.api.presets.default.$put>, DefaultPresetResponse>>
  type _Restore = Expect<Equal<InferResponseType<(typeof client.api.graphs)[':id']['versions'][':version']['restore']['$post']>['version'], GraphSaveResponse['version']>>
  type _Config = Expect<Equal<keyof InferResponseType<(typeof client.api.packs)[':id']['config']['$get']>, keyof PackConfigBody>>

  const res = await client.api.graphs[':id'].versions.$get({ param: { id: 'portrait' } })
  expect(res.status).toBe(200)
  expect(await res.json()).toEqual({ versions: [] })
  const packs = await client.api.packs.$get()
  expect((await packs.json()).packs.map((p) => p.id)).toContain('studio')
})
