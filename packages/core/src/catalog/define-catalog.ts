import type { RequestContext } from '../context/request-context'
import { ReportwrightError } from '../errors/reportwright-error'
import type { FieldPath } from '../model/field'
import type { Source } from '../source/source'
import type {
  Catalog,
  CatalogView,
  ColumnDef,
  DatasetDef,
  DatasetView,
  FieldView,
  ResolvedField,
} from './catalog-types'
import { COLUMN_TYPES } from './column-type'

/** Most joins a field path may walk. */
export const MAX_JOIN_DEPTH = 4

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/
const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_$]{0,62}(\.[A-Za-z_][A-Za-z0-9_$]{0,62})?$/

/** Input of {@link defineCatalog}. */
export interface DefineCatalogInput<TSources extends Record<string, Source>> {
  readonly sources: TSources
  readonly datasets: Readonly<
    Record<string, DatasetDef & { readonly source: keyof TSources & string }>
  >
}

/**
 * Declares what end users may report on: sources, datasets, columns, joins, tenant columns and
 * role-restricted columns. Checked once here, so every compile can trust it.
 *
 * @example
 * ```ts
 * const catalog = defineCatalog({
 *   sources: { main: postgresSource({ pool }) },
 *   datasets: {
 *     sales: { source: 'main', table: 'sales', label: 'Sales', tenantColumn: 'tenant_id',
 *       columns: { amount: { type: 'currency', label: 'Amount' } },
 *       joins: { customer: { dataset: 'customers', on: { from: 'customer_id', to: 'id' }, type: 'many-to-one' } } },
 *     customers: { source: 'main', table: 'customers', label: 'Customers', tenantColumn: 'tenant_id',
 *       columns: { segment: { type: 'string', label: 'Segment' } } },
 *   },
 * })
 * ```
 * @throws ReportwrightError `INVALID_DEFINITION` naming every problem of the catalog.
 */
export function defineCatalog<const TSources extends Record<string, Source>>(
  input: DefineCatalogInput<TSources>,
): Catalog {
  const problems = validateCatalog(input)
  if (problems.length > 0) {
    throw new ReportwrightError({
      code: 'INVALID_DEFINITION',
      message: `Invalid catalog: ${problems[0]?.message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`,
      details: { issues: problems },
    })
  }
  const sources = new Map<string, Source>(Object.entries(input.sources))
  const datasets = new Map<string, DatasetDef>(Object.entries(input.datasets))
  return Object.freeze({
    sources,
    datasets,
    describe: (context: RequestContext) => describeCatalog(datasets, context),
    describeDataset: (dataset: string, context: RequestContext) => {
      const def = datasets.get(dataset)
      if (!def)
        throw new ReportwrightError({
          code: 'NOT_FOUND',
          message: `Unknown dataset "${safeName(dataset)}".`,
        })
      return describeDataset(datasets, dataset, def, context)
    },
    resolveField: (dataset: string, path: FieldPath, context: RequestContext) =>
      resolveField(datasets, dataset, path, context),
  })
}

/** True when a context may see a column. */
export function canSeeColumn(column: ColumnDef, context: RequestContext): boolean {
  return !column.roles || column.roles.some((role) => context.roles.includes(role))
}

/** The physical name of a column. */
export function physicalColumn(key: string, column: ColumnDef): string {
  return column.column ?? key
}

function resolveField(
  datasets: ReadonlyMap<string, DatasetDef>,
  dataset: string,
  path: FieldPath,
  context: RequestContext,
): ResolvedField {
  let current = datasets.get(dataset)
  if (!current)
    throw new ReportwrightError({
      code: 'UNKNOWN_FIELD',
      message: `Unknown dataset "${safeName(dataset)}".`,
    })
  const parts = path.split('.')
  if (parts.length - 1 > MAX_JOIN_DEPTH || parts.some((part) => !IDENTIFIER.test(part)))
    throw unknownField(path, dataset)
  let currentId = dataset
  const joins: string[] = []
  for (const joinName of parts.slice(0, -1)) {
    const join = own(current.joins, joinName)
    if (!join) throw unknownField(path, dataset)
    const next = datasets.get(join.dataset)
    if (!next) throw unknownField(path, dataset)
    joins.push(joinName)
    current = next
    currentId = join.dataset
  }
  const key = parts[parts.length - 1] as string
  const def = own(current.columns, key)
  if (!def) throw unknownField(path, dataset)
  if (!canSeeColumn(def, context))
    throw new ReportwrightError({
      code: 'FORBIDDEN_FIELD',
      message: `The field "${path}" is not available to your role.`,
      details: { field: path },
    })
  return Object.freeze({
    path,
    joins,
    dataset: currentId,
    key,
    column: physicalColumn(key, def),
    def,
  })
}

function describeCatalog(
  datasets: ReadonlyMap<string, DatasetDef>,
  context: RequestContext,
): CatalogView {
  return {
    datasets: [...datasets.entries()].map(([id, def]) =>
      describeDataset(datasets, id, def, context),
    ),
  }
}

