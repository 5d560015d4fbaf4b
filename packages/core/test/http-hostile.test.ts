import { request as httpRequest } from 'node:http'
import { connect } from 'node:net'
import { SignJWT, UnsecuredJWT } from 'jose'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createReportEngine } from '../src/engine/create-report-engine'
import { createReportHandler } from '../src/http/create-report-handler'
import { memoryRateLimiter } from '../src/http/rate-limiter'
import { memoryStorage } from '../src/builtin/memory-storage'
import type { FixtureEngine } from '../src/testing/engines'
import { openFixtureEngine } from '../src/testing/engines'
import { AUDIENCE, ISSUER, SECRET, salesDefinition, startHarness } from './http-harness'
import type { Harness } from './http-harness'

const alice = { userId: 'alice', tenantId: 'acme', roles: ['user'] }
const secret = new TextEncoder().encode(SECRET)

let fixture: FixtureEngine
let harness: Harness
let reportId: string
let token: string

beforeAll(async () => {
  const opened = await openFixtureEngine('pglite')
  if (!opened) throw new Error('PGlite is required for the hostile-request suite')
  fixture = opened
  harness = await startHarness(fixture.catalog, { limits: { maxBodyBytes: 64 * 1024 } })
  reportId = (await harness.clientFor(alice).createReport(salesDefinition('Keep me'))).id
  token = await harness.tokenFor(alice)
})
afterAll(async () => {
  await harness.close()
  await fixture.close()
})

function send(
  method: string,
  path: string,
  init: {
    body?: string | ReadableStream<Uint8Array>
    headers?: Record<string, string>
    auth?: string | null
  } = {},
): Promise<Response> {
  const auth = init.auth === undefined ? `Bearer ${token}` : init.auth
  return fetch(`${harness.baseUrl}${path}`, {
    method,
    headers: { ...(auth ? { authorization: auth } : {}), ...init.headers },
    ...(init.body !== undefined ? { body: init.body, duplex: 'half' } : {}),
  } as RequestInit)
}

const json = { 'content-type': 'application/json' }

async function expectError(response: Response, status: number, code: string): Promise<string> {
  expect(response.status).toBe(status)
  const body = (await response.json()) as { error: { code: string; message: string } }
  expect(body.error.code).toBe(code)
  expect(body.error.message).toMatch(/\S/)
  return body.error.message
}

function tokenWith(build: (jwt: SignJWT) => SignJWT, key: Uint8Array = secret): Promise<string> {
  return build(new SignJWT({ tid: 'acme', roles: ['owner'] }).setProtectedHeader({ alg: 'HS256' }))
    .setSubject('alice')
    .sign(key)
}

