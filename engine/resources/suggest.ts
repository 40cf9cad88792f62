/**
 * "Did you mean …?": the names of a list closest to one that did not resolve. Names are compared
 * on their bare form (no folder, extension or hash, lower case, letters and digits only), so
 * `juggernautXL_ragnarok` finds `SDXL/juggernautXL_ragnarokBy.safetensors`.
 */

/** The comparable core of a resource name. */
export function bareKey(name: string): string {
  return name
    .replace(/\s*\[[0-9a-f]{8,64}\]$/i, '')
    .replace(/^.*[\\/]/, '')
    .replace(/\.(safetensors|ckpt|pt|pth|bin|gguf|sft)$/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '')
}

/** Levenshtein distance, stopping early once it exceeds `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    let best = i
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
      row.push(v)
      if (v < best) best = v
    }
    if (best > max) return max + 1
    prev = row
  }
  return prev[b.length]!
}

/** Up to `limit` names of `candidates` near `name`, best first (none when nothing is close). */
export function suggest(name: string, candidates: readonly string[], limit = 3): string[] {
  const key = bareKey(name)
  if (key === '') return []
  const scored: { name: string; score: number }[] = []
  for (const candidate of new Set(candidates)) {
    const other = bareKey(candidate)
    if (other === '') continue
    const max = Math.max(2, Math.floor(Math.max(key.length, other.length) * 0.4))
    let score = distance(key, other, max)
    // A name that is the start or a part of another (a truncated or extended file name) is close.
    if (score > max && key.length >= 4 && (other.includes(key) || key.includes(other))) score = max
    if (score <= max) scored.push({ name: candidate, score })
  }
  return scored.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name)).slice(0, limit).map((s) => s.name)
}

/** ` Did you mean "a" or "b"?` (empty when there is nothing to suggest). */
export function didYouMean(suggestions: readonly string[]): string {
  if (suggestions.length === 0) return ''
  const quoted = suggestions.map((s) => `"${s}"`)
  const list = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`
  return ` Did you mean ${list}?`
}
