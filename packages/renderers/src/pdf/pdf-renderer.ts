import PDFDocument from 'pdfkit'
import type { OutputColumn, Renderer, RenderInput, Row } from '@reportwright/core'
import { renderChartPng } from '../chart/chart-png'
import { resolveChartSpec } from '../chart/svg-chart'
import { formatterFor, isNumericType } from '../format/value-formatter'
import type { ValueFormatter } from '../format/value-formatter'
import { defaultFontFiles } from '../shared/font-files'
import { fitWidths } from '../shared/fit-widths'
import { createOutputWriter } from '../shared/output-writer'
import type { OutputWriter } from '../shared/output-writer'
import {
  FULL_EXPORT_HINT,
  countRemaining,
  displayCells,
  reportHeading,
  rowKind,
} from '../shared/report-content'
import type { ReportHeading, RowKind } from '../shared/report-content'
import { resolveTheme } from '../theme/report-themes'
import { smallReportDocument } from './pdfmake-document'
import { printWithPdfmake } from './pdfmake-printer'
import {
  PDF_PAGE_SIZES,
  PDF_TABLE,
  isLandscape,
  naturalColumnWidths,
  oneLine,
} from './pdf-table-metrics'
import type { ResolvedTheme } from '../theme/report-themes'

/**
 * `@reportwright/renderers/pdf`: paginated PDF tables laid out page by page and streamed.
 *
 * @packageDocumentation
 */

/** Options of {@link pdfRenderer}. */
export interface PdfRendererOptions {
  /**
   * Most data rows in the table; past it the table ends with a line saying how many rows were
   * left out and which formats hold them all. Memory does not grow with it: pages are streamed.
   * Defaults to `10000`.
   */
  readonly maxRows?: number
  /** Page orientation; `auto` turns the page when the table is wider than a portrait page. Defaults to `auto`. */
  readonly orientation?: 'auto' | 'portrait' | 'landscape'
  /**
   * TrueType fonts to embed (paths or bytes). Defaults to DejaVu Sans Condensed, which covers
   * Latin, Greek and Cyrillic and keeps wide tables readable.
   */
  readonly fonts?: { readonly regular: string | Buffer; readonly bold: string | Buffer }
  /** Formats named in the row-cap note. Defaults to `Excel (XLSX) or CSV`. */
  readonly fullExportHint?: string
  /** Rows that feed the chart; the chart says when it shows fewer. Defaults to `2000`. */
  readonly maxChartRows?: number
  /**
   * Reports with at most this many rows are laid out by pdfmake in one go (cells wrap instead of
   * being cut); longer ones are laid out page by page with pdfkit and streamed, so memory stays
   * flat. `0` streams every report. Defaults to `2000`.
   */
  readonly smallReportRows?: number
}

const BODY_SIZE = PDF_TABLE.bodySize
const HEADER_SIZE = PDF_TABLE.headerSize
const ROW_HEIGHT: number = PDF_TABLE.rowHeight
const PADDING = PDF_TABLE.padding
const SAMPLE_ROWS = PDF_TABLE.sampleRows
const CLEAR_LAYOUT_CACHE_EVERY = 10
const TEXT_OPTIONS = { lineBreak: false } as const
/** Width of the footer's page-number box, right-aligned at the margin. */
const FOOTER_BOX = 120

/**
 * Renders a PDF report: optional logo, title, description, filters in words and generated-at
 * on the first page; a page header and "Page X of Y" footer on every page; a table with its
 * header repeated on each page, right-aligned numbers, zebra rows, subtotal and total rows;
 * the chart above the table when the report includes charts. Portrait or landscape is chosen
 * from the table's width.
 *
 * Small reports (up to `smallReportRows`) are laid out by pdfmake. Longer ones are laid out one
 * page at a time with pdfkit and written out as pages are finished, so 50,000 rows take seconds
 * and a flat ~150 MB rather than pdfmake's whole-document gigabyte; there "of Y" is a PDF form
 * object filled in once the last page is known.
 */
