import type { ColumnType } from '../catalog/column-type'
import type { PlanPart } from '../compiler/compiled-report'
import type {
  AggregateNode,
  AnyOfNode,
  BucketNode,
  ColumnRefNode,
  PlanExpr,
  PlanJoin,
  PlanValue,
  PredicateNode,
  ReportPlan,
  SortKeyNode,
} from '../plan/plan-node'
import { canonicalDecimal, decodeValue } from '../source/decode-value'
import type { RowValue } from '../source/row'
import { dateBucketStart } from '../util/date-bucket'
import { restError } from './rest-errors'
import type { RestRecord } from './rest-pages'
import {
  asciiLower,
  averageText,
  compareForSort,
  compareValues,
  formatDecimal,
  likeMatcher,
  parseDecimal,
  readJsonValue,
  rescale,
  valueKey,
} from './rest-values'
import type { ScaledDecimal } from './rest-values'

/** Records of one endpoint, page by page, tenant-checked by the caller. */
export type PageReader = (
  table: string,
  tenant: TenantScope | undefined,
) => AsyncIterable<readonly RestRecord[]>

/** The tenant an endpoint is read for and the column every record must carry it in. */
export interface TenantScope {
  readonly column: string
  readonly tenantId: string
}

/** How much a report may keep in memory; exceeding a bound fails with `too_much_state`. */
export interface EvaluationBounds {
  readonly maxGroups: number
  readonly maxBufferedRows: number
  readonly maxLookupRecords: number
}

/** Everything one evaluation needs. */
export interface EvaluationInput {
  readonly plan: ReportPlan
  readonly part: PlanPart
  readonly readPages: PageReader
  readonly bounds: EvaluationBounds
  /** Lookups of joined endpoints, shared by the rows and totals queries of one plan. */
  readonly lookups: Map<string, Promise<Lookup>>
  /** Checked between records: throws once the stream is cancelled. */
  readonly checkActive: () => void
}

/** Records of a joined endpoint by their join key. */
export type Lookup = ReadonlyMap<string, readonly RestRecord[]>

type Tuple = readonly (RestRecord | undefined)[]
type Getter = (tuple: Tuple) => RowValue

/** The tenant scope of the base dataset (the planner's `eq_exact` on `t0`), if any. */
export function baseTenant(plan: ReportPlan): TenantScope | undefined {
  for (const node of plan.where)
    if (node.kind === 'Predicate') {
      const scope = tenantOf(node)
      if (scope && node.left.kind === 'ColumnRef' && node.left.tableAlias === 't0') return scope
    }
  return undefined
}

/** The tenant scope of a tenant predicate (a join's `tenant`), if it is one. */
export function tenantOf(node: PredicateNode | undefined): TenantScope | undefined {
  if (!node || node.operator !== 'eq_exact' || node.left.kind !== 'ColumnRef') return undefined
  return { column: node.left.column, tenantId: String(node.values[0]) }
}

/** Rejects a record of another tenant: the API ignored the tenant parameter. */
export function checkTenant(record: RestRecord, scope: TenantScope, table: string): void {
  const value = record[scope.column]
  const text = typeof value === 'number' ? String(value) : value
  if (text !== scope.tenantId)
    throw restError({
      reason: 'tenant_mismatch',
      message: `Endpoint "${table}" returned a record whose "${scope.column}" is not the tenant of the request; the API ignored the tenant parameter. No rows were returned. Fix the endpoint's tenant parameter or the API.`,
      details: { table, column: scope.column },
    })
}

/**
 * Evaluates a plan over JSON records with the semantics of the SQL engines: joins as LEFT JOINs
 * through per-report lookups, filters and projections page by page, grouping with state bounded
 * by the number of groups, subtotal rows like GROUPING SETS, NULLs last ascending and first
 * descending, LIMIT after sorting. Yields raw row arrays (values, then the level column when the
 * plan has subtotals) for `createRowDecoder`.
 */
export async function* evaluatePlan(input: EvaluationInput): AsyncGenerator<readonly unknown[]> {
  const { plan, part } = input
  const evaluator = new Evaluator(input)
  const tuples = evaluator.tuples()
  if (part === 'totals') {
    yield await evaluator.totals(tuples)
    return
  }
  if (plan.aggregated) {
    yield* await evaluator.grouped(tuples)
    return
  }
  if (plan.orderBy.length === 0) {
    yield* evaluator.detailUnsorted(tuples)
    return
  }
  yield* await evaluator.detailSorted(tuples)
}

