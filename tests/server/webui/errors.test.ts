/**
 * Error mapping from the bodies the reference lists (§3 errors, §4 auth, §7 Forge), without a
 * network: each fixture is the exact body and status the WebUI sends for that case.
 */
import { describe, expect, it } from 'vitest'
import { AbortReason, errorFromResponse, errorFromTransport, formatLoc, parseErrorBody } from '../../../server/webui/errors.ts'

const ctx = { method: 'POST', path: '/sdapi/v1/txt2img', origin: 'http://127.0.0.1:7860' }
const a1111 = (error: string, errors: string, detail = '') => ({ error, detail, body: '', errors })

describe('errorFromResponse: A1111 1.10 bodies', () => {
  it('pydantic v1 422 names the field and the reason', () => {
    const body = { detail: [{ loc: ['body', 'steps'], msg: 'value is not a valid integer', type: 'type_error.integer' }] }
    const e = errorFromResponse(422, body, JSON.stringify(body), ctx)
    expect(e).toMatchObject({ kind: 'validation', status: 422, retryable: false, endpoint: 'POST /sdapi/v1/txt2img' })
    expect(e.message).toBe('The WebUI rejected field steps: value is not a valid integer')
    expect(e.webuiMessage).toBe('steps: value is not a valid integer')
  })

  it('malformed JSON (loc only "body") reads as an unreadable body', () => {
    const body = { detail: [{ loc: ['body', 0], msg: 'Expecting value: line 1 column 1 (char 0)', type: 'value_error.jsondecode' }] }
    const e = errorFromResponse(422, body, '', ctx)
    expect(e.kind).toBe('validation')
    expect(e.message).toContain('Expecting value')
  })

  it('several 422 items: the first is named, the rest counted', () => {
    const body = {
      detail: [
        { loc: ['body', 'alwayson_scripts', 'ADetailer', 'args', 2], msg: 'bad', type: 'x' },
        { loc: ['body', 'cfg_scale'], msg: 'value is not a valid float', type: 'type_error.float' },
      ],
    }
    const e = errorFromResponse(422, body, '', ctx)
    expect(e.message).toBe('The WebUI rejected field alwayson_scripts.ADetailer.args[2]: bad (and 1 more)')
    expect(e.webuiMessage).toBe('alwayson_scripts.ADetailer.args[2]: bad; cfg_scale: value is not a valid float')
  })

  it('422 HTTPException through the custom handler (unknown script)', () => {
    const e = errorFromResponse(422, a1111('HTTPException', '', "Script 'Foo' not found"), '', ctx)
    expect(e).toMatchObject({ kind: 'validation', status: 422, webuiMessage: "Script 'Foo' not found", retryable: false })
    expect(e.message).toBe("The WebUI rejected the request: Script 'Foo' not found")
  })

  it('500 unknown hr_upscaler / upscaler: server, not retryable, WebUI text kept', () => {
    const e = errorFromResponse(500, a1111('Exception', 'could not find upscaler named Foo'), '', ctx)
    expect(e).toMatchObject({ kind: 'server', status: 500, retryable: false })
    expect(e.message).toBe('The WebUI failed on POST /sdapi/v1/txt2img: could not find upscaler named Foo')
    expect(e.webuiMessage).toBe('Exception: could not find upscaler named Foo')
  })

  it.each([
    ['AssertionError', 'bad sampler name: Nope'],
    ['Exception', 'Could not find checkpoint with name nope'],
    ['Exception', 'Invalid encoded image'],
    ['Exception', 'Requests not allowed'],
    ['RuntimeError', "model 'nope' not found"],
    ['KeyError', "'no_such_option'"],
  ])('500 %s "%s" is a server error that a retry will not fix', (cls, text) => {
    const e = errorFromResponse(500, a1111(cls, text), '', ctx)
    expect(e.kind).toBe('server')
    expect(e.retryable).toBe(false)
    expect(e.message).toContain(text)
    expect(e.webuiMessage).toBe(`${cls}: ${text}`)
  })

  it('500 out of memory may pass: retryable', () => {
    const e = errorFromResponse(500, a1111('OutOfMemoryError', 'CUDA out of memory. Tried to allocate 2.00 GiB'), '', ctx)
    expect(e).toMatchObject({ kind: 'server', retryable: true })
  })

  it('500/502/503 without a WebUI body (a proxy, a crash) are retryable', () => {
    expect(errorFromResponse(500, undefined, '', ctx).retryable).toBe(true)
    expect(errorFromResponse(502, undefined, '<html>Bad Gateway</html>', ctx)).toMatchObject({ kind: 'server', retryable: true, status: 502 })
    expect(errorFromResponse(503, undefined, 'Service Unavailable', ctx)).toMatchObject({ retryable: true, webuiMessage: 'Service Unavailable' })
  })

  it('404 on a missing route says which endpoint and hints at --api', () => {
    const e = errorFromResponse(404, { detail: 'Not Found' }, '', { ...ctx, method: 'GET', path: '/sdapi/v1/sd-models' })
    expect(e).toMatchObject({ kind: 'not_found', status: 404, webuiMessage: 'Not Found', retryable: false })
    expect(e.message).toBe('The WebUI has no endpoint GET /sdapi/v1/sd-models (is the WebUI started with --api?)')
  })

  it('404 on the ADetailer route points at the extension', () => {
    const e = errorFromResponse(404, { detail: 'Not Found' }, '', { ...ctx, method: 'GET', path: '/adetailer/v1/ad_model' })
    expect(e.message).toContain('ADetailer extension')
  })

  it('404 "Init image not found" (img2img without init_images) names what was missing', () => {
    const e = errorFromResponse(404, a1111('HTTPException', '', 'Init image not found'), '', { ...ctx, path: '/sdapi/v1/img2img' })
    expect(e).toMatchObject({ kind: 'not_found', webuiMessage: 'Init image not found' })
    expect(e.message).toContain('Init image not found')
  })

  it('405 says the method is wrong', () => {
    const e = errorFromResponse(405, { detail: 'Method Not Allowed' }, '', { ...ctx, method: 'GET' })
    expect(e).toMatchObject({ kind: 'not_found', status: 405 })
    expect(e.message).toBe('The WebUI does not accept GET on /sdapi/v1/txt2img')
  })
})

