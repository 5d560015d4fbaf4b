import { randomUUID } from 'node:crypto'
import { isReportwrightError, parseReportDefinition } from '@reportwright/core'
import type { RequestContext, StorageAdapter } from '@reportwright/core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { conformanceClock } from './conformance-clock'
import type { ConformanceClock } from './conformance-clock'

/** What a storage factory receives from {@link describeStorageConformance}. */
export interface StorageFactoryInput {
  /** The clock the storage must read "now" from (timestamps, lease expiry). */
  readonly clock: ConformanceClock
}

/** Options of {@link describeStorageConformance}. */
export interface StorageConformanceOptions {
  /** Suite title. Defaults to `'storage conformance'`. */
  readonly name?: string
  /** Skips the whole suite, e.g. when its database is unreachable. Defaults to `false`. */
  readonly skip?: boolean
}

/**
 * Registers the vitest suite every {@link StorageAdapter} must pass: tenant scoping (another
 * tenant's rows are not found, never forbidden), ownership and roles (the author edits their
 * report; `manager`/`admin`/`owner` edit any in their tenant; `readonly` only reads), revisions,
 * pages, runs finished exactly once, due schedules and, when `leases` exists, atomic lease claims.
 *
 * The storage may be shared between tests (one database): every test uses fresh tenant and user
 * ids. `makeStorage` is called before each test; `migrate()` runs each time and must be idempotent.
 *
 * @example
 * ```ts
 * describeStorageConformance(({ clock }) => sqlStorage({ db, clock }))
 * ```
 */
