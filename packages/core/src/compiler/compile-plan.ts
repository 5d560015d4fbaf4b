import { DummyDriver, Kysely, SqliteIntrospector, sql } from 'kysely'
import type { Expression, RawBuilder, SelectQueryBuilder } from 'kysely'
import type { ColumnType } from '../catalog/column-type'
import { ReportwrightError } from '../errors/reportwright-error'
import type {
  AnyOfNode,
  BucketNode,
  ColumnRefNode,
  PlanExpr,
  PlanValue,
  PredicateNode,
  ReportPlan,
  SortKeyNode,
} from '../plan/plan-node'
import type { CompiledQuery, CompiledReport, PlanPart } from './compiled-report'
import type { SqlDialect } from './sql-dialect'

// kysely compiles only: no driver ever runs through it, sources stream with their own drivers.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- schema-less builder for catalog-driven identifiers
type AnyDb = Kysely<any>
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnySelect = SelectQueryBuilder<any, any, any>

const builders = new WeakMap<SqlDialect, AnyDb>()

function builderFor(dialect: SqlDialect): AnyDb {
  let db = builders.get(dialect)
  if (!db) {
    db = new Kysely({
      dialect: {
        createAdapter: () => dialect.createAdapter(),
        createDriver: () => new DummyDriver(),
        createIntrospector: (kysely) => new SqliteIntrospector(kysely),
        createQueryCompiler: () => dialect.createQueryCompiler(),
      },
    })
    builders.set(dialect, db)
  }
  return db
}

/** The plan a compiled query evaluates and which part of it; undefined for hand-written SQL. */
export function planOfQuery(
  query: CompiledQuery,
): { readonly plan: ReportPlan; readonly part: PlanPart } | undefined {
  return query.plan ? { plan: query.plan, part: query.part ?? 'rows' } : undefined
}

const LEVEL_ALIAS = 'rw_level'
const ROLLUP_ALIAS = 'r'

/** Compiles a plan for one dialect: parameterised SQL, the output columns and the totals query. */
export function compilePlan(plan: ReportPlan, dialect: SqlDialect, source: string): CompiledReport {
  const db = builderFor(dialect)
  const compiler = new PlanCompiler(plan, dialect)
  const main = plan.subtotals ? compiler.subtotalQuery(db) : compiler.detailQuery(db)
  const compiled = main.compile()
  const totals = plan.totals ? compiler.totalsQuery(db).compile() : undefined
  for (const query of [compiled, totals]) {
    if (query && query.parameters.length > dialect.maxBindParameters) {
      throw new ReportwrightError({
        code: 'LIMIT_EXCEEDED',
        message: `The report needs ${query.parameters.length} bound values; ${dialect.name} takes at most ${dialect.maxBindParameters}.`,
        details: { limit: 'maxBindParameters', max: dialect.maxBindParameters },
      })
    }
  }
  const parameters = Object.freeze([...compiled.parameters])
  let totalsQuery: CompiledQuery | undefined
  if (totals) {
    totalsQuery = Object.freeze({
      sql: totals.sql,
      parameters: Object.freeze([...totals.parameters]),
      plan,
      part: 'totals',
    } satisfies CompiledQuery)
  }
  return Object.freeze({
    sql: compiled.sql,
    parameters,
    plan,
    part: 'rows',
    dialect: dialect.name,
    source,
    columns: Object.freeze(plan.select.map((selection) => selection.column)),
    hasLevelColumn: plan.subtotals,
    ...(totalsQuery ? { totals: totalsQuery } : {}),
  })
}

/** What {@link compileCsvCopy} produces: COPY text and the values it reads from settings. */
export interface CompiledCsvCopy {
  /** `COPY (…) TO STDOUT WITH (FORMAT csv, …)`; no value of the report appears in it. */
  readonly sql: string
  /** Value of the transaction-local setting `rw.p<n>` (1-based), in order. */
  readonly settings: readonly string[]
}

