import { describe, expect, it } from 'vitest'
import type { ReportDefinitionInput } from '../src/index'
import { compileReport } from '../src/index'
import { compileCsvCopy } from '../src/compiler/compile-plan'
import { copySettingsQuery, CsvCopyEncoder } from '../src/source/postgres-copy'
import { ACME, DIALECTS, salesCatalog } from './compile-fixtures'

const now = new Date('2026-11-23T10:00:00Z')

function plan(definition: Omit<ReportDefinitionInput, 'version' | 'name' | 'dataset'>) {
  const compiled = compileReport(
    { version: 1, name: 'T', dataset: 'sales', ...definition },
    salesCatalog(DIALECTS.postgres),
    ACME,
    { now },
  )
  if (!compiled.plan) throw new Error('no plan')
  return { compiled, plan: compiled.plan }
}

const layout = { neutralizeFormulas: true, delimiter: ',' }

describe('compileCsvCopy', () => {
  it('reads every value from a setting, typed by the column, and formats the CSV text in SQL', () => {
    const { compiled, plan: report } = plan({
      fields: [{ field: 'id' }, { field: 'ordered_at' }, { field: 'note' }, { field: 'amount' }],
      filters: [
        { field: 'note', operator: 'contains', value: "O'Brien\\ 50%" },
        { field: 'amount', operator: 'greater_than', value: 10 },
        { field: 'is_returned', operator: 'equals', value: false },
        { field: 'order_date', operator: 'previous', value: { unit: 'month' } },
        { field: 'ordered_at', operator: 'greater_or_equal', value: '2026-01-01T00:00:00Z' },
      ],
      sort: [{ field: 'id', direction: 'asc' }],
    })
    const copy = compileCsvCopy(report, DIALECTS.postgres, layout)
    // The same values as the bound query, in the same order, as text.
    expect(copy.settings).toEqual(compiled.parameters.map(String))
    for (const value of copy.settings) {
      // Short ones ('10', 'false') also spell SQL of our own: LIMIT, the boolean CSV text.
      if (value.length > 3 && value !== 'false') expect(copy.sql).not.toContain(value)
    }
    expect(copy.sql).toMatch(
      /^COPY \(select .* from \(select .*\) as "q"\) TO STDOUT WITH \(FORMAT csv, DELIMITER ','\)$/,
    )
    expect(copy.sql).toContain(`"t0"."tenant_id" = current_setting('rw.p1')::text`)
    expect(copy.sql).toContain(`lower("t0"."note") like current_setting('rw.p2')::text escape '!'`)
    expect(copy.sql).toContain(`"t0"."amount" > current_setting('rw.p3')::numeric`)
    expect(copy.sql).toContain(`"t0"."is_returned" = current_setting('rw.p4')::boolean`)
    expect(copy.sql).toContain(`current_setting('rw.p5')::date`)
    expect(copy.sql).toContain(`current_setting('rw.p7')::timestamptz`)
    expect(copy.sql).toContain(
      `to_char(("q"."c1")::timestamptz at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
    )
    expect(copy.sql).toContain(`trim_scale(("q"."c3")::numeric)`)
    expect(copy.sql).toContain('ascii(("q"."c2")::text) in (9, 13, 43, 45, 61, 64)')
  })

  it('leaves text alone without neutralisation and refuses what COPY cannot write', () => {
    const { plan: report } = plan({ fields: [{ field: 'note' }, { field: 'id' }] })
    expect(
      compileCsvCopy(report, DIALECTS.postgres, { ...layout, neutralizeFormulas: false }).sql,
    ).toContain(`nullif(("q"."c0")::text, '')`)
    for (const delimiter of ['"', "'", '\\', '\n', '||', '€'])
      expect(() => compileCsvCopy(report, DIALECTS.postgres, { ...layout, delimiter })).toThrow()
    const { plan: subtotals } = plan({
      fields: [
        { field: 'customer.segment' },
        { field: 'channel' },
        { field: 'amount', aggregation: 'sum' },
      ],
      subtotals: true,
    })
    expect(() => compileCsvCopy(subtotals, DIALECTS.postgres, layout)).toThrow(/subtotals/)
  })

  it('binds every setting, the statement timeout included', () => {
    expect(copySettingsQuery(["it's", '5'], 2500)).toEqual({
      text: "SELECT set_config('TimeZone', 'UTC', true), set_config('statement_timeout', $1, true), set_config('rw.p1', $2, true), set_config('rw.p2', $3, true)",
      values: ['2500', "it's", '5'],
    })
  })
})

async function encode(chunks: readonly string[], recordDelimiter: '\r\n' | '\n') {
  const progress: number[] = []
  const encoder = new CsvCopyEncoder(recordDelimiter, (records) => progress.push(records))
  const out: Buffer[] = []
  encoder.on('data', (chunk: Buffer) => out.push(chunk))
  for (const chunk of chunks) encoder.write(Buffer.from(chunk))
  encoder.end()
  await new Promise((resolve) => encoder.on('end', resolve))
  return { text: Buffer.concat(out).toString('utf8'), bytes: encoder.bytes, progress }
}

describe('CsvCopyEncoder', () => {
  it('ends records with CRLF but keeps line breaks inside quoted fields, across chunks', async () => {
    const { text, bytes } = await encode(
      ['1,"a\n', 'b ""x""\n', 'c",é\n2,', 'plain\n', '3,"\n"\n'],
      '\r\n',
    )
    expect(text).toBe('1,"a\nb ""x""\nc",é\r\n2,plain\r\n3,"\n"\r\n')
    expect(bytes).toBe(Buffer.byteLength(text))
  })

  it('passes LF output through unchanged and batches large inputs', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `${i},"x\n${'y'.repeat(i % 50)}"\n`)
    const lf = await encode(rows, '\n')
    expect(lf.text).toBe(rows.join(''))
    const crlf = await encode(rows, '\r\n')
    expect(crlf.text).toBe(rows.map((row) => row.replace(/\n$/, '\r\n')).join(''))
  })

  it('reports records as batches leave: exact on CRLF, every line end on LF', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `${i},"x\n${'y'.repeat(i % 50)}"\n`)
    const crlf = await encode(rows, '\r\n')
    expect(crlf.progress.length).toBeGreaterThan(2)
    expect(crlf.progress).toEqual([...crlf.progress].sort((a, b) => a - b))
    expect(crlf.progress.at(-1)).toBe(5000)
    expect(crlf.progress[0]).toBeLessThan(5000)
    const lf = await encode(rows, '\n')
    // The quoted line break inside each value counts on the LF layout (no quote tracking there).
    expect(lf.progress.at(-1)).toBe(10_000)
  })
})
