import { ReportwrightError, outputColumnSpec } from '@reportwright/core/model'
import type {
  Aggregation,
  ColumnType,
  DateBucket,
  ReportDefinition,
} from '@reportwright/core/model'
import type { PreviewResponse } from '@reportwright/core/client'
import { aggregateValues } from './aggregate-values'
import { encodeValue } from './encode-value'
import { filterPredicate } from './filter-rows'
import { resolveSampleField } from './sample-fields'
import type { ResolvedSampleField, SampleTables } from './sample-fields'
import type { SampleRow, SampleValue } from './sample-rows'
import { bucketStart } from './utc-dates'

type Column = PreviewResponse['columns'][number]
type OutputRow = Record<string, SampleValue>
type Issue = { path: (string | number)[]; message: string }

/** Every row of a report over the sample tables, before any preview limit. */
export interface EvaluatedReport {
  readonly columns: Column[]
  readonly rows: OutputRow[]
  readonly totals?: OutputRow
}

const NUMERIC = new Set<ColumnType>(['number', 'integer', 'currency', 'percent'])
const TEMPORAL = new Set<ColumnType>(['date', 'datetime'])
interface Selection {
  readonly column: Column
  readonly field: ResolvedSampleField
  readonly aggregation?: Aggregation
  readonly bucket?: DateBucket
}

function select(definition: ReportDefinition, resolve: (path: string) => ResolvedSampleField) {
  const used = new Set<string>()
  const issues: Issue[] = []
  const selections = definition.fields.map((spec, index): Selection => {
    const field = resolve(spec.field)
    const type = field.column.type
    if (spec.bucket && !TEMPORAL.has(type))
      issues.push({
        path: ['fields', index, 'bucket'],
        message: 'Only dates and datetimes have buckets',
      })
    if (spec.bucket && spec.aggregation)
      issues.push({
        path: ['fields', index, 'bucket'],
        message: 'A bucketed field is a group, it cannot also aggregate',
      })
    if ((spec.aggregation === 'sum' || spec.aggregation === 'avg') && !NUMERIC.has(type))
      issues.push({
        path: ['fields', index, 'aggregation'],
        message: `${spec.aggregation} needs a numeric field, not ${type}`,
      })
    const named = outputColumnSpec(spec, field.column, used)
    const column: Column = {
      ...named,
      field: spec.field,
      ...(spec.aggregation ? { aggregation: spec.aggregation } : {}),
      ...(spec.bucket ? { bucket: spec.bucket } : {}),
      groupBy: spec.aggregation === undefined,
    }
    return {
      column,
      field,
      ...(spec.aggregation ? { aggregation: spec.aggregation } : {}),
      ...(spec.bucket ? { bucket: spec.bucket } : {}),
    }
  })
  return { selections, issues }
}

function groupValue(selection: Selection, row: SampleRow): SampleValue {
  const value = selection.field.read(row)
  if (value === null || !selection.bucket) return value
  return bucketStart(String(value), selection.bucket)
}

function compareValues(a: SampleValue, b: SampleValue, type: ColumnType): number {
  if (a === b) return 0
  // Nulls sort last ascending, as in PostgreSQL.
  if (a === null) return 1
  if (b === null) return -1
  if (NUMERIC.has(type)) return Number(a) - Number(b)
  if (typeof a === 'boolean') return a ? 1 : -1
  return String(a).localeCompare(String(b))
}

/**
 * Evaluates a parsed definition over the sample tables like the server's engine: filters,
 * groups (every non-aggregated field, date buckets in UTC), aggregations, sort, limit and
 * totals. Subtotal rows are not produced.
 *
 * @throws ReportwrightError `UNKNOWN_FIELD` or `INVALID_DEFINITION` (with `details.issues`).
 */
export function evaluateReport(
  definition: ReportDefinition,
  tables: SampleTables,
  now: Date,
): EvaluatedReport {
  const resolve = (path: string) => resolveSampleField(tables, definition.dataset, path)
  const { selections, issues } = select(definition, resolve)
  const aggregating = selections.some((selection) => selection.aggregation)
  const sortKeys = definition.sort.map((sort, index) => {
    const match = selections.find(
      (selection) =>
        selection.column.field === sort.field &&
        selection.aggregation === sort.aggregation &&
        selection.bucket === sort.bucket,
    )
    if (!match && aggregating)
      issues.push({
        path: ['sort', index],
        message: 'When the report aggregates, sort by one of its selected fields',
      })
    return { sort, match, field: match ? undefined : resolve(sort.field) }
  })
  if (issues.length > 0)
    throw new ReportwrightError({
      code: 'INVALID_DEFINITION',
      message: `Invalid report definition at ${issues[0]?.path.join('.') ?? ''}: ${issues[0]?.message ?? ''}`,
      details: { issues },
    })
  const keep = filterPredicate(definition.filters, resolve, now)
  const base = (tables.rows.get(definition.dataset) ?? []).filter(keep)

  type Entry = { readonly output: OutputRow; readonly source: SampleRow }
  let entries: Entry[]
  if (aggregating) {
    const groups = new Map<string, SampleRow[]>()
    for (const row of base) {
      const key = JSON.stringify(
        selections.filter((s) => !s.aggregation).map((s) => groupValue(s, row)),
      )
      const list = groups.get(key)
      if (list) list.push(row)
      else groups.set(key, [row])
    }
    entries = [...groups.values()].map((rows) => ({
      source: rows[0] as SampleRow,
      output: Object.fromEntries(
        selections.map((s) => [
          s.column.key,
          encodeValue(
            s.aggregation
              ? aggregateValues(s.aggregation, rows.map(s.field.read))
              : groupValue(s, rows[0] as SampleRow),
            s.column.type,
          ),
        ]),
      ),
    }))
  } else {
    entries = base.map((row) => ({
      source: row,
      output: Object.fromEntries(
        selections.map((s) => [s.column.key, encodeValue(groupValue(s, row), s.column.type)]),
      ),
    }))
  }
  if (sortKeys.length > 0)
    entries.sort((a, b) => {
      for (const { sort, match, field } of sortKeys) {
        const order = match
          ? compareValues(
              a.output[match.column.key] ?? null,
              b.output[match.column.key] ?? null,
              match.column.type,
            )
          : field
            ? compareValues(field.read(a.source), field.read(b.source), field.column.type)
            : 0
        if (order !== 0) return sort.direction === 'desc' ? -order : order
      }
      return 0
    })
  const limited = definition.limit !== undefined ? entries.slice(0, definition.limit) : entries
  const rows = limited.map((entry) => entry.output)
  if (!definition.totals) return { columns: selections.map((s) => s.column), rows }
  const totals = Object.fromEntries(
    selections.map((s) => [
      s.column.key,
      s.aggregation
        ? encodeValue(aggregateValues(s.aggregation, base.map(s.field.read)), s.column.type)
        : null,
    ]),
  )
  return { columns: selections.map((s) => s.column), rows, totals }
}
