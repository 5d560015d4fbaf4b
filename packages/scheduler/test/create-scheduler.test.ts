import { describe, expect, it } from 'vitest'
import type { RequestContext } from '@reportwright/core'
import { createScheduler } from '../src/create-scheduler'
import { manualClock } from '../src/manual-clock'
import { nextRuns } from '../src/next-runs'
import { memoryOccurrenceStore, storageOccurrenceStore } from '../src/occurrence-store'
import type { SchedulePausedNotice, SchedulerEvent } from '../src/scheduler-types'
import {
  createReports,
  deferred,
  runKeys,
  scheduledReport,
  stubEngine,
  testStorage,
} from './scheduler-fixtures'

const acme: RequestContext = { userId: 'ann', tenantId: 'acme', roles: ['owner'] }
const globex: RequestContext = { userId: 'bob', tenantId: 'globex', roles: ['owner'] }
const at = (iso: string): Date => new Date(iso)
const MINUTE = 60_000

describe('createScheduler: occurrences run exactly once', () => {
  it('three instances ticking at once over three hours run every occurrence once', async () => {
    const clock = manualClock(at('2026-06-01T00:00:00Z'))
    const storage = testStorage(clock)
    const occurrences = memoryOccurrenceStore()
    const engine = stubEngine(storage)
    const specs = Array.from({ length: 20 }, (_, i) =>
      scheduledReport({ frequency: 'cron', cron: `${i % 15}-59/15 * * * *` }, `r${i}`),
    )
    const ids = await createReports(storage, acme, specs)
    const instances = ['a', 'b', 'c'].map((instanceId) =>
      createScheduler({
        engine,
        storage,
        occurrences,
        instanceId,
        clock,
        jitterMs: 0,
        concurrency: 50,
        tenantConcurrency: 50,
      }),
    )
    const end = at('2026-06-01T03:00:00Z')
    while (clock.now() < end) {
      await clock.advance(MINUTE)
      await Promise.all(instances.map((scheduler) => scheduler.tick()))
    }
    const expected = ids.flatMap((id, i) =>
      // A fire time at the very moment the report is created counts too.
      nextRuns(specs[i]!.schedule!, at('2026-05-31T23:59:59.999Z'), 100)
        .filter((date) => date <= end)
        .map((date) => `${id}@${date.toISOString()}`),
    )
    expect(expected.length).toBe(20 * 12 + 2)
    expect([...runKeys(engine.calls)].sort()).toEqual([...expected].sort())
    expect(
      engine.calls.every((call) => call.asOf?.getTime() === call.scheduledFor?.getTime()),
    ).toBe(true)
  })

  it('across DST: 02:30 Berlin runs at 03:00 on spring-forward day and once on fall-back day', async () => {
    for (const [start, end, expected] of [
      ['2026-03-28T20:00:00Z', '2026-03-29T06:00:00Z', ['2026-03-29T01:00:00.000Z']],
      ['2026-10-24T20:00:00Z', '2026-10-25T06:00:00Z', ['2026-10-25T00:30:00.000Z']],
    ] as const) {
      const clock = manualClock(at(start))
      const storage = testStorage(clock)
      const engine = stubEngine(storage)
      await createReports(storage, acme, [
        scheduledReport({ time: '02:30', timezone: 'Europe/Berlin' }),
      ])
      const scheduler = createScheduler({ engine, storage, clock, jitterMs: 0 })
      while (clock.now() < at(end)) {
        await scheduler.tick()
        await clock.advance(10 * MINUTE)
      }
      expect(engine.calls.map((call) => call.scheduledFor?.toISOString())).toEqual(expected)
    }
  })
})

