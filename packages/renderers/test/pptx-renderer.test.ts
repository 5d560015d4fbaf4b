import { unzipSync, strFromU8 } from 'fflate'
import { describe, expect, it } from 'vitest'
import { ROWS_PER_SLIDE, pptxRenderer } from '../src/pptx/pptx-renderer'
import {
  REGION_COLUMNS,
  definition,
  orderRows,
  orderTotals,
  regionRows,
  renderInput,
  renderToBuffer,
} from './sales-input'

const EMU_PER_INCH = 914_400

function slidesOf(buffer: Buffer): string[] {
  const files = unzipSync(new Uint8Array(buffer))
  return Object.keys(files)
    .filter((name) => /^ppt\/slides\/slide\d+\.xml$/.test(name))
    .sort((a, b) => Number(/(\d+)\.xml/.exec(a)![1]) - Number(/(\d+)\.xml/.exec(b)![1]))
    .map((name) => strFromU8(files[name]!))
}

describe('pptxRenderer', () => {
  it('makes title, key-figure, chart and paginated table slides that fit', async () => {
    const def = definition({
      output: {
        format: 'pptx',
        template: 'executive',
        layout: 'table',
        includeCharts: true,
        chart: { type: 'bar', x: 'customer_region_name', y: ['sum_amount'] },
      },
    })
    const { buffer } = await renderToBuffer(pptxRenderer(), {
      ...renderInput({
        rows: regionRows(),
        columns: REGION_COLUMNS,
        totals: { customer_region_name: null, count_id: 3600, sum_amount: '16799723.69' },
      }),
      definition: def,
    })
    const files = unzipSync(new Uint8Array(buffer))
    expect(Object.keys(files).some((name) => /^ppt\/charts\/chart\d+\.xml$/.test(name))).toBe(true)
    const slides = slidesOf(buffer)
    expect(slides).toHaveLength(4)
    expect(slides[0]).toContain('Sales orders — Q1 2024')
    expect(slides[1]).toContain('Key figures')
    expect(slides[1]).toContain('$16,799,723.69')
    expect(slides[2]).toContain('c:chart')
  })

  it('paginates long tables so no table has more rows than fit on its slide', async () => {
    const rows = orderRows(100)
    const { buffer, rows: count } = await renderToBuffer(
      pptxRenderer({ maxRows: 60 }),
      renderInput({ rows, totals: orderTotals(rows) }),
    )
    expect(count).toBe(100)
    const slides = slidesOf(buffer)
    const tables = slides.filter((slide) => slide.includes('<a:tbl>'))
    // 60 rows + the totals row.
    expect(tables).toHaveLength(Math.ceil(61 / ROWS_PER_SLIDE))
    for (const slide of tables) {
      const heights = [...slide.matchAll(/<a:tr h="(\d+)"/g)].map((match) => Number(match[1]))
      expect(heights.length).toBeLessThanOrEqual(ROWS_PER_SLIDE + 1)
      const frame = /<p:graphicFrame>[\s\S]*?<a:off x="\d+" y="(\d+)"\/>/.exec(slide)
      const top = Number(frame![1])
      expect(top + heights.reduce((sum, height) => sum + height, 0)).toBeLessThanOrEqual(
        7.5 * EMU_PER_INCH,
      )
    }
    expect(slides.at(-1)).toContain('Showing the first 60 of 100 rows; 40 rows were left out.')
  })
})
