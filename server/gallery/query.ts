/**
 * Gallery queries over the artifacts table (migration 3 keeps each image row's filter fields and
 * rating in columns, with one index per equality filter ending in the gallery order). A page is a
 * range of one index read backwards: cursor pages cost the same at image 100,000 as at image 1.
 *
 * Order: by date, (run_created_at, run_id, created_at, artifact_id) descending, which groups
 * images by run with the newest run first; by rating, the rating first, then the same key.
 * The SQL is built from fixed clauses with bound parameters only; no filter value becomes SQL.
 */
import type { Database, Statement } from 'better-sqlite3'
import { GALLERY_DEFAULT_LIMIT, GALLERY_MAX_LIMIT, type GalleryFilter, type GalleryImage, type GalleryRun } from '../../engine/api/gallery.ts'

export type GallerySort = 'date' | 'rating'

export interface GalleryPageOptions {
  sort?: GallerySort
  cursor?: string
  offset?: number
  limit?: number
}

export class CursorError extends Error {}

interface Row {
  artifact_id: string; job_id: string; run_id: string; stage_id: string; idx: number; width: number; height: number
  created_at: string; run_created_at: string; graph_id: string | null; pack_id: string | null; model: string | null
  sampler: string | null; prompt: string | null; job_state: string | null; rating: number
}

const COLUMNS = `artifact_id, job_id, run_id, stage_id, idx, width, height, created_at, run_created_at,
  graph_id, pack_id, model, sampler, prompt, job_state, rating`

const DATE_KEY = ['run_created_at', 'run_id', 'created_at', 'artifact_id'] as const
const KEYS: Record<GallerySort, readonly string[]> = { date: DATE_KEY, rating: ['rating', ...DATE_KEY] }

export function toImage(r: Row): GalleryImage {
  return {
    artifactId: r.artifact_id, jobId: r.job_id, runId: r.run_id, stageId: r.stage_id, index: r.idx, width: r.width, height: r.height,
    createdAt: r.created_at, graphId: r.graph_id, packId: r.pack_id, model: r.model, sampler: r.sampler, prompt: r.prompt,
    state: r.job_state, rating: r.rating > 0 ? r.rating : null,
  }
}

/** LIKE with the user's text taken literally (% and _ are not wildcards for them). */
const likePattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/**
 * How the prompt-text filter is applied. 'row': checked on each row the ordering index reads
 * (cheap when many images match: a page stops after its 100). 'set': the matching rows are first
 * collected from the prompt index, then the ordering index only tests membership (cheap when few
 * match). Counts and the run list read every match from a prompt index (see textIndex).
 */
type TextMode = 'row' | 'set'

/** The WHERE clause and its parameters; the key names which filters are set (for the statement cache). */
function whereOf(f: GalleryFilter, text: TextMode): { clause: string; params: Record<string, unknown>; key: string } {
  // `kind = 'image'` literally, so the planner may use the partial gallery indexes.
  const where = [`kind = 'image'`]
  const params: Record<string, unknown> = {}
  const eq = (column: string, name: keyof GalleryFilter) => {
    if (f[name] === undefined) return
    where.push(`${column} = @${name}`)
    params[name] = f[name]
  }
  eq('graph_id', 'graphId'); eq('run_id', 'runId'); eq('pack_id', 'packId'); eq('model', 'model'); eq('sampler', 'sampler'); eq('job_state', 'state')
  if (f.rating !== undefined) {
    if (f.rating === 'unrated') where.push('rating = 0')
    else if (f.rating.endsWith('+')) { where.push('rating >= @ratingValue'); params['ratingValue'] = Number(f.rating.slice(0, -1)) }
    else { where.push('rating = @ratingValue'); params['ratingValue'] = Number(f.rating) }
  }
  if (f.from !== undefined) { where.push('created_at >= @from'); params['from'] = f.from }
  if (f.to !== undefined) {
    // An image made before `to` belongs to a run created before it: the second bound lets the
    // date index start its range there instead of at the newest run.
    where.push('created_at < @to', 'run_created_at < @to')
    params['to'] = f.to
  }
  if (f.q !== undefined) {
    where.push(text === 'row' ? `prompt LIKE @q ESCAPE '\\'`
      : `rowid IN (SELECT rowid FROM artifacts INDEXED BY gallery_prompt WHERE kind = 'image' AND prompt LIKE @q ESCAPE '\\')`)
    params['q'] = likePattern(f.q)
  }
  const key = Object.keys(params).join(',') + (f.rating ? `:${f.rating === 'unrated' ? 'u' : f.rating.endsWith('+') ? 'ge' : 'eq'}` : '') + (f.q !== undefined ? `:${text}` : '')
  return { clause: where.join(' AND '), params, key }
}

export function encodeCursor(sort: GallerySort, row: Row): string {
  const values = KEYS[sort].map((k) => row[k as keyof Row])
  return Buffer.from(JSON.stringify([sort, ...values])).toString('base64url')
}

function decodeCursor(sort: GallerySort, cursor: string): unknown[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    throw new CursorError('not a cursor this server gave out')
  }
  const keys = KEYS[sort]
  if (!Array.isArray(parsed) || parsed[0] !== sort || parsed.length !== keys.length + 1) {
    throw new CursorError(`not a cursor for sort=${sort} (a cursor only continues the listing it came from)`)
  }
  const values = parsed.slice(1)
  const ok = values.every((v, i) => (keys[i] === 'rating' ? typeof v === 'number' : typeof v === 'string'))
  if (!ok) throw new CursorError('not a cursor this server gave out')
  return values
}

