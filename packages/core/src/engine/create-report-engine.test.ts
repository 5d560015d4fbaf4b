import { PGlite } from '@electric-sql/pglite'
import type { Readable } from 'node:stream'
import { text } from 'node:stream/consumers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jsonRenderer } from '../builtin/json-renderer'
import { memoryFiles } from '../builtin/memory-files'
import { memoryStorage } from '../builtin/memory-storage'
import { defineCatalog } from '../catalog/define-catalog'
import type { CompiledReport } from '../compiler/compiled-report'
import type { RequestContext } from '../context/request-context'
import { isReportwrightError } from '../errors/reportwright-error'
import { parseReportDefinition } from '../model/report-definition'
import type { ReportDefinitionInput } from '../model/report-definition'
import type { DeliveryAdapter, DeliveryMessage } from '../ports/delivery-adapter'
import type { FileStore } from '../ports/file-store'
import type { Renderer } from '../ports/renderer'
import type { RunOutcome, StorageAdapter } from '../ports/storage-adapter'
import { pgliteSource } from '../source/pglite-source'
import type { Row } from '../source/row'
import type { Source } from '../source/source'
import { createReportEngine } from './create-report-engine'
import type { ReportEngineOptions, RunProgress } from './create-report-engine'

const acme: RequestContext = {
  userId: 'alice',
  tenantId: 'acme',
  roles: ['user'],
  timezone: 'Europe/Berlin',
}
const globex: RequestContext = { userId: 'bob', tenantId: 'globex', roles: ['user'] }
const clock = { now: () => new Date('2025-03-15T12:00:00Z') }

let db: PGlite
let source: Source
const queries: CompiledReport[] = []

beforeAll(async () => {
  db = new PGlite()
  await db.exec(`
    CREATE TABLE customers (id integer PRIMARY KEY, tenant_id text NOT NULL, segment text NOT NULL);
    CREATE TABLE orders (
      id integer PRIMARY KEY, tenant_id text NOT NULL, customer_id integer REFERENCES customers(id),
      region text, amount numeric(12,2) NOT NULL, ordered_at timestamptz NOT NULL
    );
    INSERT INTO customers VALUES (1, 'acme', 'Enterprise'), (2, 'acme', 'Small Business'), (3, 'globex', 'Enterprise');
    INSERT INTO orders
      SELECT i, 'acme', 1 + (i % 2), (ARRAY['EMEA','APAC','AMER'])[1 + i % 3], (i * 1.25)::numeric(12,2),
             timestamptz '2025-01-01 00:00:00+00' + (i || ' days')::interval
      FROM generate_series(1, 30) AS i;
    INSERT INTO orders
      SELECT 100 + i, 'globex', 3, 'EMEA', 1000, timestamptz '2025-02-01 00:00:00+00' FROM generate_series(1, 5) AS i;
  `)
  const pglite = pgliteSource({ db })
  // Captures every compiled query the engine sends.
  source = {
    kind: pglite.kind,
    dialect: pglite.dialect,
    stream: (query, options) => {
      queries.push(query)
      return pglite.stream(query, options)
    },
    introspect: (options) => pglite.introspect(options),
    destroy: () => pglite.destroy(),
  }
})

afterAll(async () => {
  await db.close()
})

function catalogFor(table = 'orders') {
  return defineCatalog({
    sources: { main: source },
    datasets: {
      orders: {
        source: 'main',
        table,
        label: 'Orders',
        tenantColumn: 'tenant_id',
        columns: {
          id: { type: 'integer', label: 'Order id' },
          region: { type: 'string', label: 'Region' },
          amount: { type: 'currency', label: 'Amount' },
          ordered_at: { type: 'datetime', label: 'Order date' },
          secret: { type: 'string', label: 'Secret', column: 'region', roles: ['admin'] },
        },
        joins: {
          customer: {
            dataset: 'customers',
            on: { from: 'customer_id', to: 'id' },
            type: 'many-to-one',
          },
        },
      },
      customers: {
        source: 'main',
        table: 'customers',
        label: 'Customers',
        tenantColumn: 'tenant_id',
        columns: { segment: { type: 'string', label: 'Segment' } },
      },
    },
  })
}

const detail: ReportDefinitionInput = {
  version: 1,
  name: 'Order list',
  dataset: 'orders',
  fields: [{ field: 'id' }, { field: 'region' }, { field: 'amount' }],
  sort: [{ field: 'id', direction: 'asc' }],
  output: { format: 'json' },
}

