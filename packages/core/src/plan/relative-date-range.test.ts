import { describe, expect, it } from 'vitest'
import { zonedTimeToUtc } from '../util/time-zone'
import { dateBucketStart } from '../util/date-bucket'
import { resolveRelativeDateRange } from './relative-date-range'

const now = new Date('2026-03-29T10:00:00Z') // a Sunday; Berlin switched to summer time that night

describe('resolveRelativeDateRange', () => {
  it('this week starts on Monday in the time zone', () => {
    const range = resolveRelativeDateRange(
      { operator: 'this', value: { unit: 'week' } },
      now,
      'Europe/Berlin',
    )
    expect(range).toMatchObject({ startDate: '2026-03-23', endDate: '2026-03-30' })
    expect(range.start.toISOString()).toBe('2026-03-22T23:00:00.000Z')
    expect(range.end.toISOString()).toBe('2026-03-29T22:00:00.000Z')
  })

  it('previous month and quarter, across a year boundary', () => {
    const jan = new Date('2026-01-10T12:00:00Z')
    expect(
      resolveRelativeDateRange({ operator: 'previous', value: { unit: 'month' } }, jan, 'UTC'),
    ).toMatchObject({ startDate: '2025-12-01', endDate: '2026-01-01' })
    expect(
      resolveRelativeDateRange({ operator: 'previous', value: { unit: 'quarter' } }, jan, 'UTC'),
    ).toMatchObject({ startDate: '2025-10-01', endDate: '2026-01-01' })
  })

  it('in_last counts the current unit', () => {
    expect(
      resolveRelativeDateRange(
        { operator: 'in_last', value: { amount: 7, unit: 'day' } },
        now,
        'UTC',
      ),
    ).toMatchObject({ startDate: '2026-03-23', endDate: '2026-03-30' })
    expect(
      resolveRelativeDateRange(
        { operator: 'in_last', value: { amount: 1, unit: 'year' } },
        now,
        'UTC',
      ),
    ).toMatchObject({ startDate: '2026-01-01', endDate: '2027-01-01' })
  })

  it('the local date decides, not the UTC date', () => {
    const lateUtc = new Date('2026-03-31T23:30:00Z') // already April 1st in Berlin
    expect(
      resolveRelativeDateRange(
        { operator: 'this', value: { unit: 'month' } },
        lateUtc,
        'Europe/Berlin',
      ).startDate,
    ).toBe('2026-04-01')
    expect(
      resolveRelativeDateRange({ operator: 'this', value: { unit: 'month' } }, lateUtc, 'UTC')
        .startDate,
    ).toBe('2026-03-01')
  })
})

describe('zonedTimeToUtc', () => {
  it('a skipped local time moves forward by the gap, a repeated one takes its first instant', () => {
    // 02:30 does not exist in Berlin that night: 03:30 local, like Temporal's "compatible".
    expect(
      zonedTimeToUtc(
        { year: 2026, month: 3, day: 29, hour: 2, minute: 30 },
        'Europe/Berlin',
      ).toISOString(),
    ).toBe('2026-03-29T01:30:00.000Z')
    expect(
      zonedTimeToUtc(
        { year: 2026, month: 10, day: 25, hour: 2, minute: 30 },
        'Europe/Berlin',
      ).toISOString(),
    ).toBe('2026-10-25T00:30:00.000Z')
    expect(zonedTimeToUtc({ year: 2026, month: 7, day: 1 }, 'Asia/Kolkata').toISOString()).toBe(
      '2026-06-30T18:30:00.000Z',
    )
  })
})

describe('dateBucketStart', () => {
  it('buckets datetimes in the zone and dates as they are', () => {
    expect(dateBucketStart('2025-12-31T23:30:00Z', 'year', 'Europe/Berlin', 'datetime')).toBe(
      '2026-01-01',
    )
    expect(dateBucketStart('2025-12-31T23:30:00Z', 'year', 'UTC', 'datetime')).toBe('2025-01-01')
    expect(dateBucketStart('2026-03-29', 'week', 'UTC', 'date')).toBe('2026-03-23')
    expect(dateBucketStart('2026-08-15', 'quarter', 'UTC', 'date')).toBe('2026-07-01')
    expect(dateBucketStart(null, 'day', 'UTC', 'date')).toBeNull()
  })
})
