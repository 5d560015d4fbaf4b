import { describe, expect, it } from 'vitest'
import { isReportwrightError } from '@reportwright/core'
import { validateSchedule } from './validate-schedule'

const base = { enabled: true, frequency: 'daily', time: '09:00', timezone: 'UTC' }

function issuePaths(input: unknown): unknown[] {
  try {
    validateSchedule(input)
  } catch (error) {
    if (!isReportwrightError(error)) throw error
    expect(error.code).toBe('INVALID_DEFINITION')
    return (error.details?.issues ?? []).map((issue) => issue.path)
  }
  throw new Error('expected INVALID_DEFINITION')
}

describe('validateSchedule', () => {
  it('accepts a valid schedule and returns it', () => {
    expect(validateSchedule({ ...base, startDate: '2028-02-29' })).toMatchObject({
      startDate: '2028-02-29',
    })
  })

  it('names the field of every problem', () => {
    expect(issuePaths({ ...base, frequency: 'cron', cron: 'not a cron' })).toEqual([
      ['schedule', 'cron'],
    ])
    expect(issuePaths({ ...base, frequency: 'cron', cron: '0 0 30 2 *' })).toEqual([
      ['schedule', 'cron'],
    ])
    expect(issuePaths({ ...base, timezone: 'Mars/Olympus_Mons' })).toEqual([
      ['schedule', 'timezone'],
    ])
    expect(issuePaths({ ...base, startDate: '2026-05-02', endDate: '2026-05-01' })).toEqual([
      ['schedule', 'endDate'],
    ])
    expect(issuePaths({ ...base, startDate: '2026-02-30' })).toEqual([['schedule', 'startDate']])
    expect(issuePaths({ ...base, frequency: 'monthly', dayOfMonth: 32 })).toEqual([
      ['schedule', 'dayOfMonth'],
    ])
    expect(issuePaths({ ...base, frequency: 'weekly' })).toEqual([['schedule', 'dayOfWeek']])
    expect(issuePaths({ ...base, time: '24:00' })).toEqual([['schedule', 'time']])
  })
})