/** Storage whose `runs.finish` calls are recorded. */
function recordingStorage(): {
  storage: StorageAdapter
  starts: string[]
  finishes: { id: string; outcome: RunOutcome }[]
} {
  const inner = memoryStorage({ clock })
  const starts: string[] = []
  const finishes: { id: string; outcome: RunOutcome }[] = []
  const storage: StorageAdapter = {
    ...inner,
    runs: {
      ...inner.runs,
      start: (ctx, run) => {
        starts.push(run.reportName)
        return inner.runs.start(ctx, run)
      },
      finish: (ctx, id, outcome) => {
        finishes.push({ id, outcome })
        return inner.runs.finish(ctx, id, outcome)
      },
    },
  }
  return { storage, starts, finishes }
}

/** A file store that writes chunks as they arrive, like a local folder: a failure leaves a partial file. */
function leakyFiles() {
  const files = new Map<string, Buffer>()
  const seen: string[] = []
  const store: FileStore & { readonly files: Map<string, Buffer>; readonly seen: string[] } = {
    name: 'leaky',
    files,
    seen,
    async put(key, body) {
      seen.push(key)
      files.set(key, Buffer.alloc(0))
      for await (const chunk of body as AsyncIterable<Buffer>)
        files.set(key, Buffer.concat([files.get(key) ?? Buffer.alloc(0), chunk]))
      return { key, size: files.get(key)?.length ?? 0 }
    },
    async get(key) {
      return memoryFiles().get(key)
    },
    async delete(key) {
      files.delete(key)
    },
  }
  return store
}

function engineWith(options: Partial<ReportEngineOptions> = {}) {
  const { storage, starts, finishes } = recordingStorage()
  const files = memoryFiles()
  const engine = createReportEngine({ catalog: catalogFor(), storage, files, clock, ...options })
  return { engine, storage, starts, finishes, files }
}

async function readJson(
  stream: Readable,
): Promise<{ columns: unknown[]; rows: Row[]; totals?: Row }> {
  return JSON.parse(await text(stream)) as { columns: unknown[]; rows: Row[]; totals?: Row }
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected a rejection')
}

describe('engine.preview', () => {
  it('pushes the LIMIT into the SQL and says whether there is more', async () => {
    const { engine } = engineWith()
    queries.length = 0
    const preview = await engine.preview(detail, { context: acme, limit: 5 })
    expect(preview.rows).toHaveLength(5)
    expect(preview.hasMore).toBe(true)
    expect(preview.rows[0]).toEqual({ id: 1, region: 'APAC', amount: '1.25' })
    expect(preview.columns.map((c) => c.key)).toEqual(['id', 'region', 'amount'])
    expect(queries).toHaveLength(1)
    // One row more than shown, so the preview knows there is more; never the run's maxRows + 1.
    expect(queries[0]?.sql).toMatch(/\blimit (6|\$\d+)$/i)
    const limit = /\$(\d+)$/.exec(queries[0]?.sql ?? '')
    if (limit) expect(queries[0]?.parameters[Number(limit[1]) - 1]).toBe(6)
  })

  it('returns the grand total and parses untrusted input', async () => {
    const { engine } = engineWith()
    const preview = await engine.preview(
      {
        ...detail,
        fields: [{ field: 'region' }, { field: 'amount', aggregation: 'sum' }],
        sort: [],
        totals: true,
      },
      { context: globex },
    )
    expect(preview.rows).toEqual([{ region: 'EMEA', sum_amount: '5000' }])
    expect(preview.hasMore).toBe(false)
    expect(preview.totals).toMatchObject({ sum_amount: '5000' })
    const error = await caught(
      engine.preview(
        { version: 1, name: 'x', dataset: 'orders', fields: 'amount' },
        { context: acme },
      ),
    )
    expect(isReportwrightError(error) && error.code).toBe('INVALID_DEFINITION')
  })
})

describe('engine.stream', () => {
  it('streams every row of the tenant', async () => {
    const { engine } = engineWith()
    const rows: Row[] = []
    for await (const row of engine.stream(detail, { context: acme })) rows.push(row)
    expect(rows).toHaveLength(30)
  })

  it('fails with LIMIT_EXCEEDED past maxRows', async () => {
    const { engine } = engineWith({ limits: { maxRows: 10 } })
    const rows: Row[] = []
    const error = await caught(
      (async () => {
        for await (const row of engine.stream(detail, { context: acme })) rows.push(row)
      })(),
    )
    expect(isReportwrightError(error) && error.code).toBe('LIMIT_EXCEEDED')
    expect(rows).toHaveLength(10)
  })
})

