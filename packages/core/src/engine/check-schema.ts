import type { Catalog, DatasetDef } from '../catalog/catalog-types'
import { NUMERIC_TYPES, TEMPORAL_TYPES } from '../catalog/column-type'
import type { ColumnType } from '../catalog/column-type'
import { compileReport } from '../compiler/compile-report'
import type { CompiledReport } from '../compiler/compiled-report'
import type { DialectName } from '../compiler/sql-dialect'
import type { RequestContext } from '../context/request-context'
import { ReportwrightError } from '../errors/reportwright-error'
import type { ReportwrightErrorCode, ReportwrightErrorDetails } from '../errors/reportwright-error'
import type { FilterCondition } from '../model/filter'
import { parseReportDefinition } from '../model/report-definition'
import type { ReportDefinition } from '../model/report-definition'
import type { IntrospectedColumn, IntrospectedTable } from '../source/source'
import { errorFields } from './engine-errors'
import type { EngineRuntime } from './engine-runtime'
import { missingSourceError } from './stream-rows'

/** A way the live database no longer matches what the catalog (and so the report) expects. */
export interface DriftProblem {
  readonly problem: 'missing_table' | 'missing_column' | 'type_changed'
  /** Catalog dataset id. */
  readonly dataset: string
  /** Table as the catalog spells it. */
  readonly table: string
  /** Physical column, for column problems. */
  readonly column?: string
  /** Report field paths that use the column. */
  readonly fields?: readonly string[]
  /** The catalog type, for `type_changed`. */
  readonly expected?: ColumnType
  /** The live type (mapped type, else the engine's own type name), for `type_changed`. */
  readonly actual?: string
  /** What broke and what to do, for a person. */
  readonly message: string
}

/** A problem that is not schema drift: a catalog or definition error, or an unreachable source. */
export interface CheckErrorProblem {
  readonly problem: 'error'
  readonly code: ReportwrightErrorCode
  readonly message: string
  readonly details?: ReportwrightErrorDetails
}

/** One problem found by `engine.check()`. */
export type CheckProblem = DriftProblem | CheckErrorProblem

/** What `engine.check()` resolves with: `ok` when there is no problem. */
export interface CheckResult {
  readonly ok: boolean
  readonly problems: readonly CheckProblem[]
}

/** The report to check, who asks and the moment relative dates count from. */
export interface CheckTarget {
  readonly definition: ReportDefinition
  readonly context: RequestContext
  readonly now: Date
}

interface Inspection {
  readonly problems: readonly CheckProblem[]
  /** The ReportwrightErrors behind the `error` problems, in order. */
  readonly errors: readonly ReportwrightError[]
  readonly compiled?: CompiledReport
}

interface ColumnNeed {
  readonly dataset: string
  readonly column: string
  readonly fields: Set<string>
  readonly joins: Set<string>
  tenant: boolean
  expected?: ColumnType
}

/** `engine.check()`: parses untrusted input, then inspects it; never throws for a problem it finds. */
export async function checkDefinition(
  runtime: EngineRuntime,
  input: unknown,
  context: RequestContext,
): Promise<CheckResult> {
  let definition: ReportDefinition
  try {
    definition = parseReportDefinition(input)
  } catch (error) {
    const rw = ReportwrightError.fromUnknown(error, 'INVALID_DEFINITION')
    return { ok: false, problems: [errorProblem(rw)] }
  }
  const { problems } = await inspectDefinition(runtime, {
    definition,
    context,
    now: runtime.clock.now(),
  })
  return { ok: problems.length === 0, problems }
}

/**
 * The run's check step: compiles the definition and, unless `checkSchemaBeforeRun` is off, fails
 * with the first drift (as `INVALID_DEFINITION`) or the first error the inspection found.
 */
export async function compileChecked(
  runtime: EngineRuntime,
  target: CheckTarget,
): Promise<CompiledReport> {
  if (!runtime.checkSchemaBeforeRun) return compileTarget(runtime, target)
  const inspection = await inspectDefinition(runtime, target)
  const drift = inspection.problems.filter(
    (problem): problem is DriftProblem => problem.problem !== 'error',
  )
  if (drift.length > 0) throw driftError(drift)
  const [firstError] = inspection.errors
  if (firstError) throw firstError
  if (!inspection.compiled) throw new ReportwrightError({ code: 'INVALID_DEFINITION' })
  return inspection.compiled
}

