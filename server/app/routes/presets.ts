/**
 * /api/presets: named config layers, the library's default preset, and applying a preset to
 * packs' bound configs (docs/api.md "Library").
 */
import { Hono } from 'hono'
import { ApplyToPacksBody, DefaultPresetBody, IdParams, PresetBody } from '../../../engine/api/library.ts'
import type { LibraryStore } from '../../library/store.ts'
import { jsonBody, params } from '../validate.ts'

export function presetRoutes(deps: { library: LibraryStore }) {
  const presets = deps.library.presets
  return new Hono()
    .get('/', async (c) => c.json(await presets.list()))
    // Registered before '/:id' so "default" is the setting, not a preset id.
    .put('/default', async (c) => {
      const { presetId } = await jsonBody(c, DefaultPresetBody)
      return c.json(await presets.setDefault(presetId))
    })
    .get('/:id', async (c) => {
      const { id } = params(c, IdParams)
      return c.json(await presets.read(id))
    })
    .put('/:id', async (c) => {
      const { id } = params(c, IdParams)
      const body = await jsonBody(c, PresetBody)
      return c.json(await presets.save(id, body))
    })
    .delete('/:id', async (c) => {
      const { id } = params(c, IdParams)
      return c.json(await presets.remove(id))
    })
    .post('/:id/apply-to-packs', async (c) => {
      const { id } = params(c, IdParams)
      const { packIds } = await jsonBody(c, ApplyToPacksBody)
      return c.json(await presets.applyToPacks(id, packIds))
    })
}
