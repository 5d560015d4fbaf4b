import { describe, expect, it } from 'vitest'
import type { RequestContext } from '../context/request-context'
import { isReportwrightError } from '../errors/reportwright-error'
import { parseReportDefinition } from '../model/report-definition'
import { memoryStorage } from './memory-storage'

const alice: RequestContext = { userId: 'alice', tenantId: 'acme', roles: ['user'] }
const bob: RequestContext = { userId: 'bob', tenantId: 'globex', roles: ['user'] }
const definition = parseReportDefinition({
  version: 1,
  name: 'Sales',
  dataset: 'orders',
  fields: [{ field: 'amount' }],
})
const scheduled = parseReportDefinition({
  version: 1,
  name: 'Daily sales',
  dataset: 'orders',
  fields: [{ field: 'amount' }],
  schedule: { enabled: true, frequency: 'daily', time: '08:00', timezone: 'UTC' },
})

function fakeClock(start = '2025-01-01T00:00:00Z') {
  let now = new Date(start).getTime()
  return { now: () => new Date(now), advance: (ms: number) => void (now += ms) }
}

async function rejection(promise: Promise<unknown>) {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected a rejection')
}

describe('memoryStorage reports', () => {
  it('scopes reports by tenant', async () => {
    const storage = memoryStorage()
    const report = await storage.reports.create(alice, definition)
    expect(report).toMatchObject({ tenantId: 'acme', ownerId: 'alice', revision: 1 })
    expect(await storage.reports.get(alice, report.id)).toMatchObject({ id: report.id })
    expect(await storage.reports.get(bob, report.id)).toBeUndefined()
    expect((await storage.reports.list(bob)).items).toEqual([])
    expect((await storage.reports.list(alice)).items.map((r) => r.id)).toEqual([report.id])
    const updateError = await rejection(storage.reports.update(bob, report.id, definition))
    expect(isReportwrightError(updateError) && updateError.code).toBe('NOT_FOUND')
    const deleteError = await rejection(storage.reports.delete(bob, report.id))
    expect(isReportwrightError(deleteError) && deleteError.code).toBe('NOT_FOUND')
    // A context without a tenant sees only tenant-less reports.
    expect(await storage.reports.get({ userId: 'x', roles: [] }, report.id)).toBeUndefined()
  })

  it('rejects an update with a stale revision', async () => {
    const storage = memoryStorage()
    const report = await storage.reports.create(alice, definition)
    const renamed = { ...definition, name: 'Renamed' }
    const updated = await storage.reports.update(alice, report.id, renamed, 1)
    expect(updated.revision).toBe(2)
    const error = await rejection(storage.reports.update(alice, report.id, definition, 1))
    expect(isReportwrightError(error) && error.code).toBe('INVALID_DEFINITION')
    expect((error as Error).message).toMatch(/changed by someone else/)
    expect((await storage.reports.get(alice, report.id))?.definition.name).toBe('Renamed')
  })

  it('keeps its own copy of a definition', async () => {
    const storage = memoryStorage()
    const mutable = structuredClone(definition) as { name: string }
    const report = await storage.reports.create(alice, mutable as never)
    mutable.name = 'changed outside'
    expect((await storage.reports.get(alice, report.id))?.definition.name).toBe('Sales')
  })

  it('pages newest first with a cursor', async () => {
    const storage = memoryStorage()
    const ids: string[] = []
    for (let i = 0; i < 5; i++) ids.push((await storage.reports.create(alice, definition)).id)
    const first = await storage.reports.list(alice, { limit: 2 })
    expect(first.items.map((r) => r.id)).toEqual([ids[4], ids[3]])
    const second = await storage.reports.list(alice, { limit: 2, cursor: first.nextCursor })
    expect(second.items.map((r) => r.id)).toEqual([ids[2], ids[1]])
    const third = await storage.reports.list(alice, { limit: 2, cursor: second.nextCursor })
    expect(third.items.map((r) => r.id)).toEqual([ids[0]])
    expect(third.nextCursor).toBeUndefined()
  })
})

