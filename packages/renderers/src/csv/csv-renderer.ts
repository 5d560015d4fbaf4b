import { stringify } from 'csv-stringify/sync'
import type { Options as CsvStringifyOptions } from 'csv-stringify'
import type { OutputColumn, Renderer, RenderInput, Row, RowValue } from '@reportwright/core'
import { createValueFormatter } from '../format/value-formatter'
import { createOutputWriter } from '../shared/output-writer'
import { labelIndex, rowKind } from '../shared/report-content'
import type { RowKind } from '../shared/report-content'

/**
 * `@reportwright/renderers/csv`: streaming CSV.
 *
 * @packageDocumentation
 */

/** Options of {@link csvRenderer}. */
export interface CsvRendererOptions {
  /** Field delimiter. Defaults to `,`. */
  readonly delimiter?: string
  /** Line ending. Defaults to `\r\n` (RFC 4180). */
  readonly recordDelimiter?: '\r\n' | '\n'
  /** Writes a header line of column labels. Defaults to `true`. */
  readonly header?: boolean
  /** Starts the file with a UTF-8 byte order mark so Excel detects UTF-8. Defaults to `false`. */
  readonly bom?: boolean
  /**
   * Prefixes text cells that start with `=`, `+`, `-`, `@`, tab or carriage return with `'`, so
   * a spreadsheet shows them instead of running them as formulas (CSV injection). Numeric,
   * date and boolean columns are never changed. Defaults to `true`.
   */
  readonly neutralizeFormulas?: boolean
  /**
   * Writes values as people read them in this locale (`1.234,50 €`, `31.03.2024`). Defaults to
   * none: numbers with `.` decimals and no grouping, ISO dates, ISO UTC datetimes, `true` /
   * `false`, which every program reads back unambiguously.
   */
  readonly locale?: string
  /** Appends the grand-total row when the report has one. Defaults to `true`. */
  readonly totals?: boolean
  /**
   * csv-stringify options (e.g. `{ quoted: true }`) for needs the built-in encoder does not
   * cover. When set, rows go through csv-stringify in batches; otherwise a lean RFC 4180
   * encoder writes them, which is several times faster.
   */
  readonly csvStringify?: Omit<
    CsvStringifyOptions,
    'columns' | 'header' | 'delimiter' | 'record_delimiter' | 'bom'
  >
}

const FORMULA_START = /^[=+\-@\t\r]/
const BATCH_ROWS = 1000

/**
 * Renders rows as CSV, streaming in batches and waiting for `out` to drain, then ends `out`.
 * Subtotal rows and the closing grand total carry `Subtotal` / `Total` in the group column the
 * database left empty.
 *
 * @example
 * ```ts
 * createReportEngine({ catalog, renderers: [csvRenderer({ bom: true })] })
 * ```
 */
export function csvRenderer(options: CsvRendererOptions = {}): Renderer {
  const {
    delimiter = ',',
    recordDelimiter = '\r\n',
    header = true,
    bom = false,
    neutralizeFormulas = true,
    locale,
    totals = true,
    csvStringify,
  } = options
  return {
    format: 'csv',
    contentType: 'text/csv; charset=utf-8',
    extension: 'csv',
    // Lets the engine have PostgreSQL write the rows (COPY) when that yields these same bytes.
    csvCopyLayout(input) {
      if (locale !== undefined || csvStringify !== undefined) return undefined
      if (totals && input.totals) return undefined
      if (!isCopyDelimiter(delimiter)) return undefined
      const labels = input.columns.map((column) => column.label)
      const headerLine = header ? leanEncoder(delimiter, recordDelimiter)([labels]) : ''
      return {
        delimiter,
        recordDelimiter,
        neutralizeFormulas,
        preamble: `${bom ? '\uFEFF' : ''}${headerLine}`,
      }
    },
    async render(input: RenderInput, out) {
      const writer = createOutputWriter(out, input.signal ? { signal: input.signal } : {})
      const cells = cellEncoder(input, { locale, neutralizeFormulas })
      const encode = csvStringify
        ? (records: string[][]): string =>
            stringify(records, { ...csvStringify, delimiter, record_delimiter: recordDelimiter })
        : leanEncoder(delimiter, recordDelimiter)
      if (bom) await writer.write('\uFEFF')
      if (header) await writer.push(encode([input.columns.map((column) => column.label)]))
      let rows = 0
      let batch: string[][] = []
      for await (const row of input.rows) {
        writer.check()
        const kind = rowKind(row)
        batch.push(cells(row, kind))
        if (kind === 'data') rows++
        if (batch.length >= BATCH_ROWS) {
          await writer.push(encode(batch))
          batch = []
        }
      }
      if (totals && input.totals) batch.push(cells(input.totals, 'total'))
      if (batch.length > 0) await writer.push(encode(batch))
      await writer.end()
      return { bytes: writer.bytes(), rows }
    },
  }
}

/** Turns a row into cell strings: plain or localised values, formulas neutralised. */
function cellEncoder(
  input: RenderInput,
  { locale, neutralizeFormulas }: { locale: string | undefined; neutralizeFormulas: boolean },
): (row: Row, kind: RowKind) => string[] {
  const formatter = locale
    ? createValueFormatter({ locale, ...(input.timezone ? { timezone: input.timezone } : {}) })
    : undefined
  const columns = input.columns
  const plain = (value: RowValue | undefined, column: OutputColumn): string => {
    if (value === null || value === undefined) return ''
    if (formatter) return formatter.format(value, column)
    return typeof value === 'string' ? value : String(value)
  }
  const guard = columns.map((column) => neutralizeFormulas && column.type === 'string')
  return (row, kind) => {
    const cells = new Array<string>(columns.length)
    for (let index = 0; index < columns.length; index++) {
      const column = columns[index] as OutputColumn
      const text = plain(row[column.key], column)
      cells[index] = guard[index] && FORMULA_START.test(text) ? `'${text}` : text
    }
    // Label subtotal and total lines in the cell the database left empty, as every format does.
    if (kind !== 'data') {
      const at = labelIndex(columns, row, kind)
      if (at >= 0) cells[at] = kind === 'total' ? 'Total' : 'Subtotal'
    }
    return cells
  }
}

/** RFC 4180: quote a field only when it holds the delimiter, a quote or a line break. */
function leanEncoder(delimiter: string, recordDelimiter: string): (records: string[][]) => string {
  const needsQuotes = new RegExp(`[${escapeRegExp(delimiter)}"\\r\\n]`)
  return (records) => {
    let text = ''
    for (const record of records) {
      for (let index = 0; index < record.length; index++) {
        const cell = record[index] as string
        if (index > 0) text += delimiter
        text += needsQuotes.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell
      }
      text += recordDelimiter
    }
    return text
  }
}

/** One ASCII character COPY writes as csvRenderer does (mirrors core's compiler check). */
function isCopyDelimiter(delimiter: string): boolean {
  return delimiter.length === 1 && delimiter.charCodeAt(0) < 128 && !'"\'\\\r\n'.includes(delimiter)
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|-]/g, '\\$&')
}
