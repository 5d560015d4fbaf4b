import type { RequestContext } from '../context/request-context'
import type { FieldPath } from '../model/field'
import type { Source } from '../source/source'
import type { ColumnType } from './column-type'

/** A column end users may report on. */
export interface ColumnDef {
  readonly type: ColumnType
  readonly label: string
  /** The physical column name when it differs from the key. */
  readonly column?: string
  readonly description?: string
  /** Default display format, e.g. `$#,##0.00`. */
  readonly format?: string
  /** When set, only contexts holding one of these roles see or use the column. */
  readonly roles?: readonly string[]
}

/** A many-to-one join from this dataset to another one. */
export interface JoinDef {
  /** The dataset joined to. */
  readonly dataset: string
  /** Physical columns: `from` on this dataset, `to` on the joined one. */
  readonly on: { readonly from: string; readonly to: string }
  readonly type: 'many-to-one'
  /** Label of the group of fields reached through this join. Defaults to the dataset's label. */
  readonly label?: string
}

/** A table (or view) the host lets end users report on. */
export interface DatasetDef {
  /** Key of `sources` in the catalog. */
  readonly source: string
  /** Table or view name, optionally schema-qualified (`reporting.sales`). */
  readonly table: string
  readonly label: string
  readonly description?: string
  /** Physical column that holds the tenant id; every query gets `tenantColumn = context.tenantId`. */
  readonly tenantColumn?: string
  readonly columns: Readonly<Record<string, ColumnDef>>
  readonly joins?: Readonly<Record<string, JoinDef>>
}

/** A field path resolved through the catalog for one context. */
export interface ResolvedField {
  readonly path: FieldPath
  /** Join names walked from the base dataset, in order. */
  readonly joins: readonly string[]
  /** Dataset id that owns the column. */
  readonly dataset: string
  /** Column key in that dataset. */
  readonly key: string
  /** Physical column name. */
  readonly column: string
  readonly def: ColumnDef
}

/** One field as a context sees it. */
export interface FieldView {
  readonly path: FieldPath
  readonly label: string
  readonly type: ColumnType
  readonly format?: string
  readonly description?: string
  /** Label of the dataset the field comes from (the base dataset or a join). */
  readonly group: string
}

/** One dataset as a context sees it. */
export interface DatasetView {
  readonly id: string
  readonly label: string
  readonly description?: string
  readonly fields: readonly FieldView[]
}

/** What {@link Catalog.describe} returns: only what the context may see. */
export interface CatalogView {
  readonly datasets: readonly DatasetView[]
}

/** What a host lets its end users report on. Built by `defineCatalog`. */
export interface Catalog {
  readonly sources: ReadonlyMap<string, Source>
  readonly datasets: ReadonlyMap<string, DatasetDef>
  /** Datasets and fields visible to `context` (role-restricted columns left out). */
  describe(context: RequestContext): CatalogView
  /** Fields of one dataset as `context` sees them. @throws `NOT_FOUND` */
  describeDataset(dataset: string, context: RequestContext): DatasetView
  /** @throws `UNKNOWN_FIELD` or `FORBIDDEN_FIELD` */
  resolveField(dataset: string, path: FieldPath, context: RequestContext): ResolvedField
}