describe('createScheduler: the shared run history guards occurrences', () => {
  it('an instance with its own occurrence store never reruns an occurrence that succeeded', async () => {
    const clock = manualClock(at('2026-06-01T09:00:00Z'))
    const storage = testStorage(clock)
    const engine = stubEngine(storage)
    const [id] = await createReports(storage, acme, [scheduledReport({ time: '09:00' })])
    // Stores of their own, as when the storage keeps no occurrences.
    const own = { engine, storage, clock, jitterMs: 0 }
    const a = createScheduler({ ...own, instanceId: 'a', occurrences: memoryOccurrenceStore() })
    const b = createScheduler({ ...own, instanceId: 'b', occurrences: memoryOccurrenceStore() })
    await a.tick()
    expect(engine.calls).toHaveLength(1)
    // b learned of the occurrence before a finished it (a stale poll in another process).
    await b.occurrences.create({
      scheduleId: id!,
      fireTime: at('2026-06-01T09:00:00Z'),
      tenantId: 'acme',
      ownerId: 'ann',
      status: 'pending',
      notBefore: at('2026-06-01T09:00:00Z'),
    })
    const result = await b.tick()
    expect(engine.calls).toHaveLength(1)
    expect(result.finished[0]).toMatchObject({ status: 'succeeded' })
    const runs = await storage.runs.listByReport(acme, id!)
    expect(result.finished[0]!.runIds).toEqual([runs.items[0]!.id])
  })
})

describe('createScheduler: state shared through the storage', () => {
  it('instances on one storage see the same occurrences and pause state', async () => {
    const clock = manualClock(at('2026-06-01T09:00:00Z'))
    const storage = testStorage(clock)
    const engine = stubEngine(storage)
    const [id] = await createReports(storage, acme, [scheduledReport({ time: '09:00' })])
    const a = createScheduler({ engine, storage, clock, instanceId: 'a', jitterMs: 0 })
    const b = createScheduler({ engine, storage, clock, instanceId: 'b', jitterMs: 0 })
    await a.tick()
    const key = { scheduleId: id!, fireTime: at('2026-06-01T09:00:00Z') }
    expect(await b.occurrences.get(key)).toMatchObject({ status: 'succeeded', attempt: 1 })
    expect(await storage.occurrences?.get(key)).toMatchObject({ status: 'succeeded' })
    expect((await b.tick()).finished).toEqual([])

    await a.pause(id!, 'Quarter close')
    expect(await b.occurrences.getScheduleState(id!)).toMatchObject({
      paused: true,
      pausedReason: 'Quarter close',
    })
    expect(await storage.schedules.get?.(id!)).toMatchObject({ paused: true })
    await b.resume(id!)
    expect((await a.occurrences.getScheduleState(id!)).paused).toBe(false)
  })
})

describe('createScheduler: catch-up after downtime', () => {
  async function downtime(catchUp: 'skip' | 'once' | 'all') {
    const clock = manualClock(at('2026-06-01T08:00:00Z'))
    const storage = testStorage(clock)
    const engine = stubEngine(storage)
    const [id] = await createReports(storage, acme, [scheduledReport({ time: '09:00' })])
    const scheduler = createScheduler({
      engine,
      storage,
      clock,
      jitterMs: 0,
      catchUp,
      catchUpLimit: 3,
    })
    await scheduler.tick()
    await clock.set(at('2026-06-05T10:00:00Z'))
    const result = await scheduler.tick()
    // The next poll, on time, runs the next occurrence whatever the policy.
    await clock.set(at('2026-06-06T09:00:30Z'))
    await scheduler.tick()
    const history = await scheduler.occurrences.listBySchedule(id!, 20)
    return { engine, result, history }
  }

  it('skip: none of the missed ones, then the next one on time', async () => {
    const { engine, result, history } = await downtime('skip')
    expect(result.skipped).toBe(5)
    expect(engine.calls.map((call) => call.scheduledFor?.toISOString())).toEqual([
      '2026-06-06T09:00:00.000Z',
    ])
    expect(history.filter((record) => record.status === 'skipped')).toHaveLength(5)
  })

  it('once: one run, for the latest missed fire time', async () => {
    const { engine, result } = await downtime('once')
    expect(result.skipped).toBe(4)
    expect(engine.calls.map((call) => call.scheduledFor?.toISOString())).toEqual([
      '2026-06-05T09:00:00.000Z',
      '2026-06-06T09:00:00.000Z',
    ])
  })

  it('all: each missed one oldest first, capped at catchUpLimit', async () => {
    const { engine, result } = await downtime('all')
    expect(result.skipped).toBe(2)
    expect(engine.calls.map((call) => call.scheduledFor?.toISOString())).toEqual([
      '2026-06-03T09:00:00.000Z',
      '2026-06-04T09:00:00.000Z',
      '2026-06-05T09:00:00.000Z',
      '2026-06-06T09:00:00.000Z',
    ])
  })
})

