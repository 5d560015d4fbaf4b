import { ReportwrightError } from '@reportwright/core'
import { sql } from 'kysely'
import type {
  ReportDefinition,
  ScheduleSpec,
  ReportRepository,
  RequestContext,
  ScheduleRepository,
  StoredReport,
  StoredSchedule,
} from '@reportwright/core'
import { assertMayEdit, assertMayWrite } from './report-access'
import type { SqlAuditLog } from './sql-audit-log'
import type { LooseDb } from './sql-engine'
import { toDate, toNumber } from './sql-engine'
import type { SqlRuntime } from './sql-runtime'
import { pageBounds, parseJson, tenantIs, tenantValue, toPage } from './sql-runtime'

interface ReportRow {
  readonly seq: unknown
  readonly id: string
  readonly tenant_id: string | null
  readonly owner_id: string
  readonly definition: string
  readonly revision: unknown
  readonly created_at: unknown
  readonly updated_at: unknown
}

/** Reports (with their schedule and delivery settings rows), every call tenant-scoped. */
export function sqlReportRepository(runtime: SqlRuntime, audit: SqlAuditLog): ReportRepository {
  const { db, table } = runtime

  const find = async (conn: LooseDb, ctx: RequestContext, id: string) =>
    (await conn
      .selectFrom(table('reports'))
      .selectAll()
      .where('id', '=', id)
      .where(tenantIs(ctx))
      .executeTakeFirst()) as ReportRow | undefined

  return {
    async list(ctx, page) {
      const { limit, before } = pageBounds(page)
      let query = db
        .selectFrom(table('reports'))
        .selectAll()
        .where(tenantIs(ctx))
        .orderBy('seq', 'desc')
        .limit(limit + 1)
      if (before !== undefined) query = query.where('seq', '<', before)
      return toPage((await query.execute()) as ReportRow[], limit, toReport)
    },

    async get(ctx, id) {
      const row = await find(db, ctx, id)
      return row ? toReport(row) : undefined
    },

    async create(ctx, definition) {
      assertMayWrite(ctx, 'create reports')
      const id = runtime.newId()
      const now = runtime.now().getTime()
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto(table('reports'))
          .values({
            id,
            tenant_id: tenantValue(ctx),
            owner_id: ctx.userId,
            name: definition.name,
            definition: JSON.stringify(definition),
            revision: 1,
            created_at: now,
            updated_at: now,
          })
          .execute()
        await writeSettings(trx, runtime, { id, ctx, ownerId: ctx.userId, definition })
        await audit.record(trx, ctx, { action: 'report.create', reportId: id })
      })
      const row = await find(db, ctx, id)
      if (!row) throw notFound(id)
      return toReport(row)
    },

    async update(ctx, id, definition, expectedRevision) {
      const row = await find(db, ctx, id)
      if (!row) throw notFound(id)
      const current = toReport(row)
      assertMayEdit(ctx, current, 'edit')
      if (expectedRevision !== undefined && expectedRevision !== current.revision) {
        throw conflict(id, current.revision, expectedRevision)
      }
      const scheduleChanged =
        JSON.stringify(current.definition.schedule ?? null) !==
        JSON.stringify(definition.schedule ?? null)
      await db.transaction().execute(async (trx) => {
        const result = await trx
          .updateTable(table('reports'))
          .set({
            name: definition.name,
            definition: JSON.stringify(definition),
            revision: current.revision + 1,
            updated_at: runtime.now().getTime(),
          })
          .where('id', '=', id)
          .where('revision', '=', current.revision)
          .executeTakeFirst()
        // Someone else saved between our read and this write.
        if (Number(result.numUpdatedRows) !== 1) {
          throw conflict(id, current.revision + 1, expectedRevision ?? current.revision)
        }
        await writeSettings(trx, runtime, {
          id,
          ctx,
          ownerId: current.ownerId,
          definition,
          keepScheduleState: !scheduleChanged,
        })
        await audit.record(trx, ctx, {
          action: 'report.update',
          reportId: id,
          details: { revision: current.revision + 1 },
        })
      })
      const updated = await find(db, ctx, id)
      if (!updated) throw notFound(id)
      return toReport(updated)
    },

    async delete(ctx, id) {
      const row = await find(db, ctx, id)
      if (!row) throw notFound(id)
      assertMayEdit(ctx, toReport(row), 'delete')
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom(table('reports')).where('id', '=', id).execute()
        await trx.deleteFrom(table('schedules')).where('report_id', '=', id).execute()
        await trx.deleteFrom(table('delivery_settings')).where('report_id', '=', id).execute()
        await audit.record(trx, ctx, {
          action: 'report.delete',
          reportId: id,
          details: { name: toReport(row).definition.name },
        })
      })
    },
  }
}

