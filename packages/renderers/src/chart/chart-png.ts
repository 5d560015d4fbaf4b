import type { Row } from '@reportwright/core'
import { Resvg } from '@resvg/resvg-js'
import type { ValueFormatter } from '../format/value-formatter'
import { defaultFontFiles } from '../shared/font-files'
import type { ResolvedTheme } from '../theme/report-themes'
import { renderChartSvg } from './svg-chart'
import type { ChartSpec } from './svg-chart'

/** Renders a chart to PNG through resvg with the bundled fonts, so output is the same on every host. */
export function renderChartPng(
  spec: ChartSpec,
  rows: Iterable<Row>,
  options: {
    theme: ResolvedTheme
    formatter: ValueFormatter
    width?: number
    height?: number
    scale?: number
  },
): Buffer {
  const { theme, formatter, width = 800, height = 400, scale = 2 } = options
  const fonts = defaultFontFiles()
  // resvg has no system fonts on bare CI images: name the bundled face for every family.
  const svg = renderChartSvg(
    spec,
    rows,
    { ...theme, fonts: { body: 'DejaVu Sans Condensed', heading: 'DejaVu Sans Condensed' } },
    { width, height, formatter },
  )
  const resvg = new Resvg(svg, {
    background: '#FFFFFF',
    fitTo: { mode: 'width', value: width * scale },
    font: {
      fontFiles: [fonts.regular, fonts.bold],
      loadSystemFonts: false,
      defaultFontFamily: 'DejaVu Sans Condensed',
    },
  })
  return resvg.render().asPng()
}
