import { ReportwrightError } from '@reportwright/core/model'
import type { DatasetView, FieldView } from '@reportwright/core/model'
import { SAMPLE_DATASETS } from './sample-catalog'
import type { SampleColumn, SampleDataset } from './sample-catalog'
import type { SampleRow, SampleValue } from './sample-rows'

/** A field path resolved to its column and a reader of its value in a base row. */
export interface ResolvedSampleField {
  readonly path: string
  readonly column: SampleColumn
  readonly read: (row: SampleRow) => SampleValue
}

/** Rows by dataset, with an index by `id` for joins. */
export interface SampleTables {
  readonly rows: ReadonlyMap<string, readonly SampleRow[]>
  readonly byId: ReadonlyMap<string, ReadonlyMap<number, SampleRow>>
}

/** Indexes sample rows by id so joins are lookups. */
export function indexTables(rows: ReadonlyMap<string, SampleRow[]>): SampleTables {
  const byId = new Map<string, Map<number, SampleRow>>()
  for (const [dataset, list] of rows) byId.set(dataset, new Map(list.map((row) => [row.id, row])))
  return { rows, byId }
}

function dataset(id: string): SampleDataset {
  const found = SAMPLE_DATASETS.get(id)
  if (!found)
    throw new ReportwrightError({ code: 'NOT_FOUND', message: `Unknown dataset "${id}".` })
  return found
}

/**
 * Resolves `customer.region.name` through the sample joins.
 *
 * @throws ReportwrightError `UNKNOWN_FIELD` when a join or column does not exist.
 */
export function resolveSampleField(
  tables: SampleTables,
  datasetId: string,
  path: string,
): ResolvedSampleField {
  const unknown = () =>
    new ReportwrightError({
      code: 'UNKNOWN_FIELD',
      message: `Unknown field "${path}" in dataset "${datasetId}".`,
      details: { field: path, dataset: datasetId },
    })
  const parts = path.split('.')
  const key = parts.at(-1) ?? ''
  let current = dataset(datasetId)
  const hops: { readonly from: string; readonly dataset: string }[] = []
  for (const joinName of parts.slice(0, -1)) {
    const join = Object.hasOwn(current.joins, joinName) ? current.joins[joinName] : undefined
    if (!join) throw unknown()
    hops.push({ from: join.from, dataset: join.dataset })
    current = dataset(join.dataset)
  }
  const column = Object.hasOwn(current.columns, key) ? current.columns[key] : undefined
  if (!column) throw unknown()
  const read = (row: SampleRow): SampleValue => {
    let at: SampleRow | undefined = row
    for (const hop of hops) {
      const id: SampleValue | undefined = at?.[hop.from]
      at = typeof id === 'number' ? tables.byId.get(hop.dataset)?.get(id) : undefined
    }
    return at?.[key] ?? null
  }
  return { path, column, read }
}

/** The fields of one dataset as the catalog describes them: own columns, then each join's. */
export function describeSampleDataset(datasetId: string): DatasetView {
  const base = dataset(datasetId)
  const fields: FieldView[] = []
  const walk = (
    current: SampleDataset,
    prefix: string,
    group: string,
    visited: readonly string[],
  ): void => {
    for (const [key, column] of Object.entries(current.columns))
      fields.push({
        path: prefix + key,
        label: prefix ? `${group} › ${column.label}` : column.label,
        type: column.type,
        ...(column.format !== undefined ? { format: column.format } : {}),
        ...(column.description !== undefined ? { description: column.description } : {}),
        group,
      })
    for (const [joinName, join] of Object.entries(current.joins)) {
      if (visited.includes(join.dataset)) continue
      walk(dataset(join.dataset), `${prefix}${joinName}.`, join.label, [...visited, join.dataset])
    }
  }
  walk(base, '', base.label, [datasetId])
  return { id: base.id, label: base.label, description: base.description, fields }
}