function describeDataset(
  datasets: ReadonlyMap<string, DatasetDef>,
  id: string,
  def: DatasetDef,
  context: RequestContext,
): DatasetView {
  const fields: FieldView[] = []
  const walk = (
    current: DatasetDef,
    prefix: string,
    group: string,
    visited: readonly string[],
  ): void => {
    for (const [key, column] of Object.entries(current.columns)) {
      if (!canSeeColumn(column, context)) continue
      fields.push({
        path: prefix + key,
        label: prefix ? `${group} › ${column.label}` : column.label,
        type: column.type,
        ...(column.format !== undefined ? { format: column.format } : {}),
        ...(column.description !== undefined ? { description: column.description } : {}),
        group,
      })
    }
    if (visited.length > MAX_JOIN_DEPTH) return
    for (const [joinName, join] of Object.entries(current.joins ?? {})) {
      const target = datasets.get(join.dataset)
      // One pass through each dataset per path keeps cyclic joins finite.
      if (!target || visited.includes(join.dataset)) continue
      walk(target, `${prefix}${joinName}.`, join.label ?? target.label, [...visited, join.dataset])
    }
  }
  walk(def, '', def.label, [id])
  return {
    id,
    label: def.label,
    ...(def.description !== undefined ? { description: def.description } : {}),
    fields,
  }
}

function validateCatalog<TSources extends Record<string, Source>>(
  input: DefineCatalogInput<TSources>,
): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = []
  for (const [id, dataset] of Object.entries(input.datasets)) {
    const at = (...rest: string[]): string[] => ['datasets', id, ...rest]
    if (!IDENTIFIER.test(id))
      problems.push({ path: at(), message: `Dataset id "${id}" is not an identifier` })
    if (!Object.hasOwn(input.sources, dataset.source))
      problems.push({
        path: at('source'),
        message: `Dataset "${id}" uses unknown source "${dataset.source}"`,
      })
    if (!TABLE_NAME.test(dataset.table))
      problems.push({ path: at('table'), message: `Dataset "${id}" has an invalid table name` })
    if (dataset.tenantColumn !== undefined && !IDENTIFIER.test(dataset.tenantColumn))
      problems.push({
        path: at('tenantColumn'),
        message: `Dataset "${id}" has an invalid tenantColumn`,
      })
    for (const [key, column] of Object.entries(dataset.columns)) {
      if (!IDENTIFIER.test(key))
        problems.push({
          path: at('columns', key),
          message: `Column key "${key}" is not an identifier`,
        })
      if (!(COLUMN_TYPES as readonly string[]).includes(column.type))
        problems.push({
          path: at('columns', key, 'type'),
          message: `Column "${key}" has unknown type "${column.type}"`,
        })
      if (column.column !== undefined && !IDENTIFIER.test(column.column))
        problems.push({
          path: at('columns', key, 'column'),
          message: `Column "${key}" has an invalid physical name`,
        })
    }
    for (const [name, join] of Object.entries(dataset.joins ?? {})) {
      if (!IDENTIFIER.test(name))
        problems.push({
          path: at('joins', name),
          message: `Join name "${name}" is not an identifier`,
        })
      if (Object.hasOwn(dataset.columns, name))
        problems.push({
          path: at('joins', name),
          message: `Join "${name}" has the same name as a column`,
        })
      const target = input.datasets[join.dataset]
      if (!target)
        problems.push({
          path: at('joins', name, 'dataset'),
          message: `Join "${name}" points to unknown dataset "${join.dataset}"`,
        })
      else if (target.source !== dataset.source)
        problems.push({
          path: at('joins', name, 'dataset'),
          message: `Join "${name}" crosses sources`,
        })
      if (join.type !== 'many-to-one')
        problems.push({
          path: at('joins', name, 'type'),
          message: `Join "${name}" must be many-to-one`,
        })
      if (!IDENTIFIER.test(join.on.from) || !IDENTIFIER.test(join.on.to))
        problems.push({
          path: at('joins', name, 'on'),
          message: `Join "${name}" has invalid column names`,
        })
    }
  }
  return problems
}

function own<TValue>(
  record: Readonly<Record<string, TValue>> | undefined,
  key: string,
): TValue | undefined {
  return record && Object.hasOwn(record, key) ? record[key] : undefined
}

function unknownField(path: string, dataset: string): ReportwrightError {
  return new ReportwrightError({
    code: 'UNKNOWN_FIELD',
    message: `Unknown field "${safeName(path)}" in dataset "${safeName(dataset)}".`,
    details: { field: path },
  })
}

/** Echoes untrusted names only in a short, printable form. */
export function safeName(name: string): string {
  const printable = name.replace(/[^\x20-\x7e]/g, '?')
  return printable.length > 80 ? `${printable.slice(0, 77)}...` : printable
}
