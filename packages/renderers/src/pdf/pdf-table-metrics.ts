import type { OutputColumn, Row } from '@reportwright/core'
import type { ValueFormatter } from '../format/value-formatter'
import { displayCells } from '../shared/report-content'

/** Type sizes and spacing both PDF layouts share, in points. */
export const PDF_TABLE = {
  bodySize: 8,
  headerSize: 8,
  rowHeight: 15,
  padding: 4,
  maxColumnWidth: 200,
  /** Rows measured for column widths. */
  sampleRows: 300,
} as const

/** A4 and US Letter in points (short side, long side). */
export const PDF_PAGE_SIZES = { A4: [595.28, 841.89], LETTER: [612, 792] } as const

/** What measuring needs of a pdfkit document: a font switch and a string width. */
export interface TextMeasurer {
  font(name: string): TextMeasurer
  fontSize(size: number): TextMeasurer
  widthOfString(text: string): number
}

/**
 * Natural column widths (padding included) from the header labels, the totals and a sample of
 * rows, so both layouts pick the same widths and the same orientation for the same report.
 */
export function naturalColumnWidths(
  measurer: TextMeasurer,
  parts: {
    readonly columns: readonly OutputColumn[]
    readonly sample: readonly Row[]
    readonly totals: Row | undefined
    readonly formatter: ValueFormatter
  },
): number[] {
  const { columns, sample, totals, formatter } = parts
  measurer.font('rw-bold').fontSize(PDF_TABLE.headerSize)
  const header = columns.map((column) => {
    const words = column.label.split(/\s+/)
    const longestWord = Math.max(...words.map((word) => measurer.widthOfString(word)))
    // Short labels stay on one line; long ones may wrap to two.
    return Math.max(longestWord, Math.min(measurer.widthOfString(column.label), 70))
  })
  // Totals are bold and often the widest figure of their column.
  const totalCells = totals ? displayCells(columns, totals, { kind: 'total', formatter }) : []
  const totalWidths = totalCells.map((text) => measurer.widthOfString(text))
  measurer.font('rw-regular').fontSize(PDF_TABLE.bodySize)
  return columns.map((column, index) => {
    let widest = Math.max(header[index] ?? 0, totalWidths[index] ?? 0)
    for (const row of sample) {
      const text = formatter.format(row[column.key], column)
      // Skip measuring text that cannot be wider than what was already seen (no glyph is wider than 1 em).
      if (text.length * PDF_TABLE.bodySize > widest)
        widest = Math.max(widest, measurer.widthOfString(oneLine(text)))
    }
    return Math.min(PDF_TABLE.maxColumnWidth, widest + PDF_TABLE.padding * 2 + 1)
  })
}

/** Whether a table of these natural widths needs a landscape page. */
export function isLandscape(
  natural: readonly number[],
  options: {
    readonly orientation: 'auto' | 'portrait' | 'landscape'
    readonly pageSize: keyof typeof PDF_PAGE_SIZES
    readonly margins: { readonly left: number; readonly right: number }
  },
): boolean {
  if (options.orientation !== 'auto') return options.orientation === 'landscape'
  const [shortSide] = PDF_PAGE_SIZES[options.pageSize]
  const needed = natural.reduce((sum, width) => sum + width, 0)
  return needed > shortSide - options.margins.left - options.margins.right
}

/** Table cells are one line: tabs and line breaks become spaces. */
export function oneLine(text: string): string {
  return /[\r\n\t]/.test(text) ? text.replace(/\s+/g, ' ') : text
}
