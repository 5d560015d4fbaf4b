import type { DeliverySpec, OutputFormat, RequestContext } from '@reportwright/core'
import { toNumber } from './sql-engine'
import type { SqlRuntime } from './sql-runtime'
import { parseJson, tenantIs } from './sql-runtime'

/** A report's delivery settings as stored beside it (kept in step with its definition). */
export interface SqlDeliverySettings {
  /** The settings of one report in the context's tenant; `undefined` when it has none. */
  get(ctx: RequestContext, reportId: string): Promise<DeliverySpec | undefined>
}

/** Reads the `delivery_settings` table. */
export function sqlDeliverySettings(runtime: SqlRuntime): SqlDeliverySettings {
  return {
    async get(ctx, reportId) {
      const row = (await runtime.db
        .selectFrom(runtime.table('delivery_settings'))
        .selectAll()
        .where('report_id', '=', reportId)
        .where(tenantIs(ctx))
        .executeTakeFirst()) as
        | {
            enabled: unknown
            recipients: string
            subject: string
            body: string
            attach_format: OutputFormat | null
          }
        | undefined
      if (!row) return undefined
      return {
        enabled: toNumber(row.enabled) === 1,
        recipients: parseJson<DeliverySpec['recipients']>(row.recipients) ?? [],
        subject: row.subject,
        body: row.body,
        ...(row.attach_format ? { attachFormat: row.attach_format } : {}),
      }
    },
  }
}
