import { Queue } from 'bullmq'
import { Redis } from 'ioredis'
import { afterAll, describe, expect, it } from 'vitest'
import { memoryStorage } from '@reportwright/core'
import type { RequestContext } from '@reportwright/core'
import { checkService, redactUrl, requireServices, serviceUrl } from '@reportwright/core/testing'
import { bullmqScheduler } from '../src/bullmq/bullmq-scheduler'
import type { SchedulePausedNotice } from '../src/scheduler-types'
import { jitterOffset } from '../src/jitter-offset'
import { createReports, scheduledReport, stubEngine } from './scheduler-fixtures'
import type { TestStorage } from './scheduler-fixtures'

const url = serviceUrl('redis')
const redis = await checkService('redis', url)
if (!redis.available) {
  if (requireServices()) throw new Error(`Redis unavailable at ${redactUrl(url)}: ${redis.reason}`)
  console.log(`[reportwright] skipping bullmq suite: ${redactUrl(url)} unreachable`)
}

const acme: RequestContext = { userId: 'ann', tenantId: 'acme', roles: ['owner'] }
const prefix = `rwtest-${process.pid}`
const connections: Redis[] = []
const queues: string[] = []
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function connect(): Redis {
  const connection = new Redis(url, { maxRetriesPerRequest: null })
  connections.push(connection)
  return connection
}

function uniqueQueue(name: string): string {
  const queueName = `${name}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`
  queues.push(queueName)
  return queueName
}

async function waitFor(condition: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const until = Date.now() + ms
  while (!(await condition())) {
    if (Date.now() > until) throw new Error('condition not met in time')
    await sleep(50)
  }
}

afterAll(async () => {
  if (!redis.available) return
  const admin = connect()
  for (const name of queues) {
    const queue = new Queue(name, { connection: admin, prefix })
    await queue.obliterate({ force: true })
    await queue.close()
  }
  await Promise.all(connections.map((connection) => connection.quit()))
})

