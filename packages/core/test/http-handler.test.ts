import { PGlite } from '@electric-sql/pglite'
import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createReportEngine } from '../src/engine/create-report-engine'
import { createReportHandler } from '../src/http/create-report-handler'
import type { ReportHandler } from '../src/http/create-report-handler'
import { pgliteSource } from '../src/source/pglite-source'
import { createSalesCatalog } from '../src/testing/sales-fixture'

// These routes never query: an empty database behind the fixture's catalog is enough.
let db: PGlite
let handler: ReportHandler

beforeAll(async () => {
  db = new PGlite()
  const catalog = createSalesCatalog(pgliteSource({ db }))
  handler = createReportHandler(createReportEngine({ catalog }), {
    basePath: '/api/reports/',
    cors: { origin: ['https://app.example.com'], credentials: true },
    getContext: () => ({ userId: 'alice', tenantId: 'acme', roles: ['user'] }),
  })
})
afterAll(async () => {
  await db.close()
})

describe('createReportHandler as a fetch handler', () => {
  it('answers a CORS preflight for an allowed origin and refuses others', async () => {
    const preflight = (origin: string) =>
      handler(
        new Request('http://local/api/reports/reports', {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'POST' },
        }),
      )
    const allowed = await preflight('https://app.example.com')
    expect(allowed.status).toBe(204)
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com')
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true')
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/If-Match/)
    const refused = await preflight('https://evil.example.com')
    expect(refused.status).toBe(403)
    expect(refused.headers.get('access-control-allow-origin')).toBeNull()

    const simple = await handler(
      new Request('http://local/api/reports/capabilities', {
        headers: { origin: 'https://app.example.com' },
      }),
    )
    expect(simple.headers.get('access-control-expose-headers')).toMatch(/ETag/)
  })

  it('routes only under basePath, answers 405 with Allow for a known path', async () => {
    expect((await handler(new Request('http://local/capabilities'))).status).toBe(404)
    const wrongMethod = await handler(
      new Request('http://local/api/reports/capabilities', { method: 'DELETE' }),
    )
    expect(wrongMethod.status).toBe(405)
    expect(wrongMethod.headers.get('allow')).toBe('GET')
    const ok = await handler(new Request('http://local/api/reports/capabilities'))
    expect(ok.status).toBe(200)
    expect(ok.headers.get('x-content-type-options')).toBe('nosniff')
    expect(ok.headers.get('cache-control')).toBe('no-store')
  })

  it('answers a schedule preview with 404 when no nextRuns is configured', async () => {
    const response = await handler(
      new Request('http://local/api/reports/schedule/preview', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          schedule: { enabled: true, frequency: 'daily', time: '08:00', timezone: 'UTC' },
        }),
      }),
    )
    expect(response.status).toBe(404)
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(
      /nextRuns/,
    )
  })
})

describe('@reportwright/core/client stays browser-safe', () => {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../src')
  /** Bare specifiers and files reached from client/index.ts, optionally through import(). */
  const reach = (followDynamic: boolean): { bare: string[]; files: string[] } => {
    const seen = new Set<string>()
    const bare = new Set<string>()
    const walk = (file: string): void => {
      if (seen.has(file)) return
      seen.add(file)
      const text = readFileSync(file, 'utf8')
      const specifiers: string[] = []
      for (const match of text.matchAll(/^(?:import|export)[^'"]*from '([^']+)'/gm)) {
        // Type-only imports are erased from the bundle.
        if (/^(?:import|export) type /.test(match[0])) continue
        specifiers.push(match[1] ?? '')
      }
      if (followDynamic)
        for (const match of text.matchAll(/\bimport\('([^']+)'\)/g)) specifiers.push(match[1] ?? '')
      for (const specifier of specifiers) {
        if (specifier.startsWith('.')) walk(`${join(dirname(file), specifier)}.ts`)
        else bare.add(specifier)
      }
    }
    walk(join(root, 'client/index.ts'))
    return { bare: [...bare], files: [...seen] }
  }

  it('imports nothing at load time, and only zod for the response checks it loads on demand', () => {
    const eager = reach(false)
    expect(eager.bare).toEqual([])
    const all = reach(true)
    expect(all.bare).toEqual(['zod'])
    expect(all.files.some((file) => file.includes('/engine/'))).toBe(false)
    expect(all.files.some((file) => file.endsWith('client/response-schemas.ts'))).toBe(true)
  })
})