class Evaluator {
  readonly #input: EvaluationInput
  readonly #plan: ReportPlan
  readonly #tables: readonly string[]
  readonly #where: (tuple: Tuple) => boolean

  constructor(input: EvaluationInput) {
    this.#input = input
    this.#plan = input.plan
    this.#tables = [this.#plan.table, ...this.#plan.joins.map((join) => join.table)]
    const conditions = this.#plan.where.map((node) => this.#condition(node))
    this.#where = (tuple) => conditions.every((condition) => condition(tuple))
  }

  /** Filtered rows of the base endpoint with their joined records. */
  async *tuples(): AsyncGenerator<Tuple> {
    const plan = this.#plan
    const lookups = await Promise.all(plan.joins.map((join) => this.#lookup(join)))
    const joins = plan.joins.map((join, i) => ({
      from: this.#getter(join.from),
      lookup: lookups[i] as Lookup,
    }))
    const tenant = baseTenant(plan)
    for await (const page of this.#input.readPages(plan.table, tenant)) {
      for (const record of page) {
        this.#input.checkActive()
        if (tenant) checkTenant(record, tenant, plan.table)
        let tuples: Tuple[] = [[record]]
        for (const join of joins) {
          const next: Tuple[] = []
          for (const tuple of tuples) {
            const key = join.from(tuple)
            const matches = key === null ? undefined : join.lookup.get(valueKey(key))
            if (!matches || matches.length === 0) next.push([...tuple, undefined])
            else for (const match of matches) next.push([...tuple, match])
          }
          tuples = next
        }
        for (const tuple of tuples) if (this.#where(tuple)) yield tuple
      }
    }
  }

  async totals(tuples: AsyncIterable<Tuple>): Promise<unknown[]> {
    const plan = this.#plan
    const summable: readonly ColumnType[] = ['integer', 'number', 'currency']
    const makers = plan.select.map((selection) => {
      const { expr } = selection
      if (plan.aggregated)
        return expr.kind === 'Aggregate' && !selection.column.groupBy
          ? this.#accumulatorFor(expr)
          : undefined
      return expr.kind === 'ColumnRef' && summable.includes(expr.type)
        ? this.#accumulatorFor({ kind: 'Aggregate', aggregation: 'sum', arg: expr })
        : undefined
    })
    const accumulators = makers.map((make) => make?.())
    for await (const tuple of tuples) accumulators.forEach((accumulator) => accumulator?.add(tuple))
    return accumulators.map((accumulator) => (accumulator ? accumulator.result() : null))
  }

  async grouped(tuples: AsyncIterable<Tuple>): Promise<unknown[][]> {
    const plan = this.#plan
    const keyCount = plan.groupBy.length
    const keyGetters = plan.groupBy.map((index) => this.#exprGetter(this.#selectionExpr(index)))
    const makers = plan.select.map((selection) =>
      selection.expr.kind === 'Aggregate' ? this.#accumulatorFor(selection.expr) : undefined,
    )
    // Level 0 groups by every key; a subtotal level n keeps the first n keys.
    const levels = plan.subtotals
      ? Array.from({ length: keyCount }, (_, i) => keyCount - i)
      : [keyCount]
    interface Group {
      readonly keys: readonly RowValue[]
      readonly level: number
      readonly accumulators: readonly (Accumulator | undefined)[]
    }
    const groups = new Map<string, Group>()
    const groupFor = (keys: readonly RowValue[], kept: number): Group => {
      const level = kept === keyCount ? 0 : kept
      const id = `${level}|${keys.slice(0, kept).map(valueKey).join('|')}`
      let group = groups.get(id)
      if (!group) {
        if (groups.size >= this.#input.bounds.maxGroups)
          throw restError({
            reason: 'too_much_state',
            message: `The report has more than maxGroups (${this.#input.bounds.maxGroups}) groups; group by fewer or coarser fields, add filters, or raise maxGroups.`,
            details: { limit: 'maxGroups', maxGroups: this.#input.bounds.maxGroups },
          })
        group = { keys: keys.slice(0, kept), level, accumulators: makers.map((make) => make?.()) }
        groups.set(id, group)
      }
      return group
    }
    // Without GROUP BY, SQL yields one row even for no input.
    if (keyCount === 0) groupFor([], 0)
    for await (const tuple of tuples) {
      const keys = keyGetters.map((get) => get(tuple))
      for (const kept of levels)
        for (const accumulator of groupFor(keys, kept).accumulators) accumulator?.add(tuple)
    }

    const columns = plan.select.map((selection) => selection.column)
    const rows = [...groups.values()].map((group) => {
      const values: RowValue[] = plan.select.map((selection, i) => {
        const position = plan.groupBy.indexOf(i)
        const raw =
          position >= 0
            ? (group.keys[position] ?? null)
            : (group.accumulators[i] as Accumulator).result()
        return decodeValue(raw, selection.column.type)
      })
      return { values, level: group.level }
    })

    type Ranked = (typeof rows)[number]
    const terms: ((a: Ranked, b: Ranked) => number)[] = []
    const valueTerm =
      (index: number, direction: 'asc' | 'desc') =>
      (a: Ranked, b: Ranked): number =>
        compareForSort(
          a.values[index] ?? null,
          b.values[index] ?? null,
          (columns[index] as { type: ColumnType }).type,
          direction,
        )
    if (plan.subtotals) {
      // The order of the SQL rollup: per group key, a subtotal after the rows it sums.
      const sorted = new Set<number>()
      plan.groupBy.forEach((selection, position) => {
        const requested = plan.orderBy.find(
          (key) => 'selection' in key.target && key.target.selection === selection,
        )
        if (position > 0) {
          const flag = (row: Ranked): number =>
            row.level !== 0 && row.level < position + 1 ? 1 : 0
          terms.push((a, b) => flag(a) - flag(b))
        }
        terms.push(valueTerm(selection, requested?.direction ?? 'asc'))
        sorted.add(selection)
      })
      for (const key of plan.orderBy)
        if ('selection' in key.target && !sorted.has(key.target.selection))
          terms.push(valueTerm(key.target.selection, key.direction))
    } else {
      for (const key of plan.orderBy)
        if ('selection' in key.target) terms.push(valueTerm(key.target.selection, key.direction))
    }
    rows.sort((a, b) => {
      for (const term of terms) {
        const order = term(a, b)
        if (order !== 0) return order
      }
      return 0
    })
    const limited = plan.limit === undefined ? rows : rows.slice(0, plan.limit)
    return limited.map((row) => (plan.subtotals ? [...row.values, row.level] : row.values))
  }

  async *detailUnsorted(tuples: AsyncIterable<Tuple>): AsyncGenerator<unknown[]> {
    const limit = this.#plan.limit ?? Infinity
    if (limit <= 0) return
    const getters = this.#plan.select.map((selection) => this.#exprGetter(selection.expr))
    let count = 0
    for await (const tuple of tuples) {
      yield getters.map((get) => get(tuple))
      if (++count >= limit) return
    }
  }

  async detailSorted(tuples: AsyncIterable<Tuple>): Promise<unknown[][]> {
    const plan = this.#plan
    const keep = plan.limit ?? Infinity
    const { maxBufferedRows } = this.#input.bounds
    const getters = plan.select.map((selection) => this.#exprGetter(selection.expr))
    const sortKeys = plan.orderBy.map((key) => this.#sortTerm(key))
    interface Buffered {
      readonly values: readonly RowValue[]
      readonly keys: readonly RowValue[]
    }
    const compare = (a: Buffered, b: Buffered): number => {
      for (let i = 0; i < sortKeys.length; i++) {
        const key = sortKeys[i] as (typeof sortKeys)[number]
        const order = compareForSort(a.keys[i] ?? null, b.keys[i] ?? null, key.type, key.direction)
        if (order !== 0) return order
      }
      return 0
    }
    let buffer: Buffered[] = []
    // Only the best `keep` rows matter: compact the buffer whenever it doubles past them.
    const threshold = Math.min(Math.max(2 * keep, 1024), maxBufferedRows)
    for await (const tuple of tuples) {
      const values = getters.map((get) => get(tuple))
      buffer.push({ values, keys: sortKeys.map((key) => key.get(tuple, values)) })
      if (buffer.length > threshold) {
        if (keep >= maxBufferedRows)
          throw restError({
            reason: 'too_much_state',
            message: `Sorting this report would keep more than maxBufferedRows (${maxBufferedRows}) rows in memory; add a limit below ${maxBufferedRows} or filters, or raise maxBufferedRows.`,
            details: { limit: 'maxBufferedRows', maxBufferedRows },
          })
        buffer.sort(compare)
        buffer = buffer.slice(0, keep)
      }
    }
    buffer.sort(compare)
    return buffer.slice(0, keep).map((row) => [...row.values])
  }

  #sortTerm(key: SortKeyNode): {
    readonly type: ColumnType
    readonly direction: 'asc' | 'desc'
    readonly get: (tuple: Tuple, values: readonly RowValue[]) => RowValue
  } {
    const { target, direction } = key
    if ('selection' in target) {
      const index = target.selection
      const column = this.#plan.select[index]?.column
      return {
        type: column?.type ?? 'string',
        direction,
        get: (_tuple, values) => values[index] ?? null,
      }
    }
    const get = this.#exprGetter(target.expr)
    return {
      type: target.expr.kind === 'Bucket' ? 'date' : target.expr.type,
      direction,
      get: (tuple) => get(tuple),
    }
  }

  #selectionExpr(index: number): PlanExpr {
    const selection = this.#plan.select[index]
    if (!selection) throw new Error(`no selection ${index}`)
    return selection.expr
  }

  async #lookup(join: PlanJoin): Promise<Lookup> {
    const tenant = tenantOf(join.tenant)
    const id = `${join.table}\u0000${join.to.column}\u0000${tenant?.tenantId ?? ''}`
    let pending = this.#input.lookups.get(id)
    if (!pending) {
      pending = this.#fetchLookup(join, tenant)
      this.#input.lookups.set(id, pending)
      pending.catch(() => this.#input.lookups.delete(id))
    }
    return pending
  }

  async #fetchLookup(join: PlanJoin, tenant: TenantScope | undefined): Promise<Lookup> {
    const { maxLookupRecords } = this.#input.bounds
    const lookup = new Map<string, RestRecord[]>()
    let count = 0
    for await (const page of this.#input.readPages(join.table, tenant)) {
      for (const record of page) {
        this.#input.checkActive()
        if (tenant) checkTenant(record, tenant, join.table)
        if (++count > maxLookupRecords)
          throw restError({
            reason: 'too_much_state',
            message: `Joined endpoint "${join.table}" has more than maxLookupRecords (${maxLookupRecords}) records; raise maxLookupRecords or report on it without the join.`,
            details: { limit: 'maxLookupRecords', maxLookupRecords, table: join.table },
          })
        const key = this.#read(record, join.to, join.table)
        if (key === null) continue
        const id = valueKey(key)
        const list = lookup.get(id)
        if (list) list.push(record)
        else lookup.set(id, [record])
      }
    }
    return lookup
  }

  #read(record: RestRecord, ref: ColumnRefNode, table: string): RowValue {
    const raw = record[ref.column]
    const value = readJsonValue(raw, ref.type)
    if (value === undefined)
      throw restError({
        reason: 'bad_value',
        message: `Endpoint "${table}" returned a value of "${ref.column}" that is not a ${ref.type} (${Array.isArray(raw) ? 'array' : typeof raw}); fix the catalog type or the API.`,
        details: { table, column: ref.column, expected: ref.type },
      })
    return value
  }

  #getter(ref: ColumnRefNode): Getter {
    const index = Number(ref.tableAlias.slice(1))
    const table = this.#tables[index] ?? ref.tableAlias
    return (tuple) => {
      const record = tuple[index]
      return record === undefined ? null : this.#read(record, ref, table)
    }
  }

  #bucketGetter(node: BucketNode): Getter {
    const get = this.#getter(node.ref)
    const type = node.ref.type === 'date' ? 'date' : 'datetime'
    return (tuple) => {
      const value = get(tuple)
      return typeof value === 'string'
        ? dateBucketStart(value, node.bucket, node.timezone, type)
        : null
    }
  }

  #exprGetter(expr: PlanExpr): Getter {
    switch (expr.kind) {
      case 'ColumnRef':
        return this.#getter(expr)
      case 'Bucket':
        return this.#bucketGetter(expr)
      case 'Aggregate':
        throw new Error('an aggregate is not a row value')
    }
  }

  #accumulatorFor(node: AggregateNode): () => Accumulator {
    const get = this.#exprGetter(node.arg)
    const type: ColumnType = node.arg.kind === 'Bucket' ? 'date' : node.arg.type
    return () => createAccumulator(node.aggregation, type, get)
  }

