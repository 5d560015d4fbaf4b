import { describe, expect, it } from 'vitest'
import { memoryStorage } from '@reportwright/core'
import type { RequestContext } from '@reportwright/core'
import { bullmqScheduler } from '../src/bullmq/bullmq-scheduler'
import type {
  BullmqJobLike,
  BullmqLib,
  BullmqSchedulerOptions,
  ScheduledJobData,
  ScheduledJobResult,
} from '../src/bullmq/bullmq-scheduler'
import { jitterOffset } from '../src/jitter-offset'
import { manualClock } from '../src/manual-clock'
import { createReports, scheduledReport, stubEngine } from './scheduler-fixtures'
import type { TestStorage } from './scheduler-fixtures'

const acme: RequestContext = { userId: 'ann', tenantId: 'acme', roles: ['owner'] }

class FakeDelayedError extends Error {}

/** A stand-in bullmq (via the `lib` option) that hands the test the worker's processor. */
function fakeLib() {
  const captured: {
    processor?: (
      job: BullmqJobLike<never>,
      token?: string,
      signal?: AbortSignal,
    ) => Promise<unknown>
    upserts: { id: string; pattern: string; tz: string }[]
    added: { name: string; data: ScheduledJobData; opts: { jobId?: string; delay?: number } }[]
  } = { upserts: [], added: [] }
  const lib: BullmqLib = {
    Queue: class {
      async upsertJobScheduler(id: string, repeat: { pattern: string; tz: string }) {
        captured.upserts.push({ id, pattern: repeat.pattern, tz: repeat.tz })
      }
      async removeJobScheduler() {
        return true
      }
      async getJobSchedulers() {
        return []
      }
      async add(name: string, data: unknown, opts: object) {
        captured.added.push({ name, data: data as ScheduledJobData, opts })
      }
      async setGlobalConcurrency() {}
      async close() {}
    },
    Worker: class {
      constructor(_name: string, processor: NonNullable<typeof captured.processor>) {
        captured.processor = processor
      }
      on() {}
      async close() {}
    },
    UnrecoverableError: class extends Error {},
    DelayedError: FakeDelayedError,
  }
  return { lib, captured }
}

async function setup(
  schedule: Parameters<typeof scheduledReport>[0],
  options: Partial<BullmqSchedulerOptions> = {},
) {
  const storage: TestStorage = memoryStorage()
  const engine = stubEngine(storage)
  const [id] = await createReports(storage, acme, [scheduledReport(schedule)])
  const { lib, captured } = fakeLib()
  const scheduler = bullmqScheduler({
    engine,
    connection: {},
    lib,
    tenantConcurrency: false,
    jitterMs: 0,
    reconcileIntervalMs: false,
    occurrenceRetention: false,
    ...options,
  })
  await scheduler.start()
  await scheduler.sync((await storage.reports.get(acme, id!))!)
  const data: ScheduledJobData = { reportId: id!, tenantId: 'acme', ownerId: 'ann' }
  const moves: number[] = []
  /** One job of the job scheduler fired at `scheduledAt`, or the given catch-up/deferred data. */
  const job = (scheduledAt: string, extra: Partial<ScheduledJobData> = {}) =>
    captured.processor!(
      {
        id: `repeat:report:${id}:${Date.parse(scheduledAt)}`,
        data: { ...data, ...extra } as never,
        timestamp: Date.parse(scheduledAt) - 1000,
        attemptsMade: 0,
        opts: { prevMillis: Date.parse(scheduledAt), attempts: 3 },
        async updateData() {},
        async moveToDelayed(timestamp: number) {
          moves.push(timestamp)
        },
      },
      'token',
      undefined,
    ) as Promise<ScheduledJobResult>
  return { id: id!, storage, engine, captured, job, moves }
}

describe('bullmqScheduler worker: fire times as croner computes them', () => {
  it('maps a DST-gap job to the first valid instant and runs a repeated hour once', async () => {
    const { engine, captured, job } = await setup(
      { time: '02:30', timezone: 'Europe/Berlin' },
      { clock: manualClock(new Date('2026-03-29T01:45:00Z')) },
    )
    expect(captured.upserts[0]).toMatchObject({ pattern: '30 2 * * *', tz: 'Europe/Berlin' })
    // cron-parser puts the skipped 02:30 at 03:30 CEST; croner's fire time is 03:00 CEST.
    expect(await job('2026-03-29T01:30:00Z')).toMatchObject({
      status: 'succeeded',
      fireTime: '2026-03-29T01:00:00.000Z',
    })
    expect(engine.calls[0]).toMatchObject({ scheduledFor: new Date('2026-03-29T01:00:00Z') })
    // A second job for the same occurrence (a repeated local hour) does not run it again.
    expect(await job('2026-03-29T01:45:00Z')).toMatchObject({
      status: 'skipped',
      reason: 'Already ended',
    })
    expect(engine.calls).toHaveLength(1)
  })

  it('drops candidate days that are not the month day (day 30 on the 28th of March)', async () => {
    const { engine, captured, job } = await setup(
      { frequency: 'monthly', dayOfMonth: 30 },
      { clock: manualClock(new Date('2026-03-31T09:00:00Z')), missedAfterMs: 60 * 86_400_000 },
    )
    expect(captured.upserts[0]!.pattern).toBe('0 9 28-31 * *')
    expect(await job('2026-03-28T09:00:00Z')).toMatchObject({ status: 'skipped' })
    expect(await job('2026-03-31T09:00:00Z')).toMatchObject({ status: 'skipped' })
    expect(await job('2026-02-28T09:00:00Z')).toMatchObject({ status: 'succeeded' })
    expect(await job('2026-03-30T09:00:00Z')).toMatchObject({ status: 'succeeded' })
    expect(engine.calls.map((call) => call.asOf?.toISOString())).toEqual([
      '2026-02-28T09:00:00.000Z',
      '2026-03-30T09:00:00.000Z',
    ])
  })
})

