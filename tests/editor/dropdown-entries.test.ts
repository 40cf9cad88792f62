/** WebUI-name dropdowns list each name once and flag only names the WebUI does not know (issue #10 §5). */
import { describe, expect, it } from 'vitest'
import { dropdownEntries } from '../../editor/src/inspector/resource-options.ts'
import { resolveResource } from '../../engine/resources/resolve.ts'

const opts = (...v: string[]) => v.map((x) => ({ value: x, label: x }))
const labels = (e: { label: string }[]) => e.map((x) => x.label)

describe('dropdownEntries', () => {
  it('shows "Automatic" once when the WebUI lists it too', () => {
    const empty = { value: '', label: 'Automatic' }
    expect(labels(dropdownEntries(opts('Automatic', 'Karras', 'Exponential'), '', empty))).toEqual(['Automatic', 'Karras', 'Exponential'])
    expect(labels(dropdownEntries(opts('Automatic', 'Karras'), 'Automatic', empty))).toEqual(['Automatic', 'Karras'])
    expect(labels(dropdownEntries(opts('Karras'), '', empty))).toEqual(['Automatic', 'Karras'])
  })

  it('never lists a value twice (favourites first)', () => {
    const withFav = [{ value: 'Euler a', label: '★ Euler a' }, ...opts('Euler a', 'DPM++ 2M')]
    expect(labels(dropdownEntries(withFav, 'Euler a', null))).toEqual(['★ Euler a', 'DPM++ 2M'])
  })

  it('a name the compiler resolves (an alias of a title) is not flagged; an unknown one is', () => {
    const models = opts('dreamshaper_8.safetensors [879db523c3]', 'sdxl_base.safetensors')
    const resources = { models: models.map((m) => m.value) } as unknown as Parameters<typeof resolveResource>[2]
    const resolve = (name: string) => { const r = resolveResource('checkpoint', name, resources); return r.status === 'ok' ? r.name : null }
    expect(labels(dropdownEntries(models, 'dreamshaper_8', null, resolve))[0]).toMatch(/^dreamshaper_8 \(dreamshaper_8\.safetensors/)
    expect(labels(dropdownEntries(models, 'nope', null, resolve))[0]).toBe('nope (not on the WebUI)')
  })
})