/**
 * Compiles the definition and compares every table and column it touches (fields, filters, sort
 * keys, join keys, tenant columns of the base and joined datasets) with the live schema.
 */
export async function inspectDefinition(
  runtime: EngineRuntime,
  target: CheckTarget,
): Promise<Inspection> {
  const problems: CheckProblem[] = []
  const errors: ReportwrightError[] = []
  const addError = (error: unknown, fallback: ReportwrightErrorCode): void => {
    const rw = ReportwrightError.fromUnknown(error, fallback)
    if (
      problems.some((p) => p.problem === 'error' && p.code === rw.code && p.message === rw.message)
    )
      return
    errors.push(rw)
    problems.push(errorProblem(rw))
  }

  let compiled: CompiledReport | undefined
  try {
    compiled = compileTarget(runtime, target)
  } catch (error) {
    addError(error, 'INVALID_DEFINITION')
  }

  const { catalog } = runtime
  const { needs, touched } = columnNeeds(catalog, target, (error) =>
    addError(error, 'UNKNOWN_FIELD'),
  )

  // One introspection per source, for every table the report touches on it.
  const bySource = new Map<string, string[]>()
  for (const dataset of touched) {
    const sourceName = catalog.datasets.get(dataset)?.source
    if (sourceName === undefined) continue
    bySource.set(sourceName, [...(bySource.get(sourceName) ?? []), dataset])
  }
  for (const [sourceName, datasets] of bySource) {
    const source = catalog.sources.get(sourceName)
    if (!source) {
      addError(missingSourceError(sourceName), 'SOURCE_UNAVAILABLE')
      continue
    }
    const tables = [
      ...new Set(datasets.map((id) => (catalog.datasets.get(id) as DatasetDef).table)),
    ]
    let live: readonly IntrospectedTable[]
    try {
      live = await source.introspect({ tables })
    } catch (error) {
      addError(error, 'SOURCE_UNAVAILABLE')
      continue
    }
    for (const dataset of datasets) {
      const def = catalog.datasets.get(dataset) as DatasetDef
      const table = findByName(live, def.table)
      if (!table) {
        problems.push({
          problem: 'missing_table',
          dataset,
          table: def.table,
          message: `Table ${def.table} (dataset '${def.label}') was dropped or renamed; the report cannot run. Restore the table or update the catalog.`,
        })
        continue
      }
      for (const entry of needs) {
        if (entry.dataset !== dataset) continue
        const drift = columnDrift(entry, { def, table, dialect: source.dialect.name })
        if (drift) problems.push(drift)
      }
    }
  }

  return { problems, errors, ...(compiled ? { compiled } : {}) }
}

/** An error as `engine.check()` reports it. */
export function errorProblem(error: ReportwrightError): CheckErrorProblem {
  return { problem: 'error', ...errorFields(error) }
}

function compileTarget(runtime: EngineRuntime, target: CheckTarget): CompiledReport {
  const { definition, context, now } = target
  return compileReport(definition, runtime.catalog, context, { limits: runtime.limits, now })
}

function driftError(drift: readonly DriftProblem[]): ReportwrightError {
  const more =
    drift.length > 1 ? ` (and ${drift.length - 1} more problem${drift.length > 2 ? 's' : ''})` : ''
  return new ReportwrightError({
    code: 'INVALID_DEFINITION',
    message: `The database no longer matches the catalog: ${drift[0]?.message}${more}`,
    details: { drift },
  })
}

/**
 * Every column the report reads (its fields and the join keys that reach them) and the tenant
 * column of every dataset it touches; a field that does not resolve goes to `onError`.
 */
