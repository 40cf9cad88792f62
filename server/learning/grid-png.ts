/**
 * One PNG of an X/Y grid with axis labels, as A1111's X/Y/Z plot makes it: a title naming the
 * axes, X values above the columns, Y values left of the rows, each cell the chosen stage's image
 * fitted into a square. Composed with sharp; the labels are SVG text (a generic font family, so
 * it renders with whatever fonts the system has).
 */
import sharp from 'sharp'
import { valueLabel, type FieldValue } from '../../engine/learning/fields.ts'
import type { GridLayout } from '../../engine/learning/grid.ts'

/** What a cell shows: the image file (absolute path), or why there is none. */
export type GridCell = { file: string; more: number } | { text: string }

export interface GridPicture {
  layout: GridLayout
  /** Index into layout.cells (the Z value this picture shows). */
  zIndex: number
  cell: number
  /** cells[y][x] for this Z value. */
  cellAt(yIndex: number, xIndex: number): GridCell
}

/** A grid wider or taller than this is refused (sharp and viewers struggle past it). */
export const MAX_SIDE = 16_384
const TITLE_H = 34
const X_LABEL_H = 30
const PAD = 4
const BACKGROUND = '#ffffff'

const escapeXml = (s: string): string => s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!)

/** Cuts a label to what fits in `px` at about 7.5 px a character (13 px sans). */
function fit(text: string, px: number): string {
  const max = Math.max(3, Math.floor(px / 7.5))
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

export function gridSize(layout: GridLayout, cell: number): { width: number; height: number; left: number; top: number } {
  const left = layout.y ? Math.min(240, Math.max(90, cell)) : 0
  const top = TITLE_H + X_LABEL_H
  return {
    width: left + layout.x.values.length * (cell + PAD) + PAD,
    height: top + (layout.y?.values.length ?? 1) * (cell + PAD) + PAD,
    left,
    top,
  }
}

export async function renderGridPng(p: GridPicture): Promise<Buffer> {
  const { layout, cell } = p
  const { width, height, left, top } = gridSize(layout, cell)
  const rows: FieldValue[] = layout.y?.values ?? [null]
  const texts: string[] = []
  const text = (x: number, y: number, s: string, opts: { anchor?: string; size?: number; weight?: string; fill?: string } = {}) =>
    texts.push(`<text x="${x}" y="${y}" font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif" font-size="${opts.size ?? 13}" font-weight="${opts.weight ?? 'normal'}" fill="${opts.fill ?? '#111'}" text-anchor="${opts.anchor ?? 'middle'}">${escapeXml(s)}</text>`)

  const zValue = layout.z ? layout.z.values[p.zIndex] ?? null : undefined
  const title = `X: ${layout.x.key}${layout.y ? ` · Y: ${layout.y.key}` : ''}${layout.z ? ` · Z: ${layout.z.key} = ${valueLabel(zValue ?? null)}` : ''}`
  text(PAD + 4, 22, fit(title, width - 8), { anchor: 'start', size: 15, weight: 'bold' })
  layout.x.values.forEach((v, xi) => text(left + PAD + xi * (cell + PAD) + cell / 2, TITLE_H + 20, fit(valueLabel(v), cell)))
  if (layout.y) rows.forEach((v, yi) => text(left - 8, top + PAD + yi * (cell + PAD) + cell / 2 + 5, fit(valueLabel(v), left - 12), { anchor: 'end' }))

  const composites: Parameters<ReturnType<typeof sharp>['composite']>[0] = []
  for (let yi = 0; yi < rows.length; yi++) {
    for (let xi = 0; xi < layout.x.values.length; xi++) {
      const x0 = left + PAD + xi * (cell + PAD)
      const y0 = top + PAD + yi * (cell + PAD)
      const c = p.cellAt(yi, xi)
      if ('file' in c) {
        const input = await sharp(c.file).resize(cell, cell, { fit: 'contain', background: BACKGROUND }).flatten({ background: BACKGROUND }).toBuffer()
        composites.push({ input, left: x0, top: y0 })
        if (c.more > 0) text(x0 + cell - 6, y0 + cell - 8, `+${c.more}`, { anchor: 'end', size: 12, weight: 'bold', fill: '#fff' })
      } else {
        texts.push(`<rect x="${x0}" y="${y0}" width="${cell}" height="${cell}" fill="#eee"/>`)
        text(x0 + cell / 2, y0 + cell / 2 + 5, fit(c.text, cell), { fill: '#777' })
      }
    }
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${texts.join('')}</svg>`
  composites.push({ input: Buffer.from(svg), left: 0, top: 0 })
  return sharp({ create: { width, height, channels: 3, background: BACKGROUND } }).composite(composites).png().toBuffer()
}