  #condition(node: PredicateNode | AnyOfNode): (tuple: Tuple) => boolean {
    if (node.kind === 'AnyOf') {
      const predicates = node.predicates.map((p) => this.#predicate(p))
      return (tuple) => predicates.some((predicate) => predicate(tuple))
    }
    return this.#predicate(node)
  }

  // SQL's unknown (a comparison with NULL) never keeps a row, and no operator negates one, so
  // two-valued logic with "NULL compares false" yields the same rows.
  #predicate(node: PredicateNode): (tuple: Tuple) => boolean {
    const type: ColumnType = node.left.kind === 'Bucket' ? 'date' : node.left.type
    const get =
      node.left.kind === 'Bucket' ? this.#bucketGetter(node.left) : this.#getter(node.left)
    const values = node.values.map((value) => planValue(value, type))
    const [first = null, second = null] = values
    const cmp = (value: RowValue, other: RowValue): number => compareValues(value, other, type)
    const test = (check: (value: RowValue) => boolean) => (tuple: Tuple) => {
      const value = get(tuple)
      return value !== null && check(value)
    }
    switch (node.operator) {
      case 'eq':
      case 'eq_exact':
        return test((value) => cmp(value, first) === 0)
      case 'ne':
        return test((value) => cmp(value, first) !== 0)
      case 'gt':
        return test((value) => cmp(value, first) > 0)
      case 'ge':
        return test((value) => cmp(value, first) >= 0)
      case 'lt':
        return test((value) => cmp(value, first) < 0)
      case 'le':
        return test((value) => cmp(value, first) <= 0)
      case 'between':
        return test((value) => cmp(value, first) >= 0 && cmp(value, second) <= 0)
      case 'range':
        return test((value) => cmp(value, first) >= 0 && cmp(value, second) < 0)
      case 'in':
        return test((value) => values.some((other) => cmp(value, other) === 0))
      case 'not_in':
        return test((value) => values.every((other) => cmp(value, other) !== 0))
      case 'like': {
        const matches = likeMatcher(String(first))
        return test((value) => matches(asciiLower(String(value))))
      }
      case 'is_null':
        return (tuple) => get(tuple) === null
      case 'is_not_null':
        return (tuple) => get(tuple) !== null
    }
  }
}

