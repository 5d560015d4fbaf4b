import type { OutputColumn, RenderInput, Row } from '@reportwright/core'
import { isNumericType } from '../format/value-formatter'
import type { ValueFormatter } from '../format/value-formatter'
import { displayCells, rowKind } from '../shared/report-content'
import type { ReportHeading, RowKind } from '../shared/report-content'
import type { ResolvedTheme } from '../theme/report-themes'
import { PDF_PAGE_SIZES, PDF_TABLE, oneLine } from './pdf-table-metrics'
import type { PdfmakeDocument } from './pdfmake-printer'

/** Everything a small report's document is built from; rows are already capped. */
export interface SmallReportParts {
  readonly input: RenderInput
  readonly theme: ResolvedTheme
  readonly formatter: ValueFormatter
  readonly heading: ReportHeading
  readonly columns: readonly OutputColumn[]
  /** Data and subtotal rows to print. */
  readonly rows: readonly Row[]
  readonly totals: Row | undefined
  /** Column widths in points, padding included, already fitted to the page. */
  readonly widths: readonly number[]
  readonly landscape: boolean
  /** The chart as PNG with its aspect ratio, when the report includes one. */
  readonly chart?: { readonly png: Buffer; readonly aspect: number }
  /** A muted line under the table (row-cap note, "no rows"). */
  readonly note?: string
}

type Node = Record<string, unknown>

/**
 * The pdfmake document of a small report: the same title block, header, footer ("Page X of Y"),
 * table and notes as the streamed pdfkit layout, laid out by pdfmake (cells may wrap instead of
 * being cut).
 */
export function smallReportDocument(parts: SmallReportParts): PdfmakeDocument {
  const { theme, heading, input } = parts
  const margins = theme.margins
  const [shortSide, longSide] = PDF_PAGE_SIZES[theme.pageSize]
  const pageWidth = parts.landscape ? longSide : shortSide
  const contentWidth = pageWidth - margins.left - margins.right
  const colors = theme.colors
  const content: Node[] = [...titleBlock(parts, contentWidth)]
  if (parts.chart) {
    const height = Math.min(230, contentWidth / parts.chart.aspect)
    content.push({
      image: `data:image/png;base64,${parts.chart.png.toString('base64')}`,
      fit: [contentWidth, height],
      alignment: 'center',
      margin: [0, 0, 0, 14],
    })
  }
  content.push(table(parts))
  if (parts.note) {
    content.push({ text: parts.note, color: colors.muted, fontSize: 8.5, margin: [0, 8, 0, 0] })
  }
  const generated = input.generatedAt ? parts.formatter.formatInstant(input.generatedAt) : ''
  return {
    pageSize: { width: pageWidth, height: parts.landscape ? shortSide : longSide },
    pageMargins: [margins.left, margins.top, margins.right, margins.bottom],
    info: {
      title: input.definition.name,
      author: 'Reportwright',
      creator: 'Reportwright',
      producer: 'Reportwright',
      creationDate: input.generatedAt ?? new Date(),
    },
    defaultStyle: { font: 'rw', fontSize: PDF_TABLE.bodySize, color: colors.text },
    header: (page: number): Node | null =>
      page === 1
        ? null
        : {
            margin: [margins.left, margins.top / 2 - 2, margins.right, 0],
            stack: [
              {
                columns: [
                  { text: heading.title, width: '60%', noWrap: true },
                  { text: generated, alignment: 'right' },
                ],
                fontSize: 7.5,
                color: colors.muted,
              },
              {
                canvas: [
                  { type: 'line', x1: 0, y1: 2, x2: contentWidth, y2: 2, lineWidth: 0.4 },
                ].map((line) => ({ ...line, lineColor: colors.border })),
              },
            ],
          },
    footer: (page: number, pages: number): Node => ({
      margin: [margins.left, margins.bottom / 2 - 4, margins.right, 0],
      columns: [
        { text: heading.title, width: '50%', noWrap: true },
        { text: `Page ${page} of ${pages}`, alignment: 'right' },
      ],
      fontSize: 7.5,
      color: colors.muted,
    }),
    content,
  }
}

