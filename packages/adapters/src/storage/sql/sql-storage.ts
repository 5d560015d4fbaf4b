import { randomUUID } from 'node:crypto'
import { ReportwrightError } from '@reportwright/core'
import type {
  LeaseRepository,
  OccurrenceRepository,
  ReportRepository,
  StorageAdapter,
} from '@reportwright/core'
import type { Kysely } from 'kysely'
import type { AdapterDependency } from '../../_shared/import-lib'
import { validateKeyRing } from './credentials-cipher'
import type { CredentialKeyRing } from './credentials-cipher'
import { sqlAuditLog } from './sql-audit-log'
import type { SqlAuditLog } from './sql-audit-log'
import { sqlCredentialStore } from './sql-credentials'
import { sqlDeliverySettings } from './sql-delivery-settings'
import type { SqlDeliverySettings } from './sql-delivery-settings'
import type { SqlCredentialStore } from './sql-credentials'
import { detectDialect } from './sql-engine'
import type { LooseDb, SqlStorageDialect } from './sql-engine'
import { sqlLeaseRepository } from './sql-lease-repository'
import { sqlOccurrenceRepository } from './sql-occurrence-repository'
import { runMigrations, SQL_STORAGE_MIGRATIONS } from './sql-migrations'
import { sqlReportRepository, sqlScheduleRepository } from './sql-report-repository'
import type { SqlScheduleRepository } from './sql-report-repository'
import { sqlRunRepository } from './sql-run-repository'
import type { SqlRunRepository } from './sql-run-repository'
import type { SqlRuntime } from './sql-runtime'

/** What `sqlStorage` needs besides the host's kysely instance: kysely itself (a dependency). */
export const ADAPTER_DEPENDENCIES: Readonly<Record<'kysely', AdapterDependency>> = {
  kysely: { name: 'kysely', version: '^0.28.18' },
}

/** Options of {@link sqlStorage}. */
export interface SqlStorageOptions<TDatabase = unknown> {
  /**
   * The host's kysely instance: PostgresDialect (pg Pool), MysqlDialect (mysql2 pool, MariaDB or
   * MySQL), SqliteDialect (better-sqlite3) or {@link pgliteKyselyDialect}. The host keeps it:
   * `dispose()` does not destroy it.
   */
  readonly db: Kysely<TDatabase>
  /** SQL family. Defaults to the one detected from kysely's adapter. */
  readonly dialect?: SqlStorageDialect
  /** Prefix of every table name (letters, digits, `_`). Defaults to `'rw_'`. */
  readonly tablePrefix?: string
  /** Source of "now" for timestamps and lease expiry. Defaults to the system clock. */
  readonly clock?: { now(): Date }
  /** Makes report and run ids (64 characters at most). Defaults to `crypto.randomUUID`. */
  readonly idGenerator?: () => string
  /** AES-256-GCM keys for `credentials`. Defaults to none: credential calls throw. */
  readonly credentialKeys?: CredentialKeyRing
  /** How long MariaDB's `migrate()` waits for another process's lock. Defaults to `60` s. */
  readonly migrationLockTimeoutSeconds?: number
}

/** The storage {@link sqlStorage} returns: the port plus adapter-level APIs. */
export interface SqlStorage extends StorageAdapter {
  readonly reports: ReportRepository
  readonly schedules: SqlScheduleRepository
  readonly runs: SqlRunRepository
  readonly leases: LeaseRepository
  /** Scheduler occurrences shared by every scheduler process on this database. */
  readonly occurrences: OccurrenceRepository
  /** Who did what to which report, when. */
  readonly audit: Pick<SqlAuditLog, 'list'>
  /** Each report's recipients, subject, body and format, tenant-scoped. */
  readonly deliverySettings: SqlDeliverySettings
  /** Encrypted data-source credentials. */
  readonly credentials: SqlCredentialStore
  /** The family in use. */
  readonly dialect: SqlStorageDialect
  /** Applies pending migrations; idempotent and safe from two processes at once. */
  migrate(): Promise<void>
  /** The schema versions applied so far. */
  appliedMigrations(): Promise<readonly number[]>
}

