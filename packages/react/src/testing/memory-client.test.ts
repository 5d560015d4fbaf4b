import { describe, expect, it } from 'vitest'
import { isReportwrightError } from '@reportwright/core/client'
import type { ReportDefinitionInput } from '@reportwright/core/model'
import { createMemoryClient } from './memory-client'

const NOW = new Date('2026-06-15T12:00:00.000Z')
const fixedNow = () => NOW

const revenueByRegion: ReportDefinitionInput = {
  version: 1,
  name: 'Revenue by region',
  dataset: 'sales',
  fields: [{ field: 'customer.region.code' }, { field: 'amount', aggregation: 'sum' }],
  sort: [{ field: 'amount', aggregation: 'sum', direction: 'desc' }],
  totals: true,
}

async function caught(promise: Promise<unknown>) {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected a rejection')
}

async function waitForRun(client: ReturnType<typeof createMemoryClient>, runId: string) {
  for (;;) {
    const run = await client.getRun(runId)
    if (run.status !== 'running') return run
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

describe('createMemoryClient', () => {
  it('describes the sample catalog with join groups and descriptions', async () => {
    const client = createMemoryClient({ now: fixedNow })
    const { datasets } = await client.datasets()
    expect(datasets.map((dataset) => dataset.id)).toEqual(['sales', 'customers', 'products'])
    const sales = datasets[0]
    expect(sales?.description).toBeTruthy()
    const region = sales?.fields.find((field) => field.path === 'customer.region.name')
    expect(region).toMatchObject({ group: 'Region', type: 'string', label: 'Region › Region' })
    expect(sales?.fields.find((field) => field.path === 'product.category')?.group).toBe('Product')
    const types = new Set(sales?.fields.map((field) => field.type))
    for (const type of ['date', 'datetime', 'currency', 'integer', 'string'] as const)
      expect(types.has(type)).toBe(true)
  })

  it('generates the same rows for the same seed and clock', () => {
    const a = createMemoryClient({ now: fixedNow })
    const b = createMemoryClient({ now: fixedNow })
    expect(a.store.rows.get('sales')).toHaveLength(400)
    expect(a.store.rows.get('sales')).toEqual(b.store.rows.get('sales'))
  })

  it('aggregates, sorts and totals the sample rows like the server', async () => {
    const client = createMemoryClient({ now: fixedNow })
    const preview = await client.preview(revenueByRegion)
    expect(preview.columns.map((column) => column.key)).toEqual([
      'customer_region_code',
      'sum_amount',
    ])
    expect(preview.columns[1]).toMatchObject({
      type: 'currency',
      aggregation: 'sum',
      groupBy: false,
    })
    // Recompute the expected sums from the raw rows through the joins.
    const rows = client.store.rows
    const customers = new Map(rows.get('customers')?.map((row) => [row.id, row]))
    const regions = new Map(rows.get('regions')?.map((row) => [row.id, row]))
    const sums = new Map<string, number>()
    for (const sale of rows.get('sales') ?? []) {
      const customer = customers.get(Number(sale['customer_id']))
      const code = String(regions.get(Number(customer?.['region_id']))?.['code'])
      sums.set(code, (sums.get(code) ?? 0) + Number(sale['amount']))
    }
    const expected = [...sums].sort((a, b) => b[1] - a[1])
    expect(preview.rows.map((row) => row['customer_region_code'])).toEqual(
      expected.map(([code]) => code),
    )
    expect(Number(preview.rows[0]?.['sum_amount'])).toBeCloseTo(expected[0]?.[1] ?? 0, 2)
    expect(typeof preview.rows[0]?.['sum_amount']).toBe('string')
    const total = expected.reduce((sum, [, value]) => sum + value, 0)
    expect(Number(preview.totals?.['sum_amount'])).toBeCloseTo(total, 2)
    expect(preview.hasMore).toBe(false)
  })

  it('buckets dates, applies relative and anyOf filters and honours limits', async () => {
    const client = createMemoryClient({ now: fixedNow })
    const monthly = await client.preview({
      version: 1,
      name: 'Monthly',
      dataset: 'sales',
      fields: [
        { field: 'order_date', bucket: 'month' },
        { field: 'order_id', aggregation: 'count' },
      ],
      filters: [{ field: 'order_date', operator: 'in_last', value: { amount: 3, unit: 'month' } }],
      sort: [{ field: 'order_date', bucket: 'month', direction: 'asc' }],
    })
    expect(monthly.rows.map((row) => row['order_date_month'])).toEqual([
      '2026-04-01',
      '2026-05-01',
      '2026-06-01',
    ])
    const counted = monthly.rows.reduce((sum, row) => sum + Number(row['count_order_id']), 0)
    const inRange = client.store.rows
      .get('sales')
      ?.filter((row) => String(row['order_date']) >= '2026-04-01').length
    expect(counted).toBe(inRange)

    const either = await client.preview(
      {
        version: 1,
        name: 'Either',
        dataset: 'sales',
        fields: [{ field: 'status' }, { field: 'channel' }],
        filters: [
          {
            anyOf: [
              { field: 'status', operator: 'equals', value: 'returned' },
              { field: 'channel', operator: 'in', value: ['partner'] },
            ],
          },
        ],
      },
      { limit: 1000 },
    )
    expect(either.rows.length).toBeGreaterThan(0)
    for (const row of either.rows)
      expect(row['status'] === 'returned' || row['channel'] === 'partner').toBe(true)

    const limited = await client.preview(
      { ...revenueByRegion, fields: [{ field: 'order_id' }], sort: [], totals: false, limit: 7 },
      { limit: 5 },
    )
    expect(limited.rows).toHaveLength(5)
    expect(limited.hasMore).toBe(true)
  })

  it('rejects invalid definitions and unknown fields with the server codes', async () => {
    const client = createMemoryClient({ now: fixedNow })
    const invalid = await caught(client.preview({ ...revenueByRegion, fields: [] }))
    expect(isReportwrightError(invalid) && invalid.code).toBe('INVALID_DEFINITION')
    const unknown = await caught(
      client.preview({ ...revenueByRegion, fields: [{ field: 'customer.nope' }] }),
    )
    expect(isReportwrightError(unknown) && unknown.code).toBe('UNKNOWN_FIELD')
    const badSum = await caught(
      client.preview({
        ...revenueByRegion,
        fields: [{ field: 'status', aggregation: 'sum' }],
        sort: [],
      }),
    )
    expect(isReportwrightError(badSum) && badSum.details?.issues?.[0]?.path).toEqual([
      'fields',
      0,
      'aggregation',
    ])
  })

  it('searches distinct values', async () => {
    const client = createMemoryClient({ now: fixedNow })
    const all = await client.distinctValues('sales', 'status')
    expect(all.values.map((entry) => entry.value)).toEqual(['open', 'returned', 'shipped'])
    expect(all.values.reduce((sum, entry) => sum + entry.count, 0)).toBe(400)
    const found = await client.distinctValues('sales', 'customer.region.name', {
      search: 'america',
    })
    expect(found.values.map((entry) => entry.value)).toEqual(['Latin America', 'North America'])
  })

  it('keeps revisions and answers a stale revision like a 409', async () => {
    const client = createMemoryClient({ now: fixedNow, reports: [] })
    const created = await client.createReport(revenueByRegion)
    expect(created.revision).toBe(1)
    const updated = await client.updateReport(
      created.id,
      { ...revenueByRegion, name: 'Renamed' },
      { revision: 1 },
    )
    expect(updated.revision).toBe(2)
    const stale = await caught(client.updateReport(created.id, revenueByRegion, { revision: 1 }))
    expect(isReportwrightError(stale) && stale.code).toBe('INVALID_DEFINITION')
    expect(isReportwrightError(stale) && stale.details).toMatchObject({
      reason: 'CONFLICT',
      status: 409,
      currentRevision: 2,
    })
    expect((await client.listReports({ search: 'renamed' })).items.map((r) => r.id)).toEqual([
      created.id,
    ])
    await client.deleteReport(created.id)
    expect(client.store.reports.size).toBe(0)
    const gone = await caught(client.getReport(created.id))
    expect(isReportwrightError(gone) && gone.code).toBe('NOT_FOUND')
  })

  it('pages reports with a cursor', async () => {
    const client = createMemoryClient({ now: fixedNow })
    const first = await client.listReports({ limit: 3 })
    expect(first.items).toHaveLength(3)
    const second = await client.listReports({ limit: 3, cursor: first.nextCursor })
    expect(second.items).toHaveLength(1)
    expect(second.nextCursor).toBeUndefined()
  })

  it('runs a report to a CSV file and lists its runs', async () => {
    const client = createMemoryClient({ now: fixedNow, runDelayMs: 10, reports: [revenueByRegion] })
    const [report] = client.store.reports.values()
    const started = await client.executeReport(report?.id ?? '')
    expect(started.status).toBe('running')
    expect((await client.getRun(started.runId)).status).toBe('running')
    const run = await waitForRun(client, started.runId)
    expect(run).toMatchObject({ status: 'succeeded', rowCount: 4, trigger: 'manual' })
    const download = await client.downloadRunFile(run.id)
    const text = await download.response.text()
    expect(download.filename).toBe('revenue-by-region.csv')
    expect(text.split('\r\n')[0]).toBe('Region code,Amount (sum)')
    expect(run.file?.size).toBe(new TextEncoder().encode(text).byteLength)
    expect((await client.listRuns(report?.id ?? '')).items.map((item) => item.id)).toEqual([run.id])
  })

  it('fails runs when asked to', async () => {
    const client = createMemoryClient({ now: fixedNow, runDelayMs: 5, failRuns: true })
    const [report] = client.store.reports.values()
    const { runId } = await client.executeReport(report?.id ?? '')
    const run = await waitForRun(client, runId)
    expect(run.status).toBe('failed')
    expect(run.error?.code).toBe('QUERY_FAILED')
    const noFile = await caught(client.downloadRunFile(runId))
    expect(isReportwrightError(noFile) && noFile.code).toBe('NOT_FOUND')
  })

  it('restricts capabilities and makes chosen methods fail', async () => {
    const failure = new Error('down')
    const client = createMemoryClient({
      now: fixedNow,
      role: 'readonly',
      capabilities: { datasets: ['products'], formats: ['csv'] },
      failures: { listReports: failure },
    })
    const caps = await client.capabilities()
    expect(caps).toMatchObject({ role: 'readonly', datasets: ['products'], formats: ['csv'] })
    expect(caps.permissions.createReports).toBe(false)
    expect((await client.datasets()).datasets.map((d) => d.id)).toEqual(['products'])
    expect(await caught(client.listReports())).toBe(failure)
    client.setFailure('listReports', undefined)
    expect((await client.listReports()).items.length).toBeGreaterThan(0)
    const forbidden = await caught(client.preview(revenueByRegion))
    expect(isReportwrightError(forbidden) && forbidden.code).toBe('FORBIDDEN')
  })

  it('cancels a slow call through its signal', async () => {
    const client = createMemoryClient({ now: fixedNow, latencyMs: 10_000 })
    const controller = new AbortController()
    const pending = client.datasets({ signal: controller.signal })
    controller.abort()
    const error = await caught(pending)
    expect(isReportwrightError(error) && error.code).toBe('CANCELLED')
  })

  it('previews schedules in their time zone and fills templates', async () => {
    const client = createMemoryClient({ now: fixedNow })
    const weekly = await client.previewSchedule(
      {
        enabled: true,
        frequency: 'weekly',
        dayOfWeek: 1,
        time: '09:00',
        timezone: 'Europe/Berlin',
      },
      { count: 2, from: NOW },
    )
    expect(weekly).toEqual(['2026-06-22T07:00:00.000Z', '2026-06-29T07:00:00.000Z'])
    const monthly = await client.previewSchedule(
      { enabled: true, frequency: 'monthly', dayOfMonth: 31, time: '06:30', timezone: 'UTC' },
      { count: 2, from: NOW },
    )
    expect(monthly).toEqual(['2026-06-30T06:30:00.000Z', '2026-07-31T06:30:00.000Z'])
    const filled = await client.previewTemplate({
      subject: '{{ report_name }} for {{run_date}}',
      body: '<b>{{ who }}</b> {{missing}}',
      reportName: 'Sales',
      variables: { who: 'A & B' },
    })
    expect(filled.subject).toBe('Sales for 2026-06-15')
    expect(filled.html).toBe('&lt;b&gt;A &amp; B&lt;/b&gt; ')
    expect(filled.unknownVariables).toEqual(['missing'])
  })
})