export function pdfRenderer(options: PdfRendererOptions = {}): Renderer {
  const {
    maxRows = 10_000,
    orientation = 'auto',
    fullExportHint = FULL_EXPORT_HINT,
    maxChartRows = 2000,
    smallReportRows = 2000,
  } = options
  return {
    format: 'pdf',
    contentType: 'application/pdf',
    extension: 'pdf',
    async render(input: RenderInput, out) {
      const theme = resolveTheme(input)
      const formatter = formatterFor(input)
      const writer = createOutputWriter(out, input.signal ? { signal: input.signal } : {})
      const fonts = options.fonts ?? defaultFontFiles()
      const columns = input.columns
      const chartSpec = input.definition.output.includeCharts
        ? resolveChartSpec(input.definition, columns)
        : undefined

      const iterator = input.rows[Symbol.asyncIterator]()
      const prefetch = Math.max(
        Math.min(maxRows, Math.max(SAMPLE_ROWS, chartSpec ? maxChartRows : 0)),
        smallReportRows + 1,
      )
      const buffered: Row[] = []
      let exhausted = false
      while (buffered.length < prefetch) {
        const next = await iterator.next()
        if (next.done) {
          exhausted = true
          break
        }
        buffered.push(next.value)
      }
      const chartPng = (): { png: Buffer; aspect: number } | undefined => {
        if (!chartSpec || buffered.length === 0) return undefined
        const chartRows = buffered.slice(0, maxChartRows)
        const partial = !exhausted || buffered.length > chartRows.length
        const png = renderChartPng(
          partial
            ? { ...chartSpec, title: `${chartSpec.title ?? ''} (first ${chartRows.length} rows)` }
            : chartSpec,
          chartRows,
          { theme, formatter, width: 800, height: 360 },
        )
        return { png, aspect: 800 / 360 }
      }

      if (exhausted && buffered.length <= smallReportRows) {
        const capped = capRows(buffered, maxRows)
        const widthsDoc = new PDFDocument({ autoFirstPage: false })
        widthsDoc.registerFont('rw-regular', fonts.regular)
        widthsDoc.registerFont('rw-bold', fonts.bold)
        const natural = naturalColumnWidths(widthsDoc, {
          columns,
          sample: capped.shown.slice(0, SAMPLE_ROWS),
          totals: input.totals,
          formatter,
        })
        const landscape = isLandscape(natural, {
          orientation,
          pageSize: theme.pageSize,
          margins: theme.margins,
        })
        const [shortSide, longSide] = PDF_PAGE_SIZES[theme.pageSize]
        const contentWidth =
          (landscape ? longSide : shortSide) - theme.margins.left - theme.margins.right
        const numeric = columns.map((column) => isNumericType(column.type))
        const chart = chartPng()
        const note = rowsNote(capped, { formatter, fullExportHint })
        const document = smallReportDocument({
          input,
          theme,
          formatter,
          heading: reportHeading(input, formatter),
          columns,
          rows: capped.shown,
          totals: input.totals,
          widths: fitWidths(natural, contentWidth, numeric),
          landscape,
          ...(chart ? { chart } : {}),
          ...(note ? { note } : {}),
        })
        writer.check()
        const printed = await printWithPdfmake(document, fonts)
        const pump = pipeDocument(printed as unknown as PDFKit.PDFDocument, writer)
        try {
          printed.end()
          await pump.done()
        } catch (error) {
          pump.abort()
          throw error
        }
        await writer.end()
        return { bytes: writer.bytes(), rows: capped.rows }
      }

      const doc = new PDFDocument({
        autoFirstPage: false,
        bufferPages: false,
        compress: true,
        pdfVersion: '1.7',
        info: {
          Title: input.definition.name,
          Author: 'Reportwright',
          Creator: 'Reportwright',
          CreationDate: input.generatedAt ?? new Date(),
        },
      })
      // Fonts go by alias only: pdfkit caches an alias unless a font of the same name was opened
      // another way first, in which case it re-parses the TTF on every switch (~20× slower).
      doc.registerFont('rw-regular', fonts.regular)
      doc.registerFont('rw-bold', fonts.bold)
      const pump = pipeDocument(doc, writer)

      try {
        const layout = new TableLayout(doc, { theme, formatter, columns, input, orientation })
        layout.measure(buffered.slice(0, SAMPLE_ROWS), input.totals)
        layout.firstPage(reportHeading(input, formatter))
        const chart = chartPng()
        if (chart) layout.image(chart.png, chart.aspect)
        layout.tableHeader()

        let rows = 0
        let shown = 0
        let truncatedAt: number | undefined
        const consume = async (row: Row): Promise<void> => {
          writer.check()
          const kind = rowKind(row)
          if (kind === 'data') rows++
          if (shown >= maxRows) {
            truncatedAt ??= shown
            return
          }
          if (kind === 'data') shown++
          if (layout.row(row, kind)) await pump.flush()
        }
        try {
          for (const row of buffered) await consume(row)
          buffered.length = 0
          if (!exhausted) {
            for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
              await consume(next.value)
              // Past the cap only the count matters: read on without keeping rows.
              if (truncatedAt !== undefined) {
                rows += await countRemaining(iterator, input.signal)
                break
              }
            }
          }
        } catch (error) {
          await iterator.return?.()
          throw error
        }
        if (input.totals) layout.row(input.totals, 'total')
        const note = rowsNote(
          { rows, shownRows: shown, truncated: truncatedAt !== undefined },
          { formatter, fullExportHint },
        )
        if (note) layout.note(note)
        layout.finish()
        doc.end()
        await pump.done()
        await writer.end()
        return { bytes: writer.bytes(), rows }
      } catch (error) {
        pump.abort()
        throw error
      }
    },
  }
}

