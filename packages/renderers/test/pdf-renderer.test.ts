import { extractText, getDocumentProxy } from 'unpdf'
import { describe, expect, it } from 'vitest'
import { pdfRenderer } from '../src/pdf/pdf-renderer'
import {
  REGION_COLUMNS,
  definition,
  orderRows,
  orderTotals,
  regionRows,
  renderInput,
  renderToBuffer,
} from './sales-input'

async function pagesOf(buffer: Buffer): Promise<string[]> {
  const pdf = await getDocumentProxy(new Uint8Array(buffer))
  const { text } = await extractText(pdf, { mergePages: false })
  return text.map((page) => page.replace(/\s+/g, ' '))
}

// Small reports are laid out by pdfmake, long ones streamed page by page with pdfkit: every
// promise of the format holds on both layouts.
const LAYOUTS = [
  ['pdfmake (small reports)', { smallReportRows: 100_000 }],
  ['pdfkit (streamed pages)', { smallReportRows: 0 }],
] as const

describe.each(LAYOUTS)('pdfRenderer — %s', (_name, layout) => {
  it('prints title, filters, a header on every page and "Page X of N", with fonts embedded', async () => {
    const rows = orderRows(400)
    const { buffer, rows: count } = await renderToBuffer(
      pdfRenderer(layout),
      renderInput({ rows, totals: orderTotals(rows) }),
    )
    expect(count).toBe(400)
    expect(buffer.subarray(0, 5).toString()).toBe('%PDF-')
    const pages = await pagesOf(buffer)
    expect(pages.length).toBeGreaterThan(2)
    expect(pages[0]).toContain('Sales orders — Q1 2024')
    expect(pages[0]).toContain('Order date between 2024-01-01 and 2024-03-31')
    expect(pages[0]).toMatch(/Apr 2, 2024, 9:30\s?AM EDT/)
    pages.forEach((page, index) => {
      expect(page, `page ${index + 1}`).toContain('Order ID')
      expect(page, `page ${index + 1}`).toContain(`Page ${index + 1} of ${pages.length}`)
    })
    expect(pages[0]).toContain('$360.65')
    expect(pages.at(-1)).toContain('Total')
    expect(pages.at(-1)).toContain(
      `$${Number(orderTotals(rows).amount).toLocaleString('en-US', { minimumFractionDigits: 2 })}`,
    )

    const raw = buffer.toString('latin1')
    const fonts = raw.match(/\/Type \/Font\b/g) ?? []
    expect(fonts.length).toBeGreaterThan(0)
    expect(raw).not.toMatch(/\/Subtype \/Type1/)
    // Each embedded TrueType font: one Type0 + one CIDFontType2 dictionary and one FontFile2.
    expect((raw.match(/\/FontFile2/g) ?? []).length).toBe(
      (raw.match(/\/Subtype \/CIDFontType2/g) ?? []).length,
    )
  })

  it('ends the table at the row cap with a note naming the left-out rows and the full formats', async () => {
    const rows = orderRows(120)
    const { buffer, rows: count } = await renderToBuffer(
      pdfRenderer({ ...layout, maxRows: 50 }),
      renderInput({ rows }),
    )
    expect(count).toBe(120)
    const text = (await pagesOf(buffer)).join(' ')
    expect(text).toContain('Showing the first 50 of 120 rows; 70 rows were left out.')
    expect(text).toContain('Excel (XLSX) or CSV')
  })

  it('draws the chart above the table when the report includes charts', async () => {
    const def = definition({
      output: {
        format: 'pdf',
        template: 'executive',
        layout: 'table',
        includeCharts: true,
        chart: { type: 'bar', x: 'customer_region_name', y: ['sum_amount'] },
      },
    })
    const { buffer } = await renderToBuffer(pdfRenderer(layout), {
      ...renderInput({ rows: regionRows(), columns: REGION_COLUMNS }),
      definition: def,
    })
    const raw = buffer.toString('latin1')
    expect(raw).toMatch(/\/Subtype \/Image/)
    const [first] = await pagesOf(buffer)
    expect(first).toContain('Revenue')
    expect(first).toContain('Page 1 of 1')
  })

  it('turns the page to landscape only when the table is too wide for portrait', async () => {
    const size = async (buffer: Buffer): Promise<{ width: number; height: number }> => {
      const page = await (await getDocumentProxy(new Uint8Array(buffer))).getPage(1)
      return page.getViewport({ scale: 1 })
    }
    const narrow = await renderToBuffer(
      pdfRenderer(layout),
      renderInput({ rows: regionRows(), columns: REGION_COLUMNS }),
    )
    const wide = await renderToBuffer(pdfRenderer(layout), renderInput({ rows: orderRows(5) }))
    const forced = await renderToBuffer(
      pdfRenderer({ ...layout, orientation: 'portrait' }),
      renderInput({ rows: orderRows(5) }),
    )
    expect(await size(narrow.buffer)).toMatchObject({ width: 595.28, height: 841.89 })
    expect(await size(wide.buffer)).toMatchObject({ width: 841.89, height: 595.28 })
    expect(await size(forced.buffer)).toMatchObject({ width: 595.28, height: 841.89 })
  })
})

describe('pdfRenderer layout choice', () => {
  it('lays out small reports with pdfmake and long ones with streamed pdfkit pages', async () => {
    // The streamed layout writes "Page X of Y" through a form object named RwPageNumber.
    const streamed = (buffer: Buffer): boolean =>
      buffer.toString('latin1').includes('/RwPageNumber')
    const small = await renderToBuffer(
      pdfRenderer({ smallReportRows: 100 }),
      renderInput({ rows: orderRows(100) }),
    )
    const long = await renderToBuffer(
      pdfRenderer({ smallReportRows: 100 }),
      renderInput({ rows: orderRows(101) }),
    )
    expect(streamed(small.buffer)).toBe(false)
    expect(streamed(long.buffer)).toBe(true)
    expect(long.rows).toBe(101)
  })
})