describe.skipIf(!redis.available)('bullmqScheduler on the real Redis', () => {
  it('retries a failed attempt with backoff and records both runs', async () => {
    const storage: TestStorage = memoryStorage()
    let failures = 0
    const engine = stubEngine(storage, () =>
      failures++ === 0
        ? {
            status: 'failed',
            error: { code: 'SOURCE_UNAVAILABLE', message: 'down' },
            deliveries: [],
          }
        : { status: 'succeeded', deliveries: [] },
    )
    const queueName = uniqueQueue('rw-retry')
    const [id] = await createReports(storage, acme, [
      scheduledReport({ frequency: 'cron', cron: '*/2 * * * * *' }),
    ])
    const scheduler = bullmqScheduler({
      engine,
      connection: connect(),
      queueName,
      prefix,
      retry: { attempts: 3, baseDelayMs: 200 },
    })
    await scheduler.start()
    await scheduler.sync((await storage.reports.get(acme, id!))!)
    await waitFor(async () =>
      (await storage.runs.listByReport(acme, id!)).items.some((run) => run.status === 'succeeded'),
    )
    await scheduler.remove(id!)
    await scheduler.stop()
    const runs = (await storage.runs.listByReport(acme, id!)).items
    const first = runs.at(-1)!
    expect(first.status).toBe('failed')
    const sameOccurrence = runs.filter(
      (run) => run.scheduledFor?.getTime() === first.scheduledFor?.getTime(),
    )
    expect(sameOccurrence.map((run) => run.status).sort()).toEqual(['failed', 'succeeded'])
    // The shared occurrence record holds both attempts.
    const record = await storage.occurrences?.get({
      scheduleId: id!,
      fireTime: first.scheduledFor!,
    })
    expect(record).toMatchObject({ status: 'succeeded', attempt: 2 })
    expect([...(record?.runIds ?? [])].sort()).toEqual(sameOccurrence.map((run) => run.id).sort())
  })

  it('pauses a schedule after consecutive failures, tells the owner and the webhook', async () => {
    const storage = memoryStorage()
    const engine = stubEngine(storage, () => ({
      status: 'failed',
      error: { code: 'SOURCE_UNAVAILABLE', message: 'warehouse down' },
      deliveries: [],
    }))
    const queueName = uniqueQueue('rw-pause')
    const [id] = await createReports(storage, acme, [
      scheduledReport({ frequency: 'cron', cron: '*/2 * * * * *' }),
    ])
    const owners: SchedulePausedNotice[] = []
    const hooks: { url: string; body: unknown }[] = []
    const scheduler = bullmqScheduler({
      engine,
      connection: connect(),
      queueName,
      prefix,
      retry: { attempts: 1 },
      pauseAfterFailures: 2,
      notifyOwner: (notice) => void owners.push(notice),
      webhook: {
        url: 'https://host.example/hooks/paused',
        fetch: async (input, init) => {
          hooks.push({ url: String(input), body: JSON.parse(String(init?.body)) })
          return new Response(null, { status: 204 })
        },
      },
    })
    const inspect = new Queue(queueName, { connection: connect(), prefix })
    await scheduler.start()
    await scheduler.sync((await storage.reports.get(acme, id!))!)
    await waitFor(() => owners.length > 0)
    await scheduler.stop()

    expect(owners).toHaveLength(1)
    expect(owners[0]).toMatchObject({
      scheduleId: id,
      tenantId: 'acme',
      ownerId: 'ann',
      consecutiveFailures: 2,
      lastError: { code: 'SOURCE_UNAVAILABLE', message: 'warehouse down' },
    })
    expect(hooks).toEqual([
      {
        url: 'https://host.example/hooks/paused',
        body: JSON.parse(JSON.stringify(owners[0])),
      },
    ])
    expect(await storage.schedules.get?.(id!)).toMatchObject({
      paused: true,
      consecutiveFailures: 2,
    })
    expect(await inspect.getJobSchedulers(0, -1)).toEqual([])
    const history = await storage.occurrences.listBySchedule(id!, 10)
    const failed = history.filter((record) => record.status === 'failed')
    expect(failed.length).toBeGreaterThanOrEqual(2)
    const runs = (await storage.runs.listByReport(acme, id!)).items
    for (const record of failed) {
      expect(record).toMatchObject({ attempt: 1, error: { code: 'SOURCE_UNAVAILABLE' } })
      expect(record.runIds).toHaveLength(1)
      expect(runs.map((run) => run.id)).toContain(record.runIds[0])
    }

    // Resume: the job scheduler is back and the streak starts over.
    await scheduler.resume(id!)
    expect((await inspect.getJobSchedulers(0, -1)).map((s) => s.key)).toEqual([`report:${id}`])
    expect(await storage.schedules.get?.(id!)).toMatchObject({
      paused: false,
      consecutiveFailures: 0,
    })
    await scheduler.remove(id!)
    await scheduler.stop()
    await inspect.close()
  })

  it('syncAll() without reports syncs every stored schedule through listAll', async () => {
    const storage = memoryStorage()
    const queueName = uniqueQueue('rw-sync-all')
    const scheduler = bullmqScheduler({
      engine: stubEngine(storage),
      connection: connect(),
      queueName,
      prefix,
      worker: false,
    })
    const inspect = new Queue(queueName, { connection: connect(), prefix })
    await inspect.upsertJobScheduler('report:gone', { pattern: '0 9 * * *', tz: 'UTC' })
    const [a, b] = await createReports(storage, acme, [
      scheduledReport({ time: '09:00', timezone: 'Europe/Berlin' }),
      scheduledReport({ time: '10:30', timezone: 'UTC' }),
      { ...scheduledReport({ time: '11:00' }), schedule: undefined },
    ])
    const off = await storage.reports.create(acme, {
      ...scheduledReport({ time: '12:00' }),
      schedule: { ...scheduledReport({ time: '12:00' }).schedule!, enabled: false },
    })
    await scheduler.start()
    await scheduler.syncAll()
    const keys = async () => (await inspect.getJobSchedulers(0, -1)).map((s) => s.key).sort()
    expect(await keys()).toEqual([`report:${a}`, `report:${b}`].sort())
    expect(await keys()).not.toContain(`report:${off.id}`)

    // A paused schedule stays off through later syncs.
    await scheduler.pause(a!, 'Quarter close')
    await scheduler.syncAll()
    expect(await keys()).toEqual([`report:${b}`])
    expect(await storage.schedules.get?.(a!)).toMatchObject({
      paused: true,
      pausedReason: 'Quarter close',
    })
    await scheduler.stop()
    await inspect.close()
  })

  it('upserts, updates and removes job schedulers as schedules change', async () => {
    const storage: TestStorage = memoryStorage()
    const queueName = uniqueQueue('rw-sync')
    const scheduler = bullmqScheduler({
      engine: stubEngine(storage),
      connection: connect(),
      queueName,
      prefix,
      worker: false,
    })
    const inspect = new Queue(queueName, { connection: connect(), prefix })
    const [a, b] = await createReports(storage, acme, [
      scheduledReport({
        frequency: 'weekly',
        dayOfWeek: 1,
        time: '09:00',
        timezone: 'America/New_York',
      }),
      scheduledReport({
        frequency: 'monthly',
        dayOfMonth: 31,
        time: '06:30',
        timezone: 'Asia/Kolkata',
      }),
    ])
    await scheduler.start()
    await scheduler.syncAll([
      (await storage.reports.get(acme, a!))!,
      (await storage.reports.get(acme, b!))!,
    ])
    const patterns = async () =>
      Object.fromEntries(
        (await inspect.getJobSchedulers(0, -1)).map((s) => [s.key, `${s.pattern} ${s.tz}`]),
      )
    expect(await patterns()).toEqual({
      [`report:${a}`]: '0 9 * * 1 America/New_York',
      [`report:${b}`]: '30 6 L * * Asia/Kolkata',
    })

    const stored = (await storage.reports.get(acme, a!))!
    const changed = await storage.reports.update(acme, a!, {
      ...stored.definition,
      schedule: { ...stored.definition.schedule!, time: '10:15' },
    })
    await scheduler.sync(changed)
    expect((await patterns())[`report:${a}`]).toBe('15 10 * * 1 America/New_York')

    const disabled = await storage.reports.update(acme, a!, {
      ...changed.definition,
      schedule: { ...changed.definition.schedule!, enabled: false },
    })
    await scheduler.sync(disabled)
    await scheduler.syncAll([(await storage.reports.get(acme, a!))!])
    expect(await patterns()).toEqual({})
    await scheduler.stop()
    await inspect.close()
  })
})

