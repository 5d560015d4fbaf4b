import { describe, expect, it } from 'vitest'
import { memoryStorage } from '@reportwright/core'
import type { RequestContext } from '@reportwright/core'
import { bullmqScheduler } from '../src/bullmq/bullmq-scheduler'
import type { BullmqJobLike, BullmqLib, ScheduledJobResult } from '../src/bullmq/bullmq-scheduler'
import { createReports, scheduledReport, stubEngine } from './scheduler-fixtures'
import type { TestStorage } from './scheduler-fixtures'

const acme: RequestContext = { userId: 'ann', tenantId: 'acme', roles: ['owner'] }

/** A stand-in bullmq (via the `lib` option) that hands the test the worker's processor. */
function fakeLib() {
  const captured: {
    processor?: (
      job: BullmqJobLike<never>,
      token?: string,
      signal?: AbortSignal,
    ) => Promise<unknown>
    upserts: { id: string; pattern: string; tz: string }[]
  } = { upserts: [] }
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
  }
  return { lib, captured }
}

async function setup(schedule: Parameters<typeof scheduledReport>[0]) {
  const storage: TestStorage = memoryStorage()
  const engine = stubEngine(storage)
  const [id] = await createReports(storage, acme, [scheduledReport(schedule)])
  const { lib, captured } = fakeLib()
  const scheduler = bullmqScheduler({ engine, connection: {}, lib })
  await scheduler.start()
  await scheduler.sync((await storage.reports.get(acme, id!))!)
  const job = (scheduledAt: string) =>
    captured.processor!(
      {
        id: `repeat:report:${id}:${Date.parse(scheduledAt)}`,
        data: { reportId: id!, tenantId: 'acme', ownerId: 'ann' } as never,
        timestamp: Date.parse(scheduledAt) - 1000,
        attemptsMade: 0,
        opts: { prevMillis: Date.parse(scheduledAt), attempts: 3 },
      },
      undefined,
      undefined,
    ) as Promise<ScheduledJobResult>
  return { engine, captured, job }
}

describe('bullmqScheduler worker: fire times as croner computes them', () => {
  it('maps a DST-gap job to the first valid instant and runs a repeated hour once', async () => {
    const { engine, captured, job } = await setup({ time: '02:30', timezone: 'Europe/Berlin' })
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
      reason: 'Already ran',
    })
    expect(engine.calls).toHaveLength(1)
  })

  it('drops candidate days that are not the month day (day 30 on the 28th of March)', async () => {
    const { engine, captured, job } = await setup({ frequency: 'monthly', dayOfMonth: 30 })
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