describe('hostile requests: the right status, storage unchanged', () => {
  let before: string[][]
  beforeEach(async () => {
    before = [await harness.snapshot('acme'), await harness.snapshot('globex')]
  })
  afterEach(async () => {
    await harness.handler.drain()
    expect([await harness.snapshot('acme'), await harness.snapshot('globex')]).toEqual(before)
    const runs = await harness.engine.storage.runs.listByReport(alice, reportId)
    expect(runs.items).toEqual([])
  })

  it('malformed JSON is a 400', async () => {
    const message = await expectError(
      await send('POST', '/reports', { body: '{"definition": {', headers: json }),
      400,
      'INVALID_DEFINITION',
    )
    expect(message).toMatch(/not valid JSON/)
    await expectError(
      await send('PUT', `/reports/${reportId}`, { body: '[1,', headers: json }),
      400,
      'INVALID_DEFINITION',
    )
  })

  it('a body that is not declared as JSON is a 400', async () => {
    const body = JSON.stringify({ definition: salesDefinition('Form post') })
    await expectError(
      await send('POST', '/reports', {
        body,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      400,
      'INVALID_DEFINITION',
    )
  })

  it('a huge body is a 413, whether declared or streamed without a length', async () => {
    const huge = JSON.stringify({
      definition: { ...salesDefinition(), description: 'x'.repeat(200_000) },
    })
    const declared = await send('POST', '/reports', { body: huge, headers: json })
    const message = await expectError(declared, 413, 'LIMIT_EXCEEDED')
    expect(message).toMatch(/65536 bytes/)
    const chunk = new TextEncoder().encode('x'.repeat(16 * 1024))
    let sent = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 20) controller.enqueue(chunk)
        else controller.close()
      },
    })
    await expectError(
      await send('POST', '/preview', { body: stream, headers: json }),
      413,
      'LIMIT_EXCEEDED',
    )
  })

  it('unknown fields in a body, a definition or a query are a 400', async () => {
    await expectError(
      await send('POST', '/reports', {
        body: JSON.stringify({ definition: salesDefinition(), ownerId: 'mallory' }),
        headers: json,
      }),
      400,
      'INVALID_DEFINITION',
    )
    const inner = await send('POST', '/reports', {
      body: JSON.stringify({ definition: { ...salesDefinition(), sql: 'DROP TABLE rw_sales' } }),
      headers: json,
    })
    expect(inner.status).toBe(400)
    const body = (await inner.json()) as { error: { details: { issues: unknown[] } } }
    expect(JSON.stringify(body.error.details.issues)).toMatch(/sql/)
    await expectError(await send('GET', '/reports?tenantId=globex'), 400, 'INVALID_DEFINITION')
    await expectError(
      await send('POST', `/reports/${reportId}/execute`, {
        body: JSON.stringify({ format: 'json', context: { tenantId: 'globex' } }),
        headers: json,
      }),
      400,
      'INVALID_DEFINITION',
    )
  })

  it.each([
    ['GET', '/reports/..%2F..%2Fetc%2Fpasswd'],
    ['DELETE', '/reports/..%2Freports'],
    ['GET', '/runs/%2e%2e%2fsecret/file'],
    ['GET', '/runs/a.b/file'],
    ['GET', '/datasets/..%2Fsales/fields'],
    ['GET', '/reports/%E0%A4%A'],
    ['PUT', '/reports/%00'],
  ])('path traversal in an id is a 400: %s %s', async (method, path) => {
    await expectError(await send(method, path), 400, 'INVALID_DEFINITION')
  })

  it('dot segments cannot climb out of the mount path', async () => {
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const url = new URL(harness.baseUrl)
      const req = httpRequest({
        host: url.hostname,
        port: url.port,
        method: 'DELETE',
        path: `/api/reports/../../reports/${reportId}`,
        headers: { authorization: `Bearer ${token}` },
      })
      req.on('response', (res) => {
        res.resume()
        resolve(res.statusCode)
      })
      req.on('error', reject)
      req.end()
    })
    expect(status).toBe(404)
  })

  it.each([
    ['no token', async () => null],
    [
      'a forged token (another secret)',
      async () =>
        `Bearer ${await tokenWith((jwt) => jwt.setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime('5m'), new TextEncoder().encode('another-secret-that-is-long-enough-987654321'))}`,
    ],
    [
      'an expired token',
      async () =>
        `Bearer ${await tokenWith((jwt) =>
          jwt
            .setIssuer(ISSUER)
            .setAudience(AUDIENCE)
            .setExpirationTime(Math.floor(Date.now() / 1000) - 3600),
        )}`,
    ],
    [
      'a token without exp',
      async () => `Bearer ${await tokenWith((jwt) => jwt.setIssuer(ISSUER).setAudience(AUDIENCE))}`,
    ],
    [
      'a wrong-audience token',
      async () =>
        `Bearer ${await tokenWith((jwt) => jwt.setIssuer(ISSUER).setAudience('someone-else').setExpirationTime('5m'))}`,
    ],
    [
      'a wrong-issuer token',
      async () =>
        `Bearer ${await tokenWith((jwt) => jwt.setIssuer('https://evil.example').setAudience(AUDIENCE).setExpirationTime('5m'))}`,
    ],
    [
      'an alg: none token',
      async () =>
        `Bearer ${new UnsecuredJWT({ tid: 'acme', roles: ['owner'] }).setSubject('alice').setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime('5m').encode()}`,
    ],
    ['a garbage token', async () => 'Bearer not.a.jwt'],
  ])('%s is a 401 and deletes nothing', async (_name, makeAuth) => {
    const response = await send('DELETE', `/reports/${reportId}`, { auth: await makeAuth() })
    await expectError(response, 401, 'FORBIDDEN')
    expect(response.headers.get('www-authenticate')).toBe('Bearer')
  })

  it('CRLF in a request header never reaches the handler or the response', async () => {
    const raw = await new Promise<string>((resolve, reject) => {
      const url = new URL(harness.baseUrl)
      const socket = connect(Number(url.port), url.hostname, () => {
        socket.write(
          `DELETE /api/reports/${reportId} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nX-Request-Id: a\rSet-Cookie: pwned=1\r\n\r\n`,
        )
      })
      let data = ''
      socket.on('data', (chunk: Buffer) => (data += chunk.toString('latin1')))
      socket.on('end', () => resolve(data))
      socket.on('error', reject)
    })
    expect(raw).toMatch(/^HTTP\/1\.1 400/)
    expect(raw).not.toMatch(/pwned/)

    const odd = await send('GET', '/capabilities', { headers: { 'x-request-id': 'a b<script>' } })
    expect(odd.status).toBe(200)
    expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
  })
})

