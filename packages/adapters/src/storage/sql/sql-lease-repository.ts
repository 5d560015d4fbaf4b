import type { Lease, LeaseRepository } from '@reportwright/core'
import { toNumber } from './sql-engine'
import type { SqlRuntime } from './sql-runtime'

/**
 * Leases in one row per occurrence. A claim inserts the row if absent, then takes it over with
 * one conditional UPDATE (expired, or already ours); reading the row back tells who won, which
 * is the same on every engine whatever its "affected rows" convention.
 */
export function sqlLeaseRepository(runtime: SqlRuntime): LeaseRepository {
  const { db, table, dialect } = runtime
  const keyOf = (occurrence: { readonly scheduleId: string; readonly dueAt: Date }) =>
    `${occurrence.scheduleId}@${occurrence.dueAt.toISOString()}`

  const holderOf = async (key: string) =>
    (await db
      .selectFrom(table('leases'))
      .select(['holder', 'expires_at'])
      .where('lease_key', '=', key)
      .executeTakeFirst()) as { holder: string; expires_at: unknown } | undefined

  return {
    async claim(occurrence, holder, ttlMs) {
      const key = keyOf(occurrence)
      const now = runtime.now().getTime()
      const expiresAt = now + Math.max(1, Math.floor(ttlMs))
      const values = {
        lease_key: key,
        schedule_id: occurrence.scheduleId,
        due_at: occurrence.dueAt.getTime(),
        holder,
        expires_at: expiresAt,
        ttl_ms: Math.floor(ttlMs),
      }
      const insert = db.insertInto(table('leases')).values(values)
      await (
        dialect === 'mysql'
          ? insert.ignore()
          : insert.onConflict((oc) => oc.column('lease_key').doNothing())
      ).execute()
      await db
        .updateTable(table('leases'))
        .set({ holder, expires_at: expiresAt, ttl_ms: Math.floor(ttlMs) })
        .where('lease_key', '=', key)
        .where((eb) => eb.or([eb('expires_at', '<=', now), eb('holder', '=', holder)]))
        .execute()
      const current = await holderOf(key)
      if (current?.holder !== holder || toNumber(current.expires_at) !== expiresAt) return undefined
      const lease: Lease = {
        scheduleId: occurrence.scheduleId,
        dueAt: new Date(occurrence.dueAt),
        holder,
        expiresAt: new Date(expiresAt),
      }
      return lease
    },

    async renew(lease) {
      const key = keyOf(lease)
      const now = runtime.now().getTime()
      const row = (await db
        .selectFrom(table('leases'))
        .select('ttl_ms')
        .where('lease_key', '=', key)
        .executeTakeFirst()) as { ttl_ms: unknown } | undefined
      if (!row) return false
      const expiresAt = now + toNumber(row.ttl_ms)
      await db
        .updateTable(table('leases'))
        .set({ expires_at: expiresAt })
        .where('lease_key', '=', key)
        .where('holder', '=', lease.holder)
        .where('expires_at', '>', now)
        .execute()
      const current = await holderOf(key)
      return current?.holder === lease.holder && toNumber(current.expires_at) === expiresAt
    },

    async release(lease) {
      await db
        .deleteFrom(table('leases'))
        .where('lease_key', '=', keyOf(lease))
        .where('holder', '=', lease.holder)
        .execute()
    },
  }
}
