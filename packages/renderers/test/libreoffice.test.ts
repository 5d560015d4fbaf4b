import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { pptxRenderer } from '../src/pptx/pptx-renderer'
import { xlsxRenderer } from '../src/xlsx/xlsx-renderer'
import {
  REGION_COLUMNS,
  definition,
  orderRows,
  orderTotals,
  regionRows,
  renderInput,
  renderToBuffer,
} from './sales-input'

// LibreOffice takes seconds per file and is a large install: opt in with RW_LIBREOFFICE=1.
const enabled = process.env.RW_LIBREOFFICE === '1'
const soffice = ['/usr/bin/soffice', '/usr/local/bin/soffice'].find((path) => existsSync(path))
if (!enabled)
  console.log(
    '[renderers] LibreOffice checks skipped (set RW_LIBREOFFICE=1 with soffice installed)',
  )

describe.skipIf(!enabled)('LibreOffice opens the files', () => {
  it('converts the XLSX and PPTX to PDF', async () => {
    expect(
      soffice,
      'soffice not found: apt-get install libreoffice-calc libreoffice-impress',
    ).toBeDefined()
    const dir = mkdtempSync(join(tmpdir(), 'rw-lo-'))
    try {
      const rows = orderRows(300)
      const xlsx = await renderToBuffer(
        xlsxRenderer({ maxRowsPerSheet: 200 }),
        renderInput({ rows, totals: orderTotals(rows) }),
      )
      const chart = definition({
        output: {
          format: 'pptx',
          template: 'executive',
          layout: 'table',
          includeCharts: true,
          chart: { type: 'line', x: 'customer_region_name', y: ['sum_amount'] },
        },
      })
      const pptx = await renderToBuffer(pptxRenderer(), {
        ...renderInput({ rows: regionRows(), columns: REGION_COLUMNS }),
        definition: chart,
      })
      writeFileSync(join(dir, 'report.xlsx'), xlsx.buffer)
      writeFileSync(join(dir, 'deck.pptx'), pptx.buffer)
      execFileSync(
        soffice!,
        [
          '--headless',
          '--convert-to',
          'pdf',
          '--outdir',
          dir,
          join(dir, 'report.xlsx'),
          join(dir, 'deck.pptx'),
        ],
        {
          timeout: 120_000,
          stdio: 'ignore',
        },
      )
      for (const name of ['report.pdf', 'deck.pdf']) {
        const pdf = readFileSync(join(dir, name))
        expect(pdf.subarray(0, 5).toString(), name).toBe('%PDF-')
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 180_000)
})
