import { describe, expect, it } from 'vitest'
import type { OutputColumn } from '@reportwright/core'
import { createValueFormatter, parseNumberPattern } from '../src/format/value-formatter'
import { REPORT_THEMES, resolveTheme } from '../src/theme/report-themes'
import { definition } from './sales-input'

const column = (type: OutputColumn['type'], extra: Partial<OutputColumn> = {}): OutputColumn => ({
  key: 'k',
  label: 'K',
  type,
  field: 'k',
  groupBy: false,
  ...extra,
})

describe('createValueFormatter', () => {
  const us = createValueFormatter({ locale: 'en-US', timezone: 'America/New_York' })
  const de = createValueFormatter({ locale: 'de-DE', timezone: 'Europe/Berlin' })

  it('formats numbers from exact decimal strings with the column pattern', () => {
    expect(us.format('1234567.891', column('currency', { format: '$#,##0.00' }))).toBe(
      '$1,234,567.89',
    )
    expect(us.format('-5', column('currency', { format: '$#,##0.00' }))).toBe('-$5.00')
    expect(de.format('1234.5', column('currency', { format: '$#,##0.00' }))).toBe('$1.234,50')
    // Exact: a double would print 0.30000000000000004-style noise or round 9007199254740993.
    expect(us.format('9007199254740993', column('number'))).toBe('9,007,199,254,740,993')
    expect(us.format('0.125', column('percent', { format: '0.0%' }))).toBe('12.5%')
    expect(us.format(1234, column('integer'))).toBe('1,234')
    expect(createValueFormatter({ currency: 'EUR' }).format('3.5', column('currency'))).toBe(
      '€3.50',
    )
  })

  it('formats dates, buckets and datetimes in the report zone', () => {
    expect(us.format('2024-03-31', column('date'))).toBe('Mar 31, 2024')
    expect(us.format('2024-03-31', column('date', { format: 'MM/DD/YYYY' }))).toBe('03/31/2024')
    expect(us.format('2024-04-01', column('date', { bucket: 'quarter' }))).toBe('Q2 2024')
    expect(us.format('2024-04-01', column('date', { bucket: 'month' }))).toBe('Apr 2024')
    expect(us.format('2024-01-01T03:00:00.000Z', column('datetime'))).toMatch(
      /^Dec 31, 2023, 10:00\sPM$/,
    )
    expect(
      de.format('2024-01-01T03:00:00.000Z', column('datetime', { format: 'DD.MM.YYYY HH:mm' })),
    ).toBe('01.01.2024 04:00')
    expect(us.format(true, column('boolean'))).toBe('Yes')
    expect(us.format(null, column('string'))).toBe('')
    expect(us.formatInstant(new Date('2024-07-01T12:00:00Z'))).toMatch(
      /^Jul 1, 2024, 8:00\sAM EDT$/,
    )
  })

  it('reads Excel-style number patterns', () => {
    expect(parseNumberPattern('$#,##0.00')).toEqual({
      prefix: '$',
      suffix: '',
      decimals: 2,
      grouping: true,
      percent: false,
    })
    expect(parseNumberPattern('0.0%')).toMatchObject({ decimals: 1, percent: true })
    expect(parseNumberPattern('#,##0 "pcs"')).toMatchObject({ suffix: ' pcs', decimals: 0 })
  })
})

describe('resolveTheme', () => {
  it('uses the report template and lets the host theme override it', () => {
    const executive = resolveTheme({
      definition: definition({
        output: { format: 'pdf', template: 'executive', layout: 'table', includeCharts: false },
      }),
    })
    expect(executive.colors.primary).toBe(REPORT_THEMES.executive.colors!.primary)
    expect(executive.titleBand).toBe(true)
    const branded = resolveTheme({
      definition: definition(),
      theme: { name: 'acme', colors: { primary: '#FF0000' }, pageSize: 'LETTER' },
    })
    expect(branded.colors.primary).toBe('#FF0000')
    expect(branded.colors.headerBackground).toBe(
      REPORT_THEMES.business_standard.colors!.headerBackground,
    )
    expect(branded.pageSize).toBe('LETTER')
  })
})

describe('resolveTheme with untrusted-looking colours', () => {
  it('keeps only hex colours from the host theme', () => {
    const theme = resolveTheme({
      definition: definition(),
      theme: {
        name: 'x',
        colors: { primary: 'red;background:url(x)', chart: ['#123456', 'javascript:'] },
      },
    })
    expect(theme.colors.primary).toBe(REPORT_THEMES.business_standard.colors!.primary)
    expect(theme.colors.chart).toEqual(['#123456'])
  })
})