/** PostgreSQL type a setting is cast back to, by the column type it is compared with. */
const SETTING_TYPES: Readonly<Record<ColumnType, string>> = {
  string: 'text',
  integer: 'bigint',
  number: 'numeric',
  currency: 'numeric',
  percent: 'numeric',
  date: 'date',
  datetime: 'timestamptz',
  boolean: 'boolean',
}

/**
 * Compiles a PostgreSQL plan without subtotals to `COPY (…) TO STDOUT` whose CSV is the text
 * `csvRenderer` writes for the same rows. COPY takes no bind parameters, so every value becomes
 * `current_setting('rw.pN')::<type>`; the caller sets them with bound `set_config(…, true)` in
 * the same transaction (and `TimeZone` to UTC, which the datetime text assumes).
 */
export function compileCsvCopy(
  plan: ReportPlan,
  dialect: SqlDialect,
  options: { readonly neutralizeFormulas: boolean; readonly delimiter: string },
): CompiledCsvCopy {
  if (plan.subtotals) throw new Error('compileCsvCopy: reports with subtotals cannot be copied')
  if (!isCopyDelimiter(options.delimiter))
    throw new Error('compileCsvCopy: the delimiter must be one ASCII character, not a quote')
  const settings: string[] = []
  const db = builderFor(dialect)
  const compiler = new PlanCompiler(plan, dialect, settings)
  const inner = compiler.detailQuery(db)
  const outer = db
    .selectFrom(inner.as('q'))
    .select(
      plan.select.map((selection, i) =>
        csvText(sql.ref(`q.c${i}`), selection.column.type, options.neutralizeFormulas).as(`c${i}`),
      ),
    )
    .compile()
  if (outer.parameters.length > 0) throw new Error('compileCsvCopy: a value was left bound')
  return Object.freeze({
    sql: `COPY (${outer.sql}) TO STDOUT WITH (FORMAT csv, DELIMITER '${options.delimiter}')`,
    settings: Object.freeze(settings),
  })
}

/** Whether COPY can write `delimiter` as csvRenderer does: one byte that needs no escaping. */
export function isCopyDelimiter(delimiter: string): boolean {
  return delimiter.length === 1 && delimiter.charCodeAt(0) < 128 && !'"\'\\\r\n'.includes(delimiter)
}

