import { sql } from 'kysely'
import type {
  NewOccurrence,
  OccurrenceKey,
  OccurrencePatch,
  OccurrenceRecord,
  OccurrenceRepository,
  OccurrenceStatus,
} from '@reportwright/core'
import { toDate, toNumber } from './sql-engine'
import type { SqlRuntime } from './sql-runtime'
import { parseJson } from './sql-runtime'

interface OccurrenceRow {
  schedule_id: string
  fire_time: unknown
  tenant_id: string | null
  owner_id: string
  status: string
  attempt: unknown
  not_before: unknown
  run_ids: string
  holder: string | null
  started_at: unknown
  finished_at: unknown
  abandoned: unknown
  error: string | null
  version: unknown
}

/** Statuses an occurrence ends in: only these are ever pruned. */
const FINAL_STATUSES = ['succeeded', 'failed', 'skipped', 'cancelled'] as const

/** Largest list a scheduler poll asks for. */
const MAX_LIST = 5_000

/**
 * Occurrences in one row per (scheduleId, fireTime). `create` inserts-if-absent and `update` is
 * one `UPDATE … WHERE version = ?`; the affected-row count says who won. kysely reports it on
 * every engine here (mysql2 counts changed rows, and the version always changes).
 */
export function sqlOccurrenceRepository(
  runtime: SqlRuntime,
): OccurrenceRepository & Required<Pick<OccurrenceRepository, 'pruneOccurrences'>> {
  const { db, table, dialect } = runtime
  const keyOf = (key: OccurrenceKey): string => `${key.scheduleId}@${key.fireTime.toISOString()}`
  const read = async (key: OccurrenceKey): Promise<OccurrenceRecord | undefined> => {
    const row = (await db
      .selectFrom(table('occurrences'))
      .selectAll()
      .where('occurrence_key', '=', keyOf(key))
      .executeTakeFirst()) as OccurrenceRow | undefined
    return row ? toRecord(row) : undefined
  }
  const limitOf = (limit: number): number => Math.min(Math.max(0, Math.floor(limit)), MAX_LIST)

  return {
    async create(occurrence: NewOccurrence) {
      const insert = db.insertInto(table('occurrences')).values({
        occurrence_key: keyOf(occurrence),
        schedule_id: occurrence.scheduleId,
        fire_time: occurrence.fireTime.getTime(),
        ...toColumns({ ...occurrence, attempt: 0, runIds: [] }),
        abandoned: occurrence.abandoned ? 1 : 0,
        version: 1,
      })
      const result = await (
        dialect === 'mysql'
          ? insert.ignore()
          : insert.onConflict((oc) => oc.column('occurrence_key').doNothing())
      ).executeTakeFirst()
      const record = await read(occurrence)
      if (!record) throw new Error('[reportwright] [sql] occurrence vanished right after insert')
      return { record, created: Number(result.numInsertedOrUpdatedRows ?? 0) > 0 }
    },

    get: read,

    async update(key, patch, expectedVersion) {
      const current = await read(key)
      if (current?.version !== expectedVersion) return undefined
      const result = await db
        .updateTable(table('occurrences'))
        .set({ ...toColumns(patch), version: expectedVersion + 1 })
        .where('occurrence_key', '=', keyOf(key))
        .where('version', '=', expectedVersion)
        .executeTakeFirst()
      if (Number(result.numUpdatedRows) === 0) return undefined
      // Built from the row we replaced, not read back: a later writer may already have moved on.
      const merged: Record<string, unknown> = { ...current, ...patch, version: expectedVersion + 1 }
      for (const [name, value] of Object.entries(merged))
        if (value === undefined) delete merged[name]
      return {
        ...(merged as unknown as OccurrenceRecord),
        scheduleId: current.scheduleId,
        fireTime: current.fireTime,
      }
    },

    async listReady(now, limit) {
      const rows = (await db
        .selectFrom(table('occurrences'))
        .selectAll()
        .where('status', 'in', ['pending', 'retrying'])
        .where('not_before', '<=', now.getTime())
        .orderBy('not_before', 'asc')
        .orderBy('occurrence_key', 'asc')
        .limit(limitOf(limit))
        .execute()) as OccurrenceRow[]
      return rows.map(toRecord)
    },

    async listRunning(limit) {
      const rows = (await db
        .selectFrom(table('occurrences'))
        .selectAll()
        .where('status', '=', 'running')
        .orderBy('not_before', 'asc')
        .limit(limitOf(limit))
        .execute()) as OccurrenceRow[]
      return rows.map(toRecord)
    },

    async pruneOccurrences({ olderThan, keepLast = 0 }) {
      const keep = Math.max(0, Math.floor(keepLast))
      const cutoff = olderThan.getTime()
      const occurrences = table('occurrences')
      if (keep === 0) {
        const result = await db
          .deleteFrom(occurrences)
          .where('status', 'in', [...FINAL_STATUSES])
          .where('fire_time', '<', cutoff)
          .executeTakeFirst()
        return Number(result.numDeletedRows)
      }
      // Rank each schedule's occurrences newest first; the derived table around the ranking lets
      // MariaDB delete from the table it reads (else error 1093).
      const result = await db
        .deleteFrom(occurrences)
        .where('status', 'in', [...FINAL_STATUSES])
        .where('fire_time', '<', cutoff)
        .where(
          'occurrence_key',
          'in',
          sql`(select ranked.occurrence_key from (select occurrence_key, row_number() over (partition by schedule_id order by fire_time desc) as position from ${sql.table(occurrences)}) ranked where ranked.position > ${keep})`,
        )
        .executeTakeFirst()
      return Number(result.numDeletedRows)
    },

    async listBySchedule(scheduleId, limit) {
      const rows = (await db
        .selectFrom(table('occurrences'))
        .selectAll()
        .where('schedule_id', '=', scheduleId)
        .orderBy('fire_time', 'desc')
        .limit(limitOf(limit))
        .execute()) as OccurrenceRow[]
      return rows.map(toRecord)
    },
  }
}