describe('memoryStorage runs', () => {
  it('finishes a run exactly once', async () => {
    const clock = fakeClock()
    const storage = memoryStorage({ clock })
    const run = await storage.runs.start(alice, {
      reportId: 'r1',
      reportName: 'Sales',
      format: 'json',
      trigger: 'manual',
    })
    expect(run).toMatchObject({
      status: 'running',
      userId: 'alice',
      tenantId: 'acme',
      rowCount: 0,
      deliveries: [],
    })
    clock.advance(1000)
    const finished = await storage.runs.finish(alice, run.id, { status: 'succeeded', rowCount: 3 })
    expect(finished).toMatchObject({ status: 'succeeded', rowCount: 3 })
    expect(finished.finishedAt?.toISOString()).toBe('2025-01-01T00:00:01.000Z')
    const error = await rejection(
      storage.runs.finish(alice, run.id, { status: 'failed', rowCount: 0 }),
    )
    expect(isReportwrightError(error) && error.code).toBe('FORBIDDEN')
    expect((error as Error).message).toMatch(/already finished as succeeded/)
    expect((await storage.runs.get(alice, run.id))?.status).toBe('succeeded')
  })

  it('scopes runs by tenant and lists them newest first', async () => {
    const storage = memoryStorage()
    const a = await storage.runs.start(alice, {
      reportId: 'r1',
      reportName: 'Sales',
      format: 'json',
      trigger: 'manual',
    })
    const b = await storage.runs.start(alice, {
      reportId: 'r1',
      reportName: 'Sales',
      format: 'json',
      trigger: 'schedule',
    })
    await storage.runs.start(alice, {
      reportId: 'r2',
      reportName: 'Other',
      format: 'json',
      trigger: 'manual',
    })
    expect(await storage.runs.get(bob, a.id)).toBeUndefined()
    expect((await storage.runs.listByReport(bob, 'r1')).items).toEqual([])
    const error = await rejection(storage.runs.finish(bob, a.id, { status: 'failed', rowCount: 0 }))
    expect(isReportwrightError(error) && error.code).toBe('NOT_FOUND')
    const page = await storage.runs.listByReport(alice, 'r1', { limit: 1 })
    expect(page.items.map((r) => r.id)).toEqual([b.id])
    const next = await storage.runs.listByReport(alice, 'r1', { limit: 1, cursor: page.nextCursor })
    expect(next.items.map((r) => r.id)).toEqual([a.id])
  })
})

describe('memoryStorage schedules', () => {
  it('lists enabled schedules until the scheduler sets a later next run', async () => {
    const storage = memoryStorage()
    const plain = await storage.reports.create(alice, definition)
    const daily = await storage.reports.create(alice, scheduled)
    const now = new Date('2025-01-01T09:00:00Z')
    const due = await storage.schedules.listDue(now, 10)
    expect(due.map((s) => s.reportId)).toEqual([daily.id])
    expect(due[0]).toMatchObject({ tenantId: 'acme', ownerId: 'alice', enabled: true })
    expect(due[0]?.nextRunAt).toBeUndefined()

    await storage.schedules.setNextRun(daily.id, new Date('2025-01-02T08:00:00Z'))
    expect(await storage.schedules.listDue(now, 10)).toEqual([])
    expect(
      (await storage.schedules.listDue(new Date('2025-01-02T08:00:00Z'), 10)).map(
        (s) => s.reportId,
      ),
    ).toEqual([daily.id])

    // No next run at all (e.g. past endDate): not listed again.
    await storage.schedules.setNextRun(daily.id, undefined)
    expect(await storage.schedules.listDue(new Date('2030-01-01T00:00:00Z'), 10)).toEqual([])
    // A changed schedule is computed again.
    await storage.reports.update(alice, daily.id, {
      ...scheduled,
      schedule: { ...scheduled.schedule!, time: '09:00' },
    })
    expect((await storage.schedules.listDue(now, 10)).map((s) => s.reportId)).toEqual([daily.id])
    expect(plain.id).not.toBe(daily.id)
  })
})

describe('memoryStorage schedule pause state', () => {
  it('keeps a pause through setNextRun; a changed schedule clears it', async () => {
    const storage = memoryStorage()
    const daily = await storage.reports.create(alice, scheduled)
    await storage.schedules.setPaused?.(daily.id, true, 'Quarter close')
    await storage.schedules.setFailureStreak?.(daily.id, 2)
    await storage.schedules.setNextRun(daily.id, new Date('2025-01-02T08:00:00Z'))
    expect(await storage.schedules.get?.(daily.id)).toMatchObject({
      paused: true,
      pausedReason: 'Quarter close',
      consecutiveFailures: 2,
      nextRunAt: new Date('2025-01-02T08:00:00Z'),
    })
    expect(await storage.schedules.listDue(new Date('2030-01-01T00:00:00Z'), 10)).toEqual([])
    await storage.reports.update(alice, daily.id, {
      ...scheduled,
      schedule: { ...scheduled.schedule!, time: '09:00' },
    })
    expect(await storage.schedules.get?.(daily.id)).toMatchObject({ paused: false })
    const all = await storage.schedules.listAll?.()
    expect(all?.items.map((s) => s.reportId)).toEqual([daily.id])
  })
})

