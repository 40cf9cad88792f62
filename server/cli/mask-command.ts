/**
 * `flow mask add FILE.png [--data DIR]`: stores an inpaint mask made elsewhere in the data folder
 * (the same checks and the same id as `POST /api/masks`) and prints `{ mask }` as JSON, so a
 * graph written by hand can name it in an img2img's `inpaint.mask_id`.
 * `flow mask list [--data DIR]`: prints `{ masks }`.
 */
import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { dataPaths } from '../data/paths.ts'
import { listMasks, MaskRejected, saveMask } from '../library/masks.ts'
import { UsageError } from './flow.ts'

export async function maskCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { data: { type: 'string', default: 'data' } } })
  const [action, file, ...extra] = positionals
  const paths = dataPaths(values.data)
  if (action === 'list' && file === undefined) {
    process.stdout.write(JSON.stringify({ masks: await listMasks(paths) }) + '\n')
    return 0
  }
  if (action !== 'add' || file === undefined || extra.length > 0) throw new UsageError('mask takes "add FILE.png" or "list"')
  let bytes: Buffer
  try {
    bytes = await readFile(file)
  } catch (e) {
    process.stderr.write(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}\n`)
    return 1
  }
  try {
    const { info } = await saveMask(paths, bytes.toString('base64'), new Date().toISOString())
    process.stdout.write(JSON.stringify({ mask: info }) + '\n')
    return 0
  } catch (e) {
    if (!(e instanceof MaskRejected)) throw e
    process.stderr.write(`${file} ${e.message}\n`)
    return 1
  }
}