export function describeStorageConformance(
  makeStorage: (input: StorageFactoryInput) => StorageAdapter | Promise<StorageAdapter>,
  options: StorageConformanceOptions = {},
): void {
  const suite = options.skip ? describe.skip : describe
  suite(options.name ?? 'storage conformance', () => {
    let storage: StorageAdapter
    let clock: ConformanceClock
    let tenant: string
    let other: string
    let ctx: (userId: string, roles?: readonly string[], tenantId?: string) => RequestContext

    beforeEach(async () => {
      clock = conformanceClock(new Date('2031-03-04T05:06:07.000Z'))
      storage = await makeStorage({ clock })
      await storage.migrate?.()
      const run = randomUUID().slice(0, 8)
      tenant = `t-${run}-a`
      other = `t-${run}-b`
      ctx = (userId, roles = ['user'], tenantId = tenant) => ({
        userId: `${userId}-${run}`,
        tenantId,
        roles,
      })
    })
    afterEach(async () => {
      await storage.dispose?.()
    })

    describe('reports', () => {
      it('creates a report owned by the caller, at revision 1, in the caller tenant', async () => {
        const alice = ctx('alice')
        const report = await storage.reports.create(alice, sales('Sales'))
        expect(report).toMatchObject({ tenantId: tenant, ownerId: alice.userId, revision: 1 })
        expect(report.createdAt).toEqual(clock.now())
        expect(report.updatedAt).toEqual(clock.now())
        const read = await storage.reports.get(alice, report.id)
        expect(read?.definition).toEqual(sales('Sales'))
        expect(read?.createdAt).toEqual(clock.now())
      })

      it('keeps the definition intact, including schedule and delivery', async () => {
        const alice = ctx('alice')
        const definition = scheduled('Daily')
        const report = await storage.reports.create(alice, definition)
        expect((await storage.reports.get(alice, report.id))?.definition).toEqual(definition)
      })

      it('hides another tenant rows: not found, never forbidden', async () => {
        const alice = ctx('alice')
        const mallory = ctx('mallory', ['owner'], other)
        const report = await storage.reports.create(alice, sales('Secret'))
        expect(await storage.reports.get(mallory, report.id)).toBeUndefined()
        expect((await storage.reports.list(mallory)).items).toEqual([])
        await expectCode(storage.reports.update(mallory, report.id, sales('Hacked')), 'NOT_FOUND')
        await expectCode(storage.reports.delete(mallory, report.id), 'NOT_FOUND')
        const noTenant: RequestContext = { userId: alice.userId, roles: ['owner'] }
        expect(await storage.reports.get(noTenant, report.id)).toBeUndefined()
        expect((await storage.reports.get(alice, report.id))?.definition.name).toBe('Secret')
      })

      it('a report without a tenant is visible only to contexts without a tenant', async () => {
        const lone: RequestContext = { userId: `lone-${randomUUID()}`, roles: ['user'] }
        const report = await storage.reports.create(lone, sales('Lone'))
        expect(report.tenantId).toBeUndefined()
        expect((await storage.reports.get(lone, report.id))?.id).toBe(report.id)
        expect(await storage.reports.get(ctx('alice'), report.id)).toBeUndefined()
        await storage.reports.delete(lone, report.id)
      })

      it('lets the author edit and delete their own report', async () => {
        const alice = ctx('alice')
        const report = await storage.reports.create(alice, sales('Mine'))
        clock.advance(1_000)
        const updated = await storage.reports.update(alice, report.id, sales('Mine v2'))
        expect(updated).toMatchObject({ revision: 2, ownerId: alice.userId })
        expect(updated.updatedAt).toEqual(clock.now())
        expect(updated.createdAt).toEqual(report.createdAt)
        await storage.reports.delete(alice, report.id)
        expect(await storage.reports.get(alice, report.id)).toBeUndefined()
        await expectCode(storage.reports.delete(alice, report.id), 'NOT_FOUND')
      })

      it('forbids a plain user to edit or delete a colleague report', async () => {
        const alice = ctx('alice')
        const bob = ctx('bob')
        const report = await storage.reports.create(alice, sales('Alice'))
        expect((await storage.reports.get(bob, report.id))?.id).toBe(report.id)
        await expectCode(storage.reports.update(bob, report.id, sales('Bob')), 'FORBIDDEN')
        await expectCode(storage.reports.delete(bob, report.id), 'FORBIDDEN')
        expect(await storage.reports.get(alice, report.id)).toMatchObject({ revision: 1 })
      })

      it.each(['manager', 'admin', 'owner'])(
        'lets a %s edit any report in the tenant',
        async (role) => {
          const alice = ctx('alice')
          const boss = ctx('boss', [role])
          const report = await storage.reports.create(alice, sales('Alice'))
          const updated = await storage.reports.update(boss, report.id, sales('Edited'))
          expect(updated).toMatchObject({ revision: 2, ownerId: alice.userId })
          expect(updated.definition.name).toBe('Edited')
          await storage.reports.delete(boss, report.id)
          expect(await storage.reports.get(alice, report.id)).toBeUndefined()
        },
      )

      it('lets readonly users read but never write', async () => {
        const alice = ctx('alice')
        const viewer = ctx('viewer', ['readonly'])
        const report = await storage.reports.create(alice, sales('Shared'))
        expect((await storage.reports.get(viewer, report.id))?.id).toBe(report.id)
        expect((await storage.reports.list(viewer)).items.map((r) => r.id)).toEqual([report.id])
        await expectCode(storage.reports.create(viewer, sales('Nope')), 'FORBIDDEN')
        await expectCode(storage.reports.update(viewer, report.id, sales('Nope')), 'FORBIDDEN')
        await expectCode(storage.reports.delete(viewer, report.id), 'FORBIDDEN')
        expect((await storage.reports.list(alice)).items).toHaveLength(1)
      })

      it('rejects a stale expectedRevision and keeps the newer definition', async () => {
        const alice = ctx('alice')
        const report = await storage.reports.create(alice, sales('One'))
        await storage.reports.update(alice, report.id, sales('Two'), 1)
        const error = await expectCode(
          storage.reports.update(alice, report.id, sales('Stale'), 1),
          'INVALID_DEFINITION',
        )
        expect(error.message).toMatch(/revision/)
        expect(await storage.reports.get(alice, report.id)).toMatchObject({
          revision: 2,
          definition: { name: 'Two' },
        })
      })

      it('lists newest first, page by page', async () => {
        const alice = ctx('alice')
        const ids: string[] = []
        for (let i = 0; i < 5; i++) {
          ids.push((await storage.reports.create(alice, sales(`R${i}`))).id)
          clock.advance(10)
        }
        const first = await storage.reports.list(alice, { limit: 2 })
        expect(first.items.map((r) => r.id)).toEqual([ids[4], ids[3]])
        expect(first.nextCursor).toBeDefined()
        const second = await storage.reports.list(alice, { limit: 2, cursor: first.nextCursor })
        expect(second.items.map((r) => r.id)).toEqual([ids[2], ids[1]])
        const third = await storage.reports.list(alice, { limit: 2, cursor: second.nextCursor })
        expect(third.items.map((r) => r.id)).toEqual([ids[0]])
        expect(third.nextCursor).toBeUndefined()
      })

      it('refuses a cursor it did not make', async () => {
        await expectCode(
          storage.reports.list(ctx('alice'), { cursor: "1' OR '1'='1" }),
          'INVALID_DEFINITION',
        )
      })
    })

    describe('runs', () => {
      it('records a run, then finishes it exactly once', async () => {
        const alice = ctx('alice')
        const run = await storage.runs.start(alice, newRun('r1'))
        expect(run).toMatchObject({
          status: 'running',
          tenantId: tenant,
          userId: alice.userId,
          reportId: 'r1',
          reportName: 'Sales',
          format: 'csv',
          trigger: 'manual',
          rowCount: 0,
          deliveries: [],
        })
        expect(run.startedAt).toEqual(clock.now())
        clock.advance(1_500)
        const finished = await storage.runs.finish(alice, run.id, {
          status: 'succeeded',
          rowCount: 42,
          file: { key: 'runs/a.csv', size: 1234, contentType: 'text/csv', filename: 'a.csv' },
          deliveries: [
            {
              channel: 'smtp',
              accepted: ['a@example.com'],
              rejected: [{ email: 'b@example.com', reason: '550 no such user' }],
            },
          ],
        })
        expect(finished).toMatchObject({ status: 'succeeded', rowCount: 42 })
        expect(finished.finishedAt).toEqual(clock.now())
        const read = await storage.runs.get(alice, run.id)
        expect(read?.file).toEqual({
          key: 'runs/a.csv',
          size: 1234,
          contentType: 'text/csv',
          filename: 'a.csv',
        })
        expect(read?.deliveries).toEqual(finished.deliveries)
        expect(read?.deliveries[0]?.rejected[0]?.reason).toBe('550 no such user')
        await expectCode(
          storage.runs.finish(alice, run.id, { status: 'failed', rowCount: 0 }),
          'FORBIDDEN',
        )
        expect((await storage.runs.get(alice, run.id))?.status).toBe('succeeded')
      })

      it('lets only one of two concurrent finishes win', async () => {
        const alice = ctx('alice')
        const run = await storage.runs.start(alice, newRun('r1'))
        const results = await Promise.allSettled([
          storage.runs.finish(alice, run.id, { status: 'succeeded', rowCount: 1 }),
          storage.runs.finish(alice, run.id, { status: 'cancelled', rowCount: 0 }),
        ])
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
      })

      it('records a failure with its error and scheduled occurrence', async () => {
        const alice = ctx('alice')
        const scheduledFor = new Date('2031-03-04T05:00:00.000Z')
        const run = await storage.runs.start(alice, {
          ...newRun('r1'),
          trigger: 'schedule',
          scheduledFor,
        })
        await storage.runs.finish(alice, run.id, {
          status: 'failed',
          rowCount: 0,
          error: { code: 'QUERY_FAILED', message: 'relation "x" does not exist' },
        })
        const read = await storage.runs.get(alice, run.id)
        expect(read).toMatchObject({
          status: 'failed',
          trigger: 'schedule',
          error: { code: 'QUERY_FAILED', message: 'relation "x" does not exist' },
        })
        expect(read?.scheduledFor).toEqual(scheduledFor)
        expect(read?.file).toBeUndefined()
      })

      it('hides another tenant runs', async () => {
        const alice = ctx('alice')
        const mallory = ctx('mallory', ['owner'], other)
        const run = await storage.runs.start(alice, newRun('r1'))
        expect(await storage.runs.get(mallory, run.id)).toBeUndefined()
        expect((await storage.runs.listByReport(mallory, 'r1')).items).toEqual([])
        await expectCode(
          storage.runs.finish(mallory, run.id, { status: 'failed', rowCount: 0 }),
          'NOT_FOUND',
        )
        expect((await storage.runs.get(alice, run.id))?.status).toBe('running')
      })

      it('lists a report runs newest first, page by page', async () => {
        const alice = ctx('alice')
        const reportId = `r-${randomUUID()}`
        const ids: string[] = []
        for (let i = 0; i < 3; i++) {
          ids.push((await storage.runs.start(alice, newRun(reportId))).id)
          clock.advance(10)
        }
        await storage.runs.start(alice, newRun(`${reportId}-other`))
        const first = await storage.runs.listByReport(alice, reportId, { limit: 2 })
        expect(first.items.map((r) => r.id)).toEqual([ids[2], ids[1]])
        const second = await storage.runs.listByReport(alice, reportId, {
          limit: 2,
          cursor: first.nextCursor,
        })
        expect(second.items.map((r) => r.id)).toEqual([ids[0]])
        expect(second.nextCursor).toBeUndefined()
      })
    })

    describe('schedules', () => {
      it('lists enabled schedules as due until the scheduler sets a later run', async () => {
        const alice = ctx('alice')
        const plain = await storage.reports.create(alice, sales('Plain'))
        const daily = await storage.reports.create(alice, scheduled('Daily'))
        const off = await storage.reports.create(alice, scheduled('Off', false))
        const mine = new Set([plain.id, daily.id, off.id])
        const due = async (now: string) =>
          (await storage.schedules.listDue(new Date(now), 10_000)).filter((s) =>
            mine.has(s.reportId),
          )

        const first = await due('2031-03-04T09:00:00Z')
        expect(first.map((s) => s.reportId)).toEqual([daily.id])
        expect(first[0]).toMatchObject({ tenantId: tenant, ownerId: alice.userId, enabled: true })
        expect(first[0]?.nextRunAt).toBeUndefined()

        await storage.schedules.setNextRun(daily.id, new Date('2031-03-05T08:00:00Z'))
        expect(await due('2031-03-04T09:00:00Z')).toEqual([])
        const later = await due('2031-03-05T08:00:00Z')
        expect(later.map((s) => s.reportId)).toEqual([daily.id])
        expect(later[0]?.nextRunAt).toEqual(new Date('2031-03-05T08:00:00Z'))

        await storage.schedules.setNextRun(daily.id, undefined)
        expect(await due('2040-01-01T00:00:00Z')).toEqual([])

        // A changed schedule is computed again.
        const changed = scheduled('Daily')
        await storage.reports.update(alice, daily.id, {
          ...changed,
          schedule: { ...required(changed.schedule), time: '09:00' },
        })
        expect((await due('2031-03-04T09:00:00Z')).map((s) => s.reportId)).toEqual([daily.id])

        await storage.reports.delete(alice, daily.id)
        expect(await due('2040-01-01T00:00:00Z')).toEqual([])
      })

      it('ignores setNextRun for an unknown report', async () => {
        await expect(
          storage.schedules.setNextRun(`missing-${randomUUID()}`, new Date()),
        ).resolves.toBeUndefined()
      })
    })

    describe('leases', () => {
      it('lets one holder claim an occurrence until the lease expires', async ({ skip }) => {
        const leases = storage.leases
        if (!leases) return skip('this storage has no leases')
        const occurrence = {
          scheduleId: `s-${randomUUID()}`,
          dueAt: new Date('2031-03-04T08:00:00Z'),
        }
        const lease = required(await leases.claim(occurrence, 'one', 10_000))
        expect(lease).toMatchObject({ holder: 'one', scheduleId: occurrence.scheduleId })
        expect(lease?.dueAt).toEqual(occurrence.dueAt)
        expect(lease?.expiresAt).toEqual(new Date(clock.now().getTime() + 10_000))
        expect(await leases.claim(occurrence, 'two', 10_000)).toBeUndefined()
        const next = { ...occurrence, dueAt: new Date('2031-03-05T08:00:00Z') }
        expect((await leases.claim(next, 'two', 10_000))?.holder).toBe('two')

        clock.advance(9_000)
        expect(await leases.renew(lease)).toBe(true)
        clock.advance(9_000)
        expect(await leases.claim(occurrence, 'two', 10_000)).toBeUndefined()
        clock.advance(2_000)
        const taken = required(await leases.claim(occurrence, 'two', 10_000))
        expect(taken?.holder).toBe('two')
        expect(await leases.renew(lease)).toBe(false)

        await leases.release(lease) // no longer the holder: no effect
        expect(await leases.claim(occurrence, 'three', 10_000)).toBeUndefined()
        await leases.release(taken)
        expect((await leases.claim(occurrence, 'three', 10_000))?.holder).toBe('three')
      })

      it('gives a contested occurrence to exactly one of many claimers', async ({ skip }) => {
        const leases = storage.leases
        if (!leases) return skip('this storage has no leases')
        const occurrence = {
          scheduleId: `s-${randomUUID()}`,
          dueAt: new Date('2031-03-04T08:00:00Z'),
        }
        const claims = await Promise.all(
          Array.from({ length: 8 }, (_, i) => leases.claim(occurrence, `holder-${i}`, 60_000)),
        )
        expect(claims.filter(Boolean)).toHaveLength(1)
      })
    })
  })
}

