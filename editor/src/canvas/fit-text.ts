/**
 * Text shortened to a width in JavaScript, with an ellipsis, instead of CSS `overflow: hidden;
 * text-overflow: ellipsis`. On a 300-node canvas the CSS way put ~1,000 clip nodes in the paint
 * tree (title, every summary line, the problem line), each splitting Chromium's paint chunks, and
 * the compositor re-processed all of them on every drag update. Measured once per (font, text)
 * with a canvas 2D context and cached, so re-renders cost a Map lookup.
 */

export type Measure = (text: string) => number

const ELLIPSIS = '…'

/**
 * The longest prefix of `text` (trailing spaces dropped) that fits `maxWidth` with an ellipsis
 * after it; `text` itself when it fits. `measure` must be monotonic in the prefix length, which
 * text widths are, so a binary search finds the cut.
 */
export function fitText(text: string, maxWidth: number, measure: Measure): string {
  if (measure(text) <= maxWidth) return text
  let lo = 0
  let hi = text.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (measure(text.slice(0, mid).trimEnd() + ELLIPSIS) <= maxWidth) lo = mid
    else hi = mid - 1
  }
  return text.slice(0, lo).trimEnd() + ELLIPSIS
}

/** Without a canvas (unit tests, server rendering): a generous average glyph width, so text is cut rather than overflowing. */
const fallbackMeasure = (px: number): Measure => (t) => t.length * px * 0.62

let context: CanvasRenderingContext2D | null | undefined
const measures = new Map<string, Measure>()

/** A cached measure for a CSS font shorthand (e.g. `600 13px system-ui`). */
export function measureFor(font: string, px: number): Measure {
  let m = measures.get(font)
  if (m) return m
  if (context === undefined) context = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d')
  const ctx = context
  if (!ctx) m = fallbackMeasure(px)
  else {
    const widths = new Map<string, number>()
    m = (t) => {
      let w = widths.get(t)
      if (w === undefined) {
        if (widths.size > 20000) widths.clear()
        ctx.font = font
        w = ctx.measureText(t).width
        widths.set(t, w)
      }
      return w
    }
  }
  measures.set(font, m)
  return m
}

const fitted = new Map<string, string>()

/** fitText with a cache per (font, width, text): nodes re-render often, their texts rarely change. */
export function fitTextCached(text: string, maxWidth: number, font: string, px: number): string {
  const key = `${font}|${maxWidth}|${text}`
  let out = fitted.get(key)
  if (out === undefined) {
    out = fitText(text, maxWidth, measureFor(font, px))
    // Bounded: a long session with many distinct texts must not grow this forever.
    if (fitted.size > 5000) fitted.clear()
    fitted.set(key, out)
  }
  return out
}
