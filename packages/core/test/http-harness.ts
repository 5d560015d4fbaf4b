import { createServer } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { signEmbedToken, verifyEmbedToken } from '../src/auth/embed-token'
import { memoryFiles } from '../src/builtin/memory-files'
import { memoryStorage } from '../src/builtin/memory-storage'
import type { Catalog } from '../src/catalog/catalog-types'
import { createClient } from '../src/client/create-client'
import type { ReportwrightClient } from '../src/client/create-client'
import type { RequestContext } from '../src/context/request-context'
import { createReportEngine } from '../src/engine/create-report-engine'
import type { ReportEngine } from '../src/engine/create-report-engine'
import type { ReportCapabilities } from '../src/http/api-schemas'
import { memoryAuditSink } from '../src/http/audit-sink'
import type { MemoryAuditSink } from '../src/http/audit-sink'
import { createReportHandler } from '../src/http/create-report-handler'
import type { ReportHandler, ReportHandlerOptions } from '../src/http/create-report-handler'
import { toNodeListener } from '../src/http/to-node-listener'
import type { ReportDefinitionInput } from '../src/model/report-definition'
import type { ScheduleSpec } from '../src/model/schedule'

export const SECRET = 'a-test-secret-that-is-long-enough-0123456789'
export const ISSUER = 'https://host.example.com'
export const AUDIENCE = 'reportwright-test'

/** Daily occurrences at the schedule's `time` in UTC: a stand-in for the scheduler's `nextRuns`. */
export function dailyNextRuns(schedule: ScheduleSpec, from: Date, count: number): Date[] {
  const [hours = 0, minutes = 0] = schedule.time.split(':').map(Number)
  const first = new Date(
    Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate(), hours, minutes),
  )
  if (first.getTime() <= from.getTime()) first.setUTCDate(first.getUTCDate() + 1)
  return Array.from({ length: count }, (_, index) => {
    const date = new Date(first)
    date.setUTCDate(first.getUTCDate() + index)
    return date
  })
}

/** A small report over the fixture's sales, rendered as JSON (the engine's only renderer here). */
export function salesDefinition(name = 'Sales by channel'): ReportDefinitionInput {
  return {
    version: 1,
    name,
    dataset: 'sales',
    fields: [{ field: 'channel' }, { field: 'amount', aggregation: 'sum' }],
    sort: [{ field: 'channel', direction: 'asc' }],
    output: { format: 'json' },
  }
}

/** A running API: engine on the fixture, handler behind node:http on loopback, clients per user. */
export interface Harness {
  readonly engine: ReportEngine
  readonly handler: ReportHandler
  readonly audit: MemoryAuditSink
  readonly baseUrl: string
  clientFor(context: RequestContext & { capabilities?: ReportCapabilities }): ReportwrightClient
  tokenFor(context: RequestContext & { capabilities?: ReportCapabilities }): Promise<string>
  /** Every report of a tenant with its revision: compared before and after hostile requests. */
  snapshot(tenantId: string): Promise<string[]>
  close(): Promise<void>
}

/** Starts the stack on 127.0.0.1:0; `overrides` replace handler options. */
export async function startHarness(
  catalog: Catalog,
  overrides: Partial<ReportHandlerOptions> = {},
): Promise<Harness> {
  const engine = createReportEngine({ catalog, storage: memoryStorage(), files: memoryFiles() })
  const audit = memoryAuditSink()
  const handler = createReportHandler(engine, {
    basePath: '/api',
    audit,
    rateLimiter: false,
    nextRuns: dailyNextRuns,
    getContext: async (request) => {
      const header = request.headers.get('authorization') ?? ''
      if (!header.startsWith('Bearer ')) return undefined
      return verifyEmbedToken(header.slice(7), {
        key: SECRET,
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
      })
    },
    ...overrides,
  })
  const server: Server = createServer(toNodeListener(handler))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const baseUrl = `http://127.0.0.1:${port}/api`
  const tokenFor: Harness['tokenFor'] = (context) =>
    signEmbedToken(context, { key: SECRET, algorithm: 'HS256', issuer: ISSUER, audience: AUDIENCE })
  return {
    engine,
    handler,
    audit,
    baseUrl,
    tokenFor,
    clientFor: (context) => {
      const token = tokenFor(context)
      return createClient({
        baseUrl,
        headers: async () => ({ authorization: `Bearer ${await token}` }),
      })
    },
    async snapshot(tenantId) {
      const page = await engine.storage.reports.list(
        { userId: 'snapshot', tenantId, roles: ['admin'] },
        { limit: 500 },
      )
      return page.items.map((report) => `${report.id}@${report.revision}:${report.definition.name}`)
    },
    async close() {
      await handler.drain()
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      )
    },
  }
}