function columnNeeds(
  catalog: Catalog,
  { definition, context }: CheckTarget,
  onError: (error: unknown) => void,
): { readonly needs: readonly ColumnNeed[]; readonly touched: ReadonlySet<string> } {
  const needs = new Map<string, ColumnNeed>()
  const touched = new Set<string>()
  const need = (dataset: string, column: string): ColumnNeed => {
    const key = `${dataset}\u0000${column}`
    let entry = needs.get(key)
    if (!entry) {
      entry = { dataset, column, fields: new Set(), joins: new Set(), tenant: false }
      needs.set(key, entry)
    }
    return entry
  }

  if (catalog.datasets.has(definition.dataset)) touched.add(definition.dataset)
  for (const path of fieldPaths(definition)) {
    try {
      const resolved = catalog.resolveField(definition.dataset, path, context)
      let current = definition.dataset
      for (const joinName of resolved.joins) {
        const join = ownJoin(catalog.datasets.get(current), joinName)
        if (!join) break
        need(current, join.on.from).joins.add(joinName)
        need(join.dataset, join.on.to).joins.add(joinName)
        touched.add(join.dataset)
        current = join.dataset
      }
      const entry = need(resolved.dataset, resolved.column)
      entry.fields.add(path)
      entry.expected = resolved.def.type
    } catch (error) {
      onError(error)
    }
  }
  for (const dataset of touched) {
    const tenantColumn = catalog.datasets.get(dataset)?.tenantColumn
    if (tenantColumn) need(dataset, tenantColumn).tenant = true
  }
  return { needs: [...needs.values()], touched }
}

function columnDrift(
  entry: ColumnNeed,
  {
    def,
    table,
    dialect,
  }: { readonly def: DatasetDef; readonly table: IntrospectedTable; readonly dialect: DialectName },
): DriftProblem | undefined {
  const where = `${def.table}.${entry.column}`
  const fields = [...entry.fields]
  const base = {
    dataset: entry.dataset,
    table: def.table,
    column: entry.column,
    ...(fields.length ? { fields } : {}),
  }
  const live = findByName(table.columns, entry.column)
  if (!live) {
    return {
      problem: 'missing_column',
      ...base,
      message: `Column ${where} was dropped or renamed; ${usersOf(entry)} cannot run. Restore the column or update the catalog.`,
    }
  }
  if (entry.expected !== undefined && !compatibleType(entry.expected, live, dialect)) {
    const actual = live.type ?? live.dataType
    return {
      problem: 'type_changed',
      ...base,
      expected: entry.expected,
      actual,
      message: `Column ${where} is now ${live.dataType}${live.type ? ` (${live.type})` : ''} but the catalog declares ${entry.expected}; ${usersOf(entry)} cannot run. Change the column back or update the catalog.`,
    }
  }
  return undefined
}

function usersOf(entry: ColumnNeed): string {
  const quoted = (names: Iterable<string>): string =>
    [...names].map((name) => `'${name}'`).join(', ')
  const parts: string[] = []
  if (entry.fields.size > 0)
    parts.push(`the report field${entry.fields.size > 1 ? 's' : ''} ${quoted(entry.fields)}`)
  if (entry.joins.size > 0)
    parts.push(`the join${entry.joins.size > 1 ? 's' : ''} ${quoted(entry.joins)}`)
  if (entry.tenant) parts.push(`the tenant filter of dataset '${entry.dataset}'`)
  return parts.join(' and ')
}

/** True when values of the live column still mean what the catalog type promises. */
function compatibleType(
  expected: ColumnType,
  live: IntrospectedColumn,
  dialect: DialectName,
): boolean {
  // Any value can be shown as text.
  if (expected === 'string') return true
  const actual = live.type
  if (actual === undefined) return false
  if (NUMERIC_TYPES.has(expected)) return NUMERIC_TYPES.has(actual)
  // SQLite keeps dates as text.
  if (TEMPORAL_TYPES.has(expected))
    return TEMPORAL_TYPES.has(actual) || (dialect === 'sqlite' && actual === 'string')
  return actual === 'boolean' || actual === 'integer'
}

function findByName<TItem extends { readonly name: string }>(
  items: readonly TItem[],
  name: string,
): TItem | undefined {
  return (
    items.find((item) => item.name === name) ??
    items.find((item) => item.name.toLowerCase() === name.toLowerCase())
  )
}

function ownJoin(dataset: DatasetDef | undefined, name: string) {
  return dataset?.joins && Object.hasOwn(dataset.joins, name) ? dataset.joins[name] : undefined
}

function fieldPaths(definition: ReportDefinition): string[] {
  const conditions: FilterCondition[] = definition.filters.flatMap((node) =>
    'anyOf' in node ? node.anyOf : [node],
  )
  return [
    ...new Set([
      ...definition.fields.map((field) => field.field),
      ...conditions.map((condition) => condition.field),
      ...definition.sort.map((sort) => sort.field),
    ]),
  ]
}