describe('hostile content reaching response headers', () => {
  it('a report name with CRLF is downloaded with a safe Content-Disposition', async () => {
    const client = harness.clientFor(alice)
    const report = await client.createReport(salesDefinition('Evil\r\nSet-Cookie: pwned=1 "x"'))
    const { runId } = await client.executeReport(report.id)
    await harness.handler.drain()
    const response = await new Promise<{ headers: Record<string, unknown>; raw: string[] }>(
      (resolve, reject) => {
        const req = httpRequest(`${harness.baseUrl}/runs/${runId}/file`, {
          headers: { authorization: `Bearer ${token}` },
        })
        req.on('response', (res) => {
          res.resume()
          resolve({ headers: res.headers, raw: res.rawHeaders })
        })
        req.on('error', reject)
        req.end()
      },
    )
    expect(response.headers['set-cookie']).toBeUndefined()
    const disposition = String(response.headers['content-disposition'])
    expect(disposition).not.toMatch(/[\r\n]/)
    expect(disposition).toMatch(/^attachment; filename="[^"]*"; filename\*=UTF-8''/)
  })
})

describe('limits and failures', () => {
  it('the per-user limiter answers 429 with Retry-After; the per-tenant one covers all users', async () => {
    const clock = { now: () => new Date('2025-03-15T12:00:00Z') }
    const handler = createReportHandler(createReportEngine({ catalog: fixture.catalog }), {
      getContext: (request) => ({
        userId: request.headers.get('x-user') ?? 'anon',
        tenantId: 'acme',
        roles: ['user'],
      }),
      rateLimiter: memoryRateLimiter({
        perUser: { limit: 2, windowMs: 60_000 },
        perTenant: { limit: 3, windowMs: 60_000 },
        clock,
      }),
    })
    const ask = (user: string) =>
      handler(new Request('http://local/capabilities', { headers: { 'x-user': user } }))
    expect((await ask('ann')).status).toBe(200)
    expect((await ask('ann')).status).toBe(200)
    const limited = await ask('ann')
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('60')
    expect((await ask('bob')).status).toBe(200)
    expect((await ask('cid')).status).toBe(429)
  })

  it('an unexpected failure is a 500 that leaks no internals', async () => {
    const storage = memoryStorage()
    const engine = createReportEngine({
      catalog: fixture.catalog,
      storage: {
        ...storage,
        reports: {
          ...storage.reports,
          list: () => {
            throw new Error('connect ECONNREFUSED postgres://admin:hunter2@10.0.0.5/db')
          },
        },
      },
    })
    const logged: string[] = []
    const handler = createReportHandler(engine, {
      getContext: () => alice,
      logger: {
        debug: () => undefined,
        info: () => undefined,
        warn: () => undefined,
        error: (object) => logged.push(JSON.stringify(object)),
      },
    })
    const response = await handler(new Request('http://local/reports'))
    expect(response.status).toBe(500)
    const text = await response.text()
    expect(text).not.toMatch(/hunter2|ECONNREFUSED|10\.0\.0\.5|at /)
    expect(JSON.parse(text)).toMatchObject({ error: { details: { reason: 'INTERNAL' } } })
    expect(logged.join('\n')).toMatch(/ECONNREFUSED/)

    const broken = createReportHandler(engine, {
      getContext: () => {
        throw new Error('session store down: redis://:hunter2@cache')
      },
    })
    const failed = await broken(new Request('http://local/capabilities'))
    expect(failed.status).toBe(500)
    expect(await failed.text()).not.toMatch(/hunter2|redis/)
  })
})
