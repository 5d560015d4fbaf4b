import { describe, expect, it } from 'vitest'
import type { ScheduleSpec } from '@reportwright/core'
import { isFireTime, nextRuns, previousRun, runsBetween } from './next-runs'
import { toCron } from './to-cron'

const daily = (
  time: string,
  timezone: string,
  extra: Partial<ScheduleSpec> = {},
): ScheduleSpec => ({
  enabled: true,
  frequency: 'daily',
  time,
  timezone,
  ...extra,
})
const monthly = (dayOfMonth: number, time: string, timezone = 'UTC'): ScheduleSpec => ({
  enabled: true,
  frequency: 'monthly',
  dayOfMonth,
  time,
  timezone,
})
const iso = (dates: readonly Date[]): string[] => dates.map((date) => date.toISOString())

describe('toCron', () => {
  it('turns each frequency into a five-field pattern', () => {
    expect(toCron(daily('07:05', 'UTC'))).toBe('5 7 * * *')
    expect(
      toCron({ enabled: true, frequency: 'weekly', dayOfWeek: 1, time: '09:00', timezone: 'UTC' }),
    ).toBe('0 9 * * 1')
    expect(toCron(monthly(15, '09:30'))).toBe('30 9 15 * *')
    expect(toCron(monthly(31, '09:30'))).toBe('30 9 L * *')
    expect(toCron(monthly(30, '09:30'))).toBe('30 9 28-31 * *')
    expect(
      toCron({
        enabled: true,
        frequency: 'cron',
        cron: ' 0 8 * * 1-5 ',
        time: '00:00',
        timezone: 'UTC',
      }),
    ).toBe('0 8 * * 1-5')
  })
})

describe('nextRuns across DST', () => {
  it('America/New_York: a skipped 02:30 runs at 03:00 EDT, a repeated 01:30 runs once', () => {
    expect(
      iso(nextRuns(daily('02:30', 'America/New_York'), new Date('2026-03-07T12:00Z'), 3)),
    ).toEqual(['2026-03-08T07:00:00.000Z', '2026-03-09T06:30:00.000Z', '2026-03-10T06:30:00.000Z'])
    expect(
      iso(nextRuns(daily('01:30', 'America/New_York'), new Date('2026-10-31T12:00Z'), 2)),
    ).toEqual(['2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z'])
  })

  it('America/New_York: a weekly Monday 09:00 keeps its local time across the change', () => {
    const weekly: ScheduleSpec = {
      enabled: true,
      frequency: 'weekly',
      dayOfWeek: 1,
      time: '09:00',
      timezone: 'America/New_York',
    }
    expect(iso(nextRuns(weekly, new Date('2026-03-01T00:00Z'), 2))).toEqual([
      '2026-03-02T14:00:00.000Z',
      '2026-03-09T13:00:00.000Z',
    ])
  })

  it('Europe/Berlin: 02:30 runs at 03:00 on 29 March and once on 25 October', () => {
    expect(
      iso(nextRuns(daily('02:30', 'Europe/Berlin'), new Date('2026-03-28T12:00Z'), 2)),
    ).toEqual(['2026-03-29T01:00:00.000Z', '2026-03-30T00:30:00.000Z'])
    expect(
      iso(nextRuns(daily('02:30', 'Europe/Berlin'), new Date('2026-10-24T12:00Z'), 2)),
    ).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z'])
  })

  it('Australia/Sydney (southern hemisphere): forward in October, back in April', () => {
    expect(
      iso(nextRuns(daily('02:30', 'Australia/Sydney'), new Date('2026-10-03T00:00Z'), 2)),
    ).toEqual(['2026-10-03T16:00:00.000Z', '2026-10-04T15:30:00.000Z'])
    expect(
      iso(nextRuns(daily('02:30', 'Australia/Sydney'), new Date('2026-04-04T00:00Z'), 2)),
    ).toEqual(['2026-04-04T15:30:00.000Z', '2026-04-05T16:30:00.000Z'])
  })

  it('Asia/Kolkata: the half-hour offset, no DST', () => {
    expect(iso(nextRuns(daily('09:00', 'Asia/Kolkata'), new Date('2026-03-28T00:00Z'), 2))).toEqual(
      ['2026-03-28T03:30:00.000Z', '2026-03-29T03:30:00.000Z'],
    )
  })
})

