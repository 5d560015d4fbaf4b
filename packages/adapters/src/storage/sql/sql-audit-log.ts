import type { Page, PageRequest, RequestContext } from '@reportwright/core'
import type { LooseDb } from './sql-engine'
import { toDate, toNumber } from './sql-engine'
import type { SqlRuntime } from './sql-runtime'
import { pageBounds, parseJson, tenantIs, tenantValue, toPage } from './sql-runtime'

/** What the audit log records. */
export const AUDIT_ACTIONS = [
  'report.create',
  'report.update',
  'report.delete',
  'run.start',
  'run.finish',
  'credential.set',
  'credential.delete',
  'credential.use',
] as const
/** One of {@link AUDIT_ACTIONS}. */
export type AuditAction = (typeof AUDIT_ACTIONS)[number]

/** Who did what to which report, when. */
export interface AuditEntry {
  readonly id: string
  readonly tenantId?: string
  readonly actorId: string
  readonly action: AuditAction
  readonly reportId?: string
  readonly at: Date
  readonly details?: Readonly<Record<string, unknown>>
}

/** The audit log of {@link sqlStorage}: written by the storage, read per tenant. */
export interface SqlAuditLog {
  /** The context's tenant entries, newest first; `reportId` narrows to one report. */
  list(
    ctx: RequestContext,
    options?: PageRequest & { readonly reportId?: string },
  ): Promise<Page<AuditEntry>>
  /** Appends an entry inside the caller's transaction. */
  record(
    conn: LooseDb,
    ctx: RequestContext,
    entry: {
      readonly action: AuditAction
      readonly reportId?: string
      readonly details?: Record<string, unknown>
    },
  ): Promise<void>
}

/** Creates the audit log over the `audit_log` table. */
export function sqlAuditLog(runtime: SqlRuntime): SqlAuditLog {
  const { table } = runtime
  return {
    async list(ctx, options) {
      const { limit, before } = pageBounds(options)
      let query = runtime.db
        .selectFrom(table('audit_log'))
        .selectAll()
        .where(tenantIs(ctx))
        .orderBy('seq', 'desc')
        .limit(limit + 1)
      if (before !== undefined) query = query.where('seq', '<', before)
      if (options?.reportId !== undefined) query = query.where('report_id', '=', options.reportId)
      const rows = (await query.execute()) as {
        seq: unknown
        tenant_id: string | null
        actor_id: string
        action: AuditAction
        report_id: string | null
        at: unknown
        details: string | null
      }[]
      return toPage(rows, limit, (row) => {
        const details = parseJson<Record<string, unknown>>(row.details)
        return {
          id: String(toNumber(row.seq)),
          ...(row.tenant_id !== null ? { tenantId: row.tenant_id } : {}),
          actorId: row.actor_id,
          action: row.action,
          ...(row.report_id !== null ? { reportId: row.report_id } : {}),
          at: toDate(row.at) ?? new Date(0),
          ...(details ? { details } : {}),
        }
      })
    },
    async record(conn, ctx, entry) {
      await conn
        .insertInto(table('audit_log'))
        .values({
          tenant_id: tenantValue(ctx),
          actor_id: ctx.userId,
          action: entry.action,
          report_id: entry.reportId ?? null,
          at: runtime.now().getTime(),
          details: entry.details ? JSON.stringify(entry.details) : null,
        })
        .execute()
    },
  }
}
