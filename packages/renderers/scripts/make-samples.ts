/**
 * Writes one sample of each format from the shared sales fixture into `samples-out/`
 * (gitignored), for looking at: `pnpm --filter @reportwright/renderers samples`.
 */
import { createWriteStream } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Renderer, RenderInput } from '@reportwright/core'
import { csvRenderer } from '../src/csv/csv-renderer'

import { htmlRenderer } from '../src/html/html-renderer'
import { pptxRenderer } from '../src/pptx/pptx-renderer'
import { pdfRenderer } from '../src/pdf/pdf-renderer'

import { xlsxRenderer } from '../src/xlsx/xlsx-renderer'
import {
  ORDER_COLUMNS,
  REGION_COLUMNS,
  definition,
  orderRows,
  orderTotals,
  regionRows,
  renderInput,
} from '../test/sales-input'

const outDir = join(import.meta.dirname, '..', 'samples-out')

async function write(name: string, renderer: Renderer, input: RenderInput): Promise<void> {
  const path = join(outDir, `${name}.${renderer.extension}`)
  const result = await renderer.render(input, createWriteStream(path))
  console.log(`${path}: ${result.rows} rows, ${result.bytes} bytes`)
}

async function main(): Promise<void> {
  await mkdir(outDir, { recursive: true })
  const rows = orderRows()
  const totals = orderTotals(rows)
  const chart = (
    template: 'business_standard' | 'executive' | 'minimal',
    type: 'bar' | 'line' | 'pie',
  ) =>
    definition({
      output: {
        format: 'pdf',
        template,
        layout: 'table',
        includeCharts: true,
        chart: { type, x: 'customer_region_name', y: ['sum_amount'] },
      },
    })
  const orders = (template: 'business_standard' | 'executive' | 'minimal') => ({
    ...renderInput({ rows, totals, columns: ORDER_COLUMNS }),
    definition: definition({
      output: { format: 'pdf', template, layout: 'table', includeCharts: false },
    }),
  })
  const regions = (
    template: 'business_standard' | 'executive' | 'minimal',
    type: 'bar' | 'line' | 'pie',
  ) => {
    const region = regionRows()
    return {
      ...renderInput({
        rows: region,
        columns: REGION_COLUMNS,
        totals: {
          customer_region_name: null,
          count_id: rows.length,
          sum_amount: totals.amount ?? null,
        },
      }),
      definition: {
        ...chart(template, type),
        name: 'Revenue by region — Q1 2024',
        description: 'Order count and revenue per customer region.',
      },
    }
  }
  await write('orders-business-standard', pdfRenderer(), orders('business_standard'))
  await write('orders-executive', pdfRenderer(), orders('executive'))
  await write('orders-minimal', pdfRenderer(), orders('minimal'))
  // The same orders laid out by pdfmake, as every report up to smallReportRows is.
  await write('orders-pdfmake', pdfRenderer({ smallReportRows: 5000 }), orders('business_standard'))
  await write('regions-executive-chart', pdfRenderer(), regions('executive', 'bar'))
  await write('regions-pie', pdfRenderer(), regions('business_standard', 'pie'))
  await write('orders', xlsxRenderer(), {
    ...orders('business_standard'),
    definition: chart('business_standard', 'bar'),
  })
  await write('orders', csvRenderer({ bom: true }), orders('business_standard'))
  await write('orders', htmlRenderer({ maxRows: 200 }), orders('business_standard'))
  await write('regions', htmlRenderer(), regions('business_standard', 'line'))
  await write('regions', pptxRenderer(), regions('executive', 'bar'))
  await write('orders', pptxRenderer({ maxRows: 60 }), orders('business_standard'))
}

await main()