interface ScheduleRow {
  report_id: string
  tenant_id: string | null
  owner_id: string
  enabled: unknown
  computed: unknown
  next_run_at: unknown
  paused: unknown
  paused_reason: string | null
  consecutive_failures: unknown
  spec: string | null
}

function toSchedule(row: ScheduleRow): StoredSchedule {
  const nextRunAt = toNumber(row.computed) === 1 ? toDate(row.next_run_at) : undefined
  const spec = parseJson<ScheduleSpec>(row.spec)
  return {
    reportId: row.report_id,
    ...(row.tenant_id !== null ? { tenantId: row.tenant_id } : {}),
    ownerId: row.owner_id,
    enabled: toNumber(row.enabled) === 1,
    ...(nextRunAt ? { nextRunAt } : {}),
    paused: toNumber(row.paused) === 1,
    ...(row.paused_reason !== null ? { pausedReason: row.paused_reason } : {}),
    consecutiveFailures: toNumber(row.consecutive_failures),
    ...(spec ? { spec } : {}),
  }
}

/** Largest page of `listAll`. */
const MAX_SCHEDULE_PAGE = 500

/** The schedules of {@link sqlStorage}: every optional capability of the port is declared. */
export type SqlScheduleRepository = ScheduleRepository &
  Required<
    Pick<
      ScheduleRepository,
      'get' | 'setPaused' | 'setFailureStreak' | 'incrementFailureStreak' | 'listAll'
    >
  >

/** Due schedules across tenants (the scheduler is trusted), with pause state and a full listing. */
export function sqlScheduleRepository(runtime: SqlRuntime): SqlScheduleRepository {
  const { db, table, dialect } = runtime
  return {
    async listDue(now, limit) {
      const rows = (await db
        .selectFrom(table('schedules'))
        .selectAll()
        .where('enabled', '=', 1)
        .where('paused', '=', 0)
        .where((eb) =>
          eb.or([
            eb('computed', '=', 0),
            eb.and([eb('next_run_at', 'is not', null), eb('next_run_at', '<=', now.getTime())]),
          ]),
        )
        // Never computed first, then the most overdue.
        .orderBy('computed', 'asc')
        .orderBy('next_run_at', 'asc')
        .orderBy('report_id', 'asc')
        .limit(Math.max(0, Math.floor(limit)))
        .execute()) as ScheduleRow[]
      return rows.map(toSchedule)
    },
    async setNextRun(reportId, nextRunAt) {
      await db
        .updateTable(table('schedules'))
        .set({ computed: 1, next_run_at: nextRunAt ? nextRunAt.getTime() : null })
        .where('report_id', '=', reportId)
        .execute()
    },
    async get(reportId) {
      const row = (await db
        .selectFrom(table('schedules'))
        .selectAll()
        .where('report_id', '=', reportId)
        .executeTakeFirst()) as ScheduleRow | undefined
      return row ? toSchedule(row) : undefined
    },
    async setPaused(reportId, paused, reason) {
      await db
        .updateTable(table('schedules'))
        .set({ paused: paused ? 1 : 0, paused_reason: paused ? (reason ?? null) : null })
        .where('report_id', '=', reportId)
        .execute()
    },
    async setFailureStreak(reportId, consecutiveFailures) {
      await db
        .updateTable(table('schedules'))
        .set({ consecutive_failures: Math.max(0, Math.floor(consecutiveFailures)) })
        .where('report_id', '=', reportId)
        .execute()
    },
    async incrementFailureStreak(reportId) {
      if (dialect === 'mysql') {
        // No UPDATE … RETURNING on MariaDB/MySQL: LAST_INSERT_ID(expr) hands the new value to
        // this connection, read back on the same connection.
        return db.connection().execute(async (conn) => {
          const result = await conn
            .updateTable(table('schedules'))
            .set({ consecutive_failures: sql`last_insert_id(consecutive_failures + 1)` })
            .where('report_id', '=', reportId)
            .executeTakeFirst()
          if (Number(result.numUpdatedRows) === 0) return 0
          const { rows } = await sql<{
            streak: unknown
          }>`select last_insert_id() as streak`.execute(conn)
          return toNumber(rows[0]?.streak ?? 0)
        })
      }
      const row = (await db
        .updateTable(table('schedules'))
        .set({ consecutive_failures: sql`consecutive_failures + 1` })
        .where('report_id', '=', reportId)
        .returning('consecutive_failures')
        .executeTakeFirst()) as { consecutive_failures: unknown } | undefined
      return row ? toNumber(row.consecutive_failures) : 0
    },
    async listAll(page) {
      const limit = Math.min(Math.max(1, Math.floor(page?.limit ?? 100)), MAX_SCHEDULE_PAGE)
      let query = db.selectFrom(table('schedules')).selectAll()
      // Keyset on the primary key: the cursor is the last report id seen.
      if (page?.cursor !== undefined) query = query.where('report_id', '>', page.cursor)
      const rows = (await query
        .orderBy('report_id', 'asc')
        .limit(limit + 1)
        .execute()) as ScheduleRow[]
      const items = rows.slice(0, limit)
      const last = items[items.length - 1]
      return {
        items: items.map(toSchedule),
        ...(rows.length > limit && last ? { nextCursor: last.report_id } : {}),
      }
    },
  }
}

