import type { OutputColumn, RenderInput, Row, RowValue } from '@reportwright/core'
import type { ValueFormatter } from '../format/value-formatter'

/** Key of subtotal rows (`SUBTOTAL_LEVEL_KEY` of core), read without importing core at run time. */
export const SUBTOTAL_KEY = '$subtotal'

/** What a row is, for styling. */
export type RowKind = 'data' | 'subtotal' | 'total'

/** Whether the row is a subtotal row. */
export function rowKind(row: Row): RowKind {
  return row[SUBTOTAL_KEY] === undefined || row[SUBTOTAL_KEY] === null ? 'data' : 'subtotal'
}

/** The lines above a report's table: title, description, filters, generated-at. */
export interface ReportHeading {
  readonly title: string
  readonly description?: string
  readonly filters: readonly string[]
  /** `Generated Nov 23, 2026, 11:08 AM UTC`, when the run's start is known. */
  readonly generatedAt?: string
  /** `Mar 1, 2031 – Mar 31, 2031`, when the report covers a relative date period. */
  readonly period?: string
}

const PERIOD_COLUMN: OutputColumn = {
  key: 'period',
  label: 'Period',
  type: 'date',
  field: 'period',
  groupBy: false,
}

/** Builds the {@link ReportHeading} every format prints. */
export function reportHeading(input: RenderInput, formatter: ValueFormatter): ReportHeading {
  const { definition } = input
  return {
    title: definition.name,
    ...(definition.description ? { description: definition.description } : {}),
    filters: input.filterSummary ?? [],
    ...(input.generatedAt ? { generatedAt: formatter.formatInstant(input.generatedAt) } : {}),
    ...(input.period
      ? {
          period: `${formatter.format(input.period.start, PERIOD_COLUMN)} – ${formatter.format(input.period.end, PERIOD_COLUMN)}`,
        }
      : {}),
  }
}

/**
 * Where a row's "Total" / "Subtotal" label goes: for a subtotal, the first group column left
 * empty by the database; for the grand total, the first column when it is empty.
 */
export function labelIndex(columns: readonly OutputColumn[], row: Row, kind: RowKind): number {
  if (kind === 'data') return -1
  const empty = (value: RowValue | undefined): boolean =>
    value === null || value === undefined || value === ''
  if (kind === 'subtotal') {
    const index = columns.findIndex((column) => column.groupBy && empty(row[column.key]))
    return index
  }
  const first = columns.findIndex((column) => empty(row[column.key]))
  return first === -1 ? -1 : first
}

/** The row as display strings, with its total or subtotal label filled in. */
export function displayCells(
  columns: readonly OutputColumn[],
  row: Row,
  options: { kind: RowKind; formatter: ValueFormatter },
): string[] {
  const cells = columns.map((column) => options.formatter.format(row[column.key], column))
  const at = labelIndex(columns, row, options.kind)
  if (at >= 0) cells[at] = options.kind === 'total' ? 'Total' : 'Subtotal'
  return cells
}

/** Counts the rows left in a stream without keeping them (for "N rows left out" notes). */
export async function countRemaining(
  rows: AsyncIterator<Row>,
  signal?: AbortSignal,
): Promise<number> {
  let count = 0
  for (;;) {
    if (signal?.aborted) {
      // The caller's next check throws CANCELLED; let the source release its cursor first.
      await rows.return?.()
      break
    }
    const next = await rows.next()
    if (next.done) break
    if (rowKind(next.value) === 'data') count++
  }
  return count
}

/** Human names of the formats that hold every row, for row-cap notes. */
export const FULL_EXPORT_HINT = 'Excel (XLSX) or CSV'
