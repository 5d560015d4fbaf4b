import { Queue } from 'bullmq'
import { Redis } from 'ioredis'
import { afterAll, describe, expect, it } from 'vitest'
import { memoryStorage } from '@reportwright/core'
import type { RequestContext } from '@reportwright/core'
import { checkService, redactUrl, requireServices, serviceUrl } from '@reportwright/core/testing'
import { bullmqScheduler } from '../src/bullmq/bullmq-scheduler'
import type { BullmqScheduler } from '../src/bullmq/bullmq-scheduler'
import type { SchedulePausedNotice } from '../src/scheduler-types'
import { isFireTime } from '../src/next-runs'
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
  it('three workers run every occurrence of 12 schedules exactly once', async () => {
    const storage: TestStorage = memoryStorage()
    const engine = stubEngine(storage)
    const queueName = uniqueQueue('rw-three-workers')
    const specs = Array.from({ length: 12 }, (_, i) =>
      scheduledReport({ frequency: 'cron', cron: '*/2 * * * * *' }, `r${i}`),
    )
    const ids = await createReports(storage, acme, specs)
    const workers: BullmqScheduler[] = ['a', 'b', 'c'].map(() =>
      bullmqScheduler({ engine, connection: connect(), queueName, prefix, concurrency: 4 }),
    )
    const ranBy = new Map<number, number>()
    workers.forEach((worker, index) =>
      worker.subscribe((event) => {
        if (event.type === 'occurrence:succeeded') ranBy.set(index, (ranBy.get(index) ?? 0) + 1)
      }),
    )
    for (const worker of workers) await worker.start()
    for (const id of ids) await workers[0]!.sync((await storage.reports.get(acme, id))!)

    await waitFor(async () => {
      for (const id of ids)
        if ((await storage.runs.listByReport(acme, id)).items.length < 3) return false
      return true
    })
    await workers[0]!.syncAll([])
    for (const worker of workers) await worker.stop()

    for (const [i, id] of ids.entries()) {
      const runs = (await storage.runs.listByReport(acme, id, { limit: 500 })).items
      const fireTimes = runs.map((run) => run.scheduledFor!.toISOString())
      expect(new Set(fireTimes).size, `report ${id}`).toBe(fireTimes.length)
      expect(runs.every((run) => run.status === 'succeeded' && run.trigger === 'schedule')).toBe(
        true,
      )
      expect(runs.every((run) => isFireTime(specs[i]!.schedule!, run.scheduledFor!))).toBe(true)
    }
    // The occurrences were shared out: more than one worker ran some.
    expect(ranBy.size).toBeGreaterThanOrEqual(2)
    expect([...ranBy.values()].reduce((sum, n) => sum + n, 0)).toBe(engine.calls.length)
  })

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
