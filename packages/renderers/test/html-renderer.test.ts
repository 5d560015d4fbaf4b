import { describe, expect, it } from 'vitest'
import { htmlRenderer } from '../src/html/html-renderer'
import {
  REGION_COLUMNS,
  definition,
  orderRows,
  orderTotals,
  regionRows,
  renderInput,
  renderToBuffer,
} from './sales-input'

describe('htmlRenderer', () => {
  it('escapes every value, including <script> from the data and the title', async () => {
    const rows = orderRows()
    const hostile = definition({ name: 'Sales <script>alert("t")</script>' })
    const { buffer, rows: count } = await renderToBuffer(htmlRenderer(), {
      ...renderInput({ rows, totals: orderTotals(rows) }),
      definition: hostile,
    })
    const html = buffer.toString('utf8')
    expect(count).toBe(rows.length)
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true)
    expect(html).not.toMatch(/<script/i)
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain('Sales &lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;')
    expect(html).toContain('O&#39;Brien; DROP TABLE sales; --')
    // Self-contained: no external resources, no style sheets email clients would drop.
    expect(html).not.toMatch(/<link|<style|src="http|href="http/i)
    const table = html.slice(html.indexOf('<thead>'), html.indexOf('</tbody>'))
    expect((table.match(/<tr/g) ?? []).length).toBe(1 + rows.length + 1)
    expect(html).toContain('$360.65')
  })

  it('caps the rows with a note and draws the chart as inline SVG', async () => {
    const def = definition({
      output: {
        format: 'html',
        template: 'minimal',
        layout: 'table',
        includeCharts: true,
        chart: { type: 'pie', x: 'customer_region_name', y: ['sum_amount'] },
      },
    })
    const { buffer } = await renderToBuffer(htmlRenderer({ maxRows: 3 }), {
      ...renderInput({ rows: regionRows(), columns: REGION_COLUMNS }),
      definition: def,
    })
    const html = buffer.toString('utf8')
    expect(html).toContain('<svg')
    expect(html).toContain('Showing the first 3 of 7 rows; 4 rows were left out.')
  })
})
