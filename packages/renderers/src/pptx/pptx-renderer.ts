import PptxGenJS from 'pptxgenjs'
import type { OutputColumn, Renderer, RenderInput, Row } from '@reportwright/core'
import { chartPoints, resolveChartSpec } from '../chart/svg-chart'
import { formatterFor, isNumericType } from '../format/value-formatter'
import type { ValueFormatter } from '../format/value-formatter'
import { fitWidths } from '../shared/fit-widths'
import { createOutputWriter } from '../shared/output-writer'
import {
  FULL_EXPORT_HINT,
  countRemaining,
  displayCells,
  reportHeading,
  rowKind,
} from '../shared/report-content'
import type { RowKind } from '../shared/report-content'
import { hexColor, resolveTheme } from '../theme/report-themes'
import type { ResolvedTheme } from '../theme/report-themes'
import { excelNumberFormat } from '../xlsx/xlsx-styles'

/**
 * `@reportwright/renderers/pptx`: PowerPoint decks with native charts.
 *
 * @packageDocumentation
 */

/** Options of {@link pptxRenderer}. */
export interface PptxRendererOptions {
  /**
   * Most data rows put on table slides (a deck holds everything in memory); past it the last
   * slide says how many rows were left out. Defaults to `1000`.
   */
  readonly maxRows?: number
  /** Formats named in the row-cap note. Defaults to `Excel (XLSX) or CSV`. */
  readonly fullExportHint?: string
}

/** 16:9 widescreen, in inches. */
export const SLIDE = { width: 13.333, height: 7.5 } as const
/** Geometry of table slides, in inches. */
export const TABLE_LAYOUT = {
  top: 1.15,
  bottom: 0.55,
  side: 0.5,
  rowHeight: 0.3,
  fontSize: 10,
} as const
/** Data rows per table slide: every row is one line high, so no table outgrows its slide. */
export const ROWS_PER_SLIDE =
  Math.floor((SLIDE.height - TABLE_LAYOUT.top - TABLE_LAYOUT.bottom) / TABLE_LAYOUT.rowHeight) - 1

const MAX_KEY_FIGURES = 6
/** Left plus right cell margin, in inches. */
const CELL_PADDING = 0.12

/**
 * Renders a PowerPoint deck: a title slide, a key-figures slide (row count and the grand
 * totals), a native chart slide (bar / line / pie, when the report has a chart and includes
 * charts or uses the chart layout) and table slides of {@link ROWS_PER_SLIDE} rows, each cell
 * cut to one line so no table overflows its slide.
 */
