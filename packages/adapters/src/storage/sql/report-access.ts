import { ReportwrightError } from '@reportwright/core'
import type { RequestContext } from '@reportwright/core'

/** Roles that may edit and delete any report in their tenant, not only their own. */
export const REPORT_EDITOR_ROLES = ['manager', 'admin', 'owner'] as const

/** True when the context holds one of {@link REPORT_EDITOR_ROLES}. */
export function isReportEditor(ctx: RequestContext): boolean {
  return ctx.roles.some((role) => (REPORT_EDITOR_ROLES as readonly string[]).includes(role))
}

/** Throws FORBIDDEN for a `readonly` context (an editor role wins over `readonly`). */
export function assertMayWrite(ctx: RequestContext, action: string): void {
  if (ctx.roles.includes('readonly') && !isReportEditor(ctx)) {
    throw new ReportwrightError({
      code: 'FORBIDDEN',
      message: `User "${ctx.userId}" has the readonly role and may not ${action}.`,
    })
  }
}

/** Throws FORBIDDEN unless the context authored the report or is an editor. */
export function assertMayEdit(
  ctx: RequestContext,
  report: { readonly id: string; readonly ownerId: string },
  action: 'edit' | 'delete',
): void {
  assertMayWrite(ctx, `${action} reports`)
  if (report.ownerId !== ctx.userId && !isReportEditor(ctx)) {
    throw new ReportwrightError({
      code: 'FORBIDDEN',
      message: `Only the author of report "${report.id}" or a manager, admin or owner may ${action} it.`,
    })
  }
}
