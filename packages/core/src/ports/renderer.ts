import type { Writable } from 'node:stream'
import type { ReportDefinition } from '../model/report-definition'
import type { OutputFormat } from '../model/output'
import type { OutputColumn } from '../source/output-column'
import type { Row } from '../source/row'
import type { CsvCopyLayout } from '../source/source'

/** Colours, fonts, logo and page settings every renderer honours. */
export interface ReportTheme {
  readonly name: string
  readonly colors?: {
    readonly primary?: string
    readonly text?: string
    readonly muted?: string
    readonly headerBackground?: string
    readonly headerText?: string
    readonly zebra?: string
    readonly border?: string
    readonly chart?: readonly string[]
  }
  readonly fonts?: { readonly body?: string; readonly heading?: string }
  /** A PNG or JPEG as a data URL. */
  readonly logo?: string
  readonly pageSize?: 'A4' | 'LETTER'
  readonly margins?: {
    readonly top: number
    readonly right: number
    readonly bottom: number
    readonly left: number
  }
}

/** Everything a renderer gets for one report. */
export interface RenderInput {
  readonly definition: ReportDefinition
  readonly columns: readonly OutputColumn[]
  /** Streamed rows; subtotal rows carry `SUBTOTAL_LEVEL_KEY`. */
  readonly rows: AsyncIterable<Row>
  /** The grand-total row, when the report asks for totals. */
  readonly totals?: Row
  readonly locale?: string
  readonly timezone?: string
  readonly theme?: ReportTheme
  /** When the run started; renderers print it as "generated at". */
  readonly generatedAt?: Date
  /** Filters in words, e.g. `Region is EMEA`. */
  readonly filterSummary?: readonly string[]
  /**
   * The period the report covers: its first relative date filter ("previous month") resolved at
   * the run's `asOf` in the report's time zone, as local dates (`YYYY-MM-DD`, end inclusive).
   * Absent when the report has no relative date filter.
   */
  readonly period?: { readonly start: string; readonly end: string }
  readonly signal?: AbortSignal
}

/** Turns rows into one file format, writing to a Node stream. */
export interface Renderer {
  readonly format: OutputFormat
  readonly contentType: string
  readonly extension: string
  render(
    input: RenderInput,
    out: Writable,
  ): Promise<{ readonly bytes: number; readonly rows: number }>
  /**
   * For CSV renderers: how a CSV the database writes itself (PostgreSQL COPY) must look to equal
   * what `render` would write for `input`, or undefined when `render` is needed (locale
   * formatting, a totals row, options the database cannot express). Default is none: the engine
   * always streams rows into `render`.
   */
  csvCopyLayout?(input: Omit<RenderInput, 'rows'>): RenderCsvCopyLayout | undefined
}

/** What a CSV renderer tells the engine to let the database write its rows. */
export interface RenderCsvCopyLayout extends CsvCopyLayout {
  /** Text written before the database's rows: the BOM and the header line, if any. */
  readonly preamble: string
}
