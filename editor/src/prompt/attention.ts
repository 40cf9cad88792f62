/**
 * Ctrl+↑ / Ctrl+↓ in a prompt field: A1111's "edit attention" (javascript/edit-attention.js),
 * ported to a pure function so it can be tested without a browser. With A1111's default
 * settings:
 *
 * - Nothing selected: the enclosing `<…>`, `(…)` or `[…]` block is taken (up to its `:weight`),
 *   else the word under the caret (delimiters `.,\/!?%^*;:{}=\`~() ` and tab/CR/LF).
 * - Unweighted text becomes `(text:1.1)` / `(text:0.9)`; a weight moves by 0.1; an extra-network
 *   tag (`<lora:name:0.65>`) moves by 0.05; old-style `((text))` / `[text]` becomes `(text:1.2)`
 *   / `(text:0.9)` first.
 * - A `(…)` weight that reaches 1 drops its parentheses (`(cat:1.0)` → `cat`).
 * - The selection stays on the text, so the key can be pressed again.
 */

export interface TextEdit {
  text: string
  start: number
  end: number
}

export const ATTENTION_STEP = 0.1
export const EXTRA_NETWORK_STEP = 0.05
const DELIMITERS = '.,\\/!?%^*;:{}=`~() \t\r\n'

export function editAttention(text: string, selStart: number, selEnd: number, up: boolean): TextEdit | null {
  let start = selStart
  let end = selEnd

  function selectBlock(open: string, close: string): boolean {
    if (start !== end) return false
    const before = text.substring(0, start)
    const beforeParen = before.lastIndexOf(open)
    if (beforeParen === -1) return false
    const beforeClosing = before.lastIndexOf(close)
    if (beforeClosing !== -1 && beforeClosing > beforeParen) return false
    const after = text.substring(start)
    const afterParen = after.indexOf(close)
    if (afterParen === -1) return false
    const afterOpening = after.indexOf(open)
    if (afterOpening !== -1 && afterOpening < afterParen) return false
    const content = text.substring(beforeParen + 1, start + afterParen)
    if (/.*:-?[\d.]+/s.test(content)) {
      const lastColon = content.lastIndexOf(':')
      start = beforeParen + 1
      end = start + lastColon
    } else {
      start = beforeParen + 1
      end = start + content.length
    }
    return true
  }

  function selectWord(): void {
    if (start !== end) return
    while (start > 0 && !DELIMITERS.includes(text[start - 1]!)) start--
    while (end < text.length && !DELIMITERS.includes(text[end]!)) end++
    while (text[start] === ' ' && start < end) start++
    while (text[end - 1] === ' ' && end > start) end--
  }

  if (!selectBlock('<', '>') && !selectBlock('(', ')') && !selectBlock('[', ']')) selectWord()

  let close = ')'
  let delta = ATTENTION_STEP
  const before = start > 0 ? text[start - 1] : ''
  const after = text[end]

  if (before === '<') {
    close = '>'
    delta = EXTRA_NETWORK_STEP
  } else if ((before === '(' && after === ')') || (before === '[' && after === ']')) {
    // Old-style emphasis: count the nested brackets and turn them into one explicit weight.
    let n = 0
    while (text[start - n - 1] === before && text[end + n] === after) n++
    let weight = before === '[' ? (1 / 1.1) ** n : 1.1 ** n
    weight = Math.round(weight / ATTENTION_STEP) * ATTENTION_STEP
    text = text.slice(0, start - n) + '(' + text.slice(start, end) + ':' + weight + ')' + text.slice(end + n)
    start -= n - 1
    end -= n - 1
  } else if (before !== '(') {
    while (end > start && text[end - 1] === ' ') end--
    if (start === end) return null
    text = text.slice(0, start) + '(' + text.slice(start, end) + ':1.0)' + text.slice(end)
    start++
    end++
  }

  if (text[end] !== ':') return null
  const weightLength = text.slice(end + 1).indexOf(close) + 1
  let weight: number | string = parseFloat(text.slice(end + 1, end + weightLength))
  if (Number.isNaN(weight)) return null
  weight += up ? delta : -delta
  weight = parseFloat(weight.toPrecision(12))
  if (Number.isInteger(weight)) weight = `${weight}.0`

  if (close === ')' && Number(weight) === 1) {
    const closeAt = text.substring(end).indexOf(')')
    text = text.slice(0, start - 1) + text.slice(start, end) + text.slice(end + closeAt + 1)
    start--
    end--
  } else {
    text = text.slice(0, end + 1) + weight + text.slice(end + weightLength)
  }
  return { text, start, end }
}