describe('createScheduler: retries, failures and pausing', () => {
  it('retries with exponential backoff and records every attempt', async () => {
    const clock = manualClock(at('2026-06-01T08:59:00Z'))
    const storage = testStorage(clock)
    const engine = stubEngine(storage, ({ n }) =>
      n < 3
        ? {
            status: 'failed',
            error: { code: 'SOURCE_UNAVAILABLE', message: 'down' },
            deliveries: [],
          }
        : { status: 'succeeded', deliveries: [] },
    )
    const [id] = await createReports(storage, acme, [scheduledReport({ time: '09:00' })])
    const scheduler = createScheduler({
      engine,
      storage,
      clock,
      jitterMs: 0,
      retry: { attempts: 3, baseDelayMs: 1_000 },
    })
    await scheduler.tick()
    await clock.set(at('2026-06-01T09:00:00Z'))
    const first = await scheduler.tick()
    expect(first.finished[0]).toMatchObject({ status: 'retrying', attempt: 1 })
    expect(first.finished[0]!.notBefore.toISOString()).toBe('2026-06-01T09:00:01.000Z')
    await clock.advance(999)
    expect((await scheduler.tick()).started).toBe(0)
    await clock.advance(1)
    const second = await scheduler.tick()
    expect(second.finished[0]!.notBefore.toISOString()).toBe('2026-06-01T09:00:03.000Z')
    await clock.advance(2_000)
    const third = await scheduler.tick()
    expect(third.finished[0]).toMatchObject({ status: 'succeeded', attempt: 3 })
    expect(third.finished[0]!.runIds).toHaveLength(3)
    const runs = await storage.runs.listByReport(acme, id!)
    expect(runs.items.map((run) => run.status).sort()).toEqual(['failed', 'failed', 'succeeded'])
    expect(new Set(runs.items.map((run) => run.scheduledFor?.toISOString()))).toEqual(
      new Set(['2026-06-01T09:00:00.000Z']),
    )
  })

  it('fails an occurrence after its attempts, and the next one still runs', async () => {
    const clock = manualClock(at('2026-06-01T08:59:00Z'))
    const storage = testStorage(clock)
    const engine = stubEngine(storage, ({ options }) =>
      options.scheduledFor?.getUTCDate() === 1
        ? { status: 'failed', error: { code: 'QUERY_FAILED', message: 'boom' }, deliveries: [] }
        : { status: 'succeeded', deliveries: [] },
    )
    await createReports(storage, acme, [scheduledReport({ time: '09:00' })])
    const scheduler = createScheduler({
      engine,
      storage,
      clock,
      jitterMs: 0,
      retry: { attempts: 2, baseDelayMs: 1_000 },
    })
    await scheduler.tick()
    await clock.set(at('2026-06-01T09:00:00Z'))
    await scheduler.tick()
    await clock.advance(1_000)
    const final = await scheduler.tick()
    expect(final.finished[0]).toMatchObject({
      status: 'failed',
      attempt: 2,
      error: { code: 'QUERY_FAILED' },
    })
    await clock.set(at('2026-06-02T09:00:00Z'))
    const next = await scheduler.tick()
    expect(next.finished[0]).toMatchObject({ status: 'succeeded', attempt: 1 })
  })

  it('does not retry a run whose email already reached someone', async () => {
    const clock = manualClock(at('2026-06-01T09:00:00Z'))
    const storage = testStorage(clock)
    const engine = stubEngine(storage, () => ({
      status: 'failed',
      error: { code: 'DELIVERY_FAILED', message: 'one bounced' },
      deliveries: [
        {
          channel: 'smtp',
          accepted: ['a@example.com'],
          rejected: [{ email: 'b@x', reason: 'bounce' }],
        },
      ],
    }))
    await createReports(storage, acme, [scheduledReport({ time: '09:00' })])
    const scheduler = createScheduler({
      engine,
      storage,
      clock,
      jitterMs: 0,
      retry: { attempts: 3, baseDelayMs: 1 },
    })
    const result = await scheduler.tick()
    expect(result.finished[0]).toMatchObject({ status: 'failed', attempt: 1 })
  })

  it('pauses a schedule after 3 failed occurrences and tells the owner and the webhook', async () => {
    const clock = manualClock(at('2026-06-01T08:00:00Z'))
    const storage = testStorage(clock)
    const engine = stubEngine(storage, () => ({
      status: 'failed',
      error: { code: 'QUERY_FAILED', message: 'relation "rw_sales" does not exist' },
      deliveries: [],
    }))
    const [id] = await createReports(storage, acme, [scheduledReport({ time: '09:00' })])
    const owners: SchedulePausedNotice[] = []
    const posts: { url: string; body: string }[] = []
    const events: SchedulerEvent[] = []
    const scheduler = createScheduler({
      engine,
      storage,
      clock,
      jitterMs: 0,
      retry: { attempts: 1 },
      notifyOwner: (notice) => void owners.push(notice),
      webhook: {
        url: 'https://host.example/hooks/paused',
        fetch: async (url, init) => {
          posts.push({ url, body: init.body })
          return { ok: true, status: 204 }
        },
      },
    })
    scheduler.subscribe((event) => events.push(event))
    for (const day of ['01', '02', '03', '04', '05']) {
      await clock.set(at(`2026-06-${day}T09:00:00Z`))
      await scheduler.tick()
    }
    expect(engine.calls).toHaveLength(3)
    expect(owners).toHaveLength(1)
    expect(owners[0]).toMatchObject({
      scheduleId: id,
      ownerId: 'ann',
      tenantId: 'acme',
      consecutiveFailures: 3,
    })
    expect(owners[0]!.reason).toContain('relation "rw_sales" does not exist')
    expect(posts).toHaveLength(1)
    expect(JSON.parse(posts[0]!.body)).toMatchObject({ scheduleId: id, consecutiveFailures: 3 })
    expect(events.some((event) => event.type === 'schedule:paused')).toBe(true)

    // Resume: the next occurrence runs, none of those missed while paused.
    await scheduler.resume(id!)
    await clock.set(at('2026-06-06T09:00:00Z'))
    await scheduler.tick()
    expect(engine.calls.map((call) => call.scheduledFor?.toISOString()).at(-1)).toBe(
      '2026-06-06T09:00:00.000Z',
    )
    expect(engine.calls).toHaveLength(4)
  })

  it('pause and resume by hand; disabling the report stops its schedule', async () => {
    const clock = manualClock(at('2026-06-01T08:00:00Z'))
    const storage = testStorage(clock)
    const engine = stubEngine(storage)
    const [id] = await createReports(storage, acme, [scheduledReport({ time: '09:00' })])
    const scheduler = createScheduler({ engine, storage, clock, jitterMs: 0 })
    await scheduler.tick()
    await scheduler.pause(id!)
    await clock.set(at('2026-06-01T09:00:00Z'))
    await scheduler.tick()
    expect(engine.calls).toHaveLength(0)
    await scheduler.resume(id!)
    await clock.set(at('2026-06-02T09:00:00Z'))
    await scheduler.tick()
    expect(engine.calls).toHaveLength(1)

    const stored = await storage.reports.get(acme, id!)
    await storage.reports.update(acme, id!, {
      ...stored!.definition,
      schedule: { ...stored!.definition.schedule!, enabled: false },
    })
    await clock.set(at('2026-06-03T09:00:00Z'))
    await scheduler.tick()
    expect(engine.calls).toHaveLength(1)
  })
})

