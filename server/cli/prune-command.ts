/**
 * `flow prune …`: keeping the data folder under control from the command line (issue 12 §4), with
 * the same rules as the API (server/gallery/prune.ts): live jobs' files are never touched, ratings
 * and learning lines are kept unless --forget-ratings / --forget-learning. Safe next to a running
 * server (SQLite WAL), except --forget-learning: rewriting learning/learning_log.jsonl is only done
 * when no server or `flow run` appends to it (data/writer-lock.ts); otherwise the command refuses
 * (exit 1) and says to delete through the server instead.
 *
 *   flow prune usage                                    disk usage per run and in total
 *   flow prune run RUN [--keep-rated N]                 delete a run (or its images rated below N)
 *   flow prune images ID…                               delete these images
 *   flow prune cache [--older-than DAYS] [--max-mb MB]  forget stage-cache entries
 *   common: [--data DIR] [--dry-run] [--forget-ratings] [--forget-learning] [--json]
 * Exit codes: 0 done, 1 something was not found or was skipped, 2 the command line is wrong.
 */
import { existsSync } from 'node:fs'
import { parseArgs } from 'node:util'
import type { DeleteResult } from '../../engine/api/gallery.ts'
import { dataPaths } from '../data/paths.ts'
import { PruneError, Pruner } from '../gallery/prune.ts'
import { UsageMeter } from '../gallery/usage.ts'
import { openStore } from '../queue/index.ts'
import { claimRewrite, RewriteRefused } from '../data/writer-lock.ts'
import { LEARNING_LOG } from '../exec/learning.ts'
import { LineWriter } from '../exec/line-writer.ts'
import { UsageError } from './flow.ts'

const MB = 1024 * 1024
const mb = (bytes: number): string => `${(bytes / MB).toFixed(1)} MB`

function positiveNumber(name: string, text: string | undefined, max: number): number | undefined {
  if (text === undefined) return undefined
  const n = Number(text)
  if (text.trim() === '' || !Number.isFinite(n) || n < 0 || n > max) throw new UsageError(`--${name} must be a number from 0 to ${max}, got "${text}"`)
  return n
}

function describeDelete(r: DeleteResult): string {
  const verb = r.dryRun ? 'would delete' : 'deleted'
  const lines = [`${verb} ${r.deleted.length} image(s), ${r.files} file(s), ${mb(r.freedBytes)}${r.dryRun ? ' (dry run: nothing changed)' : ''}`]
  if (r.forgottenJobs) lines.push(`${r.dryRun ? 'would forget' : 'forgot'} the learning lines of ${r.forgottenJobs.length} job(s)${r.dryRun ? '' : ` (${r.learningLinesRemoved ?? 0} line(s) removed)`}`)
  for (const s of r.skipped) lines.push(`skipped ${s.artifactId}: ${s.reason}`)
  return lines.join('\n')
}

export async function pruneCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      data: { type: 'string', default: 'data' },
      'dry-run': { type: 'boolean', default: false },
      'forget-ratings': { type: 'boolean', default: false },
      'forget-learning': { type: 'boolean', default: false },
      'keep-rated': { type: 'string' },
      'older-than': { type: 'string' },
      'max-mb': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  })
  const [what, ...rest] = positionals
  if (!what || !['usage', 'run', 'images', 'cache'].includes(what)) throw new UsageError('prune needs one of: usage, run RUN, images ID…, cache')
  const paths = dataPaths(values.data)
  if (!existsSync(paths.database)) {
    process.stderr.write(`no data folder with a database at ${paths.root} (use --data DIR)\n`)
    return 1
  }
  const opts = { dryRun: values['dry-run'], forgetRatings: values['forget-ratings'], forgetLearning: values['forget-learning'] }
  if (opts.forgetLearning && (what === 'usage' || what === 'cache')) throw new UsageError(`--forget-learning applies to prune run and prune images, not prune ${what}`)
  // Rewriting the learning log needs its writer: this process takes it only when no server or
  // flow run appends meanwhile (a dry run rewrites nothing and needs none).
  let release: (() => void) | null = null
  if (opts.forgetLearning && !opts.dryRun) {
    try {
      release = claimRewrite(paths)
    } catch (e) {
      if (!(e instanceof RewriteRefused)) throw e
      process.stderr.write(`cannot forget learning lines: ${e.message}\n`)
      return 1
    }
  }
  const store = openStore(paths.database)
  const writer = release ? new LineWriter(paths, store.pendingLines, 60_000) : null
  const forgetLines = writer ? (ids: ReadonlySet<string>) => writer.forgetLines(LEARNING_LOG, ids) : opts.forgetLearning ? async () => 0 : null
  const print = (result: unknown, text: string) => process.stdout.write((values.json ? JSON.stringify(result) : text) + '\n')
  try {
    const pruner = new Pruner(paths, store.db, store.pendingLines, undefined, forgetLines)
    if (what === 'usage') {
      if (rest.length > 0) throw new UsageError('prune usage takes no arguments')
      const u = await new UsageMeter(paths, store.db).usage()
      print(u, [
        `total ${mb(u.totalBytes)}: outputs ${mb(u.outputsBytes)} (thumbnails ${mb(u.thumbnailsBytes)}), database ${mb(u.databaseBytes)}, learning ${mb(u.learningBytes)}`,
        `stage cache: ${u.stageCache.entries} entries over ${mb(u.stageCache.bytes)} of images`,
        ...u.runs.map((r) => `${r.runId}  ${mb(r.bytes)}  ${r.files} files`),
      ].join('\n'))
      return 0
    }
    if (what === 'cache') {
      if (rest.length > 0) throw new UsageError('prune cache takes no arguments')
      const olderThanDays = positiveNumber('older-than', values['older-than'], 36_500)
      const maxMB = positiveNumber('max-mb', values['max-mb'], 10_000_000)
      if (olderThanDays === undefined && maxMB === undefined) throw new UsageError('prune cache needs --older-than DAYS, --max-mb MB or both')
      const r = await pruner.pruneCache({ olderThanDays, maxMB, dryRun: opts.dryRun })
      print(r, `${r.dryRun ? 'would forget' : 'forgot'} ${r.removed} stage-cache entr${r.removed === 1 ? 'y' : 'ies'}; ${r.remaining} left over ${mb(r.remainingBytes)} of images`)
      return 0
    }
    let result: DeleteResult
    if (what === 'run') {
      if (rest.length !== 1) throw new UsageError('prune run takes exactly one run id')
      const keep = values['keep-rated']
      if (keep !== undefined && !/^[1-5]$/.test(keep)) throw new UsageError(`--keep-rated must be a whole number from 1 to 5, got "${keep}"`)
      result = keep !== undefined ? await pruner.keepRated(rest[0]!, Number(keep), opts) : await pruner.deleteRun(rest[0]!, opts)
    } else {
      if (rest.length === 0) throw new UsageError('prune images needs at least one image (artifact) id')
      result = await pruner.deleteImages(rest, opts)
    }
    print(result, describeDelete(result))
    return result.skipped.length === 0 ? 0 : 1
  } catch (e) {
    if (e instanceof PruneError) {
      process.stderr.write(`${e.message}\n`)
      return 1
    }
    throw e
  } finally {
    // Lines this prune queued (cleared ratings) are written while this process is the only writer.
    if (writer) {
      await writer.flush().catch(() => undefined)
      writer.stop()
    }
    release?.()
    store.close()
  }
}