describe('errorFromResponse: auth (§4)', () => {
  it('401 without a header: credentials are needed', () => {
    const e = errorFromResponse(401, a1111('HTTPException', '', 'Not authenticated'), '', ctx)
    expect(e).toMatchObject({ kind: 'auth', status: 401, retryable: false, webuiMessage: 'Not authenticated' })
    expect(e.message).toContain('requires a username and password')
  })
  it('401 with wrong credentials', () => {
    const e = errorFromResponse(401, a1111('HTTPException', '', 'Incorrect username or password'), '', ctx)
    expect(e.kind).toBe('auth')
    expect(e.message).toContain('rejected the username or password')
  })
  it('Forge-style 401 {"detail"}', () => {
    expect(errorFromResponse(401, { detail: 'Not authenticated' }, '', ctx).message).toContain('requires a username')
  })
})

describe('errorFromResponse: Forge (§7)', () => {
  it('pydantic v2 422', () => {
    const body = { detail: [{ type: 'int_parsing', loc: ['body', 'steps'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'abc' }] }
    const e = errorFromResponse(422, body, '', ctx)
    expect(e.kind).toBe('validation')
    expect(e.message).toBe('The WebUI rejected field steps: Input should be a valid integer, unable to parse string as an integer')
  })
  it('unhandled exception {"error","detail","body","message"}', () => {
    const e = errorFromResponse(500, { error: 'RuntimeError', detail: '', body: '', message: "model 'x' not found" }, '', ctx)
    expect(e).toMatchObject({ kind: 'server', webuiMessage: "RuntimeError: model 'x' not found", retryable: false })
  })
  it('HTTPException {"detail"}', () => {
    const e = errorFromResponse(404, { detail: 'Init image not found' }, '', ctx)
    expect(e.webuiMessage).toBe('Init image not found')
  })
})

describe('parseErrorBody and formatLoc', () => {
  it('never throws on odd bodies', () => {
    expect(parseErrorBody(null)).toEqual({})
    expect(parseErrorBody(42)).toEqual({})
    expect(parseErrorBody(undefined, '<html><body>502</body></html>')).toEqual({})
    expect(parseErrorBody('x')).toEqual({})
    expect(parseErrorBody({ detail: { nested: true } }).text).toBe('{"nested":true}')
  })
  it('drops the location word and shows indices', () => {
    expect(formatLoc(['body', 'init_images', 0])).toBe('init_images[0]')
    expect(formatLoc(['query', 'skip_current_image'])).toBe('skip_current_image')
    expect(formatLoc('steps')).toBe('steps')
  })
})

describe('errorFromTransport', () => {
  const tctx = { ...ctx, connectTimeoutMs: 5000, idleTimeoutMs: 30000 }
  const sysErr = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:7860`), { code })

  it('refused: connection, retryable, never sent, readable', () => {
    const f = errorFromTransport(sysErr('ECONNREFUSED'), tctx)
    expect(f.sent).toBe('no')
    expect(f.error).toMatchObject({ kind: 'connection', retryable: true })
    expect(f.error.message).toBe('Cannot reach the WebUI at http://127.0.0.1:7860: connection refused (is it running?)')
  })
  it('refused inside an AggregateError (happy eyeballs)', () => {
    const agg = Object.assign(new AggregateError([sysErr('ECONNREFUSED'), sysErr('ECONNREFUSED')], 'x'), {})
    expect(errorFromTransport(agg, tctx).sent).toBe('no')
  })
  it('connect timeout: timeout, never sent', () => {
    const f = errorFromTransport(sysErr('UND_ERR_CONNECT_TIMEOUT'), tctx)
    expect(f).toMatchObject({ sent: 'no', error: { kind: 'timeout', retryable: true } })
    expect(f.error.message).toContain('within 5 s')
  })
  it('reset: maybe sent, unless the socket wrote nothing', () => {
    expect(errorFromTransport(sysErr('ECONNRESET'), tctx).sent).toBe('maybe')
    const closedEarly = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET', socket: { bytesWritten: 0 } })
    expect(errorFromTransport(closedEarly, tctx).sent).toBe('no')
    const closedLate = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET', socket: { bytesWritten: 300 } })
    expect(errorFromTransport(closedLate, tctx)).toMatchObject({ sent: 'maybe', error: { kind: 'connection' } })
  })
  it('headers timeout names the wait', () => {
    const f = errorFromTransport(sysErr('UND_ERR_HEADERS_TIMEOUT'), tctx)
    expect(f.error.kind).toBe('timeout')
    expect(f.error.message).toBe('The WebUI at http://127.0.0.1:7860 did not answer POST /sdapi/v1/txt2img within 30 s')
  })
  it('our own abort reasons keep their kind', () => {
    expect(errorFromTransport(new AbortReason('aborted', 'x'), tctx).error).toMatchObject({ kind: 'aborted', retryable: false })
    expect(errorFromTransport(new AbortReason('stalled', 'no progress'), tctx).error).toMatchObject({ kind: 'stalled', message: 'no progress' })
    const dom = new DOMException('This operation was aborted', 'AbortError')
    expect(errorFromTransport(dom, tctx).error.kind).toBe('aborted')
  })
})
