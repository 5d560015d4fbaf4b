import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type {
  Catalog,
  RequestContext,
  RestClock,
  RestSourceOptions,
  Row,
  Source,
} from '../src/index'
import { compileReport, defineCatalog, isReportwrightError, restSource } from '../src/index'

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void

let server: Server
let other: Server
let base: string
let otherBase: string
let handler: Handler
let requests: { path: string; headers: IncomingMessage['headers'] }[]

const ACME: RequestContext = { userId: 'u', tenantId: 'acme', roles: ['user'] }
const ORDERS = [
  { id: 1, account: 'acme', total: '10.10', placed_on: '2025-01-02', kind: 'a' },
  { id: 2, account: 'acme', total: '20.20', placed_on: '2025-01-03', kind: 'b' },
  { id: 3, account: 'acme', total: '30.30', placed_on: '2025-02-01', kind: 'a' },
]

function listen(target: Server): Promise<string> {
  return new Promise((resolve) =>
    target.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(target.address() as AddressInfo).port}`),
    ),
  )
}

function json(res: ServerResponse, body: unknown, status = 200, headers = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    requests.push({ path: `${url.pathname}${url.search}`, headers: req.headers })
    handler(req, res, url)
  })
  other = createServer((_req, res) => json(res, { data: ORDERS }))
  base = await listen(server)
  otherBase = await listen(other)
})

afterAll(async () => {
  server.closeAllConnections()
  await Promise.all([server, other].map((s) => new Promise((resolve) => s.close(resolve))))
})

beforeEach(() => {
  requests = []
  handler = (_req, res) => json(res, { data: ORDERS })
})

/** A clock whose sleeps return at once and are recorded, so waits are observed, not timed. */
function recordingClock(): RestClock & { readonly sleeps: number[] } {
  const sleeps: number[] = []
  return { sleeps, now: () => Date.now(), sleep: (ms) => (sleeps.push(ms), Promise.resolve()) }
}

function ordersCatalog(options: Partial<RestSourceOptions> = {}): {
  source: Source
  catalog: Catalog
} {
  const source = restSource({
    baseUrl: `${base}/api/`,
    endpoints: {
      orders: { path: 'orders', records: 'data', tenant: { query: 'account' } },
      kinds: { path: 'kinds', records: 'data' },
    },
    retry: { attempts: 0 },
    ...options,
  })
  const catalog = defineCatalog({
    sources: { api: source },
    datasets: {
      orders: {
        source: 'api',
        table: 'orders',
        label: 'Orders',
        tenantColumn: 'account',
        columns: {
          id: { type: 'integer', label: 'ID' },
          total: { type: 'currency', label: 'Total' },
          placed_on: { type: 'date', label: 'Placed on' },
          kind: { type: 'string', label: 'Kind' },
        },
        joins: {
          kind_info: { dataset: 'kinds', on: { from: 'kind', to: 'code' }, type: 'many-to-one' },
        },
      },
      kinds: {
        source: 'api',
        table: 'kinds',
        label: 'Kinds',
        columns: {
          code: { type: 'string', label: 'Code' },
          name: { type: 'string', label: 'Name' },
        },
      },
    },
  })
  return { source, catalog }
}

const byKind = {
  version: 1,
  name: 'x',
  dataset: 'orders',
  fields: [{ field: 'kind' }, { field: 'total', aggregation: 'sum' }],
}

async function collect(
  setup: { source: Source; catalog: Catalog },
  definition: unknown = byKind,
  options: { signal?: AbortSignal; statementTimeoutMs?: number } = {},
): Promise<Row[]> {
  const compiled = compileReport(definition, setup.catalog, ACME)
  const rows: Row[] = []
  for await (const row of setup.source.stream(compiled, options)) rows.push(row)
  return rows
}

async function failure(promise: Promise<unknown>): Promise<{
  code: string
  reason: unknown
  message: string
}> {
  try {
    await promise
  } catch (error) {
    if (!isReportwrightError(error)) throw error
    return { code: error.code, reason: error.details?.reason, message: error.message }
  }
  throw new Error('expected a failure')
}

describe('restSource: answers it reads', () => {
  it('sums exactly and sends the tenant as the declared query parameter', async () => {
    const rows = await collect(ordersCatalog())
    expect(rows).toEqual([
      { kind: 'a', sum_total: '40.4' },
      { kind: 'b', sum_total: '20.2' },
    ])
    expect(requests.map((r) => r.path)).toEqual(['/api/orders?account=acme'])
  })

  it('sends headers and auth, never shows them in errors', async () => {
    handler = (_req, res) => json(res, { error: 'no' }, 401)
    const setup = ordersCatalog({
      headers: { 'x-api-key': 'key-123456' },
      auth: { type: 'bearer', token: 'tok-abcdef' },
    })
    const error = await failure(collect(setup))
    expect(error).toMatchObject({ code: 'SOURCE_UNAVAILABLE', reason: 'unauthorized' })
    expect(error.message).not.toMatch(/key-123456|tok-abcdef|account=acme/)
    expect(requests[0]?.headers['x-api-key']).toBe('key-123456')
    expect(requests[0]?.headers.authorization).toBe('Bearer tok-abcdef')
  })

  it('follows a redirect under the base URL', async () => {
    handler = (_req, res, url) =>
      url.pathname === '/api/orders'
        ? res.writeHead(301, { location: `/api/v2/orders${url.search}` }).end()
        : json(res, { data: ORDERS })
    expect(await collect(ordersCatalog())).toHaveLength(2)
    expect(requests.map((r) => r.path)).toEqual([
      '/api/orders?account=acme',
      '/api/v2/orders?account=acme',
    ])
  })
})

describe('restSource: failures are typed errors', () => {
  it('times out a request that does not answer', async () => {
    handler = () => undefined
    const error = await failure(collect(ordersCatalog({ timeoutMs: 150 })))
    expect(error).toMatchObject({ code: 'SOURCE_UNAVAILABLE', reason: 'timeout' })
  })

  it('waits as long as 429 Retry-After asks, then succeeds', async () => {
    let calls = 0
    handler = (_req, res) =>
      ++calls === 1
        ? json(res, { error: 'slow down' }, 429, { 'retry-after': '3' })
        : json(res, { data: ORDERS })
    const clock = recordingClock()
    const rows = await collect(ordersCatalog({ clock, retry: { attempts: 2 } }))
    expect(rows).toHaveLength(2)
    expect(clock.sleeps).toEqual([3000])
  })

  it('fails with rate_limited when 429 persists or Retry-After is too long', async () => {
    handler = (_req, res) => json(res, {}, 429, { 'retry-after': '1' })
    const clock = recordingClock()
    const persistent = await failure(collect(ordersCatalog({ clock, retry: { attempts: 2 } })))
    expect(persistent).toMatchObject({ code: 'SOURCE_UNAVAILABLE', reason: 'rate_limited' })
    expect(requests).toHaveLength(3)
    requests = []
    handler = (_req, res) => json(res, {}, 429, { 'retry-after': '3600' })
    const tooLong = await failure(
      collect(ordersCatalog({ clock, retry: { attempts: 5, maxDelayMs: 60_000 } })),
    )
    expect(tooLong).toMatchObject({ code: 'SOURCE_UNAVAILABLE', reason: 'rate_limited' })
    expect(requests).toHaveLength(1)
  })

  it('retries 5xx with exponential backoff', async () => {
    let calls = 0
    handler = (_req, res) => (++calls <= 2 ? json(res, {}, 502) : json(res, { data: ORDERS }))
    const clock = recordingClock()
    const rows = await collect(ordersCatalog({ clock, retry: { attempts: 3, baseDelayMs: 100 } }))
    expect(rows).toHaveLength(2)
    expect(clock.sleeps).toEqual([100, 200])
    handler = (_req, res) => json(res, {}, 500)
    const error = await failure(
      collect(ordersCatalog({ clock, retry: { attempts: 1, baseDelayMs: 100 } })),
    )
    expect(error).toMatchObject({ code: 'SOURCE_UNAVAILABLE', reason: 'server_error' })
  })

  it('refuses a response larger than maxBytes, declared or streamed', async () => {
    handler = (_req, res) => json(res, { data: ORDERS, padding: 'x'.repeat(5000) })
    const declared = await failure(collect(ordersCatalog({ maxBytes: 1000 })))
    expect(declared).toMatchObject({ code: 'LIMIT_EXCEEDED', reason: 'too_large' })
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write('{"data": [')
      res.end(`${JSON.stringify(ORDERS[0])}], "padding": "${'x'.repeat(5000)}"}`)
    }
    const streamed = await failure(collect(ordersCatalog({ maxBytes: 1000 })))
    expect(streamed).toMatchObject({ code: 'LIMIT_EXCEEDED', reason: 'too_large' })
  })

  it('rejects bad JSON and a records path that holds no array', async () => {
    handler = (_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"data": [')
    expect(await failure(collect(ordersCatalog()))).toMatchObject({
      code: 'QUERY_FAILED',
      reason: 'bad_json',
    })
    handler = (_req, res) => json(res, { data: { not: 'an array' } })
    expect(await failure(collect(ordersCatalog()))).toMatchObject({
      code: 'QUERY_FAILED',
      reason: 'bad_shape',
    })
  })

  it('rejects a value that does not fit its column type', async () => {
    handler = (_req, res) => json(res, { data: [{ ...ORDERS[0], total: 'ten dollars' }] })
    const error = await failure(collect(ordersCatalog()))
    expect(error).toMatchObject({ code: 'QUERY_FAILED', reason: 'bad_value' })
    expect(error.message).toMatch(/"total"/)
  })

  it('refuses redirects and Link pages that leave the base URL', async () => {
    handler = (_req, res) => res.writeHead(302, { location: `${otherBase}/api/orders` }).end()
    expect(await failure(collect(ordersCatalog()))).toMatchObject({
      code: 'QUERY_FAILED',
      reason: 'redirect_refused',
    })
    handler = (_req, res) =>
      json(res, { data: ORDERS }, 200, { link: `<${otherBase}/api/orders?p=2>; rel="next"` })
    expect(await failure(collect(ordersCatalog({ pagination: { style: 'link' } })))).toMatchObject({
      code: 'QUERY_FAILED',
      reason: 'redirect_refused',
    })
    // The other host was never asked.
    expect(requests.every((r) => r.path.startsWith('/api/orders'))).toBe(true)
  })

  it('fails loudly when the API returns a record of another tenant', async () => {
    handler = (_req, res) =>
      json(res, { data: [...ORDERS, { ...ORDERS[0], id: 9, account: 'globex' }] })
    const error = await failure(collect(ordersCatalog()))
    expect(error).toMatchObject({ code: 'QUERY_FAILED', reason: 'tenant_mismatch' })
    expect(error.message).not.toMatch(/globex/)
  })

  it('refuses a scoped dataset whose endpoint declares no tenant parameter, before any request', async () => {
    const setup = ordersCatalog({ endpoints: { orders: { path: 'orders', records: 'data' } } })
    expect(await failure(collect(setup))).toMatchObject({
      code: 'QUERY_FAILED',
      reason: 'unsupported',
    })
    expect(requests).toHaveLength(0)
  })

  it('reports an unreachable API', async () => {
    const closed = createServer()
    const url = await listen(closed)
    await new Promise((resolve) => closed.close(resolve))
    const error = await failure(collect(ordersCatalog({ baseUrl: url })))
    expect(error).toMatchObject({ code: 'SOURCE_UNAVAILABLE', reason: 'network' })
  })

  it('stops at maxPages and on a cursor that repeats', async () => {
    handler = (_req, res) => json(res, { data: ORDERS, next: 'again' })
    const repeating = await failure(
      collect(ordersCatalog({ pagination: { style: 'cursor', cursorPath: 'next' } })),
    )
    expect(repeating).toMatchObject({ code: 'LIMIT_EXCEEDED', reason: 'too_many_pages' })
    let n = 0
    handler = (_req, res) => json(res, { data: ORDERS, next: `c${++n}` })
    const endless = await failure(
      collect(ordersCatalog({ maxPages: 4, pagination: { style: 'cursor', cursorPath: 'next' } })),
    )
    expect(endless).toMatchObject({ code: 'LIMIT_EXCEEDED', reason: 'too_many_pages' })
  })

  it('ends with CANCELLED when the signal aborts', async () => {
    const controller = new AbortController()
    handler = () => controller.abort()
    const error = await failure(collect(ordersCatalog(), byKind, { signal: controller.signal }))
    expect(error.code).toBe('CANCELLED')
  })

  it('ends with LIMIT_EXCEEDED past the statement timeout', async () => {
    handler = (_req, res) => setTimeout(() => json(res, { data: ORDERS }), 1000)
    const error = await failure(collect(ordersCatalog(), byKind, { statementTimeoutMs: 100 }))
    expect(error).toMatchObject({ code: 'LIMIT_EXCEEDED', reason: 'statement_timeout' })
  })
})

describe('restSource: the statement timeout counts time on the API only', () => {
  it('lets a slow consumer take longer than the timeout', async () => {
    handler = (_req, res, url) =>
      json(res, { data: url.searchParams.get('page') === '1' ? ORDERS : [] })
    const setup = ordersCatalog({ pagination: { style: 'page', size: 3 } })
    const compiled = compileReport(
      { version: 1, name: 'x', dataset: 'orders', fields: [{ field: 'id' }] },
      setup.catalog,
      ACME,
    )
    const rows: Row[] = []
    for await (const row of setup.source.stream(compiled, { statementTimeoutMs: 200 })) {
      rows.push(row)
      if (rows.length === 1) await new Promise((resolve) => setTimeout(resolve, 300))
    }
    expect(rows).toHaveLength(3)
    expect(requests.map((r) => r.path)).toEqual([
      '/api/orders?account=acme&page=1&per_page=3',
      '/api/orders?account=acme&page=2&per_page=3',
    ])
  })
})

describe('restSource: memory stays bounded', () => {
  const many = Array.from({ length: 50 }, (_, i) => ({ ...ORDERS[0], id: i + 1, kind: `k${i}` }))

  it('fails past maxGroups', async () => {
    handler = (_req, res) => json(res, { data: many })
    const error = await failure(collect(ordersCatalog({ maxGroups: 10 })))
    expect(error).toMatchObject({ code: 'LIMIT_EXCEEDED', reason: 'too_much_state' })
  })

  it('sorts within maxBufferedRows when a limit keeps the buffer small, fails without', async () => {
    handler = (_req, res) => json(res, { data: many })
    const sorted = {
      version: 1,
      name: 'x',
      dataset: 'orders',
      fields: [{ field: 'id' }],
      sort: [{ field: 'id', direction: 'desc' }],
    }
    const limited = await collect(ordersCatalog({ maxBufferedRows: 20 }), { ...sorted, limit: 3 })
    expect(limited).toEqual([{ id: 50 }, { id: 49 }, { id: 48 }])
    const error = await failure(collect(ordersCatalog({ maxBufferedRows: 20 }), sorted))
    expect(error).toMatchObject({ code: 'LIMIT_EXCEEDED', reason: 'too_much_state' })
  })

  it('fails past maxLookupRecords of a joined endpoint', async () => {
    handler = (_req, res, url) =>
      json(res, {
        data:
          url.pathname === '/api/kinds'
            ? [
                { code: 'a', name: 'Alpha' },
                { code: 'b', name: 'Beta' },
                ...many.map((o) => ({ code: o.kind, name: o.kind })),
              ]
            : ORDERS,
      })
    const joined = {
      ...byKind,
      fields: [{ field: 'kind_info.name' }, { field: 'id', aggregation: 'count' }],
    }
    expect(await collect(ordersCatalog(), joined)).toEqual([
      { kind_info_name: 'Alpha', count_id: 2 },
      { kind_info_name: 'Beta', count_id: 1 },
    ])
    const error = await failure(collect(ordersCatalog({ maxLookupRecords: 10 }), joined))
    expect(error).toMatchObject({ code: 'LIMIT_EXCEEDED', reason: 'too_much_state' })
  })
})

describe('restSource: declared by the host, checked up front', () => {
  const endpoints = { orders: { path: 'orders' } }
  it.each([
    ['ftp://example.com/', endpoints],
    ['http://user:secret@example.com/', endpoints],
    ['not a url', endpoints],
    ['https://example.com/api?key=1', endpoints],
    ['https://example.com/api/', { orders: { path: '../admin' } }],
    ['https://example.com/api/', { orders: { path: 'https://evil.example/orders' } }],
    ['https://example.com/api/', { orders: { path: '//evil.example/orders' } }],
  ])('refuses base URL %s with %j', (baseUrl, eps) => {
    expect(() => restSource({ baseUrl, endpoints: eps })).toThrow(
      expect.objectContaining({ code: 'INVALID_DEFINITION' }),
    )
  })

  it('refuses a plan it cannot evaluate (raw SQL without a plan)', async () => {
    const { source } = ordersCatalog()
    const query = {
      sql: 'select 1',
      parameters: [],
      dialect: 'rest' as const,
      source: 'api',
      columns: [],
      hasLevelColumn: false,
    }
    const error = await failure(
      (async () => {
        for await (const _row of source.stream(query)) void _row
      })(),
    )
    expect(error).toMatchObject({ code: 'QUERY_FAILED', reason: 'unsupported' })
  })
})
