import { sql } from 'kysely'
import type { CreateTableBuilder } from 'kysely'
import { ReportwrightError } from '@reportwright/core'
import { columnTypes } from './sql-engine'
import type { LooseDb, SqlStorageDialect } from './sql-engine'

/** The tables of {@link sqlStorage}, without the prefix. */
export const SQL_STORAGE_TABLES = [
  'migrations',
  'reports',
  'schedules',
  'delivery_settings',
  'runs',
  'leases',
  'audit_log',
  'credentials',
  'occurrences',
] as const

/** One schema step; `version` only ever grows, and a shipped step never changes. */
interface Migration {
  readonly version: number
  readonly name: string
  up(db: LooseDb, context: MigrationContext): Promise<void>
}

interface MigrationContext {
  readonly table: (name: (typeof SQL_STORAGE_TABLES)[number]) => string
  readonly dialect: SqlStorageDialect
}

/** Every migration, in order. */
export const SQL_STORAGE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'reports, schedules, delivery settings, runs, leases, audit log, credentials',
    async up(db, { table, dialect }) {
      const types = columnTypes(dialect)
      const seq = (builder: CreateTableBuilder<string, never>) =>
        builder.addColumn('seq', types.seqPrimaryKey(table('reports')))
      await seq(db.schema.createTable(table('reports')))
        .addColumn('id', 'varchar(64)', (c) => c.notNull().unique())
        .addColumn('tenant_id', 'varchar(255)')
        .addColumn('owner_id', 'varchar(255)', (c) => c.notNull())
        .addColumn('name', 'varchar(300)', (c) => c.notNull())
        .addColumn('definition', types.longText, (c) => c.notNull())
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute()
      await db.schema
        .createIndex(`${table('reports')}_tenant`)
        .on(table('reports'))
        .columns(['tenant_id', 'seq'])
        .execute()

      await db.schema
        .createTable(table('schedules'))
        .addColumn('report_id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(255)')
        .addColumn('owner_id', 'varchar(255)', (c) => c.notNull())
        .addColumn('enabled', 'integer', (c) => c.notNull())
        .addColumn('computed', 'integer', (c) => c.notNull())
        .addColumn('next_run_at', 'bigint')
        .addColumn('spec', types.longText, (c) => c.notNull())
        .execute()
      await db.schema
        .createIndex(`${table('schedules')}_due`)
        .on(table('schedules'))
        .columns(['enabled', 'computed', 'next_run_at'])
        .execute()

      await db.schema
        .createTable(table('delivery_settings'))
        .addColumn('report_id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(255)')
        .addColumn('enabled', 'integer', (c) => c.notNull())
        .addColumn('recipients', types.longText, (c) => c.notNull())
        .addColumn('subject', 'varchar(1000)', (c) => c.notNull())
        .addColumn('body', types.longText, (c) => c.notNull())
        .addColumn('attach_format', 'varchar(16)')
        .execute()

      await seq(db.schema.createTable(table('runs')))
        .addColumn('id', 'varchar(64)', (c) => c.notNull().unique())
        .addColumn('tenant_id', 'varchar(255)')
        .addColumn('user_id', 'varchar(255)', (c) => c.notNull())
        .addColumn('report_id', 'varchar(64)')
        .addColumn('report_name', 'varchar(300)', (c) => c.notNull())
        .addColumn('format', 'varchar(16)', (c) => c.notNull())
        .addColumn('run_trigger', 'varchar(16)', (c) => c.notNull())
        .addColumn('scheduled_for', 'bigint')
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('started_at', 'bigint', (c) => c.notNull())
        .addColumn('finished_at', 'bigint')
        .addColumn('row_count', 'bigint', (c) => c.notNull())
        .addColumn('bytes', 'bigint')
        .addColumn('file', types.longText)
        .addColumn('deliveries', types.longText, (c) => c.notNull())
        .addColumn('delivery_status', 'varchar(24)')
        .addColumn('error', types.longText)
        .addColumn('attempt', 'integer', (c) => c.notNull())
        .execute()
      await db.schema
        .createIndex(`${table('runs')}_report`)
        .on(table('runs'))
        .columns(['report_id', 'seq'])
        .execute()

      await db.schema
        .createTable(table('leases'))
        .addColumn('lease_key', 'varchar(320)', (c) => c.primaryKey())
        .addColumn('schedule_id', 'varchar(255)', (c) => c.notNull())
        .addColumn('due_at', 'bigint', (c) => c.notNull())
        .addColumn('holder', 'varchar(255)', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('ttl_ms', 'bigint', (c) => c.notNull())
        .execute()

      await seq(db.schema.createTable(table('audit_log')))
        .addColumn('tenant_id', 'varchar(255)')
        .addColumn('actor_id', 'varchar(255)', (c) => c.notNull())
        .addColumn('action', 'varchar(64)', (c) => c.notNull())
        .addColumn('report_id', 'varchar(64)')
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('details', types.longText)
        .execute()
      await db.schema
        .createIndex(`${table('audit_log')}_tenant`)
        .on(table('audit_log'))
        .columns(['tenant_id', 'seq'])
        .execute()

      await db.schema
        .createTable(table('credentials'))
        .addColumn('credential_key', 'varchar(600)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(255)')
        .addColumn('name', 'varchar(255)', (c) => c.notNull())
        .addColumn('key_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('ciphertext', types.longText, (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute()
    },
  },
  {
    version: 2,
    name: 'scheduler occurrences; schedule pause state and failure streak',
    async up(db, { table, dialect }) {
      const types = columnTypes(dialect)
      await db.schema
        .createTable(table('occurrences'))
        .addColumn('occurrence_key', 'varchar(320)', (c) => c.primaryKey())
        .addColumn('schedule_id', 'varchar(255)', (c) => c.notNull())
        .addColumn('fire_time', 'bigint', (c) => c.notNull())
        .addColumn('tenant_id', 'varchar(255)')
        .addColumn('owner_id', 'varchar(255)', (c) => c.notNull())
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('attempt', 'integer', (c) => c.notNull())
        .addColumn('not_before', 'bigint', (c) => c.notNull())
        .addColumn('run_ids', types.longText, (c) => c.notNull())
        .addColumn('holder', 'varchar(255)')
        .addColumn('started_at', 'bigint')
        .addColumn('finished_at', 'bigint')
        .addColumn('abandoned', 'integer', (c) => c.notNull())
        .addColumn('error', types.longText)
        .addColumn('version', 'integer', (c) => c.notNull())
        .execute()
      await db.schema
        .createIndex(`${table('occurrences')}_ready`)
        .on(table('occurrences'))
        .columns(['status', 'not_before'])
        .execute()
      await db.schema
        .createIndex(`${table('occurrences')}_schedule`)
        .on(table('occurrences'))
        .columns(['schedule_id', 'fire_time'])
        .execute()
      // One column per statement: SQLite's ALTER TABLE adds one at a time.
      await db.schema
        .alterTable(table('schedules'))
        .addColumn('paused', 'integer', (c) => c.notNull().defaultTo(0))
        .execute()
      await db.schema
        .alterTable(table('schedules'))
        .addColumn('paused_reason', 'varchar(1000)')
        .execute()
      await db.schema
        .alterTable(table('schedules'))
        .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
        .execute()
    },
  },
]