export function pptxRenderer(options: PptxRendererOptions = {}): Renderer {
  const { maxRows = 1000, fullExportHint = FULL_EXPORT_HINT } = options
  return {
    format: 'pptx',
    contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    extension: 'pptx',
    async render(input: RenderInput, out) {
      const theme = resolveTheme(input)
      const formatter = formatterFor(input)
      const writer = createOutputWriter(out, input.signal ? { signal: input.signal } : {})
      const columns = input.columns
      const kept: { row: Row; kind: RowKind }[] = []
      let rows = 0
      let shown = 0
      const iterator = input.rows[Symbol.asyncIterator]()
      try {
        for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
          writer.check()
          const kind = rowKind(next.value)
          if (kind === 'data') rows++
          if (shown >= maxRows) {
            rows += await countRemaining(iterator, input.signal)
            break
          }
          if (kind === 'data') shown++
          kept.push({ row: next.value, kind })
        }
      } catch (error) {
        await iterator.return?.()
        throw error
      }

      const deck = new PptxGenJS()
      deck.layout = 'LAYOUT_WIDE'
      deck.title = input.definition.name
      deck.author = 'Reportwright'
      deck.company = 'Reportwright'
      const heading = reportHeading(input, formatter)
      titleSlide(deck, { heading, theme })
      keyFiguresSlide(deck, { input, theme, formatter, rows })
      const spec = resolveChartSpec(input.definition, columns)
      const output = input.definition.output
      if (spec && (output.includeCharts || output.layout === 'chart')) {
        const points = chartPoints(
          spec,
          kept.map((entry) => entry.row),
          formatter,
        ).slice(0, spec.type === 'pie' ? 12 : 40)
        const slide = deck.addSlide()
        slideTitle(slide, spec.title ?? heading.title, theme)
        const type =
          spec.type === 'bar'
            ? deck.ChartType.bar
            : spec.type === 'line'
              ? deck.ChartType.line
              : deck.ChartType.pie
        const format = spec.y[0] ? excelNumberFormat(spec.y[0]) : undefined
        slide.addChart(
          type,
          spec.y.map((column, series) => ({
            name: column.label,
            labels: points.map((point) => point.label),
            values: points.map((point) => point.values[series] ?? 0),
          })),
          {
            x: 0.6,
            y: 1.2,
            w: SLIDE.width - 1.2,
            h: SLIDE.height - 1.8,
            barDir: 'col',
            // pptxgenjs colours each bar of a single series differently when given several colours.
            chartColors: (spec.type === 'pie'
              ? theme.colors.chart
              : theme.colors.chart.slice(0, spec.y.length)
            ).map(hexColor),
            showLegend: spec.y.length > 1 || spec.type === 'pie',
            legendPos: 'b',
            showPercent: spec.type === 'pie',
            showValue: false,
            catAxisLabelFontSize: 11,
            valAxisLabelFontSize: 11,
            ...(typeof format === 'string'
              ? { valAxisLabelFormatCode: format, dataLabelFormatCode: format }
              : {}),
            valGridLine: { color: hexColor(theme.colors.border), size: 0.5 },
          },
        )
      }
      tableSlides(deck, { input, theme, formatter, kept })
      if (rows > shown) {
        const slide = deck.addSlide()
        slideTitle(slide, 'Rows not shown', theme)
        slide.addText(
          `Showing the first ${shown.toLocaleString(formatter.locale)} of ${rows.toLocaleString(formatter.locale)} rows; ` +
            `${(rows - shown).toLocaleString(formatter.locale)} rows were left out. Export this report as ${fullExportHint} to get every row.`,
          {
            x: 0.6,
            y: 1.4,
            w: SLIDE.width - 1.2,
            h: 1.2,
            fontSize: 16,
            color: hexColor(theme.colors.muted),
          },
        )
      }
      writer.check()
      // 'STREAM' is the only output type pptxgenjs compresses (a Node Buffer all the same).
      const data = (await deck.write({ outputType: 'STREAM', compression: true })) as Buffer
      await writer.write(data)
      await writer.end()
      return { bytes: writer.bytes(), rows }
    },
  }
}

type Slide = ReturnType<PptxGenJS['addSlide']>

function slideTitle(slide: Slide, title: string, theme: ResolvedTheme): void {
  slide.addText(title, {
    x: TABLE_LAYOUT.side,
    y: 0.3,
    w: SLIDE.width - TABLE_LAYOUT.side * 2,
    h: 0.6,
    fontSize: 22,
    bold: true,
    color: hexColor(theme.colors.primary),
    fontFace: fontFace(theme.fonts.heading),
  })
}

