import { outputColumnSpec } from '../model/output-column-spec'
import type { Catalog, DatasetDef, ResolvedField } from '../catalog/catalog-types'
import type { ColumnType } from '../catalog/column-type'
import { NUMERIC_TYPES, TEMPORAL_TYPES } from '../catalog/column-type'
import { safeName } from '../catalog/define-catalog'
import type { RequestContext } from '../context/request-context'
import type { ResolvedLimits } from '../engine/limits'
import { ReportwrightError } from '../errors/reportwright-error'
import type { ReportwrightIssue } from '../errors/reportwright-error'
import type { Aggregation, DateBucket, FieldSpec } from '../model/field'
import type { FilterCondition, FilterScalar } from '../model/filter'
import type { ReportDefinition } from '../model/report-definition'
import { isTimeZone } from '../model/schedule'
import type { OutputColumn } from '../source/output-column'
import { zonedTimeToUtc } from '../util/time-zone'
import { AnyOf, Aggregate, Bucket, ColumnRef, Predicate, SortKey } from './plan-node'
import type {
  AnyOfNode,
  BucketNode,
  ColumnRefNode,
  PlanExpr,
  PlanJoin,
  PlanSelection,
  PlanValue,
  PredicateNode,
  PredicateOperator,
  ReportPlan,
  SortKeyNode,
} from './plan-node'
import { resolveRelativeDateRange } from './relative-date-range'

/** What the planner needs besides the definition. */
export interface PlanOptions {
  readonly limits: ResolvedLimits
  /** "Now" for relative dates. */
  readonly now: Date
  /** A LIMIT for previews, pushed into SQL. */
  readonly previewLimit?: number
}

// Time zones reach SQL as literals (GROUP BY must repeat the select expression exactly), so
// on top of the Intl check they may only hold these characters.
const SAFE_TIME_ZONE = /^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/

/**
 * Turns a definition into a dialect-free {@link ReportPlan}, enforcing every security rule:
 * identifiers only from the catalog, role-restricted columns, tenant predicates on every
 * scoped dataset (joined ones too), typed values, and the engine limits.
 */