/** The rows a table shows under the row cap (subtotals follow their data rows). */
function capRows(
  rows: readonly Row[],
  maxRows: number,
): { shown: Row[]; rows: number; shownRows: number; truncated: boolean } {
  const shown: Row[] = []
  let count = 0
  let shownRows = 0
  for (const row of rows) {
    const kind = rowKind(row)
    if (kind === 'data') count++
    if (shownRows >= maxRows) continue
    if (kind === 'data') shownRows++
    shown.push(row)
  }
  return { shown, rows: count, shownRows, truncated: count > shownRows }
}

/** The line under the table: how many rows the cap left out, or that there are none. */
function rowsNote(
  counts: { readonly rows: number; readonly shownRows: number; readonly truncated: boolean },
  options: { readonly formatter: ValueFormatter; readonly fullExportHint: string },
): string | undefined {
  const locale = options.formatter.locale
  const { rows, shownRows } = counts
  if (counts.truncated) {
    return (
      `Showing the first ${shownRows.toLocaleString(locale)} of ${rows.toLocaleString(locale)} rows; ` +
      `${(rows - shownRows).toLocaleString(locale)} rows were left out. ` +
      `Export this report as ${options.fullExportHint} to get every row.`
    )
  }
  return rows === 0 ? 'No rows match this report.' : undefined
}

/** Moves pdfkit's output to `out` page by page, so at most about one page waits in memory. */
function pipeDocument(
  doc: PDFKit.PDFDocument,
  writer: OutputWriter,
): { flush(): Promise<void>; done(): Promise<void>; abort(): void } {
  let chunks: Buffer[] = []
  let ended = false
  let failure: unknown
  const ending = new Promise<void>((resolve, reject) => {
    doc.on('end', () => {
      ended = true
      resolve()
    })
    doc.on('error', (error: unknown) => {
      failure = error
      reject(error instanceof Error ? error : new Error(String(error)))
    })
  })
  ending.catch(() => undefined)
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const flush = async (): Promise<void> => {
    // pdfkit emits on the next tick; let it, then hand everything over.
    await new Promise<void>((resolve) => setImmediate(resolve))
    if (failure) throw failure instanceof Error ? failure : new Error(String(failure))
    if (chunks.length === 0) return
    const data = Buffer.concat(chunks)
    chunks = []
    await writer.write(data)
  }
  return {
    flush,
    async done() {
      await ending
      await flush()
    },
    abort() {
      if (!ended) doc.removeAllListeners('data')
      chunks = []
    },
  }
}

interface PdfFontInternals {
  id: string
  ascender: number
  layoutCache?: Record<string, unknown>
  ref(): PDFKit.PDFKitReference
  encode(text: string): [string[], unknown[]]
  widthOfString(text: string, size: number): number
}

interface LayoutOptions {
  readonly theme: ResolvedTheme
  readonly formatter: ValueFormatter
  readonly columns: readonly OutputColumn[]
  readonly input: RenderInput
  readonly orientation: 'auto' | 'portrait' | 'landscape'
}

