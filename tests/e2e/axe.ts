/**
 * axe-core in the page (injected from node_modules with playwright-core, no CDN): the serious and
 * critical violations of the WCAG 2.x A/AA rules on what is on screen now, as readable lines.
 */
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

interface AxeNode { target: string[]; failureSummary?: string }
interface AxeViolation { id: string; impact: string | null; help: string; nodes: AxeNode[] }

export async function seriousViolations(page: Page, screen: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_PATH })
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: unknown[] }> } }).axe
    const tags = { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }
    const all = await axe.run(document, { runOnly: tags, rules: { 'target-size': { enabled: false } }, resultTypes: ['violations'] })
    // Target size everywhere but inside the zoomable canvas: there the size is the zoom the user
    // picks (node stars are also one keyboard stop each, changed with the arrow keys).
    const size = await axe.run({ include: [document], exclude: [['.react-flow__viewport']] }, { runOnly: { type: 'rule', values: ['target-size'] }, resultTypes: ['violations'] })
    return [...all.violations, ...size.violations]
  }) as AxeViolation[]
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.slice(0, 5).map((n) => `${screen}: ${v.id} (${v.impact}) ${v.help} — ${n.target.join(' ')}${n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ').slice(0, 200)}` : ''}`))
}