describe('memoryStorage occurrences', () => {
  it('clears fields a patch sets to undefined and indexes a schedule history', async () => {
    const { occurrences } = memoryStorage()
    const fireTime = new Date('2025-01-01T08:00:00Z')
    const key = { scheduleId: 's1', fireTime }
    const { record } = await occurrences.create({
      ...key,
      ownerId: 'alice',
      status: 'pending',
      notBefore: fireTime,
    })
    const running = await occurrences.update(
      key,
      { status: 'running', attempt: 1, holder: 'a' },
      record.version,
    )
    const done = await occurrences.update(key, { status: 'succeeded', holder: undefined }, 2)
    expect(running?.holder).toBe('a')
    expect(done).not.toHaveProperty('holder')
    expect(await occurrences.get(key)).toEqual(done)
    expect(await occurrences.listBySchedule('s1', 5)).toEqual([done])
    expect(await occurrences.listBySchedule('s2', 5)).toEqual([])
  })
})

describe('memoryStorage leases', () => {
  it('lets one holder claim an occurrence until the lease expires', async () => {
    const clock = fakeClock()
    const storage = memoryStorage({ clock })
    const occurrence = { scheduleId: 's1', dueAt: new Date('2025-01-01T08:00:00Z') }
    const lease = await storage.leases.claim(occurrence, 'one', 10_000)
    expect(lease).toMatchObject({ holder: 'one', scheduleId: 's1' })
    expect(await storage.leases.claim(occurrence, 'two', 10_000)).toBeUndefined()
    // Another occurrence of the same schedule is a different lease.
    expect(
      await storage.leases.claim(
        { scheduleId: 's1', dueAt: new Date('2025-01-02T08:00:00Z') },
        'two',
        10_000,
      ),
    ).toBeDefined()

    clock.advance(9_000)
    expect(await storage.leases.renew(lease!)).toBe(true)
    clock.advance(9_000)
    expect(await storage.leases.claim(occurrence, 'two', 10_000)).toBeUndefined()
    clock.advance(2_000)
    const taken = await storage.leases.claim(occurrence, 'two', 10_000)
    expect(taken?.holder).toBe('two')
    expect(await storage.leases.renew(lease!)).toBe(false)

    await storage.leases.release(lease!) // not the holder any more: no effect
    expect(await storage.leases.claim(occurrence, 'three', 10_000)).toBeUndefined()
    await storage.leases.release(taken!)
    expect((await storage.leases.claim(occurrence, 'three', 10_000))?.holder).toBe('three')
  })
})

describe('memoryStorage ownership and roles', () => {
  const carol: RequestContext = { userId: 'carol', tenantId: 'acme', roles: ['user'] }
  const viewer: RequestContext = { userId: 'vic', tenantId: 'acme', roles: ['readonly'] }

  it('lets only the author, or a manager/admin/owner, edit or delete a report', async () => {
    const storage = memoryStorage()
    const report = await storage.reports.create(alice, definition)
    const editError = await rejection(storage.reports.update(carol, report.id, definition))
    expect(isReportwrightError(editError) && editError.code).toBe('FORBIDDEN')
    const deleteError = await rejection(storage.reports.delete(carol, report.id))
    expect(isReportwrightError(deleteError) && deleteError.code).toBe('FORBIDDEN')
    for (const role of ['manager', 'admin', 'owner']) {
      const boss: RequestContext = { userId: `boss-${role}`, tenantId: 'acme', roles: [role] }
      expect((await storage.reports.update(boss, report.id, definition)).ownerId).toBe('alice')
    }
    expect((await storage.reports.get(alice, report.id))?.revision).toBe(4)
  })

  it('lets a readonly user read but not create, edit or delete', async () => {
    const storage = memoryStorage()
    const report = await storage.reports.create(alice, definition)
    expect((await storage.reports.get(viewer, report.id))?.id).toBe(report.id)
    for (const attempt of [
      storage.reports.create(viewer, definition),
      storage.reports.update(viewer, report.id, definition),
      storage.reports.delete(viewer, report.id),
    ]) {
      const error = await rejection(attempt)
      expect(isReportwrightError(error) && error.code).toBe('FORBIDDEN')
    }
    expect((await storage.reports.list(alice)).items).toHaveLength(1)
  })
})
