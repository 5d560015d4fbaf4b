import { PGlite } from '@electric-sql/pglite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createReportEngine,
  memoryStorage,
  parseReportDefinition,
  pgliteSource,
} from '@reportwright/core'
import type { ReportEngine, RequestContext } from '@reportwright/core'
import { SALES_FIXTURE, createSalesCatalog, loadPglite } from '@reportwright/core/testing'
import { createScheduler } from '../src/create-scheduler'
import { manualClock } from '../src/manual-clock'
import type { ManualClock } from '../src/manual-clock'
import { memoryOccurrenceStore } from '../src/occurrence-store'
import type { TestStorage } from './scheduler-fixtures'

const acme: RequestContext = { userId: 'ann', tenantId: 'acme', roles: ['user'] }

/** Sales of acme ordered in [from, to), counted from the fixture itself. */
function acmeSalesBetween(from: string, to: string): number {
  return SALES_FIXTURE.sales.filter(
    (sale) => sale.tenant_id === 'acme' && sale.ordered_at >= from && sale.ordered_at < to,
  ).length
}

let db: PGlite
let clock: ManualClock
let storage: TestStorage
let engine: ReportEngine

beforeAll(async () => {
  db = new PGlite()
  await loadPglite(db)
  clock = manualClock(new Date('2025-03-20T00:00:00Z'))
  storage = memoryStorage({ clock })
  // The engine's own clock is months away: relative dates must come from the fire time.
  engine = createReportEngine({
    catalog: createSalesCatalog(pgliteSource({ db })),
    storage,
    clock: { now: () => new Date('2025-09-20T12:00:00Z') },
  })
})

afterAll(async () => {
  await db.close()
})

describe('createScheduler with the real engine over PGlite', () => {
  it('runs each occurrence once, and "previous month" resolves from the fire time even when late', async () => {
    const report = await storage.reports.create(
      acme,
      parseReportDefinition({
        version: 1,
        name: 'Last month orders',
        dataset: 'sales',
        fields: [{ field: 'id' }, { field: 'amount' }],
        filters: [{ field: 'ordered_at', operator: 'previous', value: { unit: 'month' } }],
        output: { format: 'json' },
        schedule: {
          enabled: true,
          frequency: 'monthly',
          dayOfMonth: 1,
          time: '06:00',
          timezone: 'UTC',
        },
      }),
    )
    const occurrences = memoryOccurrenceStore()
    const instances = ['a', 'b'].map((instanceId) =>
      createScheduler({
        engine,
        storage,
        occurrences,
        instanceId,
        clock,
        jitterMs: 0,
        catchUp: 'once',
        contextFor: () => acme,
      }),
    )
    const tickAll = () => Promise.all(instances.map((scheduler) => scheduler.tick()))

    await tickAll()
    // Nobody polled on 1 April: the occurrence runs a day and a half late.
    await clock.set(new Date('2025-04-02T18:00:00Z'))
    await tickAll()
    await tickAll()
    await clock.set(new Date('2025-05-01T06:00:00Z'))
    await tickAll()
    await clock.set(new Date('2025-05-01T07:00:00Z'))
    await tickAll()

    const runs = (await storage.runs.listByReport(acme, report.id)).items
    expect(
      runs.map((run) => [run.scheduledFor?.toISOString(), run.status, run.trigger]).sort(),
    ).toEqual([
      ['2025-04-01T06:00:00.000Z', 'succeeded', 'schedule'],
      ['2025-05-01T06:00:00.000Z', 'succeeded', 'schedule'],
    ])
    const byFireTime = new Map(runs.map((run) => [run.scheduledFor?.toISOString(), run.rowCount]))
    const march = acmeSalesBetween('2025-03-01', '2025-04-01')
    const april = acmeSalesBetween('2025-04-01', '2025-05-01')
    expect(march).toBeGreaterThan(0)
    expect(byFireTime.get('2025-04-01T06:00:00.000Z')).toBe(march)
    expect(byFireTime.get('2025-05-01T06:00:00.000Z')).toBe(april)
    const history = await occurrences.listBySchedule(report.id, 10)
    expect(history.map((record) => [record.status, record.attempt, record.runIds.length])).toEqual([
      ['succeeded', 1, 1],
      ['succeeded', 1, 1],
    ])
  })

  it('checks the live schema before a run: a dropped column fails the attempt without running', async () => {
    const report = await storage.reports.create(
      acme,
      parseReportDefinition({
        version: 1,
        name: 'Drift',
        dataset: 'sales',
        fields: [{ field: 'id' }, { field: 'note' }],
        output: { format: 'json' },
        schedule: { enabled: true, frequency: 'daily', time: '06:00', timezone: 'UTC' },
      }),
    )
    await db.exec('ALTER TABLE rw_sales RENAME COLUMN note TO remark')
    try {
      const scheduler = createScheduler({
        engine,
        storage,
        clock,
        jitterMs: 0,
        retry: { attempts: 1 },
        contextFor: () => acme,
      })
      await clock.set(new Date('2025-05-02T06:00:00Z'))
      const result = await scheduler.tick()
      const mine = result.finished.filter((record) => record.scheduleId === report.id)
      expect(mine).toHaveLength(1)
      expect(mine[0]).toMatchObject({ status: 'failed', error: { code: 'SCHEMA_DRIFT' } })
      expect(mine[0]!.error?.message).toContain('note')
      expect((await storage.runs.listByReport(acme, report.id)).items).toHaveLength(0)
    } finally {
      await db.exec('ALTER TABLE rw_sales RENAME COLUMN remark TO note')
    }
  })
})