function titleSlide(
  deck: PptxGenJS,
  { heading, theme }: { heading: ReturnType<typeof reportHeading>; theme: ResolvedTheme },
): void {
  const slide = deck.addSlide()
  const band = theme.titleBand || hexColor(theme.colors.headerBackground) !== 'FFFFFF'
  if (band) slide.background = { color: hexColor(theme.colors.primary) }
  const text = band ? 'FFFFFF' : hexColor(theme.colors.text)
  const muted = band ? 'DDE6EE' : hexColor(theme.colors.muted)
  if (theme.logo)
    slide.addImage({
      data: theme.logo,
      x: SLIDE.width - 2.3,
      y: 0.4,
      w: 1.8,
      h: 0.6,
      sizing: { type: 'contain', w: 1.8, h: 0.6 },
    })
  slide.addText(heading.title, {
    x: 0.8,
    y: 2.2,
    w: SLIDE.width - 1.6,
    h: 1.3,
    fontSize: 36,
    bold: true,
    color: text,
    fontFace: fontFace(theme.fonts.heading),
    valign: 'bottom',
  })
  if (heading.description) {
    slide.addText(heading.description, {
      x: 0.8,
      y: 3.6,
      w: SLIDE.width - 1.6,
      h: 0.9,
      fontSize: 16,
      color: muted,
      valign: 'top',
    })
  }
  const meta = [
    `Filters: ${heading.filters.length > 0 ? heading.filters.join(' · ') : 'None'}`,
    ...(heading.generatedAt ? [`Generated ${heading.generatedAt}`] : []),
  ]
  slide.addText(meta.join('\n'), {
    x: 0.8,
    y: 5.6,
    w: SLIDE.width - 1.6,
    h: 1.0,
    fontSize: 12,
    color: muted,
    valign: 'bottom',
  })
}

function keyFiguresSlide(
  deck: PptxGenJS,
  {
    input,
    theme,
    formatter,
    rows,
  }: { input: RenderInput; theme: ResolvedTheme; formatter: ValueFormatter; rows: number },
): void {
  const figures: [string, string][] = [['Rows', rows.toLocaleString(formatter.locale)]]
  const totals = input.totals
  if (totals) {
    for (const column of input.columns) {
      const value = totals[column.key]
      if (
        isNumericType(column.type) &&
        value !== null &&
        value !== undefined &&
        figures.length < MAX_KEY_FIGURES
      ) {
        figures.push([column.label, formatter.format(value, column)])
      }
    }
  }
  const slide = deck.addSlide()
  slideTitle(slide, 'Key figures', theme)
  const perRow = figures.length <= 3 ? figures.length : 3
  const width = (SLIDE.width - 1.2 - (perRow - 1) * 0.3) / perRow
  figures.forEach(([label, value], index) => {
    const x = 0.6 + (index % perRow) * (width + 0.3)
    const y = 1.5 + Math.floor(index / perRow) * 2.6
    slide.addShape(deck.ShapeType.rect, {
      x,
      y,
      w: width,
      h: 2.2,
      fill: { color: hexColor(theme.colors.zebra === '#FFFFFF' ? '#F2F2F2' : theme.colors.zebra) },
      line: { color: hexColor(theme.colors.border), width: 0.75 },
    })
    slide.addText(value, {
      x: x + 0.2,
      y: y + 0.35,
      w: width - 0.4,
      h: 1.0,
      // Viewers ignore "shrink to fit" until the text is edited: size the figure to one line.
      fontSize: Math.max(
        14,
        Math.min(32, Math.floor(((width - 0.4) * 72) / (value.length * 0.75))),
      ),
      bold: true,
      color: hexColor(theme.colors.primary),
      align: 'left',
    })
    slide.addText(label, {
      x: x + 0.2,
      y: y + 1.4,
      w: width - 0.4,
      h: 0.5,
      fontSize: 14,
      color: hexColor(theme.colors.muted),
      align: 'left',
    })
  })
}

