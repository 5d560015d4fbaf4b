import type { IntrospectedColumn, IntrospectedTable, Source } from '../source/source'
import type { ColumnDef, DatasetDef, JoinDef } from './catalog-types'
import type { ColumnType } from './column-type'

/** Options of {@link introspect}. */
export interface IntrospectOptions<TSourceKey extends string = string> {
  /** Only these tables (as the source names them, e.g. `orders`, `sales.orders`). Defaults to all. */
  readonly include?: readonly string[]
  /** The catalog key of `source`, written to each dataset's `source`. Defaults to `'main'`. */
  readonly sourceKey?: TSourceKey
}

/** A dataset {@link introspect} drafted, typed with the source key it was given. */
export type DraftedDataset<TSourceKey extends string = 'main'> = DatasetDef & {
  readonly source: TSourceKey
}

// What `defineCatalog` accepts: plain identifiers, tables optionally schema-qualified.
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/
const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_$]{0,62}(\.[A-Za-z_][A-Za-z0-9_$]{0,62})?$/
const MONEY_WORDS = /amount|price|cost|revenue|total/i
const ACRONYMS = new Set(['id', 'url', 'uuid', 'ip', 'sku', 'vat', 'api'])

/** Turns a table name into an identifier: `sales.order$items` → `sales_order_items`. */
function toIdentifier(name: string): string {
  let id = name.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '')
  if (!id) id = 'x'
  if (/^[0-9]/.test(id)) id = `_${id}`
  return id.slice(0, 63)
}

function unique(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base
  for (let n = 2; ; n++) {
    const candidate = `${base.slice(0, 60)}_${n}`
    if (!taken.has(candidate)) return candidate
  }
}

/** A label from a name: `order_items` → `Order items`, `customerId` → `Customer ID`. */
function humanise(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => (ACRONYMS.has(word.toLowerCase()) ? word.toUpperCase() : word.toLowerCase()))
  const text = words.join(' ')
  return text.charAt(0).toUpperCase() + text.slice(1)
}

function columnType(type: ColumnType, name: string): ColumnType {
  return type === 'number' && MONEY_WORDS.test(name) ? 'currency' : type
}

function joinBaseName(column: string, target: string): string {
  const stripped = column.replace(/(_id|Id|ID)$/, '')
  return toIdentifier(stripped && stripped !== column ? stripped : `${column}_${target}`)
}

/**
 * Drafts catalog datasets from a live schema: one dataset per table or view (id = the table
 * name as an identifier, `sales.orders` → `sales_orders`), its reportable columns with labels
 * and types (decimal columns named like amount/price/cost/revenue/total become `currency`),
 * and a many-to-one join per single-column foreign key to an included table (`customer_id` →
 * join `customer`). Only what `defineCatalog` accepts is drafted: columns of a mapped type with
 * identifier names, tables with at least one such column. `tenantColumn` and `roles` are for
 * the host to add.
 *
 * @example
 * ```ts
 * const datasets = await introspect(source, { include: ['orders', 'customers'], sourceKey: 'warehouse' })
 * const catalog = defineCatalog({ sources: { warehouse: source }, datasets })
 * ```
 */
export async function introspect<const TSourceKey extends string = 'main'>(
  source: Source,
  options: IntrospectOptions<TSourceKey> = {},
): Promise<Record<string, DraftedDataset<TSourceKey>>> {
  const { include } = options
  const sourceKey = (options.sourceKey ?? 'main') as TSourceKey
  const tables: readonly IntrospectedTable[] = await source.introspect(
    include ? { tables: include } : {},
  )

  const datasetIds = new Map<string, string>()
  const takenIds = new Set<string>()
  const usable = (column: IntrospectedColumn): boolean =>
    column.type !== undefined && IDENTIFIER.test(column.name)
  for (const table of tables) {
    if (!TABLE_NAME.test(table.name) || !table.columns.some(usable)) continue
    const id = unique(toIdentifier(table.name), takenIds)
    takenIds.add(id)
    datasetIds.set(table.name, id)
  }

  const datasets: Record<string, DraftedDataset<TSourceKey>> = {}
  for (const table of tables) {
    const id = datasetIds.get(table.name)
    if (id === undefined) continue
    const columns: Record<string, ColumnDef> = {}
    const keys = new Set<string>()
    for (const column of table.columns) {
      if (column.type === undefined || !usable(column)) continue
      keys.add(column.name)
      columns[column.name] = {
        type: columnType(column.type, column.name),
        label: humanise(column.name),
      }
    }
    const joins: Record<string, JoinDef> = {}
    const taken = new Set(keys)
    for (const key of table.foreignKeys) {
      const [from] = key.columns
      const [to] = key.referencedColumns
      const target = datasetIds.get(key.referencedTable)
      if (key.columns.length !== 1 || target === undefined) continue
      if (from === undefined || to === undefined || !IDENTIFIER.test(from) || !IDENTIFIER.test(to))
        continue
      const name = unique(joinBaseName(from, target), taken)
      taken.add(name)
      joins[name] = {
        dataset: target,
        on: { from, to },
        type: 'many-to-one',
        label: humanise(name),
      }
    }
    datasets[id] = {
      source: sourceKey,
      table: table.name,
      label: humanise(table.name),
      columns,
      ...(Object.keys(joins).length > 0 ? { joins } : {}),
    }
  }
  return datasets
}
