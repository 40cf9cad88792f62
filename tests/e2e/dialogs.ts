/**
 * Answers whatever question the page asks next: the app's own dialog (panels/dialog), or — on
 * code from before it existed — the browser's prompt/confirm (answered by the harness from
 * `app.answers`). So a test of a document defect can be run against the old code and fail on the
 * defect, not on the way the question is asked. `action` is what makes the page ask (a click);
 * `optional` for a question that may not come.
 */
import type { App } from './harness.ts'
import { respond } from './harness.ts'

export async function answer(app: App, action: () => Promise<unknown>, opts: { values?: string[]; optional?: boolean } = {}): Promise<void> {
  const native = app.dialogs.length
  app.answers.push(...(opts.values ?? []))
  await action()
  const inApp = app.page.locator('dialog.app-dialog[open]')
  const end = Date.now() + (opts.optional ? 1000 : 15_000)
  while (Date.now() < end) {
    if (await inApp.count()) {
      app.answers.length = 0
      return respond(app.page, opts.values ?? [])
    }
    if (app.dialogs.length > native) return
    await new Promise((r) => setTimeout(r, 50))
  }
  app.answers.length = 0
  if (!opts.optional) throw new Error('no dialog was opened')
}
