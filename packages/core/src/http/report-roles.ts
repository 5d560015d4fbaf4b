import type { RequestContext } from '../context/request-context'
import { ReportwrightError } from '../errors/reportwright-error'
import type { StoredReport } from '../ports/storage-adapter'
import { REPORT_ROLES } from './api-schemas'
import type { ReportRole } from './api-schemas'

const MANAGING_ROLES: ReadonlySet<ReportRole> = new Set(['owner', 'admin', 'manager'])

/** The strongest known role in `context.roles`, else `fallback`. */
export function effectiveRole(context: RequestContext, fallback: ReportRole): ReportRole {
  return REPORT_ROLES.find((role) => context.roles.includes(role)) ?? fallback
}

/** Every role but `readonly` may save new reports. */
export function canCreateReports(role: ReportRole): boolean {
  return role !== 'readonly'
}

/** `manager`, `admin` and `owner` manage every report of their tenant. */
export function canManageAllReports(role: ReportRole): boolean {
  return MANAGING_ROLES.has(role)
}

/** Authors change (edit, delete, run) their own reports; managers any report in their tenant. */
export function assertCanChange(
  role: ReportRole,
  context: RequestContext,
  report: StoredReport,
  action: string,
): void {
  if (role === 'readonly')
    throw new ReportwrightError({
      code: 'FORBIDDEN',
      message: `Read-only users cannot ${action} reports.`,
      details: { role },
    })
  if (report.ownerId === context.userId || canManageAllReports(role)) return
  throw new ReportwrightError({
    code: 'FORBIDDEN',
    message: `Only the report's author or a manager can ${action} report "${report.id}".`,
    details: { role },
  })
}

/** Throws unless the role may save new reports. */
export function assertCanCreate(role: ReportRole): void {
  if (!canCreateReports(role))
    throw new ReportwrightError({
      code: 'FORBIDDEN',
      message: 'Read-only users cannot create reports.',
      details: { role },
    })
}
