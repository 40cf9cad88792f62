/**
 * Bad requests for the route fuzzer, drawn from a seeded RNG so a failure reproduces with its
 * seed. Every state-changing request is invalid by construction in at least one way (foreign
 * Host or Origin, wrong content type, unparsable / deep / huge / mistyped body, an id that names
 * nothing), so none may be accepted and nothing stored may change.
 */
import type { Rng } from '../../../engine/util/rng.ts'

export type Category = 'host' | 'origin' | 'content-type' | 'body' | 'id' | 'query' | 'method' | 'path'

export interface FuzzCase {
  category: Category
  method: string
  path: string
  headers: Record<string, string>
  body?: string | Buffer
  /** What the answer must be: exactly 403, or any 4xx (state-changing) / anything below 500 (reads). */
  expect: 403 | '4xx' | 'not-5xx'
}

export interface Route { method: string; path: string }

/** Real ids from the seeded data folder, by route parameter name. */
export type KnownIds = Record<'id' | 'graphId' | 'presetId' | 'packId' | 'artifactId' | 'jobId' | 'runId' | 'stageId' | 'version', string[]>

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
export const isStateChanging = (method: string): boolean => STATE_CHANGING.has(method)

/** A 1×1 grey PNG (base64), a mask the server would store. */
const TINY_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNoAAAAggCBd81ytgAAAABJRU5ErkJggg=='

/** Valid bodies per route; the fuzzer only ever sends them broken (or with foreign headers). */
export function validBody(route: Route, known: KnownIds, graph: unknown): unknown {
  const key = `${route.method} ${route.path}`
  switch (key) {
    case 'POST /api/compile': return { graph, runSeed: 5 }
    case 'POST /api/runs': return { graph, runSeed: 5, front: false }
    case 'PUT /api/graphs/:id': return graph
    case 'PUT /api/presets/default': return { presetId: known.presetId[0] }
    case 'PUT /api/presets/:id': return { name: 'Fuzzed', description: 'x', config: { txt2img: { steps: 12 } } }
    case 'POST /api/presets/:id/apply-to-packs': return { packIds: [known.packId[0]] }
    case 'PUT /api/packs/:id/config': return { config: { txt2img: { steps: 11 } } }
    case 'POST /api/packs': return { id: 'fuzzpack', name: 'Fuzz', txt: 'a cat\n' }
    case 'PUT /api/packs/:id/source': return { txt: 'a dog\n', overwrite: true }
    case 'POST /api/packs/:id/duplicate': return { newId: 'fuzzcopy' }
    case 'POST /api/packs/:id/rename': return { newId: 'fuzzrenamed', overwrite: true }
    case 'PUT /api/wildcards/file': return { name: 'fuzz/colors', text: 'red\n', overwrite: true }
    case 'POST /api/wildcards/folders': return { name: 'fuzzdir' }
    case 'PUT /api/ratings': return { targetKind: 'job', targetId: known.jobId[0], rating: 4 }
    case 'POST /api/queue/cancel': return { runId: known.runId[0] }
    case 'POST /api/jobs/:jobId/move': return { to: 'front' }
    case 'PATCH /api/jobs/:jobId': return { prompt: 'fuzzed', seed: 3 }
    case 'POST /api/draft/entries': return { graphId: known.graphId[0], packs: [{ packId: known.packId[0], rows: [0] }], split: 'per-pack' }
    case 'POST /api/draft/submit': return { front: false }
    // Dry runs: even a body that slipped through broken would change nothing on disk.
    case 'POST /api/prune/images': return { artifactIds: [known.artifactId[0]], forgetRatings: true, forgetLearning: true, dryRun: true }
    case 'POST /api/prune/runs/:runId': return { forgetRatings: true, forgetLearning: true, dryRun: true }
    case 'POST /api/prune/runs/:runId/keep-rated': return { minRating: 3, forgetLearning: true, dryRun: true }
    case 'POST /api/prune/stage-cache': return { olderThanDays: 30, maxMB: 100, dryRun: true }
    case 'POST /api/masks': return { image: TINY_PNG }
    default: return undefined
  }
}