export function planReport(
  definition: ReportDefinition,
  catalog: Catalog,
  context: RequestContext,
  options: PlanOptions,
): ReportPlan {
  const { limits } = options
  const dataset = catalog.datasets.get(definition.dataset)
  if (!dataset) {
    throw new ReportwrightError({
      code: 'UNKNOWN_FIELD',
      message: `Unknown dataset "${safeName(definition.dataset)}".`,
      details: { issues: [{ path: ['dataset'], message: 'Unknown dataset' }] },
    })
  }
  const timezone = context.timezone ?? 'UTC'
  if (!SAFE_TIME_ZONE.test(timezone) || !isTimeZone(timezone)) {
    throw new ReportwrightError({
      code: 'INVALID_DEFINITION',
      message: `Unknown time zone "${safeName(timezone)}" in the request context.`,
    })
  }
  if (definition.fields.length > limits.maxFields) {
    throw new ReportwrightError({
      code: 'LIMIT_EXCEEDED',
      message: `The report has ${definition.fields.length} fields; at most ${limits.maxFields} are allowed.`,
      details: { limit: 'maxFields', max: limits.maxFields },
    })
  }
  const conditionCount = definition.filters.reduce(
    (count, node) => count + ('anyOf' in node ? node.anyOf.length : 1),
    0,
  )
  if (conditionCount > limits.maxFilters) {
    throw new ReportwrightError({
      code: 'LIMIT_EXCEEDED',
      message: `The report has ${conditionCount} filter conditions; at most ${limits.maxFilters} are allowed.`,
      details: { limit: 'maxFilters', max: limits.maxFilters },
    })
  }
  if (definition.limit !== undefined && definition.limit > limits.maxRows) {
    throw new ReportwrightError({
      code: 'LIMIT_EXCEEDED',
      message: `The report asks for ${definition.limit} rows; at most ${limits.maxRows} are allowed.`,
      details: { limit: 'maxRows', max: limits.maxRows },
    })
  }

  const joins = new JoinRegistry(catalog, definition.dataset, dataset, context)
  const issues: ReportwrightIssue[] = []

  // Fields → selections.
  const aggregated = definition.fields.some((field) => field.aggregation !== undefined)
  const usedKeys = new Set<string>()
  const select: PlanSelection[] = definition.fields.map((field, index) =>
    planSelection({ field, index, joins, timezone, usedKeys, issues }),
  )
  const groupBy = aggregated
    ? select.flatMap((selection, index) => (selection.column.groupBy ? [index] : []))
    : []

  // Filters → predicates (tenant predicate of the base dataset first).
  const where: (PredicateNode | AnyOfNode)[] = []
  if (dataset.tenantColumn !== undefined)
    where.push(joins.tenantPredicate('t0', dataset.tenantColumn))
  definition.filters.forEach((node, index) => {
    if ('anyOf' in node) {
      const predicates = node.anyOf.map((condition, inner) =>
        planCondition({
          condition,
          path: ['filters', index, 'anyOf', inner],
          joins,
          timezone,
          options,
          issues,
        }),
      )
      if (predicates.every((p): p is PredicateNode => p !== undefined))
        where.push(AnyOf.create(predicates))
    } else {
      const predicate = planCondition({
        condition: node,
        path: ['filters', index],
        joins,
        timezone,
        options,
        issues,
      })
      if (predicate) where.push(predicate)
    }
  })

  // Sort keys.
  const orderBy: SortKeyNode[] = []
  definition.sort.forEach((sort, index) => {
    const selected = select.findIndex(
      (selection) =>
        selection.column.field === sort.field &&
        selection.column.aggregation === sort.aggregation &&
        selection.column.bucket === sort.bucket,
    )
    if (selected >= 0) {
      orderBy.push(SortKey.create({ selection: selected }, sort.direction))
      return
    }
    if (aggregated || sort.aggregation !== undefined) {
      issues.push({
        path: ['sort', index],
        message: `Sort by "${safeName(sort.field)}" must name a selected field${sort.aggregation ? ` with aggregation ${sort.aggregation}` : ''}`,
      })
      return
    }
    const resolved = joins.resolve(sort.field)
    const ref = ColumnRef.create(joins.aliasFor(resolved), resolved.column, resolved.def.type)
    if (sort.bucket !== undefined && !TEMPORAL_TYPES.has(resolved.def.type)) {
      issues.push({
        path: ['sort', index, 'bucket'],
        message: 'Only dates and datetimes have buckets',
      })
      return
    }
    orderBy.push(
      SortKey.create(
        { expr: sort.bucket ? bucketOf(ref, sort.bucket, timezone) : ref },
        sort.direction,
      ),
    )
  })
  // Grouped reports without a sort come out in group order, so every engine agrees.
  if (definition.sort.length === 0)
    for (const index of groupBy) orderBy.push(SortKey.create({ selection: index }, 'asc'))

  if (definition.subtotals && !aggregated) {
    issues.push({ path: ['subtotals'], message: 'Subtotals need at least one aggregated field' })
  }
  if (issues.length > 0) {
    throw new ReportwrightError({
      code: 'INVALID_DEFINITION',
      message: `Invalid report definition at ${issues[0]?.path.join('.')}: ${issues[0]?.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`,
      details: { issues },
    })
  }

  const limit =
    options.previewLimit !== undefined
      ? Math.min(options.previewLimit, definition.limit ?? Number.POSITIVE_INFINITY)
      : (definition.limit ?? limits.maxRows + 1)

  return Object.freeze({
    kind: 'ReportPlan',
    source: dataset.source,
    table: dataset.table,
    joins: joins.list(),
    select: Object.freeze(select),
    where: Object.freeze(where),
    groupBy: Object.freeze(groupBy),
    aggregated,
    orderBy: Object.freeze(orderBy),
    limit,
    totals: definition.totals,
    subtotals: definition.subtotals && groupBy.length >= 2,
  } satisfies ReportPlan)
}

