import ExcelJS from 'exceljs'
import { extractText, getDocumentProxy } from 'unpdf'
import { describe, expect, it } from 'vitest'
import { createReportEngine, memoryFiles, memoryStorage } from '@reportwright/core'
import type { Renderer, RenderInput } from '@reportwright/core'
import { openFixtureEngine } from '@reportwright/core/testing'
import { htmlRenderer } from '../src/html/html-renderer'
import { pdfRenderer } from '../src/pdf/pdf-renderer'
import { xlsxRenderer } from '../src/xlsx/xlsx-renderer'
import { orderRows, renderInput, renderToBuffer } from './sales-input'

const PERIOD = { start: '2024-03-01', end: '2024-03-31' }
const PRINTED = 'Mar 1, 2024 – Mar 31, 2024'

describe('RenderInput.period', () => {
  it('is filled by engine.run from the first relative date filter at the run’s asOf', async () => {
    const fixture = await openFixtureEngine('pglite')
    if (!fixture) return
    try {
      const seen: (RenderInput['period'] | undefined)[] = []
      const capture: Renderer = {
        format: 'json',
        contentType: 'application/json',
        extension: 'json',
        async render(input, out) {
          seen.push(input.period)
          for await (const row of input.rows) void row
          out.end('[]')
          return { bytes: 2, rows: 0 }
        },
      }
      const engine = createReportEngine({
        catalog: fixture.catalog,
        storage: memoryStorage(),
        files: memoryFiles(),
        renderers: [capture],
      })
      const context = { userId: 'a', tenantId: 'acme', roles: ['user'], timezone: 'Europe/Berlin' }
      const run = (filters: unknown[]) =>
        engine.run(
          {
            version: 1,
            name: 'Period',
            dataset: 'sales',
            fields: [{ field: 'id' }],
            filters,
            output: { format: 'json' },
          } as never,
          { context, asOf: new Date('2025-11-15T12:00:00Z') },
        )
      await run([
        { field: 'channel', operator: 'equals', value: 'Web' },
        { field: 'order_date', operator: 'previous', value: { unit: 'month' } },
        { field: 'ordered_at', operator: 'this', value: { unit: 'year' } },
      ])
      await run([{ field: 'channel', operator: 'equals', value: 'Web' }])
      expect(seen).toEqual([{ start: '2025-10-01', end: '2025-10-31' }, undefined])
    } finally {
      await fixture.close()
    }
  })

  it('is printed as "Period" by the PDF, the XLSX About sheet and the HTML', async () => {
    const input = (): RenderInput => ({ ...renderInput({ rows: orderRows(20) }), period: PERIOD })

    const pdf = (await renderToBuffer(pdfRenderer(), input())).buffer
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), {
      mergePages: true,
    })
    expect(text.replace(/\s+/g, ' ')).toContain(`Period: ${PRINTED}`)

    const xlsx = (await renderToBuffer(xlsxRenderer(), input())).buffer
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(xlsx as unknown as ArrayBuffer)
    const about = workbook.getWorksheet('About')
    const cells: string[] = []
    about?.eachRow((row) =>
      cells.push(`${String(row.getCell(1).value)}: ${String(row.getCell(2).value)}`),
    )
    expect(cells).toContain(`Period: ${PRINTED}`)

    const html = (await renderToBuffer(htmlRenderer(), input())).buffer.toString('utf8')
    expect(html).toContain(`<strong>Period:</strong> ${PRINTED}`)

    const without = (await renderToBuffer(htmlRenderer(), renderInput({ rows: [] }))).buffer
    expect(without.toString('utf8')).not.toContain('Period:')
  })
})
