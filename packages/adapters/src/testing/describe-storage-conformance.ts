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
 * The optional capabilities (`schedules.get`/`setPaused`/`setFailureStreak`/
 * `incrementFailureStreak`/`listAll`, `StoredSchedule.spec`, `occurrences` and its
 * `pruneOccurrences`) are tested when declared and skipped with a reason otherwise.
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

      it('pauses and resumes a schedule, keeping its failure streak', async ({ skip }) => {
        const { get, setPaused, setFailureStreak } = storage.schedules
        if (!get || !setPaused || !setFailureStreak)
          return skip('optional capability: schedules.get/setPaused/setFailureStreak not declared')
        const schedules = storage.schedules
        const alice = ctx('alice')
        const daily = await storage.reports.create(alice, scheduled('Daily'))
        const isDue = async () =>
          (await schedules.listDue(new Date('2040-01-01T00:00:00Z'), 10_000)).some(
            (s) => s.reportId === daily.id,
          )
        expect(await schedules.get?.(daily.id)).toMatchObject({
          reportId: daily.id,
          tenantId: tenant,
          ownerId: alice.userId,
          enabled: true,
          paused: false,
          consecutiveFailures: 0,
        })
        expect(await schedules.get?.(`missing-${randomUUID()}`)).toBeUndefined()

        await schedules.setFailureStreak?.(daily.id, 3)
        await schedules.setPaused?.(daily.id, true, 'Three runs in a row failed')
        await schedules.setNextRun(daily.id, new Date('2031-03-05T08:00:00Z'))
        const paused = await schedules.get?.(daily.id)
        expect(paused).toMatchObject({
          paused: true,
          pausedReason: 'Three runs in a row failed',
          consecutiveFailures: 3,
        })
        expect(paused?.nextRunAt).toEqual(new Date('2031-03-05T08:00:00Z'))
        expect(await isDue()).toBe(false)

        await schedules.setPaused?.(daily.id, false)
        await schedules.setFailureStreak?.(daily.id, 0)
        const resumed = await schedules.get?.(daily.id)
        expect(resumed).toMatchObject({ paused: false, consecutiveFailures: 0 })
        expect(resumed?.pausedReason).toBeUndefined()
        expect(await isDue()).toBe(true)
        await expect(
          schedules.setPaused?.(`missing-${randomUUID()}`, true, 'x'),
        ).resolves.toBeUndefined()
      })

      it('counts failures atomically: N concurrent increments add exactly N', async ({ skip }) => {
        const { incrementFailureStreak, get } = storage.schedules
        if (!incrementFailureStreak || !get)
          return skip('optional capability: schedules.incrementFailureStreak/get not declared')
        const schedules = storage.schedules
        const alice = ctx('alice')
        const daily = await storage.reports.create(alice, scheduled('Daily'))
        await schedules.setFailureStreak?.(daily.id, 2)
        const results = await Promise.all(
          Array.from({ length: 20 }, () => schedules.incrementFailureStreak?.(daily.id)),
        )
        // Each caller saw its own step: 3 … 22, each once.
        expect([...results].sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(
          Array.from({ length: 20 }, (_, i) => i + 3),
        )
        expect((await schedules.get?.(daily.id))?.consecutiveFailures).toBe(22)
        expect(await schedules.incrementFailureStreak?.(`missing-${randomUUID()}`)).toBe(0)
      })

      it('lists every schedule with its saved spec when declared', async ({ skip }) => {
        const { get } = storage.schedules
        if (!get) return skip('optional capability: schedules.get not declared')
        const alice = ctx('alice')
        const definition = scheduled('Daily')
        const daily = await storage.reports.create(alice, definition)
        const stored = await storage.schedules.get?.(daily.id)
        if (stored?.spec === undefined) return skip('optional field: StoredSchedule.spec not set')
        expect(stored.spec).toEqual(definition.schedule)
        const changed = { ...required(definition.schedule), time: '17:45' }
        await storage.reports.update(alice, daily.id, { ...definition, schedule: changed })
        expect((await storage.schedules.get?.(daily.id))?.spec).toEqual(changed)
      })

      it('lists every schedule, enabled or not, page by page', async ({ skip }) => {
        if (!storage.schedules.listAll)
          return skip('optional capability: schedules.listAll not declared')
        const alice = ctx('alice')
        const plain = await storage.reports.create(alice, sales('Plain'))
        const daily = await storage.reports.create(alice, scheduled('Daily'))
        const off = await storage.reports.create(alice, scheduled('Off', false))
        const seen: string[] = []
        let cursor: string | undefined
        for (let page = 0; page < 10_000; page++) {
          const result = await storage.schedules.listAll({
            limit: 7,
            ...(cursor !== undefined ? { cursor } : {}),
          })
          expect(result.items.length).toBeLessThanOrEqual(7)
          seen.push(...result.items.map((s) => s.reportId))
          const mine = result.items.find((s) => s.reportId === off.id)
          if (mine) expect(mine).toMatchObject({ enabled: false, ownerId: alice.userId })
          cursor = result.nextCursor
          if (cursor === undefined) break
        }
        expect(new Set(seen).size).toBe(seen.length)
        expect(seen).toContain(daily.id)
        expect(seen).toContain(off.id)
        expect(seen).not.toContain(plain.id)
      })
    })

    describe('occurrences', () => {
      const fireTime = new Date('2031-03-04T08:00:00Z')
      const newOccurrence = (scheduleId: string, at = fireTime) => ({
        scheduleId,
        fireTime: at,
        tenantId: tenant,
        ownerId: 'owner-1',
        status: 'pending' as const,
        notBefore: new Date(at.getTime() + 1_500),
      })
      const skipReason = 'optional capability: storage.occurrences not declared'

      it('creates an occurrence once per (scheduleId, fireTime)', async ({ skip }) => {
        const occurrences = storage.occurrences
        if (!occurrences) return skip(skipReason)
        const scheduleId = `s-${randomUUID()}`
        const first = await occurrences.create(newOccurrence(scheduleId))
        expect(first.created).toBe(true)
        expect(first.record).toEqual({
          ...newOccurrence(scheduleId),
          attempt: 0,
          runIds: [],
          version: 1,
        })
        const again = await occurrences.create({ ...newOccurrence(scheduleId), status: 'running' })
        expect(again.created).toBe(false)
        expect(again.record).toEqual(first.record)
        expect(await occurrences.get({ scheduleId, fireTime })).toEqual(first.record)
        expect(
          await occurrences.get({ scheduleId, fireTime: new Date(fireTime.getTime() + 1) }),
        ).toBeUndefined()

        const racers = `s-${randomUUID()}`
        const results = await Promise.all(
          Array.from({ length: 8 }, () => occurrences.create(newOccurrence(racers))),
        )
        expect(results.filter((result) => result.created)).toHaveLength(1)
      })

      it('updates by compare-and-set on version, and clears fields set to undefined', async ({
        skip,
      }) => {
        const occurrences = storage.occurrences
        if (!occurrences) return skip(skipReason)
        const scheduleId = `s-${randomUUID()}`
        const key = { scheduleId, fireTime }
        await occurrences.create(newOccurrence(scheduleId))
        const startedAt = new Date('2031-03-04T08:00:02Z')
        const running = required(
          await occurrences.update(
            key,
            { status: 'running', attempt: 1, holder: 'instance-a', startedAt },
            1,
          ),
        )
        expect(running).toMatchObject({ status: 'running', attempt: 1, holder: 'instance-a' })
        expect(running.version).toBe(2)
        expect(running.startedAt).toEqual(startedAt)
        expect(await occurrences.update(key, { holder: 'instance-b' }, 1)).toBeUndefined()
        expect((await occurrences.get(key))?.holder).toBe('instance-a')

        const error = { code: 'ABANDONED', message: "Instance a stopped; it's gone" }
        const retrying = required(
          await occurrences.update(
            key,
            {
              status: 'retrying',
              holder: undefined,
              abandoned: true,
              error,
              runIds: ['run-1'],
              notBefore: new Date('2031-03-04T08:05:00Z'),
            },
            2,
          ),
        )
        const stored = await occurrences.get(key)
        expect(stored).toEqual(retrying)
        expect(stored?.holder).toBeUndefined()
        expect(stored).toMatchObject({ abandoned: true, error, runIds: ['run-1'], version: 3 })
        expect(stored?.notBefore).toEqual(new Date('2031-03-04T08:05:00Z'))

        const finishedAt = new Date('2031-03-04T08:06:00Z')
        const done = await occurrences.update(
          key,
          { status: 'succeeded', error: undefined, finishedAt, attempt: 2 },
          3,
        )
        expect(await occurrences.get(key)).toEqual(done)
        expect(done?.error).toBeUndefined()
        expect(done).toMatchObject({ status: 'succeeded', attempt: 2, abandoned: true })
        expect(await occurrences.update({ scheduleId: 'missing', fireTime }, {}, 1)).toBeUndefined()
      })

      it('lets exactly one of many concurrent updates of one version win', async ({ skip }) => {
        const occurrences = storage.occurrences
        if (!occurrences) return skip(skipReason)
        const scheduleId = `s-${randomUUID()}`
        await occurrences.create(newOccurrence(scheduleId))
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            occurrences.update(
              { scheduleId, fireTime },
              { status: 'running', holder: `holder-${i}`, attempt: 1 },
              1,
            ),
          ),
        )
        const winners = results.filter((result) => result !== undefined)
        expect(winners).toHaveLength(1)
        expect((await occurrences.get({ scheduleId, fireTime }))?.holder).toBe(winners[0]?.holder)
      })

      it('lists ready, running and a schedule history', async ({ skip }) => {
        const occurrences = storage.occurrences
        if (!occurrences) return skip(skipReason)
        const scheduleId = `s-${randomUUID()}`
        const at = (hour: number) => new Date(Date.UTC(2031, 2, 4, hour))
        const make = async (hour: number, patch: Parameters<typeof occurrences.update>[1]) => {
          const { record } = await occurrences.create(newOccurrence(scheduleId, at(hour)))
          return required(await occurrences.update(record, patch, record.version))
        }
        await make(1, { status: 'retrying', notBefore: at(2) })
        await make(2, { status: 'pending', notBefore: at(1) })
        await make(3, { status: 'running', holder: 'a' })
        await make(4, { status: 'succeeded' })
        await make(5, { status: 'pending', notBefore: at(9) })
        const mine = <TRecord extends { readonly scheduleId: string }>(
          records: readonly TRecord[],
        ): TRecord[] => records.filter((record) => record.scheduleId === scheduleId)

        const ready = mine(await occurrences.listReady(at(5), 5_000))
        expect(ready.map((r) => r.fireTime)).toEqual([at(2), at(1)])
        expect(mine(await occurrences.listReady(at(0), 5_000))).toEqual([])
        expect(mine(await occurrences.listRunning(5_000)).map((r) => r.fireTime)).toEqual([at(3)])
        const history = await occurrences.listBySchedule(scheduleId, 3)
        expect(history.map((r) => r.fireTime)).toEqual([at(5), at(4), at(3)])
        expect(await occurrences.listBySchedule(`s-${randomUUID()}`, 3)).toEqual([])
      })

      it('prunes ended occurrences older than a cutoff, keeping the newest per schedule', async ({
        skip,
      }) => {
        const occurrences = storage.occurrences
        if (!occurrences?.pruneOccurrences)
          return skip('optional capability: occurrences.pruneOccurrences not declared')
        // Fire times in 2000: no other test of the suite writes any before the cutoff.
        const at = (hour: number) => new Date(Date.UTC(2000, 0, 1, hour))
        const cutoff = at(24)
        const a = `s-${randomUUID()}`
        const b = `s-${randomUUID()}`
        const make = async (
          scheduleId: string,
          hour: number,
          status: 'succeeded' | 'failed' | 'skipped' | 'running',
        ) => {
          const { record } = await occurrences.create(newOccurrence(scheduleId, at(hour)))
          required(await occurrences.update(record, { status }, record.version))
        }
        await make(a, 1, 'succeeded')
        await make(a, 2, 'failed')
        await make(a, 3, 'skipped')
        await make(a, 4, 'running')
        await make(a, 5, 'succeeded')
        await make(a, 30, 'succeeded')
        await make(b, 1, 'succeeded')
        await make(b, 2, 'succeeded')
        const hours = async (scheduleId: string) =>
          (await occurrences.listBySchedule(scheduleId, 100)).map((r) =>
            Math.round((r.fireTime.getTime() - at(0).getTime()) / 3_600_000),
          )

        expect(await occurrences.pruneOccurrences({ olderThan: cutoff, keepLast: 2 })).toBe(3)
        expect(await hours(a)).toEqual([30, 5, 4])
        expect(await hours(b)).toEqual([2, 1])

        expect(await occurrences.pruneOccurrences({ olderThan: cutoff })).toBe(3)
        // The running one stays whatever its age; the one after the cutoff too.
        expect(await hours(a)).toEqual([30, 4])
        expect(await hours(b)).toEqual([])
        expect(await occurrences.pruneOccurrences({ olderThan: cutoff })).toBe(0)
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