describe('engine.run', () => {
  it('records the run once and stores a JSON file that reads back', async () => {
    const { engine, storage, finishes, files } = engineWith()
    const progress: RunProgress[] = []
    const result = await engine.run(detail, { context: acme, onProgress: (p) => progress.push(p) })
    expect(result).toMatchObject({ status: 'succeeded', rowCount: 30, deliveries: [] })
    expect(result.error).toBeUndefined()
    expect(result.file).toMatchObject({
      key: `runs/acme/${result.id}.json`,
      contentType: 'application/json',
      filename: 'order-list-2025-03-15.json',
    })
    const body = await readJson(await files.get(result.file!.key))
    expect(body.rows).toHaveLength(30)
    expect(body.rows[29]).toEqual({ id: 30, region: 'EMEA', amount: '37.5' })
    expect(result.file?.size).toBeGreaterThan(0)

    expect(finishes).toHaveLength(1)
    const record = await storage.runs.get(acme, result.id)
    expect(record).toMatchObject({
      status: 'succeeded',
      rowCount: 30,
      reportName: 'Order list',
      format: 'json',
      trigger: 'manual',
    })
    expect(record?.file?.key).toBe(result.file?.key)
    expect(progress.map((p) => p.phase)).toEqual(['query', 'render', 'store'])
    expect(progress.at(-1)).toEqual({ phase: 'store', rows: 30 })
  })

  it('runs a saved report by id, scoped by tenant', async () => {
    const { engine, storage } = engineWith()
    const saved = await storage.reports.create(acme, parseReportDefinition(detail))
    const result = await engine.run(saved.id, { context: acme, trigger: 'schedule' })
    expect(result.status).toBe('succeeded')
    const runs = await storage.runs.listByReport(acme, saved.id)
    expect(runs.items.map((r) => [r.id, r.trigger])).toEqual([[result.id, 'schedule']])
    const error = await caught(engine.run(saved.id, { context: globex }))
    expect(isReportwrightError(error) && error.code).toBe('NOT_FOUND')
  })

  it('throws INVALID_DEFINITION for an invalid definition without recording a run', async () => {
    const { engine, starts, finishes } = engineWith()
    const error = await caught(engine.run({ ...detail, fields: [] }, { context: acme }))
    expect(isReportwrightError(error) && error.code).toBe('INVALID_DEFINITION')
    expect(starts).toEqual([])
    expect(finishes).toEqual([])
  })

  it('fails RENDER_FAILED when a renderer throws midway, leaving no file and finishing once', async () => {
    const json = jsonRenderer()
    const failing: Renderer = {
      ...json,
      render: (input, out) =>
        json.render(
          {
            ...input,
            rows: (async function* () {
              let count = 0
              for await (const row of input.rows) {
                if (++count === 20) throw new Error('chart library crashed')
                yield row
              }
            })(),
          },
          out,
        ),
    }
    const files = leakyFiles()
    const { engine, finishes } = engineWith({ renderers: [failing], files })
    const result = await engine.run(detail, { context: acme })
    expect(result.status).toBe('failed')
    expect(result.error?.code).toBe('RENDER_FAILED')
    expect(result.error?.message).toMatch(/chart library crashed/)
    expect(result.file).toBeUndefined()
    expect(files.seen).toEqual([`runs/acme/${result.id}.json`])
    expect([...files.files.keys()]).toEqual([])
    expect(finishes).toHaveLength(1)
    expect(finishes[0]?.outcome).toMatchObject({
      status: 'failed',
      error: { code: 'RENDER_FAILED' },
    })
  })

  it('fails and deletes the partial file when the store fails', async () => {
    const deleted: string[] = []
    const files: FileStore = {
      name: 'broken',
      async put(_key, body) {
        for await (const chunk of body) {
          void chunk
          throw new Error('bucket is read-only')
        }
        return { key: 'never', size: 0 }
      },
      get: () => Promise.reject(new Error('no')),
      async delete(key) {
        deleted.push(key)
      },
    }
    const { engine, finishes } = engineWith({ files })
    const result = await engine.run(detail, { context: acme })
    expect(result.status).toBe('failed')
    expect(result.error).toMatchObject({ code: 'RENDER_FAILED' })
    expect(result.error?.message).toMatch(/could not be stored.*bucket is read-only/)
    expect(deleted).toEqual([`runs/acme/${result.id}.json`])
    expect(finishes).toHaveLength(1)
  })

  it('is cancelled by its signal mid-stream', async () => {
    const controller = new AbortController()
    const files = leakyFiles()
    const { engine, finishes } = engineWith({ files })
    const result = await engine.run(detail, {
      context: acme,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === 'render') controller.abort()
      },
    })
    expect(result.status).toBe('cancelled')
    expect(result.error?.code).toBe('CANCELLED')
    expect(result.rowCount).toBeLessThan(30)
    expect([...files.files.keys()]).toEqual([])
    expect(finishes.map((f) => f.outcome.status)).toEqual(['cancelled'])
  })

  it('fails LIMIT_EXCEEDED when the report has more rows than maxRows', async () => {
    const files = leakyFiles()
    const { engine, finishes } = engineWith({ limits: { maxRows: 10 }, files })
    const result = await engine.run(detail, { context: acme })
    expect(result.status).toBe('failed')
    expect(result.error?.code).toBe('LIMIT_EXCEEDED')
    expect([...files.files.keys()]).toEqual([])
    expect(finishes).toHaveLength(1)
  })

  it('closes the query when a renderer stops reading early', async () => {
    const partial: Renderer = {
      format: 'json',
      contentType: 'application/json',
      extension: 'json',
      async render(input, out) {
        const iterator = input.rows[Symbol.asyncIterator]()
        const first = await iterator.next()
        out.end(JSON.stringify(first.value))
        return { bytes: 0, rows: 1 }
      },
    }
    // More rows than one PGlite fetch (1,000), so the cursor stays open after the first batch.
    await db.exec(`CREATE TABLE many_orders AS SELECT i AS id, 'acme' AS tenant_id, 1 AS customer_id, 'EMEA' AS region,
      1.5::numeric(12,2) AS amount, now() AS ordered_at FROM generate_series(1, 2500) AS i`)
    const { engine } = engineWith({ catalog: catalogFor('many_orders'), renderers: [partial] })
    const result = await engine.run(detail, { context: acme })
    expect(result).toMatchObject({ status: 'succeeded', rowCount: 1 })
    // PGlite runs one cursor at a time: this would hang if the first one were left open.
    const next = await engineWith().engine.preview(detail, { context: acme, limit: 2 })
    expect(next.rows).toHaveLength(2)
  })

  it('fails QUERY_FAILED when the database rejects the query and the schema check is off', async () => {
    await db.exec(`CREATE TABLE gone_orders AS SELECT * FROM orders`)
    const { engine } = engineWith({
      catalog: catalogFor('gone_orders'),
      checkSchemaBeforeRun: false,
    })
    await db.exec(`DROP TABLE gone_orders`)
    const result = await engine.run(detail, { context: acme })
    expect(result.status).toBe('failed')
    expect(result.error?.code).toBe('QUERY_FAILED')
  })

  it('fails with a clear message when no renderer handles the format', async () => {
    const { engine } = engineWith()
    const result = await engine.run(detail, { context: acme, format: 'xlsx' })
    expect(result.status).toBe('failed')
    expect(result.error).toMatchObject({
      code: 'RENDER_FAILED',
      message:
        'No renderer for xlsx: pass xlsxRenderer() from @reportwright/renderers/xlsx in `renderers`.',
    })
  })

  it('fails a tenant-less context with TENANT_REQUIRED', async () => {
    const { engine } = engineWith()
    const result = await engine.run(detail, { context: { userId: 'x', roles: [] } })
    expect(result).toMatchObject({ status: 'failed', error: { code: 'TENANT_REQUIRED' } })
  })
})

