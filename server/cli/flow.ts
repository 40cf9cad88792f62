/**
 * `npm run -s flow -- <command>`: the command-line face of the engine.
 *   compile FILE [--data DIR | --library DIR] [--seed N] [--now ISO]
 *   expand "TEMPLATE" [--mode combinatorial|random|rotate] [--max N] [--seed S] [--wildcards DIR] [--json]
 *   run GRAPH [--pack ID[:ROWS] …] [--split per-pack|one] [--pack-node ID] [--webui URL] [--data DIR] [--seed N]
 *   mask add FILE.png [--data DIR] | mask list [--data DIR]
 *   grid RUN|--jobs IDS --x FIELD [--y FIELD] [--z FIELD [--z-value V]] [--stage ID] [--cell PX] [--data DIR] -o FILE.png
 *   prune usage | run RUN [--keep-rated N] | images ID… | cache [--older-than DAYS] [--max-mb MB]  (prune-command.ts)
 * Exit codes: 0 success, 1 the input has errors, 2 the command line is wrong.
 */
import { compileCommand } from './compile-command.ts'
import { expandCommand } from './expand-command.ts'
import { runCommand } from './run-command.ts'
import { maskCommand } from './mask-command.ts'
import { gridCommand } from './grid-command.ts'
import { pruneCommand } from './prune-command.ts'

const USAGE = `usage:
  flow compile FILE [--data DIR | --library DIR] [--seed N] [--now ISO-TIME]
  flow run GRAPH [--pack ID[:ROWS] ...] [--split per-pack|one] [--pack-node ID] [--webui URL] [--data DIR] [--seed N]
      GRAPH is a graph file or a library graph id; --pack runs it on those packs (one run per pack by default)
  flow mask add FILE.png [--data DIR] | flow mask list [--data DIR]
  flow grid RUN|--jobs ID,ID,… [--x FIELD [--y FIELD] [--z FIELD [--z-value V]] [--stage ID] [--cell PX] -o FILE.png] [--data DIR]
  flow expand "TEMPLATE" [--mode combinatorial|random|rotate] [--max N] [--seed S] [--wildcards DIR] [--json]
  flow prune usage | run RUN [--keep-rated N] | images ID... | cache [--older-than DAYS] [--max-mb MB]
             [--data DIR] [--dry-run] [--forget-ratings] [--forget-learning] [--json]`

export class UsageError extends Error {}

const commands: Record<string, (args: string[]) => Promise<number>> = {
  compile: compileCommand,
  expand: expandCommand,
  run: runCommand,
  mask: maskCommand,
  grid: gridCommand,
  prune: pruneCommand,
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  const command = name ? commands[name] : undefined
  if (!command) {
    process.stderr.write(`${name ? `unknown command "${name}"\n` : ''}${USAGE}\n`)
    return 2
  }
  try {
    return await command(rest)
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`${(e as Error).message}\n${USAGE}\n`)
      return 2
    }
    throw e
  }
}

process.exitCode = await main(process.argv.slice(2))