const ODD_IDS = [
  '..', '.', '%2e%2e', '..%2f..%2fetc%2fpasswd', '%2e%2e%2f%2e%2e%2fqueue.db', '..%5c..%5cwindows%5cwin.ini', '%00', 'a%00b',
  'x'.repeat(300), '%E0%A4%A', '%C3%A9t%C3%A9', '%F0%9F%98%80', '%20', 'a%20b', 'CON', '.hidden', '-dash', '_under',
  'a%2Fb', '%252e%252e', 'queue.db', '%u002e', '%e2%80%ae', 'null', 'undefined', '__proto__', 'constructor',
  'prototype', '0', '-1', '1e999', 'NaN', '%ff%fe', 'graph.json', 'a'.repeat(128) + 'b', '%0d%0aSet-Cookie:x', 'zz-none',
]
const FOREIGN_HOSTS = (port: number) => [
  `evil.example:${port}`, 'evil.example', `localhost:${port + 1}`, `127.0.0.1.nip.io:${port}`, `192.168.0.1:${port}`,
  `localhost.evil.example:${port}`, `[::2]:${port}`, `0.0.0.0:${port}`, `10.0.0.1`, `example.com:80`,
]
const FOREIGN_ORIGINS = (port: number) => [
  'https://evil.example', `http://evil.example:${port}`, `http://localhost:${port + 1}`, 'null', 'file://', `https://127.0.0.1:${port}.evil.example`,
  'http://127.0.0.1', 'chrome-extension://abcdef',
]
const WRONG_TYPES = [
  undefined, 'text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x',
  'application/jsonp', 'text/json', 'application/json-patch+json', 'application/xml', '', 'application/ json', 'json',
]
const SYNTAX_ERRORS = ['{', '}', '', 'nul', '{"a":}', "{'a':1}", '{"a":1,}', '[1,2', 'NaN', '{"a":1}{"b":2}', '\u0000', '{"a":"\\x"}', '{"a":1e99999}x']
const WRONG_TOP = ['null', '[]', '1', '"text"', 'true', '[{}]', '-0']
const ODD_VALUES: unknown[] = [null, true, -1, 1e308, 'x'.repeat(5000), [], {}, [[[]]], { nested: { deep: [1] } }, '\ud800', '\u0000', '__proto__', -0.5, 2 ** 53 + 2]
const ODD_QUERIES = [
  '?limit=-5', '?limit=1e9', '?offset=abc', '?minRating=9', '?state=bogus', '?graphId=..%2f..%2f', '?limit=1&limit=2', `?q=${'x'.repeat(4000)}`,
  '?%E0%A4%A=1', '?limit=%00', '?model=%F0%9F%98%80', '?packId=__proto__', '?offset=-1&limit=0', '?limit=NaN', '?minRating=-1',
]
const ODD_PATHS = [
  '/api/../api/graphs', '/api/graphs/..%2f..%2f', '/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2fpackage.json', '/api//graphs',
  '/api/graphs/portrait/../../health', '/api/%67raphs', '/API/GRAPHS', '/api/graphs%00', '/..%2f..%2f..%2fqueue.db', '/api/artifacts/../../queue.db',
  '/api/nodes/x/y/latest/extra', '/%E0%A4%A', '/api/events/../graphs', `/api/${'a/'.repeat(200)}`,
]

const pick = <T>(rng: Rng, list: readonly T[]): T => list[rng.int(list.length)]!

/** Sets a random leaf (or a new key) of a JSON value to a value of another type. */
function mistype(rng: Rng, value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(value ?? {})) as unknown
  const containers: (Record<string, unknown> | unknown[])[] = []
  const walk = (v: unknown): void => {
    if (v && typeof v === 'object') {
      containers.push(v as Record<string, unknown>)
      for (const child of Object.values(v)) walk(child)
    }
  }
  walk(copy)
  if (containers.length === 0) return copy
  const target = pick(rng, containers)
  const keys = Object.keys(target)
  const key = keys.length > 0 && rng.next() < 0.85 ? pick(rng, keys) : 'fuzzKey'
  const before = (target as Record<string, unknown>)[key]
  let next = pick(rng, ODD_VALUES)
  for (let i = 0; i < 5 && typeof next === typeof before; i++) next = pick(rng, ODD_VALUES)
  ;(target as Record<string, unknown>)[key] = next
  return copy
}

/** A body that no route accepts: every body schema is strict, so the unknown top-level key alone refuses it. */
function brokenBody(rng: Rng, valid: unknown): string | Buffer {
  const withStray = (v: unknown) => JSON.stringify(v && typeof v === 'object' && !Array.isArray(v) ? { ...(v as object), __fuzz: 1 } : { __fuzz: v })
  switch (rng.int(9)) {
    case 0: return pick(rng, SYNTAX_ERRORS)
    case 1: return pick(rng, WRONG_TOP)
    case 2: { const text = JSON.stringify(valid ?? { a: 1 }); return text.slice(0, Math.max(1, rng.int(text.length))) }
    case 3: return '{"a":'.repeat(5000) + '1' + '}'.repeat(5000)
    case 4: return '\ufeff' + withStray(valid)
    case 5: return Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) // {"\xff\xfe":1}: not UTF-8
    case 6: return withStray({ ...(valid as object), wide: Array.from({ length: 50_000 }, (_, i) => i) })
    default: return withStray(mistype(rng, valid))
  }
}

