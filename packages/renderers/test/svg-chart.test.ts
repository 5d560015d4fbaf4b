import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Row } from '@reportwright/core'
import { chartPoints, renderChartSvg, resolveChartSpec } from '../src/chart/svg-chart'
import { createValueFormatter } from '../src/format/value-formatter'
import { executiveTheme } from '../src/theme/report-themes'
import { REGION_COLUMNS, definition, regionRows } from './sales-input'

const chartDefinition = (type: 'bar' | 'line' | 'pie') =>
  definition({
    output: {
      format: 'html',
      template: 'executive',
      layout: 'chart',
      includeCharts: true,
      chart: { type, x: 'customer.region.name', y: ['sum_amount', 'count_id'] },
    },
  })

describe('renderChartSvg', () => {
  it.each(['bar', 'line', 'pie'] as const)(
    'draws a %s chart with labels, legend and theme colours',
    (type) => {
      const spec = resolveChartSpec(chartDefinition(type), REGION_COLUMNS)!
      expect(spec.x.key).toBe('customer_region_name')
      expect(spec.y.map((column) => column.key)).toEqual(['sum_amount', 'count_id'])
      const svg = renderChartSvg(spec, regionRows(), executiveTheme)
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true)
      expect(svg).toContain('Benelux')
      expect(svg).toContain(executiveTheme.colors!.chart![0])
      expect(svg).toContain('Revenue')
      if (type === 'bar') expect((svg.match(/<rect [^>]*><title>/g) ?? []).length).toBe(7 * 2)
      if (type === 'line') expect(svg).toContain('<polyline')
      if (type === 'pie') expect((svg.match(/<path /g) ?? []).length).toBe(7)
      // Axis labels are compact and carry the currency prefix.
      if (type !== 'pie') expect(svg).toContain('$4M')
    },
  )

  it('adds rows up by x, skips subtotals and escapes labels', () => {
    const spec = resolveChartSpec(chartDefinition('bar'), REGION_COLUMNS)!
    const rows: Row[] = [
      { customer_region_name: '<b>A&B</b>', count_id: 1, sum_amount: '1.50' },
      { customer_region_name: '<b>A&B</b>', count_id: 2, sum_amount: '2.25' },
      { customer_region_name: null, count_id: 3, sum_amount: '9.00', $subtotal: 1 },
    ]
    expect(chartPoints(spec, rows, createValueFormatter())).toEqual([
      { label: '<b>A&B</b>', values: [3.75, 3] },
    ])
    const svg = renderChartSvg(spec, rows, executiveTheme)
    expect(svg).toContain('&lt;b&gt;A&amp;B&lt;/b&gt;')
    expect(svg).not.toContain('<b>')
  })

  it('imports nothing Node-only, so browsers can use it', () => {
    for (const file of ['src/chart/svg-chart.ts', 'src/format/value-formatter.ts']) {
      const source = readFileSync(join(import.meta.dirname, '..', file), 'utf8')
      const imports = [...source.matchAll(/^import (type )?.*from '([^']+)'/gm)]
      for (const [, typeOnly, from] of imports) {
        expect(
          from!.startsWith('node:') || (from!.startsWith('@') && !typeOnly),
          `${file} imports ${from}`,
        ).toBe(false)
        expect(
          from!.startsWith('.') ? ['../format/value-formatter'].includes(from!) : true,
          `${file} imports ${from}`,
        ).toBe(true)
      }
    }
  })
})
