import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { xlsxRenderer } from '../src/xlsx/xlsx-renderer'
import {
  ORDER_COLUMNS,
  REGION_COLUMNS,
  definition,
  orderRows,
  orderTotals,
  regionRows,
  renderInput,
  renderToBuffer,
} from './sales-input'

async function readWorkbook(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer)
  return workbook
}

const col = (key: string): number => ORDER_COLUMNS.findIndex((column) => column.key === key) + 1

describe('xlsxRenderer', () => {
  it('writes typed cells with number formats, a frozen header, autofilter, totals and an About sheet', async () => {
    const rows = orderRows(500)
    const totals = orderTotals(rows)
    const { buffer, rows: count } = await renderToBuffer(
      xlsxRenderer(),
      renderInput({ rows, totals }),
    )
    expect(count).toBe(500)
    const workbook = await readWorkbook(buffer)
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Data', 'About'])
    const sheet = workbook.getWorksheet('Data')!
    expect(sheet.rowCount).toBe(1 + 500 + 1)
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      ...ORDER_COLUMNS.map((column) => column.label),
    ])
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true)
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
    expect(sheet.autoFilter).toBe(`A1:K501`)

    const first = sheet.getRow(2)
    expect(first.getCell(col('id')).value).toBe(1)
    expect(first.getCell(col('id')).numFmt).toBe('#,##0')
    expect(first.getCell(col('amount')).value).toBe(360.65)
    expect(first.getCell(col('amount')).numFmt).toBe('$#,##0.00')
    expect(first.getCell(col('discount')).value).toBe(0.07)
    expect(first.getCell(col('discount')).numFmt).toBe('0.0%')
    expect(first.getCell(col('order_date')).value).toEqual(new Date('2024-01-01T00:00:00Z'))
    expect(first.getCell(col('order_date')).numFmt).toBe('mm/dd/yyyy')
    // 2024-01-01T00:00Z is 2023-12-31 19:00 in New York, the report's zone.
    expect(first.getCell(col('ordered_at')).value).toEqual(new Date('2023-12-31T19:00:00Z'))
    expect(first.getCell(col('is_returned')).value).toBe(false)
    expect(typeof first.getCell(col('customer_name')).value).toBe('string')

    const hostile = rows.findIndex((row) => row.note === '=SUM(A1:A9)')
    expect(hostile).toBeGreaterThanOrEqual(0)
    const cell = sheet.getRow(hostile + 2).getCell(col('note'))
    expect(cell.value).toBe('=SUM(A1:A9)')
    expect(cell.type).toBe(ExcelJS.ValueType.String)

    const total = sheet.getRow(502)
    expect(total.getCell(1).value).toBe('Total')
    expect(total.getCell(col('amount')).value).toBe(Number(totals.amount))
    expect(total.getCell(col('amount')).font?.bold).toBe(true)
    expect(total.getCell(col('quantity')).value).toBe(totals.quantity)

    const about = workbook.getWorksheet('About')!
    const text = about
      .getSheetValues()
      .flat()
      .filter((value) => typeof value === 'string')
      .join('\n')
    expect(text).toContain('Sales orders — Q1 2024')
    expect(text).toContain('Order date between 2024-01-01 and 2024-03-31')
    expect(text).toContain('America/New_York')
    expect(text).toMatch(/Apr 2, 2024, 9:30\s?AM EDT/)
  })

  it('continues on a new sheet past the row limit', async () => {
    const rows = orderRows(25)
    const { buffer } = await renderToBuffer(
      xlsxRenderer({ maxRowsPerSheet: 10 }),
      renderInput({ rows, totals: orderTotals(rows) }),
    )
    const workbook = await readWorkbook(buffer)
    const data = workbook.worksheets.filter((sheet) => sheet.name.startsWith('Data'))
    expect(data.map((sheet) => sheet.name)).toEqual(['Data', 'Data (2)', 'Data (3)'])
    expect(data.map((sheet) => sheet.rowCount)).toEqual([10, 10, 1 + 7 + 1])
    const ids = data.flatMap((sheet) =>
      sheet
        .getRows(2, sheet.rowCount - 1)!
        .map((row) => row.getCell(1).value)
        .filter((value) => typeof value === 'number'),
    )
    expect(ids).toEqual(rows.map((row) => row.id))
    expect(data.every((sheet) => sheet.getRow(1).getCell(1).value === 'Order ID')).toBe(true)
    expect(data[2]!.getRow(9).getCell(1).value).toBe('Total')
  })

  it('adds a Chart sheet with a PNG when the report asks for a chart', async () => {
    const def = definition({
      output: {
        format: 'xlsx',
        template: 'executive',
        layout: 'table',
        includeCharts: true,
        chart: { type: 'bar', x: 'customer.region.name', y: ['sum_amount'] },
      },
    })
    const { buffer } = await renderToBuffer(xlsxRenderer(), {
      ...renderInput({ rows: regionRows(), columns: REGION_COLUMNS }),
      definition: def,
    })
    const workbook = await readWorkbook(buffer)
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Data', 'Chart', 'About'])
    const images = workbook.getWorksheet('Chart')!.getImages()
    expect(images).toHaveLength(1)
    const media = (workbook.model as unknown as { media: { extension: string; buffer: Buffer }[] })
      .media
    expect(media[0]!.extension).toBe('png')
    expect(media[0]!.buffer.subarray(1, 4).toString()).toBe('PNG')
  })

  it('keeps the file valid when text holds XML-forbidden control characters', async () => {
    const rows = [{ ...orderRows(1)[0]!, note: 'bell\u0007 and <tag> & "quotes"' }]
    const { buffer } = await renderToBuffer(xlsxRenderer(), renderInput({ rows }))
    const workbook = await readWorkbook(buffer)
    expect(workbook.getWorksheet('Data')!.getRow(2).getCell(col('note')).value).toBe(
      'bell and <tag> & "quotes"',
    )
  })
})