function titleBlock(parts: SmallReportParts, contentWidth: number): Node[] {
  const { theme, heading } = parts
  const colors = theme.colors
  const band = theme.titleBand
  const titleColor = band ? colors.headerText : colors.primary
  const mutedColor = band ? '#DDE6EE' : colors.muted
  const titleStack: Node[] = [
    { text: heading.title, bold: true, fontSize: band ? 20 : 17, color: titleColor },
  ]
  if (heading.description) {
    titleStack.push({
      text: heading.description,
      fontSize: 9,
      color: mutedColor,
      margin: [0, 3, 0, 0],
    })
  }
  const logo = theme.logo && /^data:image\/(png|jpe?g);base64,/i.test(theme.logo) ? theme.logo : ''
  const titleRow: Node = logo
    ? { columns: [{ stack: titleStack }, { image: logo, fit: [90, 36], width: 90 }], columnGap: 12 }
    : { stack: titleStack }
  const blocks: Node[] = []
  if (band) {
    // A full-bleed coloured band: the table cell reaches past the page margins.
    const margins = theme.margins
    blocks.push({
      table: {
        widths: ['*'],
        body: [
          [
            {
              ...titleRow,
              fillColor: colors.primary,
              margin: [margins.left, margins.top * 0.6 - 3, margins.right, 16],
            },
          ],
        ],
      },
      layout: 'noBorders',
      margin: [-margins.left, -margins.top, -margins.right, 16],
    })
  } else {
    blocks.push({ ...titleRow, margin: [0, 0, 0, 6] })
  }
  const meta: [string, string][] = [
    ['Filters', heading.filters.length > 0 ? heading.filters.join(' · ') : 'None'],
    ...(heading.period ? [['Period', heading.period] as [string, string]] : []),
    ...(heading.generatedAt ? [['Generated', heading.generatedAt] as [string, string]] : []),
  ]
  blocks.push({
    table: {
      widths: [50, '*'],
      body: meta.map(([label, value]) => [{ text: `${label}:`, bold: true }, { text: value }]),
    },
    layout: {
      hLineWidth: () => 0,
      vLineWidth: () => 0,
      paddingLeft: () => 0,
      paddingRight: () => 4,
      paddingTop: () => 1,
      paddingBottom: () => 1,
    },
    fontSize: 8.5,
    margin: [0, 0, 0, 6],
  })
  if (!band) {
    blocks.push({
      canvas: [
        {
          type: 'line',
          x1: 0,
          y1: 0,
          x2: contentWidth,
          y2: 0,
          lineWidth: 1.2,
          lineColor: colors.primary,
        },
      ],
      margin: [0, 0, 0, 12],
    })
  }
  return blocks
}

function table(parts: SmallReportParts): Node {
  const { columns, formatter, theme } = parts
  const colors = theme.colors
  const numeric = columns.map((column) => isNumericType(column.type))
  const padding = PDF_TABLE.padding
  const headerFilled = colors.headerBackground.toUpperCase() !== '#FFFFFF'
  const header = columns.map((column, index) => ({
    text: column.label,
    bold: true,
    fontSize: PDF_TABLE.headerSize,
    color: colors.headerText,
    alignment: numeric[index] ? 'right' : 'left',
  }))
  const kinds: RowKind[] = ['data']
  const fills: (string | null)[] = [headerFilled ? colors.headerBackground : null]
  const body: Node[][] = [header]
  let band = 0
  const addRow = (row: Row, kind: RowKind): void => {
    const cells = displayCells(columns, row, { kind, formatter })
    body.push(
      cells.map((text, index) => ({
        text: oneLine(text),
        bold: kind !== 'data',
        alignment: numeric[index] ? 'right' : 'left',
      })),
    )
    kinds.push(kind)
    if (kind === 'data') {
      const zebra = band % 2 === 1 && colors.zebra.toUpperCase() !== '#FFFFFF'
      fills.push(zebra ? colors.zebra : null)
      band++
    } else {
      fills.push(kind === 'subtotal' ? colors.border : null)
    }
  }
  for (const row of parts.rows) addRow(row, rowKind(row))
  if (parts.totals) addRow(parts.totals, 'total')
  const last = body.length
  return {
    table: {
      headerRows: 1,
      dontBreakRows: true,
      widths: parts.widths.map((width) => Math.max(1, width - padding * 2)),
      body,
    },
    layout: {
      fillColor: (index: number) => fills[index] ?? null,
      fillOpacity: (index: number) => (kinds[index] === 'subtotal' ? 0.45 : 1),
      hLineWidth: (index: number) => {
        if (index === 1) return headerFilled ? 0.5 : 1
        if (kinds[index] === 'total') return 0.8
        if (index === last && kinds[last - 1] === 'total') return 0.5
        return 0
      },
      hLineColor: (index: number) =>
        index === 1 && headerFilled ? colors.headerBackground : colors.text,
      vLineWidth: () => 0,
      paddingLeft: () => padding,
      paddingRight: () => padding,
      paddingTop: () => 3,
      paddingBottom: () => 2.5,
    },
  }
}
