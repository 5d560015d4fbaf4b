import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { csvRenderer } from '../src/csv/csv-renderer'
import { ORDER_COLUMNS, orderRows, orderTotals, renderInput, renderToBuffer } from './sales-input'

const FORMULA = /^[=+\-@\t\r]/

describe('csvRenderer', () => {
  it('round-trips every fixture row through csv-parse, with formulas neutralised', async () => {
    const rows = orderRows()
    const {
      buffer,
      rows: count,
      bytes,
    } = await renderToBuffer(csvRenderer(), renderInput({ rows, totals: orderTotals(rows) }))
    expect(count).toBe(rows.length)
    expect(bytes).toBe(buffer.length)
    const records = parse(buffer.toString('utf8'), { relax_column_count: false }) as string[][]
    expect(records[0]).toEqual(ORDER_COLUMNS.map((column) => column.label))
    const body = records.slice(1, rows.length + 1)
    expect(body).toHaveLength(rows.length)
    let neutralised = 0
    body.forEach((record, index) => {
      const row = rows[index]!
      ORDER_COLUMNS.forEach((column, position) => {
        const source = row[column.key]
        const expected = source === null || source === undefined ? '' : String(source)
        if (column.type === 'string' && FORMULA.test(expected)) {
          neutralised++
          expect(record[position]).toBe(`'${expected}`)
        } else {
          expect(record[position]).toBe(expected)
        }
      })
    })
    // The fixture carries `=SUM(A1:A9)` notes: at least one cell had to be neutralised.
    expect(neutralised).toBeGreaterThan(0)
    const total = records[rows.length + 1]!
    expect(total[ORDER_COLUMNS.findIndex((column) => column.key === 'amount')]).toBe(
      orderTotals(rows).amount,
    )
  })

  it('writes plain ISO values, a BOM and another delimiter on request', async () => {
    const rows = orderRows(3)
    const { buffer } = await renderToBuffer(
      csvRenderer({ bom: true, delimiter: ';', totals: false }),
      renderInput({ rows }),
    )
    expect(buffer.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
    const records = parse(buffer.toString('utf8').slice(1), { delimiter: ';' }) as string[][]
    expect(records).toHaveLength(4)
    expect(records[1]).toContain('2024-01-01')
    expect(records[1]).toContain('2024-01-01T00:00:00.000Z')
    expect(records[1]).toContain('360.65')
    expect(records[1]).toContain('false')
  })

  it('formats for people when a locale is asked for, and can keep formulas', async () => {
    const rows = [{ ...orderRows(1)[0]!, note: '=1+1' }]
    const { buffer } = await renderToBuffer(
      csvRenderer({ locale: 'de-DE', neutralizeFormulas: false, totals: false }),
      renderInput({ rows }),
    )
    const records = parse(buffer.toString('utf8')) as string[][]
    expect(records[1]).toContain('$360,65')
    // de-DE puts a no-break space before %.
    expect(records[1]!.some((cell) => /^7,0\s%$/.test(cell))).toBe(true)
    expect(records[1]).toContain('=1+1')
  })

  it('goes through csv-stringify when its options are given', async () => {
    const rows = orderRows(2)
    const { buffer } = await renderToBuffer(
      csvRenderer({ csvStringify: { quoted: true }, totals: false }),
      renderInput({ rows }),
    )
    const text = buffer.toString('utf8')
    expect(text.split('\r\n')[1]!.startsWith('"1",')).toBe(true)
    expect(parse(text)).toHaveLength(3)
  })
})