/** Lays the report out page by page with pdfkit primitives (no per-document model). */
class TableLayout {
  readonly #doc: PDFKit.PDFDocument
  readonly #theme: ResolvedTheme
  readonly #formatter: ValueFormatter
  readonly #columns: readonly OutputColumn[]
  readonly #input: RenderInput
  readonly #orientation: 'auto' | 'portrait' | 'landscape'
  readonly #numeric: boolean[]
  #widths: number[] = []
  #natural: number[] = []
  #pageWidth = 0
  #pageHeight = 0
  #headerLines: string[][] = []
  #headerHeight = ROW_HEIGHT
  #y = 0
  #page = 0
  #band = 0
  #regular!: PdfFontInternals
  #bold!: PdfFontInternals
  #pageForms: PDFKit.PDFKitReference[] = []
  readonly #advances = new Map<PdfFontInternals, Map<string, number>>()
  #title = ''

  constructor(doc: PDFKit.PDFDocument, options: LayoutOptions) {
    this.#doc = doc
    this.#theme = options.theme
    this.#formatter = options.formatter
    this.#columns = options.columns
    this.#input = options.input
    this.#orientation = options.orientation
    this.#numeric = options.columns.map((column) => isNumericType(column.type))
    this.#title = options.input.definition.name
  }

