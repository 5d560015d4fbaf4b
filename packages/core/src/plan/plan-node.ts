import type { ColumnType } from '../catalog/column-type'
import type { Aggregation, DateBucket } from '../model/field'
import type { OutputColumn } from '../source/output-column'

/** Every kind of node in a {@link ReportPlan}. */
export type PlanNodeKind =
  'ReportPlan' | 'ColumnRef' | 'Bucket' | 'Aggregate' | 'Predicate' | 'AnyOf' | 'SortKey'

/** A plan node: immutable and tagged by `kind`. */
export interface PlanNode {
  readonly kind: PlanNodeKind
}

/** A physical column of a table alias (`t0`, `t1`, …). Both names come from the catalog. */
export interface ColumnRefNode extends PlanNode {
  readonly kind: 'ColumnRef'
  readonly tableAlias: string
  readonly column: string
  readonly type: ColumnType
}

/** The start of a date bucket of a column, in the report's time zone. */
export interface BucketNode extends PlanNode {
  readonly kind: 'Bucket'
  readonly ref: ColumnRefNode
  readonly bucket: DateBucket
  readonly timezone: string
}

/** An aggregate over a column or bucket. */
export interface AggregateNode extends PlanNode {
  readonly kind: 'Aggregate'
  readonly aggregation: Aggregation
  readonly arg: ColumnRefNode | BucketNode
}

/** A value expression. */
export type PlanExpr = ColumnRefNode | BucketNode | AggregateNode

/** Comparison operators after the planner has normalised filters. */
export type PredicateOperator =
  | 'eq'
  /** Byte-exact equality, whatever the column's collation: tenant predicates. */
  | 'eq_exact'
  | 'ne'
  | 'gt'
  | 'ge'
  | 'lt'
  | 'le'
  | 'between'
  /** Half-open `[values[0], values[1])`, from relative dates. */
  | 'range'
  | 'in'
  | 'not_in'
  | 'like'
  | 'is_null'
  | 'is_not_null'

/**
 * A typed value to bind: checked against the column type. Datetimes are instants; decimals
 * exact strings; dates `YYYY-MM-DD`; LIKE patterns already escaped with `!`.
 */
export type PlanValue = string | number | boolean | Date

/** One condition; values are always bound, never spliced into SQL. */
export interface PredicateNode extends PlanNode {
  readonly kind: 'Predicate'
  readonly operator: PredicateOperator
  readonly left: ColumnRefNode | BucketNode
  readonly values: readonly PlanValue[]
}

/** An OR of predicates. */
export interface AnyOfNode extends PlanNode {
  readonly kind: 'AnyOf'
  readonly predicates: readonly PredicateNode[]
}

/** One selected expression and the output column it yields. */
export interface PlanSelection {
  readonly expr: PlanExpr
  readonly column: OutputColumn
}

/** A join of a dataset through a many-to-one path, tenant predicate included. */
export interface PlanJoin {
  readonly path: string
  readonly table: string
  readonly alias: string
  readonly from: ColumnRefNode
  readonly to: ColumnRefNode
  /** `tenantColumn = tenantId`, part of the join condition; cannot be removed. */
  readonly tenant?: PredicateNode
}

/** A sort key: a selected column (by index) or an expression. */
export interface SortKeyNode extends PlanNode {
  readonly kind: 'SortKey'
  readonly target: { readonly selection: number } | { readonly expr: ColumnRefNode | BucketNode }
  readonly direction: 'asc' | 'desc'
}

/** The whole report, dialect-free; every security rule has been applied. */
export interface ReportPlan extends PlanNode {
  readonly kind: 'ReportPlan'
  /** Catalog key of the source. */
  readonly source: string
  readonly table: string
  readonly joins: readonly PlanJoin[]
  readonly select: readonly PlanSelection[]
  /** Tenant predicates of the base dataset come first. AND of all. */
  readonly where: readonly (PredicateNode | AnyOfNode)[]
  /** Indexes into `select` of the group keys, in order; empty when nothing aggregates. */
  readonly groupBy: readonly number[]
  readonly aggregated: boolean
  readonly orderBy: readonly SortKeyNode[]
  readonly limit: number | undefined
  readonly totals: boolean
  readonly subtotals: boolean
}

function freeze<TNode extends object>(node: TNode): TNode {
  return Object.freeze(node)
}

/** Builders for plan nodes; every node is frozen. */
export const ColumnRef = {
  create: (tableAlias: string, column: string, type: ColumnType): ColumnRefNode =>
    freeze({ kind: 'ColumnRef', tableAlias, column, type }),
  is: (node: PlanNode): node is ColumnRefNode => node.kind === 'ColumnRef',
}

export const Bucket = {
  create: (ref: ColumnRefNode, bucket: DateBucket, timezone: string): BucketNode =>
    freeze({ kind: 'Bucket', ref, bucket, timezone }),
  is: (node: PlanNode): node is BucketNode => node.kind === 'Bucket',
}

export const Aggregate = {
  create: (aggregation: Aggregation, arg: ColumnRefNode | BucketNode): AggregateNode =>
    freeze({ kind: 'Aggregate', aggregation, arg }),
  is: (node: PlanNode): node is AggregateNode => node.kind === 'Aggregate',
}

export const Predicate = {
  create: (
    operator: PredicateOperator,
    left: ColumnRefNode | BucketNode,
    values: readonly PlanValue[],
  ): PredicateNode =>
    freeze({ kind: 'Predicate', operator, left, values: Object.freeze([...values]) }),
  is: (node: PlanNode): node is PredicateNode => node.kind === 'Predicate',
}

export const AnyOf = {
  create: (predicates: readonly PredicateNode[]): AnyOfNode =>
    freeze({ kind: 'AnyOf', predicates: Object.freeze([...predicates]) }),
  is: (node: PlanNode): node is AnyOfNode => node.kind === 'AnyOf',
}

export const SortKey = {
  create: (target: SortKeyNode['target'], direction: 'asc' | 'desc'): SortKeyNode =>
    freeze({ kind: 'SortKey', target: freeze({ ...target }), direction }),
  is: (node: PlanNode): node is SortKeyNode => node.kind === 'SortKey',
}
