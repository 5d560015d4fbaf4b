import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import { extractText, getDocumentProxy } from 'unpdf'
import { describe, expect, it } from 'vitest'
import type { OutputColumn, Row } from '@reportwright/core'
import { csvRenderer } from '../src/csv/csv-renderer'
import { htmlRenderer } from '../src/html/html-renderer'
import { pdfRenderer } from '../src/pdf/pdf-renderer'
import { xlsxRenderer } from '../src/xlsx/xlsx-renderer'
import { renderInput, renderToBuffer } from './sales-input'

const COLUMNS: readonly OutputColumn[] = [
  { key: 'region', label: 'Region', type: 'string', field: 'region', groupBy: true },
  { key: 'category', label: 'Category', type: 'string', field: 'category', groupBy: true },
  {
    key: 'sum_amount',
    label: 'Revenue',
    type: 'currency',
    format: '$#,##0.00',
    field: 'amount',
    aggregation: 'sum',
    groupBy: false,
  },
]
const ROWS: Row[] = [
  { region: 'Andes', category: 'Hardware', sum_amount: '100.00' },
  { region: 'Andes', category: 'Software', sum_amount: '50.50' },
  { region: 'Andes', category: null, sum_amount: '150.50', $subtotal: 1 },
  { region: 'Iberia', category: 'Hardware', sum_amount: '10.00' },
  { region: 'Iberia', category: null, sum_amount: '10.00', $subtotal: 1 },
]
const TOTALS: Row = { region: null, category: null, sum_amount: '160.50' }
const input = () => renderInput({ rows: ROWS, columns: COLUMNS, totals: TOTALS })

describe('subtotal and total rows', () => {
  it('are labelled in CSV and counted apart from data rows', async () => {
    const { buffer, rows } = await renderToBuffer(csvRenderer(), input())
    expect(rows).toBe(3)
    expect(parse(buffer.toString('utf8'))).toEqual([
      ['Region', 'Category', 'Revenue'],
      ['Andes', 'Hardware', '100.00'],
      ['Andes', 'Software', '50.50'],
      ['Andes', 'Subtotal', '150.50'],
      ['Iberia', 'Hardware', '10.00'],
      ['Iberia', 'Subtotal', '10.00'],
      ['Total', '', '160.50'],
    ])
  })

  it('are bold and labelled in XLSX', async () => {
    const { buffer } = await renderToBuffer(xlsxRenderer(), input())
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer)
    const sheet = workbook.getWorksheet('Data')!
    expect(sheet.getRow(4).values).toEqual([undefined, 'Andes', 'Subtotal', 150.5])
    expect(sheet.getRow(4).getCell(3).font?.bold).toBe(true)
    expect(sheet.getRow(7).values).toEqual([undefined, 'Total', undefined, 160.5])
    expect(sheet.autoFilter).toBe('A1:C6')
  })

  it('are labelled in PDF and HTML', async () => {
    const pdf = await renderToBuffer(pdfRenderer(), input())
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf.buffer)), {
      mergePages: true,
    })
    expect(text).toMatch(/Andes\s+Subtotal\s+\$150\.50/)
    expect(text).toMatch(/Total\s+\$160\.50/)
    const html = (await renderToBuffer(htmlRenderer(), input())).buffer.toString('utf8')
    expect(html).toMatch(/>Subtotal<\/td><td [^>]*>\$150\.50</)
  })
})
