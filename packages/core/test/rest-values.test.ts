import { PGlite } from '@electric-sql/pglite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  asciiLower,
  averageText,
  compareForSort,
  compareText,
  formatDecimal,
  likeMatcher,
  parseDecimal,
  readJsonValue,
} from '../src/rest/rest-values'
import { introspectRecords } from '../src/rest/rest-introspect'
import { nextLink, readPath } from '../src/rest/rest-pages'
import { retryAfterMs } from '../src/rest/rest-http'

let db: PGlite

beforeAll(async () => {
  db = new PGlite()
  await db.waitReady
})

afterAll(async () => {
  await db.close()
})

/** mulberry32, so the generated cases are the same on every run. */
function prng(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

function sumOf(values: readonly string[]) {
  return values.map(parseDecimal).reduce(
    (sum, next) => {
      const scale = Math.max(sum.scale, next.scale)
      const up = (v: { units: bigint; scale: number }) => v.units * 10n ** BigInt(scale - v.scale)
      return { units: up(sum) + up(next), scale }
    },
    { units: 0n, scale: 0 },
  )
}

describe('averageText: round(avg(x)::numeric, 6) like PostgreSQL', () => {
  it('matches PGlite on 300 generated sets of decimals and integers', async () => {
    const random = prng(7)
    const cases: string[][] = []
    for (let i = 0; i < 300; i++) {
      const count = 1 + Math.floor(random() * 40)
      const scale = [0, 2, 4][i % 3] as number
      const magnitude = [1, 100, 1e6, 1e9][Math.floor(random() * 4)] as number
      cases.push(
        Array.from({ length: count }, () => {
          const units = Math.round((random() - 0.3) * magnitude * 10 ** scale)
          return formatDecimal(BigInt(units), scale)
        }),
      )
    }
    // Exact ties at the 7th decimal and tiny values.
    cases.push(['0.0000005'], ['-0.0000005'], ['1', '2', '2'], ['0.0001', '0'], ['0.0000001'])
    const { rows } = await db.query<{ avg: string }>(
      `select round(avg(x::numeric), 6)::text as avg
         from jsonb_array_elements_text($1::jsonb) with ordinality as c(set, n),
              lateral jsonb_array_elements_text(set::jsonb) as x
        group by n order by n`,
      [JSON.stringify(cases.map((values) => JSON.stringify(values)))],
    )
    const expected = rows.map((row) => formatDecimal(...toScaled(row.avg)))
    expect(cases.map((values) => averageText(sumOf(values), values.length))).toEqual(expected)
  })
})

function toScaled(text: string): [bigint, number] {
  const { units, scale } = parseDecimal(text)
  return [units, scale]
}

describe('values', () => {
  it('adds decimals exactly', () => {
    const sum = sumOf(['0.1', '0.2', '1234567890123.45', '-0.05'])
    expect(formatDecimal(sum.units, sum.scale)).toBe('1234567890123.7')
  })

  it('orders text byte-wise (UTF-8), like a binary collation', () => {
    const words = ['b', 'a', 'B', 'é', 'z', '\uFFFF', '😀', 'ab', '']
    expect([...words].sort(compareText)).toEqual([
      '',
      'B',
      'a',
      'ab',
      'b',
      'z',
      'é',
      '\uFFFF',
      '😀',
    ])
  })

  it('puts NULLs last ascending and first descending', () => {
    const values = ['2', null, '10', '-1.5']
    expect([...values].sort((a, b) => compareForSort(a, b, 'number', 'asc'))).toEqual([
      '-1.5',
      '2',
      '10',
      null,
    ])
    expect([...values].sort((a, b) => compareForSort(a, b, 'number', 'desc'))).toEqual([
      null,
      '10',
      '2',
      '-1.5',
    ])
  })

  it('matches LIKE patterns with ! escapes, across lines, one character per _', () => {
    expect(likeMatcher('%50!% off!_%')('50% off_now')).toBe(true)
    expect(likeMatcher('%50!% off!_%')('50x off_now')).toBe(false)
    expect(likeMatcher('line%two')('line one\nline two')).toBe(true)
    expect(likeMatcher('_')('😀')).toBe(true)
    expect(likeMatcher('a.c')('abc')).toBe(false)
  })

  it('lowers ASCII letters only, like lower() under a binary collation', () => {
    expect(asciiLower('ÜNÏ ABC')).toBe('ÜnÏ abc')
  })

  it('reads JSON values by column type and rejects what does not fit', () => {
    expect(readJsonValue('12.50', 'currency')).toBe('12.5')
    expect(readJsonValue(12.5, 'currency')).toBe('12.5')
    expect(readJsonValue('7', 'integer')).toBe(7)
    expect(readJsonValue(7.5, 'integer')).toBeUndefined()
    expect(readJsonValue('2024-03-31T03:00:00+02:00', 'datetime')).toBe('2024-03-31T01:00:00.000Z')
    expect(readJsonValue('2024-03-31', 'date')).toBe('2024-03-31')
    expect(readJsonValue(1_700_000_000, 'datetime')).toBeUndefined()
    expect(readJsonValue('yes please', 'boolean')).toBeUndefined()
    expect(readJsonValue(0, 'boolean')).toBe(false)
    expect(readJsonValue({ a: 1 }, 'string')).toBeUndefined()
    expect(readJsonValue(undefined, 'string')).toBeNull()
  })
})

describe('pages and headers', () => {
  it('reads dot paths and Link headers', () => {
    expect(readPath({ data: { items: [1] } }, 'data.items')).toEqual([1])
    expect(readPath({ data: null }, 'data.items')).toBeUndefined()
    const page = new URL('http://127.0.0.1/api/x?page=1')
    expect(
      nextLink(
        '<http://127.0.0.1/api/x?page=1>; rel="prev", </api/x?page=3>; rel="next last"',
        page,
      )?.href,
    ).toBe('http://127.0.0.1/api/x?page=3')
    expect(nextLink('</api/x?page=3>; rel=prev', page)).toBeUndefined()
  })

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('2', 0)).toBe(2000)
    expect(retryAfterMs(new Date(65_000).toUTCString(), 5_000)).toBe(60_000)
    expect(retryAfterMs('soon', 0)).toBeUndefined()
  })

  it('drafts column types from sampled records', () => {
    const table = introspectRecords('orders', [
      { id: 1, total: '10.50', n: 1, at: '2024-01-01T00:00:00Z', on: '2024-01-01', zip: '01234' },
      { id: 2, total: '3.25', n: 2.5, at: '2024-01-01', on: '2024-01-02', zip: null, extra: true },
    ])
    expect(Object.fromEntries(table.columns.map((c) => [c.name, [c.type, c.nullable]]))).toEqual({
      id: ['integer', false],
      total: ['number', false],
      n: ['number', false],
      at: ['datetime', false],
      on: ['date', false],
      zip: ['string', true],
      extra: ['boolean', true],
    })
  })
})