/** The columns a (partial) record sets; a key present with `undefined` writes NULL. */
function toColumns(patch: OccurrencePatch): Record<string, unknown> {
  const columns: Record<string, unknown> = {}
  const has = (name: keyof OccurrencePatch): boolean => Object.hasOwn(patch, name)
  if (has('tenantId')) columns.tenant_id = patch.tenantId ?? null
  if (patch.ownerId !== undefined) columns.owner_id = patch.ownerId
  if (patch.status !== undefined) columns.status = patch.status
  if (patch.attempt !== undefined) columns.attempt = patch.attempt
  if (patch.notBefore !== undefined) columns.not_before = patch.notBefore.getTime()
  if (patch.runIds !== undefined) columns.run_ids = JSON.stringify(patch.runIds)
  if (has('holder')) columns.holder = patch.holder ?? null
  if (has('startedAt')) columns.started_at = patch.startedAt?.getTime() ?? null
  if (has('finishedAt')) columns.finished_at = patch.finishedAt?.getTime() ?? null
  if (has('abandoned')) columns.abandoned = patch.abandoned ? 1 : 0
  if (has('error')) columns.error = patch.error ? JSON.stringify(patch.error) : null
  return columns
}

function toRecord(row: OccurrenceRow): OccurrenceRecord {
  const startedAt = toDate(row.started_at)
  const finishedAt = toDate(row.finished_at)
  const error = parseJson<{ code: string; message: string }>(row.error)
  return {
    scheduleId: row.schedule_id,
    fireTime: new Date(toNumber(row.fire_time)),
    ...(row.tenant_id !== null ? { tenantId: row.tenant_id } : {}),
    ownerId: row.owner_id,
    status: row.status as OccurrenceStatus,
    attempt: toNumber(row.attempt),
    notBefore: new Date(toNumber(row.not_before)),
    runIds: parseJson<string[]>(row.run_ids) ?? [],
    ...(row.holder !== null ? { holder: row.holder } : {}),
    ...(startedAt ? { startedAt } : {}),
    ...(finishedAt ? { finishedAt } : {}),
    ...(toNumber(row.abandoned) === 1 ? { abandoned: true } : {}),
    ...(error ? { error } : {}),
    version: toNumber(row.version),
  }
}
