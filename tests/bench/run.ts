/**
 * `npm run bench`: runs every tests/bench/*.bench.ts (or those named on the command line),
 * prints each figure against its target, and exits 1 if any figure misses its target.
 */
import { readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { BenchFigure } from './harness.ts'

const here = dirname(fileURLToPath(import.meta.url))
const wanted = process.argv.slice(2)
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort()

let failed = 0
for (const file of files) {
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { bench: () => Promise<BenchFigure[]> }
  console.log(`\n# ${file}`)
  const figures = await mod.bench()
  for (const f of figures) {
    const value = Number.isInteger(f.value) ? String(f.value) : f.value.toFixed(3)
    console.log(`${f.ok ? 'ok  ' : 'MISS'} ${f.name}: ${value} ${f.unit} (target ${f.target})`)
    if (!f.ok) failed++
  }
}
console.log(failed === 0 ? '\nall figures met their targets' : `\n${failed} figure(s) missed their targets`)
process.exit(failed === 0 ? 0 : 1)