describe('createScheduler: fairness', () => {
  it('keeps per-tenant and global limits, so one tenant cannot take every slot', async () => {
    const clock = manualClock(at('2026-06-01T08:59:00Z'))
    const storage = testStorage(clock)
    const gates = new Map<string, { promise: Promise<void>; resolve: () => void }>()
    let running = 0
    let maxRunning = 0
    const runningByTenant = new Map<string, number>()
    let maxPerTenant = 0
    const engine = stubEngine(storage, async ({ reportId, options }) => {
      const tenant = options.context.tenantId ?? ''
      running++
      runningByTenant.set(tenant, (runningByTenant.get(tenant) ?? 0) + 1)
      maxRunning = Math.max(maxRunning, running)
      maxPerTenant = Math.max(maxPerTenant, runningByTenant.get(tenant)!)
      const gate = deferred()
      gates.set(reportId, gate)
      await gate.promise
      running--
      runningByTenant.set(tenant, runningByTenant.get(tenant)! - 1)
      return { status: 'succeeded', deliveries: [] }
    })
    const acmeIds = await createReports(
      storage,
      acme,
      Array.from({ length: 6 }, () => scheduledReport({})),
    )
    const globexIds = await createReports(storage, globex, [
      scheduledReport({}),
      scheduledReport({}),
    ])
    const scheduler = createScheduler({
      engine,
      storage,
      clock,
      jitterMs: 0,
      concurrency: 3,
      tenantConcurrency: 2,
    })
    await scheduler.tick()
    await clock.set(at('2026-06-01T09:00:00Z'))
    const started: string[] = []
    scheduler.subscribe((event) => {
      if (event.type === 'occurrence:started') started.push(event.occurrence.scheduleId)
    })
    const tick = scheduler.tick()
    await vi_waitFor(() => gates.size === 3)
    expect(started.filter((id) => acmeIds.includes(id))).toHaveLength(2)
    expect(started.filter((id) => globexIds.includes(id))).toHaveLength(1)
    for (const gate of gates.values()) gate.resolve()
    await tick
    // Later polls run the rest, still within the limits.
    for (let i = 0; i < 5 && engine.calls.length < 8; i++) {
      const next = scheduler.tick()
      await new Promise((resolve) => setImmediate(resolve))
      for (const gate of gates.values()) gate.resolve()
      await vi_waitFor(() => running === 0)
      for (const gate of gates.values()) gate.resolve()
      await next
    }
    expect(new Set(engine.calls.map((call) => call.reportId)).size).toBe(8)
    expect(engine.calls).toHaveLength(8)
    expect(maxRunning).toBeLessThanOrEqual(3)
    expect(maxPerTenant).toBeLessThanOrEqual(2)
  })

  it('delays occurrences due at the same minute by a random jitter within the window', async () => {
    const clock = manualClock(at('2026-06-01T08:59:00Z'))
    const storage = testStorage(clock)
    const engine = stubEngine(storage)
    await createReports(storage, acme, [scheduledReport({}), scheduledReport({})])
    const draws = [0.5, 0.9]
    const scheduler = createScheduler({
      engine,
      storage,
      clock,
      jitterMs: 60_000,
      random: () => draws.shift() ?? 0,
    })
    await scheduler.tick()
    await clock.set(at('2026-06-01T09:00:00Z'))
    const first = await scheduler.tick()
    expect(first.scheduled).toBe(2)
    expect(first.started).toBe(0)
    await clock.set(at('2026-06-01T09:00:30Z'))
    expect((await scheduler.tick()).started).toBe(1)
    await clock.set(at('2026-06-01T09:00:54Z'))
    expect((await scheduler.tick()).started).toBe(1)
    expect(
      engine.calls.every((call) => call.scheduledFor?.toISOString() === '2026-06-01T09:00:00.000Z'),
    ).toBe(true)
  })
})

