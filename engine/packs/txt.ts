/**
 * The original's `.txt` pack format (reference/stablenew-original.md §2), read by line type:
 *
 * - Rows are separated by blank (or whitespace-only) lines.
 * - Comments: a line whose first non-space character is `#` is skipped and does NOT end a row.
 *   A trailing comment starts at a `#` that stands alone as a word: whitespace before it and
 *   whitespace or the line's end after it (`a cat # note`). Any other `#` is text, so
 *   `#hashtag`, `C#` and `#ff0000` inside a line stay in the prompt. (A text line cannot start
 *   with `#`: that line is a comment, as in the original.)
 * - `neg:` (any case) lines hold negatives: embedding tags become negative embeddings, the rest
 *   is split on commas, trimmed, empty pieces dropped.
 * - A line holding only embedding and LoRA tags (spaces and commas between them allowed) gives
 *   the row's positive embeddings and LoRAs.
 * - Any other line is text: the first is the quality line, the others are the subject. Subject
 *   lines are joined with one space (they are one description wrapped over lines); quality and
 *   subject are joined with ", " (or a space if the quality line already ends with a comma).
 *   An `<embedding:X>` written inside text is rewritten to the bare name A1111 expects.
 *
 * The original read these lines by position (line 2 = quality, line 4 = LoRAs…) and silently
 * dropped rows it could not read; here every problem is reported with its line.
 */
import type { PackProblem, PackRow } from './schema.ts'
import { scanSlots } from './slots.ts'
import { embeddingText, scanTags, type Tag } from './tags.ts'

/** Where each text line of a row came from, so slot errors can name the exact line. */
export type RowSource = { line: number; text: string }[]

export type TxtResult = { rows: PackRow[]; sources: RowSource[]; errors: PackProblem[] }

/** Control characters other than tab mean a binary or mis-encoded file, not a prompt. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/
const TRAILING_COMMENT = /\s#(?:\s|$)/
const NEG = /^neg\s*:/i

type Block = { lines: { line: number; text: string }[] }

export function parseTxt(input: string, file: string): TxtResult {
  const errors: PackProblem[] = []
  const rows: PackRow[] = []
  const sources: RowSource[] = []
  for (const block of splitBlocks(input, file, errors)) {
    const row = parseBlock(block, rows.length, file, errors)
    if (row) {
      rows.push(row.row)
      sources.push(row.source)
    }
  }
  // Control-character errors are found while splitting, the rest per row: report in file order.
  errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
  return { rows, sources, errors }
}

export function stripComment(line: string): string {
  const t = line.trim()
  if (t.startsWith('#')) return ''
  const m = TRAILING_COMMENT.exec(t)
  return (m ? t.slice(0, m.index) : t).trim()
}

function splitBlocks(input: string, file: string, errors: PackProblem[]): Block[] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input
  const lines = text.split(/\r\n|\r|\n/)
  const blocks: Block[] = []
  let current: Block | undefined
  lines.forEach((raw, i) => {
    const line = i + 1
    if (raw.trim() === '') {
      current = undefined
      return
    }
    const content = stripComment(raw)
    if (content === '') return
    if (CONTROL.test(content)) {
      errors.push({ file, line, message: 'line contains control characters (is this a text file?)' })
      return
    }
    if (!current) blocks.push((current = { lines: [] }))
    current.lines.push({ line, text: content })
  })
  return blocks
}

function parseBlock(block: Block, index: number, file: string, errors: PackProblem[]) {
  const row: PackRow = {
    index, line: block.lines[0]?.line ?? 1, text: '', quality: '', subject: '',
    negative: [], positiveEmbeddings: [], negativeEmbeddings: [], loras: [],
  }
  const source: RowSource = []
  for (const { line, text } of block.lines) {
    const report = (message: string) => errors.push({ file, line, message })
    if (NEG.test(text)) {
      parseNegative(text.replace(NEG, ''), row, report)
      continue
    }
    const scan = scanTags(text)
    scan.problems.forEach(report)
    if (scan.tags.length > 0 && scan.problems.length === 0 && /^[\s,]*$/.test(scan.rest)) {
      for (const tag of scan.tags) {
        if (tag.kind === 'lora') row.loras.push({ name: tag.name, weight: tag.weight })
        else addEmbedding(row, 'positive', tag.name, tag.weight)
      }
      continue
    }
    const textLine = rewriteInlineEmbeddings(text, scan.tags)
    scanSlots(textLine).problems.forEach(report)
    source.push({ line, text: textLine })
  }
  if (source.length === 0) {
    errors.push({ file, line: row.line, message: 'row has no positive text (only negatives, tags or comments)' })
    return undefined
  }
  const [quality, ...subjectLines] = source.map((s) => s.text)
  row.quality = quality ?? ''
  row.subject = subjectLines.join(' ')
  row.text = joinQualitySubject(row.quality, row.subject)
  return { row, source }
}

function parseNegative(body: string, row: PackRow, report: (message: string) => void): void {
  // A [[slot]] in a negative takes the value the job's main prompt bound (compile/field-prompts.ts).
  scanSlots(body).problems.forEach(report)
  const scan = scanTags(body)
  scan.problems.forEach(report)
  for (const tag of scan.tags) {
    if (tag.kind === 'lora') report(`LoRA <lora:${tag.name}> in a neg: line (A1111 only applies LoRAs from the positive prompt)`)
    else addEmbedding(row, 'negative', tag.name, tag.weight)
  }
  for (const piece of scan.rest.split(',')) {
    const phrase = piece.trim()
    if (phrase !== '') row.negative.push(phrase)
  }
}

function addEmbedding(row: PackRow, side: 'positive' | 'negative', name: string, weight: number): void {
  const names = side === 'positive' ? row.positiveEmbeddings : row.negativeEmbeddings
  if (!names.includes(name)) names.push(name)
  if (weight === 1) return
  const key = side === 'positive' ? 'positiveEmbeddingWeights' : 'negativeEmbeddingWeights'
  row[key] = { ...row[key], [name]: weight }
}

function rewriteInlineEmbeddings(text: string, tags: Tag[]): string {
  let out = ''
  let at = 0
  for (const tag of tags) {
    if (tag.kind !== 'embedding') continue
    out += text.slice(at, tag.start) + embeddingText(tag.name, tag.weight)
    at = tag.end
  }
  return out + text.slice(at)
}

/** See the header: ", " between quality and subject unless the quality already ends in a comma. */
export function joinQualitySubject(quality: string, subject: string): string {
  if (subject === '') return quality
  if (quality === '') return subject
  return quality.endsWith(',') ? `${quality} ${subject}` : `${quality}, ${subject}`
}
