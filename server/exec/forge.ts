/**
 * Forge has no `sd_vae` option (an override naming it answers 500 KeyError); it takes the VAE as
 * `forge_additional_modules`, a list of module file paths (webui-api.md §7). Every request states
 * its VAE (docs/engine.md, Payloads), so on a Forge backend that statement is translated here, at
 * the last moment: `Automatic`/`None` → no extra module (the checkpoint's own VAE), a VAE name →
 * its file from the backend's `/sd-modules` list. The manifest and preview show the A1111 form.
 */
import type { RunRequest } from '../webui/index.ts'

export function forForge(request: RunRequest, vaeFiles: Readonly<Record<string, string>>): RunRequest {
  const body = request.body as Record<string, unknown> | null
  const overrides = body?.override_settings as Record<string, unknown> | undefined
  if (!body || !overrides || !('sd_vae' in overrides)) return request
  const { sd_vae: vae, ...rest } = overrides
  const file = typeof vae === 'string' ? vaeFiles[vae] : undefined
  return { ...request, body: { ...body, override_settings: { ...rest, forge_additional_modules: file ? [file] : [] } } }
}