describe('engine.check', () => {
  it('passes a report that matches the live schema', async () => {
    const { engine } = engineWith()
    const result = await engine.check(
      { ...detail, fields: [...detail.fields!, { field: 'customer.segment' }] },
      { context: acme },
    )
    expect(result).toEqual({ ok: true, problems: [] })
  })

  it('reports catalog errors as problems', async () => {
    const { engine } = engineWith()
    const unknown = await engine.check(
      { ...detail, fields: [{ field: 'nope' }] },
      { context: acme },
    )
    expect(unknown.ok).toBe(false)
    expect(unknown.problems).toContainEqual(
      expect.objectContaining({ problem: 'error', code: 'UNKNOWN_FIELD' }),
    )
    const forbidden = await engine.check(
      { ...detail, fields: [{ field: 'secret' }] },
      { context: acme },
    )
    expect(forbidden.problems).toContainEqual(
      expect.objectContaining({ problem: 'error', code: 'FORBIDDEN_FIELD' }),
    )
    const invalid = await engine.check({ version: 2 }, { context: acme })
    expect(invalid.problems).toEqual([
      expect.objectContaining({ problem: 'error', code: 'INVALID_DEFINITION' }),
    ])
  })

  it('detects a dropped column and a changed type; the run then fails before rendering', async () => {
    await db.exec(`CREATE TABLE drift_orders AS SELECT * FROM orders`)
    const renders: string[] = []
    const json = jsonRenderer()
    const spyRenderer: Renderer = {
      ...json,
      render: (input, out) => (renders.push('render'), json.render(input, out)),
    }
    const files = leakyFiles()
    const { engine, finishes } = engineWith({
      catalog: catalogFor('drift_orders'),
      renderers: [spyRenderer],
      files,
    })
    const definition: ReportDefinitionInput = {
      ...detail,
      filters: [{ field: 'ordered_at', operator: 'in_last', value: { amount: 3, unit: 'month' } }],
    }
    expect((await engine.check(definition, { context: acme })).ok).toBe(true)

    await db.exec(
      `ALTER TABLE drift_orders DROP COLUMN region; ALTER TABLE drift_orders ALTER COLUMN amount TYPE text`,
    )
    const result = await engine.check(definition, { context: acme })
    expect(result.ok).toBe(false)
    expect(result.problems).toEqual([
      {
        problem: 'missing_column',
        dataset: 'orders',
        table: 'drift_orders',
        column: 'region',
        fields: ['region'],
        message:
          "Column drift_orders.region was dropped or renamed; the report field 'region' cannot run. Restore the column or update the catalog.",
      },
      {
        problem: 'type_changed',
        dataset: 'orders',
        table: 'drift_orders',
        column: 'amount',
        fields: ['amount'],
        expected: 'currency',
        actual: 'string',
        message:
          "Column drift_orders.amount is now text (string) but the catalog declares currency; the report field 'amount' cannot run. Change the column back or update the catalog.",
      },
    ])

    const run = await engine.run(definition, { context: acme })
    expect(run.status).toBe('failed')
    expect(run.error?.code).toBe('INVALID_DEFINITION')
    expect(run.error?.message).toMatch(
      /^The database no longer matches the catalog: Column drift_orders\.region was dropped or renamed/,
    )
    expect((run.error?.details?.drift as unknown[]).length).toBe(2)
    expect(renders).toEqual([])
    expect(files.seen).toEqual([])
    expect(finishes).toHaveLength(1)

    // A dropped join key and a dropped table are found too.
    await db.exec(
      `ALTER TABLE drift_orders ADD COLUMN region text; ALTER TABLE drift_orders ALTER COLUMN amount TYPE numeric USING amount::numeric; ALTER TABLE drift_orders DROP COLUMN customer_id`,
    )
    const joined = await engine.check(
      { ...detail, fields: [{ field: 'customer.segment' }] },
      { context: acme },
    )
    expect(joined.problems).toEqual([
      expect.objectContaining({
        problem: 'missing_column',
        column: 'customer_id',
        message: expect.stringContaining("the join 'customer'"),
      }),
    ])
    await db.exec(`DROP TABLE drift_orders`)
    const dropped = await engine.check(detail, { context: acme })
    expect(dropped.problems).toEqual([
      expect.objectContaining({
        problem: 'missing_table',
        dataset: 'orders',
        table: 'drift_orders',
      }),
    ])
  })
})

