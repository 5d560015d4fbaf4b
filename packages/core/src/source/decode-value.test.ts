import { describe, expect, it } from 'vitest'
import { canonicalDatetime, canonicalDecimal } from './decode-value'

describe('canonical values', () => {
  it('decimals: no trailing zeros, no exponent, no -0', () => {
    const cases: [string | number, string][] = [
      ['12.50', '12.5'],
      ['12.5', '12.5'],
      ['-0', '0'],
      ['-0.00', '0'],
      ['007', '7'],
      ['100', '100'],
      ['-3.10', '-3.1'],
      ['-0.05', '-0.05'],
      ['1e3', '1000'],
      ['+4.0', '4'],
      [0.1 + 0.2, '0.3'],
      [-0, '0'],
    ]
    for (const [input, expected] of cases)
      expect(canonicalDecimal(input), String(input)).toBe(expected)
  })

  it('datetimes: ISO UTC from every driver shape', () => {
    expect(canonicalDatetime('2024-03-31 22:30:00+00')).toBe('2024-03-31T22:30:00.000Z')
    expect(canonicalDatetime('2024-03-31 22:30:00')).toBe('2024-03-31T22:30:00.000Z')
    expect(canonicalDatetime('2024-04-01 00:30:00.5+02')).toBe('2024-03-31T22:30:00.500Z')
    expect(canonicalDatetime('2024-04-01T04:00:00+05:30')).toBe('2024-03-31T22:30:00.000Z')
    expect(canonicalDatetime('2024-03-31T22:30:00.123Z')).toBe('2024-03-31T22:30:00.123Z')
  })
})