/** Options of {@link runMigrations}. */
export interface RunMigrationsInput {
  readonly db: LooseDb
  readonly dialect: SqlStorageDialect
  readonly prefix: string
  readonly now: () => Date
  /** How long MariaDB waits for another process's migration. */
  readonly lockTimeoutSeconds: number
}

/**
 * Applies pending migrations once. PostgreSQL takes a session advisory lock and MariaDB/MySQL a
 * `GET_LOCK` on one connection, so two processes migrating at once apply each step once; SQLite
 * and PGlite are single-process.
 */
export async function runMigrations(input: RunMigrationsInput): Promise<number[]> {
  const { dialect, prefix } = input
  const lockName = `reportwright:migrate:${prefix}`
  return input.db.connection().execute(async (conn) => {
    if (dialect === 'postgres') {
      await sql`select pg_advisory_lock(hashtext(${lockName}))`.execute(conn)
    } else if (dialect === 'mysql') {
      const result = await sql<{
        locked: number | null
      }>`select get_lock(${lockName}, ${input.lockTimeoutSeconds}) as locked`.execute(conn)
      if (Number(result.rows[0]?.locked) !== 1) {
        throw new ReportwrightError({
          code: 'SOURCE_UNAVAILABLE',
          message: `[reportwright] [sql] Another process held the migration lock for more than ${input.lockTimeoutSeconds} s; run migrate() again.`,
        })
      }
    }
    try {
      return await applyPending(conn, input)
    } finally {
      if (dialect === 'postgres') {
        await sql`select pg_advisory_unlock(hashtext(${lockName}))`.execute(conn)
      } else if (dialect === 'mysql') {
        await sql`select release_lock(${lockName})`.execute(conn)
      }
    }
  })
}

async function applyPending(conn: LooseDb, input: RunMigrationsInput): Promise<number[]> {
  const { dialect, prefix } = input
  const migrations = `${prefix}migrations`
  await conn.schema
    .createTable(migrations)
    .ifNotExists()
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('name', 'varchar(300)', (c) => c.notNull())
    .addColumn('applied_at', 'bigint', (c) => c.notNull())
    .execute()
  const rows = await conn.selectFrom(migrations).select('version').execute()
  const applied = new Set(rows.map((row) => Number((row as { version: unknown }).version)))
  const done: number[] = []
  const context: MigrationContext = { table: (name) => `${prefix}${name}`, dialect }
  for (const migration of SQL_STORAGE_MIGRATIONS) {
    if (applied.has(migration.version)) continue
    const step = async (db: LooseDb): Promise<void> => {
      await migration.up(db, context)
      await db
        .insertInto(migrations)
        .values({
          version: migration.version,
          name: migration.name,
          applied_at: input.now().getTime(),
        })
        .execute()
    }
    // MariaDB commits DDL implicitly, so a transaction there would promise what it cannot keep.
    if (dialect === 'mysql') await step(conn)
    else await conn.transaction().execute(step)
    done.push(migration.version)
  }
  return done
}