function tableSlides(
  deck: PptxGenJS,
  {
    input,
    theme,
    formatter,
    kept,
  }: {
    input: RenderInput
    theme: ResolvedTheme
    formatter: ValueFormatter
    kept: readonly { row: Row; kind: RowKind }[]
  },
): void {
  const columns = input.columns
  const entries = [
    ...kept,
    ...(input.totals ? [{ row: input.totals, kind: 'total' as const }] : []),
  ]
  const width = SLIDE.width - TABLE_LAYOUT.side * 2
  const fontSize = columns.length > 8 ? 9 : TABLE_LAYOUT.fontSize
  // About 0.7 em per character at this size, in inches: generous (bold headers, substituted fonts), so cells never wrap.
  const charWidth = (fontSize * 0.7) / 72
  const widths = columnWidths(columns, entries.slice(0, 200), {
    formatter,
    total: width,
    charWidth,
  })
  const maxChars = widths.map((inches) =>
    Math.max(3, Math.floor((inches - CELL_PADDING) / charWidth)),
  )
  const colors = theme.colors
  const header = columns.map((column) => ({
    text: cut(column.label, maxChars[columns.indexOf(column)] ?? 10),
    options: {
      bold: true,
      color: hexColor(colors.headerText),
      fill: { color: hexColor(colors.headerBackground) },
      align: isNumericType(column.type) ? ('right' as const) : ('left' as const),
    },
  }))
  const thin: PptxGenJS.BorderProps = { type: 'solid', pt: 0.5, color: hexColor(colors.border) }
  const totalBorder: [
    PptxGenJS.BorderProps,
    PptxGenJS.BorderProps,
    PptxGenJS.BorderProps,
    PptxGenJS.BorderProps,
  ] = [{ type: 'solid', pt: 1.5, color: hexColor(colors.text) }, thin, thin, thin]
  const pages = Math.max(1, Math.ceil(entries.length / ROWS_PER_SLIDE))
  for (let page = 0; page < pages; page++) {
    const slice = entries.slice(page * ROWS_PER_SLIDE, (page + 1) * ROWS_PER_SLIDE)
    const slide = deck.addSlide()
    slideTitle(
      slide,
      pages > 1 ? `${input.definition.name} (${page + 1}/${pages})` : input.definition.name,
      theme,
    )
    const body = slice.map(({ row, kind }, index) => {
      const cells = displayCells(columns, row, { kind, formatter })
      const fill =
        kind === 'subtotal'
          ? hexColor(colors.border)
          : kind === 'data' && index % 2 === 1
            ? hexColor(colors.zebra)
            : 'FFFFFF'
      return cells.map((text, column) => ({
        text: cut(text, maxChars[column] ?? 10),
        options: {
          bold: kind !== 'data',
          fill: { color: fill },
          align: isNumericType(columns[column]?.type ?? 'string')
            ? ('right' as const)
            : ('left' as const),
          ...(kind === 'total' ? { border: totalBorder } : {}),
        },
      }))
    })
    slide.addTable([header, ...body], {
      x: TABLE_LAYOUT.side,
      y: TABLE_LAYOUT.top,
      w: width,
      colW: widths,
      rowH: TABLE_LAYOUT.rowHeight,
      fontSize,
      fontFace: fontFace(theme.fonts.body),
      color: hexColor(colors.text),
      // Table cell margins are inches in pptxgenjs (text boxes use points).
      margin: [0.02, 0.06, 0.02, 0.06],
      valign: 'middle',
      border: { type: 'solid', pt: 0.5, color: hexColor(colors.border) },
      autoPage: false,
    })
    slide.addText(`${page + 1} / ${pages}`, {
      x: SLIDE.width - 1.5,
      y: SLIDE.height - 0.45,
      w: 1.0,
      h: 0.3,
      fontSize: 9,
      align: 'right',
      color: hexColor(colors.muted),
    })
  }
}

/** Column widths in inches from character counts: figures keep their width, text gives way. */
function columnWidths(
  columns: readonly OutputColumn[],
  sample: readonly { row: Row; kind: RowKind }[],
  options: { formatter: ValueFormatter; total: number; charWidth: number },
): number[] {
  const natural = columns.map((column) => {
    let longest = column.label.length
    for (const { row } of sample)
      longest = Math.max(longest, options.formatter.format(row[column.key], column).length)
    return Math.min(36, Math.max(3, longest)) * options.charWidth + CELL_PADDING
  })
  return fitWidths(
    natural,
    options.total,
    columns.map(
      (column) =>
        isNumericType(column.type) || column.type === 'date' || column.type === 'datetime',
    ),
  )
}

function cut(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ')
  return line.length > max ? `${line.slice(0, Math.max(1, max - 1))}…` : line
}

function fontFace(family: string): string {
  const first = (family.split(',')[0] ?? 'Arial').trim().replace(/^["']|["']$/g, '')
  return first === 'Helvetica' || first === 'sans-serif' ? 'Arial' : first
}