function sales(name: string) {
  return parseReportDefinition({
    version: 1,
    name,
    dataset: 'orders',
    fields: [{ field: 'amount', aggregation: 'sum' }, { field: 'region' }],
    filters: [{ field: 'region', operator: 'equals', value: "O'Brien; DROP TABLE x" }],
  })
}

function scheduled(name: string, enabled = true) {
  return parseReportDefinition({
    version: 1,
    name,
    dataset: 'orders',
    fields: [{ field: 'amount' }],
    schedule: { enabled, frequency: 'daily', time: '08:00', timezone: 'Europe/Berlin' },
    delivery: {
      enabled: true,
      recipients: [{ name: 'Ann', email: 'ann@example.com' }],
      subject: '{{report_name}} for {{run_date}}',
      body: 'Hello',
    },
  })
}

function newRun(reportId: string) {
  return { reportId, reportName: 'Sales', format: 'csv', trigger: 'manual' } as const
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<Error> {
  try {
    await promise
  } catch (error) {
    expect(isReportwrightError(error) ? error.code : error).toBe(code)
    return error as Error
  }
  throw new Error(`expected a ${code} error, but the call succeeded`)
}

function required<TValue>(value: TValue | undefined): TValue {
  if (value === undefined) throw new Error('expected a value')
  return value
}