/** Tracks the joins a report needs and gives each path one alias. */
class JoinRegistry {
  readonly #catalog: Catalog
  readonly #baseId: string
  readonly #base: DatasetDef
  readonly #context: RequestContext
  readonly #joins = new Map<string, PlanJoin>()

  constructor(catalog: Catalog, baseId: string, base: DatasetDef, context: RequestContext) {
    this.#catalog = catalog
    this.#baseId = baseId
    this.#base = base
    this.#context = context
  }

  resolve(path: string): ResolvedField {
    const resolved = this.#catalog.resolveField(this.#baseId, path, this.#context)
    this.#ensureJoins(resolved.joins)
    return resolved
  }

  aliasFor(resolved: ResolvedField): string {
    if (resolved.joins.length === 0) return 't0'
    const join = this.#joins.get(resolved.joins.join('.'))
    if (!join) throw new Error('join not registered')
    return join.alias
  }

  tenantPredicate(alias: string, tenantColumn: string): PredicateNode {
    const tenantId = this.#context.tenantId
    if (tenantId === undefined || tenantId === '') {
      throw new ReportwrightError({
        code: 'TENANT_REQUIRED',
        message: 'This report reads tenant-scoped data: the request context needs a tenantId.',
      })
    }
    return Predicate.create('eq_exact', ColumnRef.create(alias, tenantColumn, 'string'), [tenantId])
  }

