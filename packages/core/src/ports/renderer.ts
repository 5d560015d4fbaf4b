import type { Writable } from 'node:stream'
import type { ReportDefinition } from '../model/report-definition'
import type { OutputFormat } from '../model/output'
import type { OutputColumn } from '../source/output-column'
import type { Row } from '../source/row'

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
}