  /** Natural column widths from the header and a sample of rows. */
  measure(sample: readonly Row[], totals: Row | undefined): void {
    const doc = this.#doc
    doc.font('rw-bold').fontSize(HEADER_SIZE)
    this.#bold = this.#currentFont()
    doc.font('rw-regular').fontSize(BODY_SIZE)
    this.#regular = this.#currentFont()
    this.#natural = naturalColumnWidths(doc, {
      columns: this.#columns,
      sample,
      totals,
      formatter: this.#formatter,
    })
  }

  /** Opens page 1 with the title block. */
  firstPage(heading: ReportHeading): void {
    const margins = this.#theme.margins
    const [shortSide, longSide] = PDF_PAGE_SIZES[this.#theme.pageSize]
    const landscape = isLandscape(this.#natural, {
      orientation: this.#orientation,
      pageSize: this.#theme.pageSize,
      margins,
    })
    this.#pageWidth = landscape ? longSide : shortSide
    this.#pageHeight = landscape ? shortSide : longSide
    this.#widths = fitWidths(
      this.#natural,
      this.#pageWidth - margins.left - margins.right,
      this.#numeric,
    )
    this.#layoutHeader()
    this.#addPage(true)
    this.#titleBlock(heading)
  }

  /** Draws an image (the chart) across the content width. */
  image(png: Buffer, aspect: number): void {
    const margins = this.#theme.margins
    const contentWidth = this.#pageWidth - margins.left - margins.right
    const height = Math.min(230, contentWidth / aspect, this.#bottom() - this.#y - 60)
    if (height < 80) return
    const width = height * aspect
    this.#doc.image(png, margins.left + (contentWidth - width) / 2, this.#y, { width, height })
    this.#y += height + 14
  }

  /** Draws the table header row at the current position. */
  tableHeader(): void {
    const doc = this.#doc
    const colors = this.#theme.colors
    const left = this.#theme.margins.left
    const filled = colors.headerBackground.toUpperCase() !== '#FFFFFF'
    const width = this.#widths.reduce((sum, value) => sum + value, 0)
    if (filled) doc.rect(left, this.#y, width, this.#headerHeight).fill(colors.headerBackground)
    doc.font('rw-bold').fontSize(HEADER_SIZE).fillColor(colors.headerText)
    let x = left
    this.#headerLines.forEach((lines, index) => {
      const columnWidth = this.#widths[index] ?? 0
      lines.forEach((line, lineIndex) => {
        const textWidth = doc.widthOfString(line)
        const tx = this.#numeric[index] ? x + columnWidth - PADDING - textWidth : x + PADDING
        const ty = this.#y + this.#headerHeight - 4 - (lines.length - lineIndex) * (HEADER_SIZE + 2)
        doc.text(line, tx, ty, { lineBreak: false })
      })
      x += columnWidth
    })
    this.#y += this.#headerHeight
    doc
      .moveTo(left, this.#y)
      .lineTo(left + width, this.#y)
      .lineWidth(filled ? 0.5 : 1)
      .strokeColor(filled ? colors.headerBackground : colors.text)
      .stroke()
    this.#band = 0
  }

  /** Draws one row, starting a new page first when it does not fit. Returns true when a page was finished. */
  row(row: Row, kind: RowKind): boolean {
    let paged = false
    const height = kind === 'total' ? ROW_HEIGHT + 3 : ROW_HEIGHT
    if (this.#y + height > this.#bottom()) {
      this.#addPage(false)
      this.tableHeader()
      paged = true
    }
    const doc = this.#doc
    const colors = this.#theme.colors
    const left = this.#theme.margins.left
    const width = this.#widths.reduce((sum, value) => sum + value, 0)
    const top = this.#y + (kind === 'total' ? 3 : 0)
    if (kind === 'data') {
      if (this.#band % 2 === 1 && colors.zebra.toUpperCase() !== '#FFFFFF')
        doc.rect(left, top, width, ROW_HEIGHT).fill(colors.zebra)
      this.#band++
    } else if (kind === 'subtotal') {
      doc.rect(left, top, width, ROW_HEIGHT).fillOpacity(0.45).fill(colors.border).fillOpacity(1)
    } else {
      doc
        .moveTo(left, top)
        .lineTo(left + width, top)
        .lineWidth(0.8)
        .strokeColor(colors.text)
        .stroke()
      doc
        .moveTo(left, top + ROW_HEIGHT)
        .lineTo(left + width, top + ROW_HEIGHT)
        .moveTo(left, top + ROW_HEIGHT + 1.6)
        .lineTo(left + width, top + ROW_HEIGHT + 1.6)
        .lineWidth(0.5)
        .stroke()
    }
    const bold = kind !== 'data'
    doc
      .font(bold ? 'rw-bold' : 'rw-regular')
      .fontSize(BODY_SIZE)
      .fillColor(colors.text)
    const cells = displayCells(this.#columns, row, { kind, formatter: this.#formatter })
    const textTop = top + (ROW_HEIGHT - BODY_SIZE) / 2 - 0.5
    let x = left
    for (let index = 0; index < cells.length; index++) {
      const columnWidth = this.#widths[index] ?? 0
      const text = cells[index] ?? ''
      if (text) {
        const [fitted, textWidth] = this.#fitWithWidth(oneLine(text), columnWidth - PADDING * 2)
        const tx = this.#numeric[index] ? x + columnWidth - PADDING - textWidth : x + PADDING
        doc.text(fitted, tx, textTop, TEXT_OPTIONS)
      }
      x += columnWidth
    }
    this.#y = top + ROW_HEIGHT
    return paged
  }

  /** A muted line under the table (row-cap note, "no rows"). */
  note(text: string): void {
    const doc = this.#doc
    const margins = this.#theme.margins
    const width = this.#pageWidth - margins.left - margins.right
    doc.font('rw-regular').fontSize(BODY_SIZE + 0.5)
    const height = doc.heightOfString(text, { width }) + 10
    if (this.#y + height > this.#bottom()) this.#addPage(false)
    doc
      .fillColor(this.#theme.colors.muted)
      .text(text, margins.left, this.#y + 8, { width, lineBreak: true })
    this.#y += height
  }

  /** Writes every page's "Page X of Y" now that Y is known. */
  finish(): void {
    const font = this.#regular
    const gray = hexToPdfRgb(this.#theme.colors.muted)
    this.#pageForms.forEach((form, index) => {
      const text = `Page ${index + 1} of ${this.#page}`
      const [glyphs] = font.encode(text)
      const x = FOOTER_BOX - font.widthOfString(text, 7.5)
      form.end(`BT ${gray} rg /${font.id} 7.5 Tf ${x.toFixed(2)} 0 Td <${glyphs.join('')}> Tj ET`)
    })
    this.#pageForms = []
  }

  #layoutHeader(): void {
    const doc = this.#doc
    doc.font('rw-bold').fontSize(HEADER_SIZE)
    this.#headerLines = this.#columns.map((column, index) => {
      const available = (this.#widths[index] ?? 0) - PADDING * 2
      if (doc.widthOfString(column.label) <= available) return [column.label]
      const words = column.label.split(/\s+/)
      let first = ''
      let rest = 0
      for (; rest < words.length; rest++) {
        const candidate = first ? `${first} ${words[rest]}` : (words[rest] ?? '')
        if (first && doc.widthOfString(candidate) > available) break
        first = candidate
      }
      const second = words.slice(rest).join(' ')
      return second
        ? [this.#fit(first, available), this.#fit(second, available)]
        : [this.#fit(first, available)]
    })
    const lines = Math.max(1, ...this.#headerLines.map((lines) => lines.length))
    this.#headerHeight = lines === 1 ? ROW_HEIGHT + 3 : ROW_HEIGHT + HEADER_SIZE + 4
  }

  #addPage(first: boolean): void {
    const doc = this.#doc
    const margins = this.#theme.margins
    doc.addPage({ size: [this.#pageWidth, this.#pageHeight], margin: 0 })
    this.#page++
    if (this.#page % CLEAR_LAYOUT_CACHE_EVERY === 0) {
      // pdfkit caches the layout of every distinct word; unbounded on long reports.
      this.#regular.layoutCache = Object.create(null) as Record<string, unknown>
      this.#bold.layoutCache = Object.create(null) as Record<string, unknown>
    }
    const colors = this.#theme.colors
    doc.font('rw-regular').fontSize(7.5).fillColor(colors.muted)
    const footerY = this.#pageHeight - margins.bottom / 2 - 4
    const right = this.#pageWidth - margins.right
    doc.text(
      this.#fit(this.#title, (this.#pageWidth - margins.left - margins.right) / 2),
      margins.left,
      footerY,
      { lineBreak: false },
    )
    // "Page X of Y" goes in a form object per page, written once Y is known (see finish()).
    const form = this.#doc.ref({
      Type: 'XObject',
      Subtype: 'Form',
      BBox: [0, -3, FOOTER_BOX, 10],
      Resources: { Font: { [this.#regular.id]: this.#regular.ref() } },
    })
    this.#pageForms.push(form)
    const page = doc.page as unknown as { xobjects: Record<string, PDFKit.PDFKitReference> }
    page.xobjects.RwPageNumber = form
    // pdfkit flips the y axis; flip back around the baseline so the form's text is upright.
    const baseline = footerY + (this.#regular.ascender / 1000) * 7.5
    doc.save()
    doc.transform(1, 0, 0, -1, right - FOOTER_BOX, baseline)
    doc.addContent('/RwPageNumber Do')
    doc.restore()
    if (!first) {
      doc.text(
        this.#fit(this.#title, (this.#pageWidth - margins.left - margins.right) * 0.6),
        margins.left,
        margins.top / 2 - 2,
        {
          lineBreak: false,
        },
      )
      const generated = this.#input.generatedAt
        ? this.#formatter.formatInstant(this.#input.generatedAt)
        : ''
      if (generated)
        doc.text(generated, right - doc.widthOfString(generated), margins.top / 2 - 2, {
          lineBreak: false,
        })
      doc
        .moveTo(margins.left, margins.top / 2 + 9)
        .lineTo(right, margins.top / 2 + 9)
        .lineWidth(0.4)
        .strokeColor(colors.border)
        .stroke()
    }
    this.#y = margins.top
  }

  #titleBlock(heading: ReportHeading): void {
    const doc = this.#doc
    const theme = this.#theme
    const colors = theme.colors
    const margins = theme.margins
    const contentWidth = this.#pageWidth - margins.left - margins.right
    const logo = theme.logo ? dataUrlBytes(theme.logo) : undefined
    const logoWidth = logo ? 90 : 0
    let y = margins.top
    const titleColor = theme.titleBand ? colors.headerText : colors.primary
    const mutedColor = theme.titleBand ? '#DDE6EE' : colors.muted
    const titleWidth = contentWidth - logoWidth - (logo ? 12 : 0)
    doc.font('rw-bold').fontSize(theme.titleBand ? 20 : 17)
    const titleHeight = doc.heightOfString(heading.title, { width: titleWidth })
    doc.font('rw-regular').fontSize(9)
    const descriptionHeight = heading.description
      ? doc.heightOfString(heading.description, { width: titleWidth }) + 4
      : 0
    if (theme.titleBand) {
      const bandHeight = margins.top * 0.6 + titleHeight + descriptionHeight + 18
      doc.rect(0, 0, this.#pageWidth, bandHeight).fill(colors.primary)
      y = margins.top * 0.6
    }
    if (logo) {
      try {
        doc.image(logo, margins.left + contentWidth - logoWidth, y, {
          fit: [logoWidth, 36],
          align: 'right',
        })
      } catch {
        // A logo pdfkit cannot read must not fail the report.
      }
    }
    doc
      .font('rw-bold')
      .fontSize(theme.titleBand ? 20 : 17)
      .fillColor(titleColor)
    doc.text(heading.title, margins.left, y, { width: titleWidth })
    y += titleHeight + 3
    if (heading.description) {
      doc.font('rw-regular').fontSize(9).fillColor(mutedColor)
      doc.text(heading.description, margins.left, y, { width: titleWidth })
      y += descriptionHeight
    }
    y = theme.titleBand ? y + 22 : y + 6
    const meta: [string, string][] = [
      ['Filters', heading.filters.length > 0 ? heading.filters.join(' · ') : 'None'],
      ...(heading.period ? [['Period', heading.period] as [string, string]] : []),
      ...(heading.generatedAt ? [['Generated', `${heading.generatedAt}`] as [string, string]] : []),
    ]
    for (const [label, value] of meta) {
      doc.font('rw-bold').fontSize(8.5).fillColor(colors.text)
      doc.text(`${label}:`, margins.left, y, { lineBreak: false })
      const indent = 54
      doc.font('rw-regular').fontSize(8.5).fillColor(colors.text)
      doc.text(value, margins.left + indent, y, { width: contentWidth - indent })
      y += doc.heightOfString(value, { width: contentWidth - indent }) + 3
    }
    y += 6
    if (!theme.titleBand) {
      doc
        .moveTo(margins.left, y)
        .lineTo(margins.left + contentWidth, y)
        .lineWidth(1.2)
        .strokeColor(colors.primary)
        .stroke()
    }
    this.#y = y + 12
  }

  #bottom(): number {
    return this.#pageHeight - this.#theme.margins.bottom
  }

  #fit(text: string, width: number): string {
    return this.#fitWithWidth(text, width)[0]
  }

  /** The text cut with an ellipsis to `width`, and its width (one measurement when it fits). */
  #fitWithWidth(text: string, width: number): [string, number] {
    const full = this.#measure(text)
    if (full <= width) return [text, full]
    let low = 0
    let high = text.length
    while (low < high) {
      const middle = Math.ceil((low + high) / 2)
      if (this.#measure(`${text.slice(0, middle)}…`) <= width) low = middle
      else high = middle - 1
    }
    const cut = low > 0 ? `${text.slice(0, low).trimEnd()}…` : ''
    return [cut, this.#measure(cut)]
  }

  /**
   * Width of text in the current font and size from per-character advances. pdfkit's own
   * measure shapes every new string with fontkit, which dominated long tables; kerning is
   * ignored here, which shifts right-aligned figures by a hair at most.
   */
  #measure(text: string): number {
    const font = this.#currentFont()
    let widths = this.#advances.get(font)
    if (!widths) {
      widths = new Map()
      this.#advances.set(font, widths)
    }
    let total = 0
    for (const char of text) {
      let advance = widths.get(char)
      if (advance === undefined) {
        advance = font.widthOfString(char, 1000)
        widths.set(char, advance)
      }
      total += advance
    }
    return (total * this.#fontSize()) / 1000
  }

  #fontSize(): number {
    return (this.#doc as unknown as { _fontSize: number })._fontSize
  }

  #currentFont(): PdfFontInternals {
    return (this.#doc as unknown as { _font: PdfFontInternals })._font
  }
}

function hexToPdfRgb(color: string): string {
  const hex = color.replace('#', '')
  const full = hex.length === 3 ? hex.replace(/./g, (digit) => digit + digit) : hex
  const channel = (offset: number): string =>
    (parseInt(full.slice(offset, offset + 2), 16) / 255 || 0).toFixed(3)
  return `${channel(0)} ${channel(2)} ${channel(4)}`
}

function dataUrlBytes(url: string): Buffer | undefined {
  const match = /^data:image\/(png|jpe?g);base64,(.+)$/i.exec(url)
  return match?.[2] ? Buffer.from(match[2], 'base64') : undefined
}