describe('bullmqScheduler worker: catch-up after downtime', () => {
  // A daily 09:00 schedule whose 1 June job is first picked up on 5 June at 09:02: 1–4 June were
  // missed (older than 5 minutes), 5 June is on time.
  const fired = '2026-06-01T09:00:00Z'
  const back = new Date('2026-06-05T09:02:00Z')
  const day = (d: number) => `2026-06-0${d}T09:00:00.000Z`

  async function downtime(catchUp: 'skip' | 'once' | 'all', catchUpLimit = 10) {
    const clock = manualClock(back)
    const context = await setup({ time: '09:00' }, { clock, catchUp, catchUpLimit })
    const result = await context.job(fired)
    const skipped = (await context.storage.occurrences!.listBySchedule(context.id, 20))
      .filter((record) => record.status === 'skipped')
      .map((record) => record.fireTime.toISOString())
      .sort()
    const added = context.captured.added.map((job) => job.data.fireTime)
    // The catch-up jobs then run through the same processor.
    for (const fireTime of added) await context.job(back.toISOString(), { fireTime })
    const ran = context.engine.calls.map((call) => call.scheduledFor?.toISOString())
    return { ...context, result, skipped, added, ran }
  }

  it('skip: runs only the on-time occurrence and records the missed ones as skipped', async () => {
    const { result, skipped, added, ran } = await downtime('skip')
    expect(result).toMatchObject({ status: 'skipped', reason: 'Missed (catch-up: skip)' })
    expect(added).toEqual([day(5)])
    expect(ran).toEqual([day(5)])
    expect(skipped).toEqual([day(1), day(2), day(3), day(4)])
  })

  it('once: one run for everything missed (the latest), then the on-time one', async () => {
    const { result, skipped, added, ran, captured } = await downtime('once')
    expect(result.status).toBe('skipped')
    expect(added).toEqual([day(4), day(5)])
    expect(ran).toEqual([day(4), day(5)])
    expect(skipped).toEqual([day(1), day(2), day(3)])
    // One job id per occurrence, so two workers planning the same catch-up add it once.
    expect(captured.added.map((job) => job.opts.jobId)).toEqual(
      [day(4), day(5)].map((d) => expect.stringContaining(String(Date.parse(d)))),
    )
  })

  it('all: each missed occurrence oldest first, at most catchUpLimit', async () => {
    const capped = await downtime('all', 2)
    expect(capped.ran).toEqual([day(3), day(4), day(5)])
    expect(capped.skipped).toEqual([day(1), day(2)])

    const every = await downtime('all')
    // The late job runs its own fire time; the rest become catch-up jobs.
    expect(every.result).toMatchObject({ status: 'succeeded', fireTime: day(1) })
    expect(every.added).toEqual([day(2), day(3), day(4), day(5)])
    expect(every.ran).toEqual([day(1), day(2), day(3), day(4), day(5)])
    expect(every.skipped).toEqual([])
  })

  it('never judges a job late again once it was put back (jitter, a full tenant)', async () => {
    const clock = manualClock(back)
    const { job, engine } = await setup({ time: '09:00' }, { clock, catchUp: 'skip' })
    expect(await job(fired, { deferred: true })).toMatchObject({
      status: 'succeeded',
      fireTime: day(1),
    })
    expect(engine.calls).toHaveLength(1)
  })
})

describe('bullmqScheduler worker: jitter', () => {
  it('puts a job back by its schedule offset and runs it for the nominal fire time', async () => {
    const clock = manualClock(new Date('2026-06-01T09:00:00Z'))
    const { id, job, moves, engine } = await setup({ time: '09:00' }, { clock, jitterMs: 60_000 })
    const offset = jitterOffset(id, 60_000)
    expect(offset).toBeGreaterThan(0)
    await expect(job('2026-06-01T09:00:00Z')).rejects.toBeInstanceOf(FakeDelayedError)
    expect(moves).toEqual([Date.parse('2026-06-01T09:00:00Z') + offset])
    expect(engine.calls).toEqual([])

    await clock.set(new Date(moves[0]!))
    expect(await job('2026-06-01T09:00:00Z', { deferred: true })).toMatchObject({
      status: 'succeeded',
      fireTime: '2026-06-01T09:00:00.000Z',
    })
    expect(engine.calls[0]).toMatchObject({
      scheduledFor: new Date('2026-06-01T09:00:00Z'),
      asOf: new Date('2026-06-01T09:00:00Z'),
    })
  })

  it('gives each schedule a fixed offset within the window, spread across schedules', () => {
    const offsets = Array.from({ length: 1_000 }, (_, i) => jitterOffset(`report-${i}`, 10_000))
    expect(offsets.every((offset) => offset >= 0 && offset < 10_000)).toBe(true)
    expect(offsets.map((_, i) => jitterOffset(`report-${i}`, 10_000))).toEqual(offsets)
    // Ten 1-second buckets each get a fair share (≥ 5 % of 1,000).
    const buckets = new Array<number>(10).fill(0)
    for (const offset of offsets) buckets[Math.floor(offset / 1_000)]!++
    expect(Math.min(...buckets)).toBeGreaterThanOrEqual(50)
    expect(jitterOffset('report-1', 0)).toBe(0)
  })
})
