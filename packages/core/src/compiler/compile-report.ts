import type { Catalog } from '../catalog/catalog-types'
import type { RequestContext } from '../context/request-context'
import type { EngineLimits } from '../engine/limits'
import { resolveLimits } from '../engine/limits'
import { ReportwrightError } from '../errors/reportwright-error'
import { parseReportDefinition } from '../model/report-definition'
import type { ReportDefinition } from '../model/report-definition'
import { planReport } from '../plan/plan-report'
import { compilePlan } from './compile-plan'
import type { CompiledReport } from './compiled-report'

/** Options of {@link compileReport}. */
export interface CompileReportOptions {
  /** Defaults to the engine defaults (`DEFAULT_LIMITS`). */
  readonly limits?: EngineLimits
  /** "Now" for relative date filters. Defaults to the current time. */
  readonly now?: Date
  /** Pushes a LIMIT into SQL for previews (never above the definition's own limit). */
  readonly previewLimit?: number
}

/**
 * Compiles a report definition to parameterised SQL for the dataset's source. The definition
 * is validated again (it may come straight from an end user), every identifier comes from the
 * catalog, every value is bound, and tenant predicates are added for every scoped dataset.
 *
 * When the definition has no `limit`, the SQL asks for `limits.maxRows + 1` rows so callers can
 * tell that a run would exceed the limit.
 *
 * @throws ReportwrightError `INVALID_DEFINITION`, `UNKNOWN_FIELD`, `FORBIDDEN_FIELD`,
 * `TENANT_REQUIRED`, `LIMIT_EXCEEDED` or `SOURCE_UNAVAILABLE` (no such source in the catalog).
 */
export function compileReport(
  definition: ReportDefinition | unknown,
  catalog: Catalog,
  context: RequestContext,
  options: CompileReportOptions = {},
): CompiledReport {
  const parsed = parseReportDefinition(definition)
  const limits = resolveLimits(options.limits)
  const plan = planReport(parsed, catalog, context, {
    limits,
    now: options.now ?? new Date(),
    ...(options.previewLimit !== undefined ? { previewLimit: options.previewLimit } : {}),
  })
  const source = catalog.sources.get(plan.source)
  if (!source) {
    throw new ReportwrightError({
      code: 'SOURCE_UNAVAILABLE',
      message: `The catalog has no source "${plan.source}".`,
    })
  }
  return compilePlan(plan, source.dialect, plan.source)
}