describe('createScheduler: crashes and shutdown', () => {
  it.each(['a shared memoryOccurrenceStore', 'storage.occurrences (the default)'])(
    'recovers a run whose instance died: marked abandoned, retried once by another, ends once (%s)',
    async (store) => {
      const clock = manualClock(at('2026-06-01T09:00:00Z'))
      const storage = testStorage(clock)
      const shared = store.startsWith('a shared') ? { occurrences: memoryOccurrenceStore() } : {}
      const hang = deferred<{ status: 'succeeded'; deliveries: [] }>()
      const deadEngine = stubEngine(storage, () => hang.promise)
      const liveEngine = stubEngine(storage)
      const [id] = await createReports(storage, acme, [scheduledReport({ time: '09:00' })])
      // The dead instance's own timers never fire: it cannot renew its lease.
      const frozen = manualClock(at('2026-06-01T09:00:00Z'))
      const dead = createScheduler({
        engine: deadEngine,
        storage,
        ...shared,
        instanceId: 'dead',
        clock: frozen,
        jitterMs: 0,
        leaseTtlMs: 30_000,
      })
      const live = createScheduler({
        engine: liveEngine,
        storage,
        ...shared,
        instanceId: 'live',
        clock,
        jitterMs: 0,
        leaseTtlMs: 30_000,
        retry: { attempts: 1 },
      })
      void dead.tick(clock.now())
      await vi_waitFor(() => deadEngine.calls.length === 1)

      await clock.advance(10_000)
      expect((await live.tick()).abandoned).toBe(0)
      await clock.advance(25_000)
      const recovery = await live.tick()
      expect(recovery.abandoned).toBe(1)
      expect(recovery.finished[0]).toMatchObject({
        status: 'succeeded',
        attempt: 2,
        abandoned: true,
      })
      expect(liveEngine.calls).toHaveLength(1)

      // The dead run comes back late: it must not overwrite the outcome.
      hang.resolve({ status: 'succeeded', deliveries: [] })
      await new Promise((resolve) => setTimeout(resolve, 10))
      const [record] = await live.occurrences.listBySchedule(id!, 5)
      expect(record).toMatchObject({ status: 'succeeded', attempt: 2 })
      const runs = await storage.runs.listByReport(acme, id!)
      expect(runs.items.map((run) => run.error?.code ?? run.status).sort()).toEqual([
        'ABANDONED',
        'succeeded',
      ])
      // Both attempts' runs are on the record.
      expect([...record!.runIds].sort()).toEqual(runs.items.map((run) => run.id).sort())
    },
  )

  it('stop() waits for in-flight runs, cancels them after its timeout, and releases leases', async () => {
    const clock = manualClock(at('2026-06-01T09:00:00Z'))
    const storage = testStorage(clock)
    const gate = deferred()
    const engine = stubEngine(storage, async ({ options }) => {
      await Promise.race([
        gate.promise,
        new Promise((resolve) => options.signal?.addEventListener('abort', resolve)),
      ])
      return options.signal?.aborted
        ? { status: 'cancelled', error: { code: 'CANCELLED', message: 'stopped' }, deliveries: [] }
        : { status: 'succeeded', deliveries: [] }
    })
    const [id] = await createReports(storage, acme, [
      scheduledReport({ time: '09:00' }),
      scheduledReport({ time: '09:00' }),
    ])
    const scheduler = createScheduler({
      engine,
      storage,
      clock,
      jitterMs: 0,
      stopTimeoutMs: 5_000,
      concurrency: 1,
    })
    scheduler.start()
    await clock.advance(0)
    await vi_waitFor(() => engine.calls.length === 1)
    let stopped = false
    const stopping = scheduler.stop().then(() => (stopped = true))
    await new Promise((resolve) => setImmediate(resolve))
    expect(stopped).toBe(false)
    await clock.advance(5_000)
    await stopping
    const history = await scheduler.occurrences.listBySchedule(engine.calls[0]!.reportId, 5)
    // Cancelled by the shutdown: handed back without spending an attempt.
    expect(history[0]).toMatchObject({ status: 'retrying', attempt: 0 })
    expect(
      await storage.leases.claim(
        { scheduleId: engine.calls[0]!.reportId, dueAt: at('2026-06-01T09:00:00Z') },
        'other',
        1_000,
      ),
    ).toBeDefined()
    expect(id).toBeDefined()
  })
})