async function writeSettings(
  trx: LooseDb,
  runtime: SqlRuntime,
  input: {
    readonly id: string
    readonly ctx: RequestContext
    readonly ownerId: string
    readonly definition: ReportDefinition
    readonly keepScheduleState?: boolean
  },
): Promise<void> {
  const { table } = runtime
  const { id, definition } = input
  const tenant = tenantValue(input.ctx)
  const schedule = definition.schedule
  if (!input.keepScheduleState) {
    await trx.deleteFrom(table('schedules')).where('report_id', '=', id).execute()
    if (schedule) {
      await trx
        .insertInto(table('schedules'))
        .values({
          report_id: id,
          tenant_id: tenant,
          owner_id: input.ownerId,
          enabled: schedule.enabled ? 1 : 0,
          computed: 0,
          next_run_at: null,
          spec: JSON.stringify(schedule),
        })
        .execute()
    }
  }
  await trx.deleteFrom(table('delivery_settings')).where('report_id', '=', id).execute()
  const delivery = definition.delivery
  if (delivery) {
    await trx
      .insertInto(table('delivery_settings'))
      .values({
        report_id: id,
        tenant_id: tenant,
        enabled: delivery.enabled ? 1 : 0,
        recipients: JSON.stringify(delivery.recipients),
        subject: delivery.subject,
        body: delivery.body,
        attach_format: delivery.attachFormat ?? null,
      })
      .execute()
  }
}

function toReport(row: ReportRow): StoredReport {
  return {
    id: row.id,
    ...(row.tenant_id !== null ? { tenantId: row.tenant_id } : {}),
    ownerId: row.owner_id,
    definition: JSON.parse(row.definition) as ReportDefinition,
    revision: toNumber(row.revision),
    createdAt: toDate(row.created_at) ?? new Date(0),
    updatedAt: toDate(row.updated_at) ?? new Date(0),
  }
}

function notFound(id: string): ReportwrightError {
  return new ReportwrightError({ code: 'NOT_FOUND', message: `No report "${id}".` })
}

function conflict(id: string, current: number, expected: number): ReportwrightError {
  return new ReportwrightError({
    code: 'INVALID_DEFINITION',
    message: `Report "${id}" was changed by someone else (it is at revision ${current}, you edited revision ${expected}). Reload it and apply your changes again.`,
    details: { conflict: true, currentRevision: current, expectedRevision: expected },
  })
}