describe.skipIf(!redis.available)('bullmqScheduler fairness, jitter and reconcile', () => {
  it('one tenant with 1,000 due schedules does not starve another; limits hold', async () => {
    const storage: TestStorage = memoryStorage()
    const active = new Map<string, number>()
    const most = new Map<string, number>()
    const track = (key: string, step: number) => {
      const now = (active.get(key) ?? 0) + step
      active.set(key, now)
      most.set(key, Math.max(most.get(key) ?? 0, now))
    }
    const engine = stubEngine(storage, async ({ options }) => {
      const tenant = options.context.tenantId ?? ''
      track(tenant, 1)
      track('*', 1)
      await sleep(10)
      track(tenant, -1)
      track('*', -1)
      return { status: 'succeeded', deliveries: [] }
    })
    const queueName = uniqueQueue('rw-fair')
    // Every schedule fires once, at one second ~20 s from now (time to upsert them all).
    const at = new Date(Math.ceil((Date.now() + 20_000) / 1000) * 1000)
    const cron = `${at.getUTCSeconds()} ${at.getUTCMinutes()} ${at.getUTCHours()} * * *`
    const big: RequestContext = { userId: 'bob', tenantId: 'big', roles: ['owner'] }
    const bigIds = await createReports(
      storage,
      big,
      Array.from({ length: 1_000 }, (_, i) =>
        scheduledReport({ frequency: 'cron', cron }, `big ${i}`),
      ),
    )
    // Saved last: plain FIFO would run it after all of the big tenant's.
    const [smallId] = await createReports(storage, acme, [
      scheduledReport({ frequency: 'cron', cron }, 'small'),
    ])
    const common = {
      engine,
      queueName,
      prefix,
      concurrency: 4,
      globalConcurrency: 5,
      tenantConcurrency: 3,
      jitterMs: 0,
      reconcileIntervalMs: false as const,
    }
    const workers = [
      bullmqScheduler({ ...common, connection: connect() }),
      bullmqScheduler({ ...common, connection: connect() }),
    ]
    await workers[0]!.syncAll()
    expect(Date.now()).toBeLessThan(at.getTime())
    for (const worker of workers) await worker.start()
    await waitFor(() => engine.calls.length >= 1_001, 120_000)
    await workers[0]!.syncAll([])
    for (const worker of workers) await worker.stop()

    const order = engine.calls.map((call) => call.reportId)
    // The small tenant ran while most of the big tenant's backlog still waited.
    expect(order.indexOf(smallId!)).toBeGreaterThanOrEqual(0)
    expect(order.indexOf(smallId!)).toBeLessThan(500)
    expect(most.get('big')).toBeLessThanOrEqual(3)
    expect(most.get('*')).toBeLessThanOrEqual(5)
    // Every occurrence ran exactly once, for its nominal fire time.
    expect(new Set(order).size).toBe(1_001)
    expect(order.sort()).toEqual([...bigIds, smallId!].sort())
    expect(engine.calls.every((call) => call.scheduledFor?.getTime() === at.getTime())).toBe(true)
  }, 180_000)

  it('spreads schedules due at one instant by their jitter offsets, keeping the fire time', async () => {
    const storage: TestStorage = memoryStorage()
    const started = new Map<string, number>()
    const engine = stubEngine(storage, ({ reportId }) => {
      started.set(reportId, Date.now())
      return { status: 'succeeded', deliveries: [] }
    })
    const queueName = uniqueQueue('rw-jitter')
    const at = new Date(Math.ceil((Date.now() + 3_000) / 1000) * 1000)
    const cron = `${at.getUTCSeconds()} ${at.getUTCMinutes()} ${at.getUTCHours()} * * *`
    const ids = await createReports(
      storage,
      acme,
      Array.from({ length: 6 }, (_, i) => scheduledReport({ frequency: 'cron', cron }, `j${i}`)),
    )
    const jitterMs = 3_000
    const scheduler = bullmqScheduler({
      engine,
      connection: connect(),
      queueName,
      prefix,
      jitterMs,
      tenantConcurrency: 6,
      reconcileIntervalMs: false,
    })
    await scheduler.start()
    await scheduler.syncAll()
    await waitFor(() => started.size === ids.length)
    await scheduler.syncAll([])
    await scheduler.stop()
    const offsets = ids.map((id) => jitterOffset(id, jitterMs))
    expect(new Set(offsets).size).toBeGreaterThan(1)
    for (const [i, id] of ids.entries()) {
      // Never before its offset; the run still covers the nominal fire time.
      expect(started.get(id)!).toBeGreaterThanOrEqual(at.getTime() + offsets[i]!)
      const [run] = (await storage.runs.listByReport(acme, id)).items
      expect(run?.scheduledFor).toEqual(at)
    }
  })

  it('carries schedule changes saved in the storage to the queue without sync', async () => {
    const storage: TestStorage = memoryStorage()
    const queueName = uniqueQueue('rw-reconcile')
    const [a, b] = await createReports(storage, acme, [
      scheduledReport({ frequency: 'weekly', dayOfWeek: 1, time: '09:00' }),
      scheduledReport({ time: '07:00', timezone: 'Europe/Berlin' }),
    ])
    const scheduler = bullmqScheduler({
      engine: stubEngine(storage),
      connection: connect(),
      queueName,
      prefix,
      worker: false,
      reconcileIntervalMs: 100,
    })
    const inspect = new Queue(queueName, { connection: connect(), prefix })
    const patterns = async () =>
      Object.fromEntries(
        (await inspect.getJobSchedulers(0, -1)).map((s) => [s.key, `${s.pattern} ${s.tz}`]),
      )
    const until = (expected: Record<string, string>) =>
      waitFor(async () => JSON.stringify(await patterns()) === JSON.stringify(expected))
    await scheduler.start()
    await until({ [`report:${a}`]: '0 9 * * 1 UTC', [`report:${b}`]: '0 7 * * * Europe/Berlin' })

    // An update: the new time reaches the queue.
    const stored = (await storage.reports.get(acme, a!))!
    await storage.reports.update(acme, a!, {
      ...stored.definition,
      schedule: { ...stored.definition.schedule!, time: '10:15' },
    })
    await until({ [`report:${a}`]: '15 10 * * 1 UTC', [`report:${b}`]: '0 7 * * * Europe/Berlin' })
    // A pause (by another process, in the storage) removes it; a resume brings it back.
    await storage.schedules.setPaused?.(a!, true, 'Quarter close')
    await until({ [`report:${b}`]: '0 7 * * * Europe/Berlin' })
    await storage.schedules.setPaused?.(a!, false)
    await until({ [`report:${a}`]: '15 10 * * 1 UTC', [`report:${b}`]: '0 7 * * * Europe/Berlin' })
    // A delete removes it; nothing left to change afterwards.
    await storage.reports.delete(acme, b!)
    await until({ [`report:${a}`]: '15 10 * * 1 UTC' })
    expect(await scheduler.reconcile()).toEqual({ upserted: 0, removed: 0 })
    await scheduler.stop()
    await inspect.close()
  })
})