function fillPath(rng: Rng, route: Route, known: KnownIds, odd: boolean): string {
  return route.path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const real = known[name as keyof KnownIds] ?? known.id
    if (odd) return pick(rng, ODD_IDS)
    if (!isStateChanging(route.method) && rng.next() < 0.2) {
      // A real id spelled with %-escapes: reads must decode it or refuse it, never crash.
      const id = pick(rng, real)
      return id.split('').map((ch) => (rng.next() < 0.3 ? `%${ch.charCodeAt(0).toString(16).padStart(2, '0')}` : ch)).join('')
    }
    return pick(rng, real)
  })
}

export interface GenerateOptions {
  routes: Route[]
  known: KnownIds
  graph: unknown
  port: number
  count: number
  /** How many 9 MiB bodies to include (each costs real bandwidth). */
  hugeBodies: number
}

export function generateCases(rng: Rng, o: GenerateOptions): FuzzCase[] {
  const routes = o.routes.filter((r) => r.path !== '/api/events')
  const cases: FuzzCase[] = []
  const json = { 'content-type': 'application/json' }
  for (let n = 0; n < o.hugeBodies; n++) {
    const route = pick(rng, routes.filter((r) => validBody(r, o.known, o.graph) !== undefined))
    cases.push({ category: 'body', method: route.method, path: fillPath(rng, route, o.known, false), headers: json, body: Buffer.alloc(9 * 1024 * 1024, 0x20), expect: '4xx' })
  }
  // The event stream: only its refusals (an accepted one never ends).
  cases.push({ category: 'host', method: 'GET', path: '/api/events', headers: { host: `evil.example:${o.port}` }, expect: 403 })
  while (cases.length < o.count) {
    const route = pick(rng, routes)
    const changes = isStateChanging(route.method)
    const valid = validBody(route, o.known, o.graph)
    const validText = valid === undefined ? undefined : JSON.stringify(valid)
    const roll = rng.next()
    if (roll < 0.15) {
      cases.push({ category: 'host', method: route.method, path: fillPath(rng, route, o.known, false), headers: { host: pick(rng, FOREIGN_HOSTS(o.port)), ...json }, body: changes ? validText : undefined, expect: 403 })
    } else if (roll < 0.27 && changes) {
      cases.push({ category: 'origin', method: route.method, path: fillPath(rng, route, o.known, false), headers: { origin: pick(rng, FOREIGN_ORIGINS(o.port)), ...json }, body: validText, expect: 403 })
    } else if (roll < 0.4 && changes) {
      const type = pick(rng, WRONG_TYPES)
      cases.push({ category: 'content-type', method: route.method, path: fillPath(rng, route, o.known, false), headers: type === undefined ? {} : { 'content-type': type }, body: validText, expect: 403 })
    } else if (roll < 0.65 && valid !== undefined) {
      cases.push({ category: 'body', method: route.method, path: fillPath(rng, route, o.known, false), headers: json, body: brokenBody(rng, valid), expect: '4xx' })
    } else if (roll < 0.8 && route.path.includes(':')) {
      // Odd ids; a state-changing route gets a broken body too, so even an id that happened to exist changes nothing.
      const body = valid !== undefined ? brokenBody(rng, valid) : undefined
      cases.push({ category: 'id', method: route.method, path: fillPath(rng, route, o.known, true), headers: changes ? json : {}, body, expect: changes ? '4xx' : 'not-5xx' })
    } else if (roll < 0.87 && !changes) {
      cases.push({ category: 'query', method: 'GET', path: fillPath(rng, route, o.known, false) + pick(rng, ODD_QUERIES), headers: {}, expect: 'not-5xx' })
    } else if (roll < 0.94) {
      // A method the path does not have (or HEAD/OPTIONS), with a body no route accepts.
      const method = pick(rng, ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'].filter((m) => !o.routes.some((r) => r.method === m && r.path === route.path)))
      if (!method) continue
      const body = isStateChanging(method) ? brokenBody(rng, valid ?? { a: 1 }) : undefined
      cases.push({ category: 'method', method, path: fillPath(rng, route, o.known, false), headers: isStateChanging(method) ? json : {}, body, expect: isStateChanging(method) ? '4xx' : 'not-5xx' })
    } else {
      const method = pick(rng, ['GET', 'DELETE', 'PUT'])
      cases.push({ category: 'path', method, path: pick(rng, ODD_PATHS), headers: json, body: isStateChanging(method) ? brokenBody(rng, { a: 1 }) : undefined, expect: isStateChanging(method) ? '4xx' : 'not-5xx' })
    }
  }
  return cases
}