/** A bound filter value in the form column values take. */
function planValue(value: PlanValue, type: ColumnType): RowValue {
  if (value instanceof Date) return value.toISOString()
  if (typeof value === 'string' && (type === 'number' || type === 'currency' || type === 'percent'))
    return canonicalDecimal(value)
  return value
}

interface Accumulator {
  add(tuple: Tuple): void
  result(): unknown
}

function createAccumulator(
  aggregation: AggregateNode['aggregation'],
  type: ColumnType,
  get: Getter,
): Accumulator {
  switch (aggregation) {
    case 'count': {
      let count = 0
      return {
        add: (tuple) => {
          if (get(tuple) !== null) count++
        },
        result: () => count,
      }
    }
    case 'count_distinct': {
      const seen = new Set<string>()
      return {
        add: (tuple) => {
          const value = get(tuple)
          if (value !== null) seen.add(valueKey(value))
        },
        result: () => seen.size,
      }
    }
    case 'min':
    case 'max': {
      const sign = aggregation === 'min' ? -1 : 1
      let best: RowValue = null
      return {
        add: (tuple) => {
          const value = get(tuple)
          if (value !== null && (best === null || sign * compareValues(value, best, type) > 0))
            best = value
        },
        result: () => best,
      }
    }
    case 'sum':
    case 'avg': {
      // Exact: decimals add as scaled integers, never as floats.
      let sum: ScaledDecimal = { units: 0n, scale: 0 }
      let count = 0
      return {
        add: (tuple) => {
          const value = get(tuple)
          if (value === null) return
          const next = parseDecimal(String(value))
          const scale = Math.max(sum.scale, next.scale)
          sum = { units: rescale(sum, scale) + rescale(next, scale), scale }
          count++
        },
        result: () => {
          if (count === 0) return null
          if (aggregation === 'avg') return averageText(sum, count)
          return type === 'integer' ? sum.units : formatDecimal(sum.units, sum.scale)
        },
      }
    }
  }
}