describe('engine.run delivery', () => {
  function recordingDelivery(options: { maxAttachmentBytes?: number; fail?: boolean } = {}) {
    const sent: { message: DeliveryMessage; attachments: string[] }[] = []
    const adapter: DeliveryAdapter = {
      name: 'recording',
      ...(options.maxAttachmentBytes !== undefined
        ? { maxAttachmentBytes: options.maxAttachmentBytes }
        : {}),
      async send(message) {
        if (options.fail) throw new Error('SMTP 554 relay denied')
        const attachments = await Promise.all(
          (message.attachments ?? []).map(async (a) => text(await a.open())),
        )
        sent.push({ message, attachments })
        return { accepted: message.to.map((r) => r.email), rejected: [] }
      },
    }
    return { adapter, sent }
  }

  const delivered: ReportDefinitionInput = {
    ...detail,
    name: 'Orders <weekly>',
    delivery: {
      enabled: true,
      recipients: [{ email: 'boss@example.com', name: 'Boss' }],
      subject: '{{report_name}} for {{run_date}} ({{row_count}} rows)',
      body: 'Hello,\nattached is {{ report_name }}.{{constructor}}',
    },
  }

  it('keeps a caller-given idempotency key and dates the email by asOf', async () => {
    const { adapter, sent } = recordingDelivery()
    const { engine } = engineWith({ delivery: adapter })
    const fireTime = new Date('2025-03-10T07:00:00Z')
    await engine.run(delivered, {
      context: acme,
      asOf: fireTime,
      idempotencyKey: 'schedule:r1:2025-03-10T07:00:00.000Z',
    })
    expect(sent[0]?.message.idempotencyKey).toBe('schedule:r1:2025-03-10T07:00:00.000Z')
    expect(sent[0]?.message.subject).toMatch(/ for 2025-03-10 /)
  })

  it('sends a templated email with the file attached and records the delivery', async () => {
    const { adapter, sent } = recordingDelivery()
    const { engine, files, storage } = engineWith({ delivery: adapter })
    const result = await engine.run(delivered, { context: acme })
    expect(result.status).toBe('succeeded')
    expect(sent).toHaveLength(1)
    const { message, attachments } = sent[0]!
    expect(message.subject).toBe('Orders <weekly> for 2025-03-15 (30 rows)')
    expect(message.text).toBe('Hello,\nattached is Orders <weekly>.')
    expect(message.html).toBe('Hello,<br>\nattached is Orders &lt;weekly&gt;.')
    expect(message.to).toEqual([{ email: 'boss@example.com', name: 'Boss' }])
    expect(message.idempotencyKey).toBe(`run:${result.id}`)
    expect(message.attachments?.[0]).toMatchObject({
      filename: 'orders-weekly-2025-03-15.json',
      contentType: 'application/json',
    })
    expect(attachments[0]).toBe(await text(await files.get(result.file!.key)))
    expect(result.deliveries).toEqual([
      { channel: 'recording', accepted: ['boss@example.com'], rejected: [] },
    ])
    expect((await storage.runs.get(acme, result.id))?.deliveries).toEqual(result.deliveries)

    const skipped = await engine.run(delivered, { context: acme, deliver: false })
    expect(skipped.deliveries).toEqual([])
    expect(sent).toHaveLength(1)
  })

  it('sends a download link instead of a file above the adapter limit', async () => {
    const { adapter, sent } = recordingDelivery({ maxAttachmentBytes: 100 })
    const files = memoryFiles({ downloadUrl: (key) => `https://files.example.com/${key}` })
    const { engine } = engineWith({ delivery: adapter, files })
    const result = await engine.run(delivered, { context: acme })
    expect(result.status).toBe('succeeded')
    const { message } = sent[0]!
    expect(message.attachments).toBeUndefined()
    expect(message.text).toContain(
      `Download it here: https://files.example.com/runs/acme/${result.id}.json`,
    )
  })

  it('marks the run failed with DELIVERY_FAILED but keeps the file', async () => {
    const { adapter } = recordingDelivery({ fail: true })
    const { engine, files, finishes } = engineWith({ delivery: adapter })
    const result = await engine.run(delivered, { context: acme })
    expect(result.status).toBe('failed')
    expect(result.error?.code).toBe('DELIVERY_FAILED')
    expect(result.deliveries).toEqual([
      expect.objectContaining({
        channel: 'recording',
        error: expect.stringContaining('relay denied'),
      }),
    ])
    expect(result.file).toBeDefined()
    expect(files.keys()).toEqual([result.file?.key])
    expect(finishes).toHaveLength(1)
    expect(finishes[0]?.outcome.file?.key).toBe(result.file?.key)
  })

  it('fails DELIVERY_FAILED when delivery is enabled but no adapter is configured', async () => {
    const { engine } = engineWith()
    const result = await engine.run(delivered, { context: acme })
    expect(result.status).toBe('failed')
    expect(result.error?.message).toMatch(/no delivery adapter/)
    expect(result.file).toBeDefined()
  })
})