  list(): readonly PlanJoin[] {
    return Object.freeze([...this.#joins.values()])
  }

  #ensureJoins(path: readonly string[]): void {
    let current = this.#base
    let fromAlias = 't0'
    for (let depth = 0; depth < path.length; depth++) {
      const key = path.slice(0, depth + 1).join('.')
      const joinName = path[depth] as string
      const join = current.joins?.[joinName]
      const target = join ? this.#catalog.datasets.get(join.dataset) : undefined
      if (!join || !target) throw new Error('catalog join vanished')
      let planned = this.#joins.get(key)
      if (!planned) {
        const alias = `t${this.#joins.size + 1}`
        planned = Object.freeze({
          path: key,
          table: target.table,
          alias,
          from: ColumnRef.create(fromAlias, join.on.from, 'string'),
          to: ColumnRef.create(alias, join.on.to, 'string'),
          ...(target.tenantColumn !== undefined
            ? { tenant: this.tenantPredicate(alias, target.tenantColumn) }
            : {}),
        })
        this.#joins.set(key, planned)
      }
      current = target
      fromAlias = planned.alias
    }
  }
}

function bucketOf(ref: ColumnRefNode, bucket: DateBucket, timezone: string): BucketNode {
  return Bucket.create(ref, bucket, timezone)
}

function planSelection(input: {
  field: FieldSpec
  index: number
  joins: JoinRegistry
  timezone: string
  usedKeys: Set<string>
  issues: ReportwrightIssue[]
}): PlanSelection {
  const { field, index, joins, timezone, usedKeys, issues } = input
  const resolved = joins.resolve(field.field)
  const type = resolved.def.type
  const ref = ColumnRef.create(joins.aliasFor(resolved), resolved.column, type)
  let arg: ColumnRefNode | BucketNode = ref
  if (field.bucket !== undefined) {
    if (!TEMPORAL_TYPES.has(type))
      issues.push({
        path: ['fields', index, 'bucket'],
        message: 'Only dates and datetimes have buckets',
      })
    if (field.aggregation !== undefined)
      issues.push({
        path: ['fields', index, 'bucket'],
        message: 'A bucketed field is a group, it cannot also aggregate',
      })
    arg = bucketOf(ref, field.bucket, timezone)
  }
  if (field.aggregation !== undefined)
    checkAggregation(field.aggregation, type, ['fields', index, 'aggregation'], issues)
  const expr: PlanExpr = field.aggregation ? Aggregate.create(field.aggregation, arg) : arg
  const spec = outputColumnSpec(field, resolved.def, usedKeys)
  const column: OutputColumn = Object.freeze({
    ...spec,
    field: field.field,
    ...(field.aggregation !== undefined ? { aggregation: field.aggregation } : {}),
    ...(field.bucket !== undefined ? { bucket: field.bucket } : {}),
    groupBy: field.aggregation === undefined,
  })
  return Object.freeze({ expr, column })
}

function checkAggregation(
  aggregation: Aggregation,
  type: ColumnType,
  path: (string | number)[],
  issues: ReportwrightIssue[],
): void {
  if ((aggregation === 'sum' || aggregation === 'avg') && !NUMERIC_TYPES.has(type))
    issues.push({ path, message: `${aggregation} needs a numeric field, not ${type}` })
  if ((aggregation === 'min' || aggregation === 'max') && type === 'boolean')
    issues.push({ path, message: `${aggregation} does not apply to yes/no fields` })
}

const COMPARISON: Partial<Record<FilterCondition['operator'], PredicateOperator>> = {
  equals: 'eq',
  not_equals: 'ne',
  greater_than: 'gt',
  greater_or_equal: 'ge',
  less_than: 'lt',
  less_or_equal: 'le',
}

function planCondition(input: {
  condition: FilterCondition
  path: (string | number)[]
  joins: JoinRegistry
  timezone: string
  options: PlanOptions
  issues: ReportwrightIssue[]
}): PredicateNode | undefined {
  const { condition, path, joins, timezone, options, issues } = input
  const resolved = joins.resolve(condition.field)
  const type = resolved.def.type
  const ref = ColumnRef.create(joins.aliasFor(resolved), resolved.column, type)
  const fail = (message: string): undefined => {
    issues.push({ path: [...path, 'value'], message })
    return undefined
  }
  const coerce = (value: FilterScalar): PlanValue | undefined => {
    const result = coerceValue(value, type, timezone)
    if (typeof result === 'object' && result !== null && 'error' in result)
      return fail(result.error)
    return result
  }
  switch (condition.operator) {
    case 'equals':
    case 'not_equals':
    case 'greater_than':
    case 'greater_or_equal':
    case 'less_than':
    case 'less_or_equal': {
      const operator = COMPARISON[condition.operator] as PredicateOperator
      if (type === 'boolean' && operator !== 'eq' && operator !== 'ne')
        return fail(`${condition.operator} does not apply to yes/no fields`)
      const value = coerce(condition.value)
      return value === undefined ? undefined : Predicate.create(operator, ref, [value])
    }
    case 'between': {
      if (type === 'boolean') return fail('between does not apply to yes/no fields')
      const low = coerce(condition.value[0])
      const high = coerce(condition.value[1])
      return low === undefined || high === undefined
        ? undefined
        : Predicate.create('between', ref, [low, high])
    }
    case 'in':
    case 'not_in': {
      if (condition.value.length > options.limits.maxInListSize) {
        throw new ReportwrightError({
          code: 'LIMIT_EXCEEDED',
          message: `A filter lists ${condition.value.length} values; at most ${options.limits.maxInListSize} are allowed.`,
          details: { limit: 'maxInListSize', max: options.limits.maxInListSize, path },
        })
      }
      const values = condition.value.map(coerce)
      if (values.some((value) => value === undefined)) return undefined
      return Predicate.create(condition.operator, ref, values as PlanValue[])
    }
    case 'contains':
    case 'starts_with':
    case 'ends_with': {
      if (type !== 'string') return fail(`${condition.operator} applies to text fields only`)
      const escaped = condition.value.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)
      const pattern =
        condition.operator === 'contains'
          ? `%${escaped}%`
          : condition.operator === 'starts_with'
            ? `${escaped}%`
            : `%${escaped}`
      return Predicate.create('like', ref, [pattern])
    }
    case 'is_null':
      return Predicate.create('is_null', ref, [])
    case 'is_not_null':
      return Predicate.create('is_not_null', ref, [])
    case 'in_last':
    case 'this':
    case 'previous': {
      if (!TEMPORAL_TYPES.has(type))
        return fail(`${condition.operator} applies to dates and datetimes only`)
      const range = resolveRelativeDateRange(condition, options.now, timezone)
      const bounds: PlanValue[] =
        type === 'date' ? [range.startDate, range.endDate] : [range.start, range.end]
      return Predicate.create('range', ref, bounds)
    }
  }
}