/** The text csvRenderer writes for a value of `type`; NULL stays NULL (an empty field). */
function csvText(
  value: RawBuilder<unknown>,
  type: ColumnType,
  neutralizeFormulas: boolean,
): RawBuilder<unknown> {
  switch (type) {
    case 'string': {
      const text = sql`(${value})::text`
      // csvRenderer's rule: a leading = + - @ tab or CR gets a '. An empty string becomes
      // NULL because COPY would quote it ("") where csvRenderer writes nothing.
      // Codes of tab, CR, + - = @ (an integer test is cheaper than a regex per cell).
      const guarded = neutralizeFormulas
        ? sql`case when ascii(${text}) in (9, 13, 43, 45, 61, 64) then '''' || ${text} else ${text} end`
        : text
      return sql`nullif(${guarded}, '')`
    }
    case 'integer':
    case 'number':
    case 'currency':
    case 'percent':
      return sql`trim_scale((${value})::numeric)`
    case 'date':
      return sql`to_char((${value})::date, 'YYYY-MM-DD')`
    case 'datetime':
      return sql`to_char((${value})::timestamptz at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
    case 'boolean':
      return sql`case when (${value})::boolean then 'true' when not (${value})::boolean then 'false' end`
  }
}

class PlanCompiler {
  readonly #plan: ReportPlan
  readonly #dialect: SqlDialect
  /** When set, values are collected here and read back with `current_setting` (COPY). */
  readonly #settings: string[] | undefined

  constructor(plan: ReportPlan, dialect: SqlDialect, settings?: string[]) {
    this.#plan = plan
    this.#dialect = dialect
    this.#settings = settings
  }

  /** The report without subtotals. */
  detailQuery(db: AnyDb): AnySelect {
    const plan = this.#plan
    let query = this.#from(db).select(
      plan.select.map((selection, i) => this.#expr(selection.expr).as(`c${i}`)),
    )
    if (plan.groupBy.length > 0) query = query.groupBy(this.#groupKeys(plan.groupBy.length))
    const selected = (index: number): RawBuilder<unknown> =>
      this.#dialect.supportsNullsOrdering ? sql.ref(`c${index}`) : this.#selectionExpr(index)
    for (const key of plan.orderBy)
      query = query.orderBy(this.#orderTerm(key, selected, key.direction))
    return plan.limit === undefined ? query : query.limit(sql.lit(plan.limit))
  }

  /**
   * The report with a subtotal row per prefix of the group keys, computed by the database:
   * GROUPING SETS where the engine has GROUPING(), one UNION ALL branch per level otherwise.
   */
  subtotalQuery(db: AnyDb): AnySelect {
    const plan = this.#plan
    const keyCount = plan.groupBy.length
    let inner: AnySelect
    if (this.#dialect.subtotals === 'grouping-sets') {
      const keys = plan.groupBy.map((index) => this.#selectionExpr(index))
      const sets = Array.from(
        { length: keyCount },
        (_, n) => sql`(${sql.join(keys.slice(0, keyCount - n))})`,
      )
      const grouping = sql`grouping(${sql.join(keys)})`
      // GROUPING() sets a bit per rolled-up key, last key lowest: keeping n keys ⇒ 2^(k-n) - 1.
      const cases = Array.from({ length: keyCount - 1 }, (_, i) => {
        const kept = keyCount - 1 - i
        return sql`when ${sql.lit(2 ** (keyCount - kept) - 1)} then ${sql.lit(kept)}`
      })
      inner = this.#from(db)
        .select([
          ...plan.select.map((selection, i) => this.#expr(selection.expr).as(`c${i}`)),
          sql`case ${grouping} when 0 then 0 ${sql.join(cases, sql` `)} end`.as(LEVEL_ALIAS),
        ])
        .groupBy(sql`grouping sets (${sql.join(sets)})`)
    } else {
      const branch = (kept: number): AnySelect => {
        const keptKeys = new Set(plan.groupBy.slice(0, kept))
        return this.#from(db)
          .select([
            ...plan.select.map((selection, i) => {
              const isRolledKey = selection.column.groupBy && !keptKeys.has(i)
              return (isRolledKey ? sql`null` : this.#expr(selection.expr)).as(`c${i}`)
            }),
            sql.lit(kept === keyCount ? 0 : kept).as(LEVEL_ALIAS),
          ])
          .groupBy(this.#groupKeys(kept))
      }
      inner = branch(keyCount)
      for (let kept = keyCount - 1; kept >= 1; kept--) inner = inner.unionAll(branch(kept))
    }
    let query = db.selectFrom(inner.as(ROLLUP_ALIAS)).selectAll()
    const col = (index: number): RawBuilder<unknown> => sql.ref(`${ROLLUP_ALIAS}.c${index}`)
    const level = sql.ref(`${ROLLUP_ALIAS}.${LEVEL_ALIAS}`)
    const sortedSelections = new Set<number>()
    plan.groupBy.forEach((selectionIndex, position) => {
      const requested = plan.orderBy.find(
        (key) => 'selection' in key.target && key.target.selection === selectionIndex,
      )
      // A subtotal row sorts after the detail rows of its group (the first key is never rolled up).
      if (position > 0)
        query = query.orderBy(
          sql`(case when ${level} <> 0 and ${level} < ${sql.lit(position + 1)} then 1 else 0 end)`,
        )
      query = this.#appendSort(query, col(selectionIndex), requested?.direction ?? 'asc')
      sortedSelections.add(selectionIndex)
    })
    for (const key of plan.orderBy) {
      if ('selection' in key.target && sortedSelections.has(key.target.selection)) continue
      query = query.orderBy(this.#orderTerm(key, col, key.direction))
    }
    return plan.limit === undefined ? query : query.limit(sql.lit(plan.limit))
  }

  /** One row: every aggregate over all filtered rows (numeric columns summed for detail reports). */
  totalsQuery(db: AnyDb): AnySelect {
    const plan = this.#plan
    return this.#from(db).select(
      plan.select.map((selection, i) => {
        if (plan.aggregated)
          return (selection.column.groupBy ? sql`null` : this.#expr(selection.expr)).as(`c${i}`)
        const summable: readonly ColumnType[] = ['integer', 'number', 'currency']
        const expr = selection.expr
        return (
          expr.kind === 'ColumnRef' && summable.includes(expr.type)
            ? sql`sum(${this.#ref(expr)})`
            : sql`null`
        ).as(`c${i}`)
      }),
    )
  }

  #from(db: AnyDb): AnySelect {
    const plan = this.#plan
    let query: AnySelect = db.selectFrom(sql.table(plan.table).as('t0'))
    for (const join of plan.joins) {
      query = query.leftJoin(sql.table(join.table).as(join.alias), (on) => {
        const conditions = [sql<boolean>`${this.#ref(join.from)} = ${this.#ref(join.to)}`]
        if (join.tenant) conditions.push(this.#predicate(join.tenant))
        return on.on(sql<boolean>`${sql.join(conditions, sql` and `)}`)
      })
    }
    if (plan.where.length > 0)
      query = query.where(
        sql<boolean>`${sql.join(
          plan.where.map((node) => this.#condition(node)),
          sql` and `,
        )}`,
      )
    return query
  }

  #groupKeys(count: number): RawBuilder<unknown>[] {
    return this.#plan.groupBy.slice(0, count).map((index) => this.#selectionExpr(index))
  }

  #selectionExpr(selectionIndex: number): RawBuilder<unknown> {
    const selection = this.#plan.select[selectionIndex]
    if (!selection) throw new Error(`no selection ${selectionIndex}`)
    return this.#expr(selection.expr)
  }

  #orderTerm(
    key: SortKeyNode,
    selected: (index: number) => RawBuilder<unknown>,
    direction: 'asc' | 'desc',
  ): RawBuilder<unknown> {
    const expr =
      'selection' in key.target ? selected(key.target.selection) : this.#expr(key.target.expr)
    return this.#nullsLast(expr, direction)
  }

  #appendSort(query: AnySelect, expr: RawBuilder<unknown>, direction: 'asc' | 'desc'): AnySelect {
    return query.orderBy(this.#nullsLast(expr, direction))
  }

  // Empty values sort last ascending and first descending on every engine (PostgreSQL's default).
  #nullsLast(expr: RawBuilder<unknown>, direction: 'asc' | 'desc'): RawBuilder<unknown> {
    const dir = sql.raw(direction)
    if (this.#dialect.supportsNullsOrdering)
      return sql`${expr} ${dir} nulls ${sql.raw(direction === 'asc' ? 'last' : 'first')}`
    return sql`(case when ${expr} is null then 1 else 0 end) ${dir}, ${expr} ${dir}`
  }

  #ref(node: ColumnRefNode): RawBuilder<unknown> {
    return sql.ref(`${node.tableAlias}.${node.column}`)
  }

  #expr(node: PlanExpr): RawBuilder<unknown> {
    switch (node.kind) {
      case 'ColumnRef':
        return this.#ref(node)
      case 'Bucket':
        return this.#bucket(node)
      case 'Aggregate': {
        const arg = node.arg.kind === 'Bucket' ? this.#bucket(node.arg) : this.#ref(node.arg)
        switch (node.aggregation) {
          case 'sum':
            return sql`sum(${arg})`
          case 'avg':
            return this.#dialect.average(arg)
          case 'min':
            return sql`min(${arg})`
          case 'max':
            return sql`max(${arg})`
          case 'count':
            return sql`count(${arg})`
          case 'count_distinct':
            return sql`count(distinct ${arg})`
        }
      }
    }
  }

  #bucket(node: BucketNode): RawBuilder<unknown> {
    return this.#dialect.dateBucket(this.#ref(node.ref), {
      bucket: node.bucket,
      timezone: node.timezone,
      type: node.ref.type === 'date' ? 'date' : 'datetime',
    })
  }

  #condition(node: PredicateNode | AnyOfNode): RawBuilder<boolean> {
    if (node.kind === 'AnyOf')
      return sql<boolean>`(${sql.join(
        node.predicates.map((p) => this.#predicate(p)),
        sql` or `,
      )})`
    return this.#predicate(node)
  }

  #predicate(node: PredicateNode): RawBuilder<boolean> {
    const type = node.left.kind === 'Bucket' ? 'date' : node.left.type
    const isDatetime = type === 'datetime' && node.left.kind === 'ColumnRef'
    let left: Expression<unknown> =
      node.left.kind === 'Bucket' ? this.#bucket(node.left) : this.#ref(node.left)
    const dialect = this.#dialect
    if (isDatetime && dialect.comparableDatetime) left = dialect.comparableDatetime(left)
    const settings = this.#settings
    const param = (value: PlanValue): RawBuilder<unknown> => {
      if (settings) {
        const text =
          value instanceof Date
            ? dialect.datetimeParameter(value)
            : dialect.toParameter(value, type)
        settings.push(String(text))
        // A LIKE pattern is text whatever the column; the name is ours, the value stays bound.
        const cast = node.operator === 'like' ? 'text' : SETTING_TYPES[type]
        return sql.raw(`current_setting('rw.p${settings.length}')::${cast}`)
      }
      const bound =
        value instanceof Date ? dialect.datetimeParameter(value) : dialect.toParameter(value, type)
      return isDatetime && dialect.comparableDatetimeParameter
        ? dialect.comparableDatetimeParameter(bound)
        : sql`${bound}`
    }
    const [first, second] = node.values
    switch (node.operator) {
      case 'eq':
        return sql<boolean>`${left} = ${param(first as PlanValue)}`
      case 'eq_exact':
        return dialect.exactEquals
          ? dialect.exactEquals(left, param(first as PlanValue))
          : sql<boolean>`${left} = ${param(first as PlanValue)}`
      case 'ne':
        return sql<boolean>`${left} <> ${param(first as PlanValue)}`
      case 'gt':
        return sql<boolean>`${left} > ${param(first as PlanValue)}`
      case 'ge':
        return sql<boolean>`${left} >= ${param(first as PlanValue)}`
      case 'lt':
        return sql<boolean>`${left} < ${param(first as PlanValue)}`
      case 'le':
        return sql<boolean>`${left} <= ${param(first as PlanValue)}`
      case 'between':
        return sql<boolean>`${left} between ${param(first as PlanValue)} and ${param(second as PlanValue)}`
      case 'range':
        return sql<boolean>`(${left} >= ${param(first as PlanValue)} and ${left} < ${param(second as PlanValue)})`
      case 'in':
        return sql<boolean>`${left} in (${sql.join(node.values.map(param))})`
      case 'not_in':
        return sql<boolean>`${left} not in (${sql.join(node.values.map(param))})`
      case 'like':
        return sql<boolean>`lower(${left}) like ${param(first as PlanValue)} escape '!'`
      case 'is_null':
        return sql<boolean>`${left} is null`
      case 'is_not_null':
        return sql<boolean>`${left} is not null`
    }
  }
}