export interface Gallery {
  /** One page of images; `total` counts every match. Throws CursorError for a bad cursor. */
  page(filter: GalleryFilter, opts?: GalleryPageOptions): { images: GalleryImage[]; total: number; nextCursor: string | null }
  /** The runs with matching images, newest first, with how many match in each. */
  runs(filter: GalleryFilter): { runs: GalleryRun[]; total: number }
  /** One image row (any state), or undefined. */
  image(artifactId: string): GalleryImage | undefined
  /** The images of one job (for the stage chain). */
  imagesOfJob(jobId: string): GalleryImage[]
}

export function createGallery(db: Database): Gallery {
  const cache = new Map<string, Statement>()
  const prepared = (key: string, sql: () => string): Statement => {
    let s = cache.get(key)
    if (s === undefined) { s = db.prepare(sql()); cache.set(key, s) }
    return s
  }
  const one = db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM artifacts WHERE artifact_id = ? AND kind = 'image'`)
  const ofJob = db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM artifacts WHERE job_id = ? AND kind = 'image' ORDER BY stage_id, idx`)
  const graphsOf = db.prepare<[string], { run_id: string; graph_id: string }>(`SELECT run_id, graph_id FROM runs WHERE run_id IN (SELECT value FROM json_each(?))`)
  const imageCount = (): number => (prepared('images', () => `SELECT COUNT(*) AS n FROM artifacts WHERE kind = 'image'`).get() as { n: number }).n
  /**
   * With prompt text, matches are counted and grouped on a prompt index, never row by row: the
   * narrow one for text alone, the one carrying every filter column for text with other filters.
   */
  const textIndex = (filter: GalleryFilter): string => {
    const onlyText = Object.entries(filter).every(([k, v]) => k === 'q' || v === undefined)
    return `artifacts INDEXED BY ${onlyText ? 'gallery_prompt' : 'gallery_prompt_filters'}`
  }
  /** How many images match. */
  const countOf = (filter: GalleryFilter): { n: number } => {
    const { clause, params, key } = whereOf(filter, 'row')
    const from = filter.q !== undefined ? textIndex(filter) : 'artifacts'
    return prepared(`count|${key}|${from}`, () => `SELECT COUNT(*) AS n FROM ${from} WHERE ${clause}`).get(params) as { n: number }
  }

  return {
    page(filter, opts = {}) {
      const sort = opts.sort ?? 'date'
      const limit = Math.min(GALLERY_MAX_LIMIT, Math.max(1, Math.floor(opts.limit ?? GALLERY_DEFAULT_LIMIT)))
      const { n } = countOf(filter)
      // Many matches: test the text on the rows read in order (the page fills fast); few: start
      // from the matching set (reading in order would scan far for each of them).
      const text: TextMode = filter.q !== undefined && n * 100 >= imageCount() ? 'row' : 'set'
      const { clause, params, key } = whereOf(filter, text)
      const keys = KEYS[sort]
      const order = keys.map((k) => `${k} DESC`).join(', ')
      let after = ''
      const pageParams: Record<string, unknown> = { ...params, limit, offset: Math.max(0, Math.floor(opts.offset ?? 0)) }
      if (opts.cursor !== undefined) {
        decodeCursor(sort, opts.cursor).forEach((v, i) => { pageParams[`c${i}`] = v })
        // A row value comparison: SQLite turns it into a range on the ordering index.
        after = ` AND (${keys.join(', ')}) < (${keys.map((_, i) => `@c${i}`).join(', ')})`
      }
      const pageSql = `SELECT ${COLUMNS} FROM artifacts WHERE ${clause}${after} ORDER BY ${order} LIMIT @limit OFFSET @offset`
      const rows = prepared(`page|${sort}|${key}|${after !== ''}`, () => pageSql).all(pageParams) as Row[]
      const last = rows.at(-1)
      return { images: rows.map(toImage), total: n, nextCursor: rows.length === limit && last ? encodeCursor(sort, last) : null }
    },

    runs(filter) {
      const { clause, params, key } = whereOf(filter, 'row')
      // Only columns of an index: the grouping never reads a table row. The graph of each run
      // comes from the runs table after.
      const from = filter.q !== undefined ? 'artifacts INDEXED BY gallery_prompt_filters' : 'artifacts'
      const rows = prepared(`runs|${key}`, () => `SELECT run_id, run_created_at, COUNT(*) AS n FROM ${from}
        WHERE ${clause} GROUP BY run_created_at, run_id ORDER BY run_created_at DESC, run_id DESC`).all(params) as
        { run_id: string; run_created_at: string; n: number }[]
      const graphs = new Map<string, string>()
      for (const g of graphsOf.all(JSON.stringify(rows.map((r) => r.run_id)))) graphs.set(g.run_id, g.graph_id)
      const runs = rows.map((r) => ({ runId: r.run_id, createdAt: r.run_created_at, graphId: graphs.get(r.run_id) ?? null, count: r.n }))
      return { runs, total: runs.reduce((s, r) => s + r.count, 0) }
    },

    image(artifactId) {
      const row = one.get(artifactId)
      return row && toImage(row)
    },

    imagesOfJob: (jobId) => ofJob.all(jobId).map(toImage),
  }
}
