import { ReportwrightError } from '@reportwright/core'
import type { RunDelivery, RunFile, RunRecord, RunRepository } from '@reportwright/core'
import { deliveryOutcome } from '../../_shared/delivery-outcome'
import type { DeliveryOutcome } from '../../_shared/delivery-outcome'
import type { SqlAuditLog } from './sql-audit-log'
import { toDate, toNumber } from './sql-engine'
import type { SqlRuntime } from './sql-runtime'
import { pageBounds, parseJson, tenantIs, tenantValue, toPage } from './sql-runtime'

/** A run as {@link sqlStorage} records it: the port's record plus attempt and bytes. */
export interface SqlRunRecord extends RunRecord {
  /** 1 for the first run of a scheduled occurrence, 2 for its first retry, and so on. */
  readonly attempt: number
  /** Size of the produced file. */
  readonly bytes?: number
  /** How the deliveries went as a whole, once the run finished. */
  readonly deliveryStatus?: DeliveryOutcome
}

/** A {@link RunRepository} whose records carry {@link SqlRunRecord} fields. */
export interface SqlRunRepository extends RunRepository {
  start(...args: Parameters<RunRepository['start']>): Promise<SqlRunRecord>
  finish(...args: Parameters<RunRepository['finish']>): Promise<SqlRunRecord>
  get(...args: Parameters<RunRepository['get']>): Promise<SqlRunRecord | undefined>
}

interface RunRow {
  readonly seq: unknown
  readonly id: string
  readonly tenant_id: string | null
  readonly user_id: string
  readonly report_id: string | null
  readonly report_name: string
  readonly format: RunRecord['format']
  readonly run_trigger: RunRecord['trigger']
  readonly scheduled_for: unknown
  readonly status: RunRecord['status']
  readonly started_at: unknown
  readonly finished_at: unknown
  readonly row_count: unknown
  readonly bytes: unknown
  readonly file: string | null
  readonly deliveries: string
  readonly delivery_status: DeliveryOutcome | null
  readonly error: string | null
  readonly attempt: unknown
}

/** Run history; `finish` is one conditional UPDATE, so a run ends exactly once. */
export function sqlRunRepository(runtime: SqlRuntime, audit: SqlAuditLog): SqlRunRepository {
  const { db, table } = runtime
  const find = async (ctx: Parameters<RunRepository['get']>[0], id: string) =>
    (await db
      .selectFrom(table('runs'))
      .selectAll()
      .where('id', '=', id)
      .where(tenantIs(ctx))
      .executeTakeFirst()) as RunRow | undefined

  return {
    async start(ctx, run) {
      const id = runtime.newId()
      let attempt = 1
      if (run.reportId !== undefined && run.scheduledFor) {
        const previous = await db
          .selectFrom(table('runs'))
          .select((eb) => eb.fn.countAll().as('count'))
          .where('report_id', '=', run.reportId)
          .where('scheduled_for', '=', run.scheduledFor.getTime())
          .where(tenantIs(ctx))
          .executeTakeFirst()
        attempt = toNumber((previous as { count: unknown } | undefined)?.count ?? 0) + 1
      }
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto(table('runs'))
          .values({
            id,
            tenant_id: tenantValue(ctx),
            user_id: ctx.userId,
            report_id: run.reportId ?? null,
            report_name: run.reportName,
            format: run.format,
            run_trigger: run.trigger,
            scheduled_for: run.scheduledFor ? run.scheduledFor.getTime() : null,
            status: 'running',
            started_at: runtime.now().getTime(),
            finished_at: null,
            row_count: 0,
            bytes: null,
            file: null,
            deliveries: '[]',
            delivery_status: null,
            error: null,
            attempt,
          })
          .execute()
        await audit.record(trx, ctx, {
          action: 'run.start',
          ...(run.reportId !== undefined ? { reportId: run.reportId } : {}),
          details: { runId: id, trigger: run.trigger, attempt },
        })
      })
      const row = await find(ctx, id)
      if (!row) throw new ReportwrightError({ code: 'NOT_FOUND', message: `No run "${id}".` })
      return toRun(row)
    },

    async finish(ctx, id, outcome) {
      const existing = await find(ctx, id)
      if (!existing) throw new ReportwrightError({ code: 'NOT_FOUND', message: `No run "${id}".` })
      const updated = await db.transaction().execute(async (trx) => {
        const result = await trx
          .updateTable(table('runs'))
          .set({
            status: outcome.status,
            finished_at: runtime.now().getTime(),
            row_count: outcome.rowCount,
            bytes: outcome.file ? outcome.file.size : null,
            file: outcome.file ? JSON.stringify(outcome.file) : null,
            deliveries: JSON.stringify(outcome.deliveries ?? []),
            delivery_status: deliveryOutcome(outcome.deliveries ?? []),
            error: outcome.error
              ? JSON.stringify({ code: outcome.error.code, message: outcome.error.message })
              : null,
          })
          .where('id', '=', id)
          .where(tenantIs(ctx))
          .where('status', '=', 'running')
          .executeTakeFirst()
        if (Number(result.numUpdatedRows) !== 1) return false
        await audit.record(trx, ctx, {
          action: 'run.finish',
          ...(existing.report_id !== null ? { reportId: existing.report_id } : {}),
          details: { runId: id, status: outcome.status, rowCount: outcome.rowCount },
        })
        return true
      })
      const row = await find(ctx, id)
      if (!row) throw new ReportwrightError({ code: 'NOT_FOUND', message: `No run "${id}".` })
      if (!updated) {
        throw new ReportwrightError({
          code: 'FORBIDDEN',
          message: `Run "${id}" already finished as ${row.status}; a run is finished exactly once.`,
          details: { status: row.status },
        })
      }
      return toRun(row)
    },

    async get(ctx, id) {
      const row = await find(ctx, id)
      return row ? toRun(row) : undefined
    },

    async listByReport(ctx, reportId, page) {
      const { limit, before } = pageBounds(page)
      let query = db
        .selectFrom(table('runs'))
        .selectAll()
        .where('report_id', '=', reportId)
        .where(tenantIs(ctx))
        .orderBy('seq', 'desc')
        .limit(limit + 1)
      if (before !== undefined) query = query.where('seq', '<', before)
      return toPage((await query.execute()) as RunRow[], limit, toRun)
    },
  }
}

function toRun(row: RunRow): SqlRunRecord {
  const file = parseJson<RunFile>(row.file)
  const error = parseJson<{ code: string; message: string }>(row.error)
  const scheduledFor = toDate(row.scheduled_for)
  const finishedAt = toDate(row.finished_at)
  return {
    id: row.id,
    ...(row.tenant_id !== null ? { tenantId: row.tenant_id } : {}),
    userId: row.user_id,
    ...(row.report_id !== null ? { reportId: row.report_id } : {}),
    reportName: row.report_name,
    format: row.format,
    trigger: row.run_trigger,
    ...(scheduledFor ? { scheduledFor } : {}),
    status: row.status,
    startedAt: toDate(row.started_at) ?? new Date(0),
    ...(finishedAt ? { finishedAt } : {}),
    rowCount: toNumber(row.row_count),
    ...(file ? { file } : {}),
    deliveries: parseJson<RunDelivery[]>(row.deliveries) ?? [],
    ...(error ? { error } : {}),
    attempt: toNumber(row.attempt),
    ...(row.bytes !== null && row.bytes !== undefined ? { bytes: toNumber(row.bytes) } : {}),
    ...(row.delivery_status ? { deliveryStatus: row.delivery_status } : {}),
  }
}
