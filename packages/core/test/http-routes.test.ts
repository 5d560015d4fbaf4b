import { afterAll, beforeAll, expect, it } from 'vitest'
import { isReportwrightError } from '../src/errors/reportwright-error'
import type { ReportwrightError } from '../src/errors/reportwright-error'
import { describeEngines } from './engine-suite'
import { salesDefinition, startHarness } from './http-harness'
import type { Harness } from './http-harness'

const alice = { userId: 'alice', tenantId: 'acme', roles: ['user'] }
const gus = { userId: 'gus', tenantId: 'globex', roles: ['user'] }

async function rejection(promise: Promise<unknown>): Promise<ReportwrightError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  )
  if (!isReportwrightError(error))
    throw new Error(`expected a ReportwrightError, got ${String(error)}`)
  return error
}

// Every route through the typed client, over a real node:http server, on PGlite and PostgreSQL.
describeEngines(
  'HTTP API: every route through the client',
  (getEngine) => {
    let harness: Harness
    beforeAll(async () => {
      harness = await startHarness(getEngine().catalog)
    })
    afterAll(async () => {
      await harness.close()
    })

    async function sqlNumber(sql: string, params: unknown[]): Promise<number> {
      const rows = await getEngine().query(sql, params)
      return Number(rows[0]?.[0])
    }

    it('GET /capabilities resolves the role, the engine formats and the host limits', async () => {
      const caps = await harness.clientFor(alice).capabilities()
      expect(caps).toMatchObject({
        role: 'user',
        permissions: { createReports: true, manageAllReports: false },
        formats: ['json'],
        canSchedule: true,
        schedulePreview: true,
      })
      expect(caps.datasets).toContain('sales')
      const limited = await harness
        .clientFor({ ...alice, capabilities: { datasets: ['sales'], canSchedule: false } })
        .capabilities()
      expect(limited.datasets).toEqual(['sales'])
      expect(limited.canSchedule).toBe(false)
    })

    it('GET /datasets and /datasets/:id/fields follow catalog.describe (role-restricted columns hidden)', async () => {
      const { datasets } = await harness.clientFor(alice).datasets()
      const customers = datasets.find((dataset) => dataset.id === 'customers')
      expect(customers?.fields.map((field) => field.path)).not.toContain('credit_limit')
      const adminView = await harness.clientFor({ ...alice, roles: ['admin'] }).datasets()
      expect(
        adminView.datasets.find((dataset) => dataset.id === 'customers')?.fields.map((f) => f.path),
      ).toContain('credit_limit')
      const fields = await harness.clientFor(alice).fields('sales')
      expect(fields.map((field) => field.path)).toEqual(
        expect.arrayContaining(['amount', 'channel', 'customer.segment']),
      )
      expect((await rejection(harness.clientFor(alice).fields('nope'))).code).toBe('NOT_FOUND')
    })

    it('GET /datasets/:id/fields/:field/values returns the tenant’s distinct values with counts', async () => {
      const values = await harness.clientFor(alice).distinctValues('sales', 'channel')
      const web = values.values.find((entry) => entry.value === 'Web')
      expect(web?.count).toBe(
        await sqlNumber(`SELECT count(*) FROM rw_sales WHERE tenant_id = $1 AND channel = 'Web'`, [
          'acme',
        ]),
      )
      const globexWeb = (
        await harness.clientFor(gus).distinctValues('sales', 'channel')
      ).values.find((entry) => entry.value === 'Web')
      expect(globexWeb?.count).toBe(
        await sqlNumber(`SELECT count(*) FROM rw_sales WHERE tenant_id = $1 AND channel = 'Web'`, [
          'globex',
        ]),
      )
      const searched = await harness
        .clientFor(alice)
        .distinctValues('sales', 'channel', { search: 'we' })
      expect(searched.values.map((entry) => entry.value)).toEqual(['Web'])
      const joined = await harness
        .clientFor(alice)
        .distinctValues('sales', 'customer.segment', { limit: 2 })
      expect(joined.values).toHaveLength(2)
      expect(joined.hasMore).toBe(true)
      const hidden = await rejection(
        harness.clientFor(alice).distinctValues('customers', 'credit_limit'),
      )
      expect(hidden.code).toBe('FORBIDDEN_FIELD')
    })

    it('POST /preview returns columns and rows computed by the database', async () => {
      const preview = await harness.clientFor(alice).preview(salesDefinition(), { limit: 10 })
      expect(preview.columns.map((column) => column.key)).toEqual(['channel', 'sum_amount'])
      const web = preview.rows.find((row) => row.channel === 'Web')
      const expected = await getEngine().query(
        `SELECT sum(amount)::text FROM rw_sales WHERE tenant_id = $1 AND channel = 'Web'`,
        ['acme'],
      )
      expect(Number(web?.sum_amount)).toBeCloseTo(Number(expected[0]?.[0]), 2)
      expect(preview.hasMore).toBe(false)
    })

    it('reports CRUD: create, get with ETag, list with pagination and search, update, 409 on a stale revision, delete', async () => {
      const client = harness.clientFor(alice)
      const created = await client.createReport(salesDefinition('Quarterly channel review'))
      expect(created).toMatchObject({ ownerId: 'alice', tenantId: 'acme', revision: 1 })
      await client.createReport(salesDefinition('Weekly pipeline'))
      await client.createReport(salesDefinition('Daily pipeline'))

      const response = await fetch(`${harness.baseUrl}/reports/${created.id}`, {
        headers: { authorization: `Bearer ${await harness.tokenFor(alice)}` },
      })
      expect(response.headers.get('etag')).toBe(`"${created.id}.1"`)
      expect((await client.getReport(created.id)).definition.name).toBe('Quarterly channel review')

      const first = await client.listReports({ limit: 2 })
      expect(first.items).toHaveLength(2)
      expect(first.nextCursor).toBeDefined()
      const second = await client.listReports({ limit: 2, cursor: first.nextCursor })
      expect(second.items.map((report) => report.id)).not.toContain(first.items[0]?.id)
      const found = await client.listReports({ search: 'PIPELINE' })
      expect(found.items.map((report) => report.definition.name).sort()).toEqual([
        'Daily pipeline',
        'Weekly pipeline',
      ])
      expect((await harness.clientFor(gus).listReports()).items).toEqual([])

      const updated = await client.updateReport(
        created.id,
        salesDefinition('Quarterly channel review v2'),
        { revision: 1 },
      )
      expect(updated.revision).toBe(2)
      const stale = await rejection(
        client.updateReport(created.id, salesDefinition('Lost update'), { revision: 1 }),
      )
      expect(stale.details).toMatchObject({ status: 409, currentRevision: 2 })
      expect((await client.getReport(created.id)).definition.name).toBe(
        'Quarterly channel review v2',
      )

      await client.deleteReport(created.id)
      expect((await rejection(client.getReport(created.id))).details).toMatchObject({
        status: 404,
      })
      expect(
        harness.audit
          .entries()
          .filter((entry) => entry.reportId === created.id)
          .map((entry) => entry.action),
      ).toEqual(['report.create', 'report.update', 'report.delete'])
    })

    it('execute answers at once with a run id; runs, run detail and the streamed file follow', async () => {
      const client = harness.clientFor(alice)
      const report = await client.createReport(salesDefinition('Run me'))
      const started = await client.executeReport(report.id)
      expect(started.runId).toMatch(/\S/)
      expect(['running', 'succeeded']).toContain(started.status)
      await harness.handler.drain()

      const run = await client.getRun(started.runId)
      expect(run).toMatchObject({ status: 'succeeded', reportId: report.id, userId: 'alice' })
      expect(run.rowCount).toBeGreaterThan(0)
      const runs = await client.listRuns(report.id)
      expect(runs.items.map((entry) => entry.id)).toEqual([started.runId])

      const download = await client.downloadRunFile(started.runId)
      expect(download.contentType).toBe('application/json')
      expect(download.filename).toMatch(/^run-me.*\.json$/)
      expect(download.response.headers.get('content-disposition')).toMatch(/^attachment; /)
      const file = (await download.response.json()) as { rows: unknown[] }
      expect(file.rows).toHaveLength(run.rowCount)

      const actions = harness.audit
        .entries()
        .filter((entry) => entry.reportId === report.id)
        .map((entry) => entry.action)
      expect(actions).toEqual(['report.create', 'report.execute', 'run.download'])
      const executed = harness.audit.entries().find((entry) => entry.runId === started.runId)
      expect(executed).toMatchObject({ userId: 'alice', tenantId: 'acme' })
      expect(executed?.requestId).toMatch(/\S/)
    })

    it('a definition outside the host’s capabilities is refused with the capability named', async () => {
      const limited = harness.clientFor({
        ...alice,
        capabilities: {
          datasets: ['sales'],
          formats: ['json'],
          scheduleFrequencies: ['daily', 'weekly'],
          maxRecipients: 1,
        },
      })
      const refused = async (definition: object) =>
        (await rejection(limited.createReport(definition as never))).details?.capability
      expect(
        await refused({
          ...salesDefinition(),
          dataset: 'customers',
          fields: [{ field: 'name' }],
          sort: [],
        }),
      ).toBe('datasets')
      expect(await refused({ ...salesDefinition(), output: { format: 'csv' } })).toBe('formats')
      const schedule = {
        enabled: true,
        frequency: 'monthly',
        dayOfMonth: 1,
        time: '08:00',
        timezone: 'UTC',
      }
      expect(await refused({ ...salesDefinition(), schedule })).toBe('scheduleFrequencies')
      const delivery = {
        enabled: true,
        recipients: [{ email: 'a@example.com' }, { email: 'b@example.com' }],
        subject: 'Sales',
        body: 'Attached.',
      }
      expect(await refused({ ...salesDefinition(), delivery })).toBe('maxRecipients')
      const before = await harness.snapshot('acme')
      expect(before.some((entry) => entry.includes('Sales by channel'))).toBe(false)
    })

    it('POST /schedule/preview and /template/preview render next runs and messages', async () => {
      const client = harness.clientFor(alice)
      const runs = await client.previewSchedule(
        { enabled: true, frequency: 'daily', time: '08:30', timezone: 'UTC' },
        { from: new Date('2025-03-15T12:00:00Z'), count: 2 },
      )
      expect(runs).toEqual(['2025-03-16T08:30:00.000Z', '2025-03-17T08:30:00.000Z'])
      const noSchedule = await rejection(
        harness
          .clientFor({ ...alice, capabilities: { canSchedule: false } })
          .previewSchedule({ enabled: true, frequency: 'daily', time: '08:30', timezone: 'UTC' }),
      )
      expect(noSchedule.details).toMatchObject({ status: 403, capability: 'canSchedule' })

      const preview = await client.previewTemplate({
        subject: '{{report_name}} for {{ who }}',
        body: 'Hi <b>{{who}}</b>, {{row_count}} rows {{mystery}}',
        reportName: 'Sales',
        variables: { who: '<Ann & Bob>' },
      })
      expect(preview.subject).toBe('Sales for <Ann & Bob>')
      expect(preview.html).toBe('Hi &lt;b&gt;&lt;Ann &amp; Bob&gt;&lt;/b&gt;, 42 rows ')
      expect(preview.unknownVariables).toEqual(['mystery'])
    })
  },
  { engines: ['pglite', 'postgres'] },
)