async function vi_waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1_000; i++) {
    if (condition()) return
    await new Promise((resolve) => setImmediate(resolve))
  }
  throw new Error('condition not met')
}

describe('createScheduler: occurrence retention and failure streaks', () => {
  it('prunes ended occurrences past the retention window on its first poll, then hourly', async () => {
    const clock = manualClock(at('2026-06-01T00:00:00Z'))
    const storage = testStorage(clock)
    const occurrences = storage.occurrences!
    const day = 86_400_000
    const make = async (scheduleId: string, daysAgo: number, status: 'succeeded' | 'pending') => {
      const fireTime = new Date(clock.now().getTime() - daysAgo * day)
      const { record } = await occurrences.create({
        scheduleId,
        fireTime,
        ownerId: 'ann',
        status: 'pending',
        notBefore: new Date(8.64e15),
      })
      await occurrences.update(record, { status }, record.version)
    }
    for (const daysAgo of [40, 30, 20, 10]) await make('old', daysAgo, 'succeeded')
    await make('old', 50, 'pending')
    const scheduler = createScheduler({
      engine: stubEngine(storage),
      storage,
      clock,
      occurrenceRetention: { maxAgeMs: 15 * day, keepLast: 1, intervalMs: 3_600_000 },
    })
    const ages = async () =>
      (await occurrences.listBySchedule('old', 10)).map((r) =>
        Math.round((clock.now().getTime() - r.fireTime.getTime()) / day),
      )
    await scheduler.tick()
    // 40, 30 and 20 days old went; the newest (10) is kept, and so is the open one.
    expect(await ages()).toEqual([10, 50])

    // Added after the first prune: it stays until the next one, an hour later.
    await make('old', 20, 'succeeded')
    await clock.set(at('2026-06-01T00:30:00Z'))
    await scheduler.tick()
    expect(await ages()).toEqual([10, 20, 50])
    await clock.set(at('2026-06-01T01:00:00Z'))
    await scheduler.tick()
    expect(await ages()).toEqual([10, 50])

    const keeper = createScheduler({
      engine: stubEngine(storage),
      storage,
      clock,
      occurrenceRetention: false,
    })
    await make('kept', 400, 'succeeded')
    await keeper.tick()
    expect(await occurrences.listBySchedule('kept', 10)).toHaveLength(1)
  })

  it('counts failures of one schedule in parallel without losing any', async () => {
    const clock = manualClock(at('2026-06-01T00:00:00Z'))
    const storage = testStorage(clock)
    const [id] = await createReports(storage, acme, [scheduledReport({ time: '09:00' })])
    const store = storageOccurrenceStore(storage)
    const results = await Promise.all(
      Array.from({ length: 25 }, () => store.incrementFailures!(id!)),
    )
    expect([...results].sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1))
    expect((await store.getScheduleState(id!)).consecutiveFailures).toBe(25)
    // A process-local store counts the same way.
    const local = memoryOccurrenceStore()
    await Promise.all(Array.from({ length: 10 }, () => local.incrementFailures!('s')))
    expect((await local.getScheduleState('s')).consecutiveFailures).toBe(10)
  })
})