describe('nextRuns at month ends and leap days', () => {
  it('day 31 runs on the last day of every month', () => {
    expect(iso(nextRuns(monthly(31, '09:00'), new Date('2026-01-01T00:00Z'), 4))).toEqual([
      '2026-01-31T09:00:00.000Z',
      '2026-02-28T09:00:00.000Z',
      '2026-03-31T09:00:00.000Z',
      '2026-04-30T09:00:00.000Z',
    ])
  })

  it('day 30 runs on the 30th, or on the last day of February, never twice a month', () => {
    expect(iso(nextRuns(monthly(30, '09:00'), new Date('2026-01-01T00:00Z'), 4))).toEqual([
      '2026-01-30T09:00:00.000Z',
      '2026-02-28T09:00:00.000Z',
      '2026-03-30T09:00:00.000Z',
      '2026-04-30T09:00:00.000Z',
    ])
  })

  it('day 29 uses 29 February in leap years and the 28th otherwise', () => {
    expect(iso(nextRuns(monthly(29, '09:00'), new Date('2027-02-01T00:00Z'), 1))).toEqual([
      '2027-02-28T09:00:00.000Z',
    ])
    expect(iso(nextRuns(monthly(29, '09:00'), new Date('2028-02-01T00:00Z'), 2))).toEqual([
      '2028-02-29T09:00:00.000Z',
      '2028-03-29T09:00:00.000Z',
    ])
  })

  it('reads the month end in the schedule zone, not in UTC', () => {
    // 23:30 in New York on 28 February is already 1 March in UTC.
    expect(
      iso(nextRuns(monthly(30, '23:30', 'America/New_York'), new Date('2026-02-01T00:00Z'), 2)),
    ).toEqual(['2026-03-01T04:30:00.000Z', '2026-03-31T03:30:00.000Z'])
  })

  it('a leap-day cron pattern waits for the next leap year', () => {
    const leap: ScheduleSpec = {
      enabled: true,
      frequency: 'cron',
      cron: '0 12 29 2 *',
      time: '00:00',
      timezone: 'UTC',
    }
    expect(iso(nextRuns(leap, new Date('2026-03-01T00:00Z'), 2))).toEqual([
      '2028-02-29T12:00:00.000Z',
      '2032-02-29T12:00:00.000Z',
    ])
  })
})

describe('start and end dates', () => {
  it('runs only on local days from startDate through endDate', () => {
    const bounded = daily('09:00', 'Asia/Kolkata', {
      startDate: '2026-05-10',
      endDate: '2026-05-12',
    })
    expect(iso(nextRuns(bounded, new Date('2026-01-01T00:00Z'), 10))).toEqual([
      '2026-05-10T03:30:00.000Z',
      '2026-05-11T03:30:00.000Z',
      '2026-05-12T03:30:00.000Z',
    ])
  })
})

describe('runsBetween, previousRun, isFireTime', () => {
  it('lists missed fire times and finds the latest one', () => {
    const schedule = daily('06:00', 'Europe/Berlin')
    const range = { after: new Date('2026-06-01T00:00Z'), until: new Date('2026-06-04T04:00Z') }
    expect(iso(runsBetween(schedule, range))).toEqual([
      '2026-06-01T04:00:00.000Z',
      '2026-06-02T04:00:00.000Z',
      '2026-06-03T04:00:00.000Z',
      '2026-06-04T04:00:00.000Z',
    ])
    expect(runsBetween(schedule, range, 2)).toHaveLength(2)
    expect(previousRun(schedule, new Date('2026-06-04T03:59Z'))?.toISOString()).toBe(
      '2026-06-03T04:00:00.000Z',
    )
    expect(previousRun(monthly(30, '09:00'), new Date('2026-03-29T00:00Z'))?.toISOString()).toBe(
      '2026-02-28T09:00:00.000Z',
    )
    expect(isFireTime(schedule, new Date('2026-06-03T04:00Z'))).toBe(true)
    expect(isFireTime(schedule, new Date('2026-06-03T04:01Z'))).toBe(false)
  })
})
