import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { describeSchedule } from './describe-schedule'

describe('describeSchedule', () => {
  it('describes each frequency with its zone', () => {
    const weekly = {
      enabled: true,
      frequency: 'weekly',
      dayOfWeek: 1,
      time: '09:00',
      timezone: 'America/New_York',
    } as const
    expect(describeSchedule(weekly, 'en-US')).toBe('Every Monday at 09:00 (America/New_York)')
    expect(describeSchedule(weekly, 'de-DE')).toBe('Every Montag at 09:00 (America/New_York)')
    expect(
      describeSchedule({ enabled: true, frequency: 'daily', time: '07:30', timezone: 'UTC' }),
    ).toBe('Every day at 07:30 (UTC)')
    expect(
      describeSchedule({
        enabled: false,
        frequency: 'monthly',
        dayOfMonth: 31,
        time: '06:00',
        timezone: 'Asia/Kolkata',
        startDate: '2026-01-01',
      }),
    ).toBe(
      'Monthly on day 31 (or the last day of shorter months) at 06:00 from 2026-01-01 (Asia/Kolkata) — paused',
    )
    expect(
      describeSchedule({
        enabled: true,
        frequency: 'cron',
        cron: '0 8 * * 1-5',
        time: '00:00',
        timezone: 'UTC',
      }),
    ).toBe('On the cron schedule "0 8 * * 1-5" (UTC)')
  })

  it('imports nothing at run time, so it is safe in a browser bundle', () => {
    const source = readFileSync(new URL('./describe-schedule.ts', import.meta.url), 'utf8')
    const imports = source.split('\n').filter((line) => /^import\s/.test(line))
    expect(imports.length).toBeGreaterThan(0)
    for (const line of imports) expect(line).toMatch(/^import type /)
  })
})