const INTEGER_TEXT = /^-?\d{1,16}$/
const DECIMAL_TEXT = /^-?\d{1,30}(\.\d{1,20})?$/
const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/
const DATETIME_TEXT =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-]\d{2}:?\d{2})?$/

/** Checks a filter value against the column type and converts it to its bound form. */
export function coerceValue(
  value: FilterScalar,
  type: ColumnType,
  timezone: string,
): PlanValue | { error: string } {
  switch (type) {
    case 'string':
      if (typeof value === 'boolean') return { error: 'Expected text' }
      return String(value)
    case 'integer':
      if (typeof value === 'number' && Number.isSafeInteger(value)) return value
      if (
        typeof value === 'string' &&
        INTEGER_TEXT.test(value) &&
        Number.isSafeInteger(Number(value))
      )
        return Number(value)
      return { error: 'Expected a whole number' }
    case 'number':
    case 'currency':
    case 'percent':
      if (typeof value === 'number' && Number.isFinite(value) && Math.abs(value) < 1e15)
        return String(value)
      if (typeof value === 'string' && DECIMAL_TEXT.test(value)) return value
      return { error: 'Expected a number' }
    case 'boolean':
      if (typeof value === 'boolean') return value
      if (value === 'true' || value === 'false') return value === 'true'
      return { error: 'Expected true or false' }
    case 'date': {
      const match = typeof value === 'string' ? DATE_TEXT.exec(value) : null
      if (!match || !validDate(Number(match[1]), Number(match[2]), Number(match[3])))
        return { error: 'Expected a date as YYYY-MM-DD' }
      return value as string
    }
    case 'datetime': {
      if (typeof value !== 'string') return { error: 'Expected a date-time as ISO-8601 text' }
      const dateOnly = DATE_TEXT.exec(value)
      if (dateOnly) {
        const [year, month, day] = [Number(dateOnly[1]), Number(dateOnly[2]), Number(dateOnly[3])]
        if (!validDate(year, month, day)) return { error: 'Expected a valid date' }
        return zonedTimeToUtc({ year, month, day }, timezone)
      }
      const m = DATETIME_TEXT.exec(value)
      if (
        !m ||
        !validDate(Number(m[1]), Number(m[2]), Number(m[3])) ||
        Number(m[4]) > 23 ||
        Number(m[5]) > 59 ||
        Number(m[6] ?? 0) > 59
      )
        return { error: 'Expected a date-time as ISO-8601 text' }
      if (m[8]) {
        const instant = new Date(value.replace(' ', 'T'))
        return Number.isNaN(instant.getTime())
          ? { error: 'Expected a date-time as ISO-8601 text' }
          : instant
      }
      return zonedTimeToUtc(
        {
          year: Number(m[1]),
          month: Number(m[2]),
          day: Number(m[3]),
          hour: Number(m[4]),
          minute: Number(m[5]),
          second: Number(m[6] ?? 0),
          millisecond: Number(((m[7] ?? '') + '000').slice(0, 3)),
        },
        timezone,
      )
    }
  }
}

function validDate(year: number, month: number, day: number): boolean {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate()
}