/**
 * A {@link StorageAdapter} on PostgreSQL, MariaDB/MySQL, SQLite or PGlite through kysely: reports,
 * schedules (with pause state), delivery settings, runs, leases, scheduler occurrences, an audit log and encrypted credentials, every call
 * scoped by the RequestContext (another tenant's rows are not found, never forbidden).
 *
 * @example
 * ```ts
 * const storage = sqlStorage({ db: new Kysely({ dialect: new PostgresDialect({ pool }) }) })
 * await storage.migrate()
 * ```
 */
export function sqlStorage<TDatabase>(options: SqlStorageOptions<TDatabase>): SqlStorage {
  const db = options.db as unknown as LooseDb
  const dialect = options.dialect ?? detectDialect(db)
  if (!dialect) {
    throw new ReportwrightError({
      code: 'INVALID_DEFINITION',
      message:
        '[reportwright] [sql] Cannot tell the SQL family of this kysely instance: pass `dialect: "postgres" | "mysql" | "sqlite"`.',
    })
  }
  const prefix = options.tablePrefix ?? 'rw_'
  if (!/^[A-Za-z][A-Za-z0-9_]{0,30}$/.test(prefix)) {
    throw new ReportwrightError({
      code: 'INVALID_DEFINITION',
      message:
        '[reportwright] [sql] `tablePrefix` must start with a letter and hold only letters, digits and `_` (31 at most).',
    })
  }
  if (options.credentialKeys) validateKeyRing(options.credentialKeys)
  const clock = options.clock
  const now = clock ? () => clock.now() : () => new Date()
  const runtime: SqlRuntime = {
    db,
    dialect,
    table: (name) => `${prefix}${name}`,
    now,
    newId: options.idGenerator ?? randomUUID,
  }
  const audit = sqlAuditLog(runtime)
  return {
    dialect,
    reports: sqlReportRepository(runtime, audit),
    schedules: sqlScheduleRepository(runtime),
    runs: sqlRunRepository(runtime, audit),
    leases: sqlLeaseRepository(runtime),
    occurrences: sqlOccurrenceRepository(runtime),
    audit: { list: audit.list },
    deliverySettings: sqlDeliverySettings(runtime),
    credentials: sqlCredentialStore(runtime, audit, options.credentialKeys),
    async migrate() {
      await runMigrations({
        db,
        dialect,
        prefix,
        now,
        lockTimeoutSeconds: options.migrationLockTimeoutSeconds ?? 60,
      })
    },
    async appliedMigrations() {
      try {
        const rows = (await db
          .selectFrom(`${prefix}migrations`)
          .select('version')
          .orderBy('version')
          .execute()) as { version: unknown }[]
        return rows.map((row) => Number(row.version))
      } catch {
        return []
      }
    },
    async dispose() {},
  }
}

export { SQL_STORAGE_MIGRATIONS }
export { SQL_STORAGE_TABLES } from './sql-migrations'
export { SQL_STORAGE_DIALECTS } from './sql-engine'
export type { SqlStorageDialect } from './sql-engine'
export { pgliteKyselyDialect } from './pglite-kysely-dialect'
export type { PgliteKyselyDialectOptions, PgliteKyselyLike } from './pglite-kysely-dialect'
export { REPORT_EDITOR_ROLES } from './report-access'
export { AUDIT_ACTIONS } from './sql-audit-log'
export type { AuditAction, AuditEntry, SqlAuditLog } from './sql-audit-log'
export type { CredentialInfo, SqlCredentialStore } from './sql-credentials'
export type { SqlDeliverySettings } from './sql-delivery-settings'
export type { CredentialKey, CredentialKeyRing } from './credentials-cipher'
export type { SqlRunRecord, SqlRunRepository } from './sql-run-repository'
export type { SqlScheduleRepository } from './sql-report-repository'
export { deliveryOutcome } from '../../_shared/delivery-outcome'
export type { DeliveryOutcome } from '../../_shared/delivery-outcome'
