import { spawn } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { isReportwrightError, parseReportDefinition } from '@reportwright/core'
import type { RequestContext } from '@reportwright/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SQL_STORAGE_MIGRATIONS, sqlStorage } from '../src/storage/sql/sql-storage'
import type { SqlStorage } from '../src/storage/sql/sql-storage'
import { SQL_ENGINES, dropSqlStorage, openSqlEngine, sqlEngineAvailable } from './sql-engines'
import type { OpenedSqlEngine } from './sql-engines'

const available = Object.fromEntries(
  await Promise.all(
    SQL_ENGINES.map(async (name) => [name, await sqlEngineAvailable(name)] as const),
  ),
)
const definition = parseReportDefinition({
  version: 1,
  name: 'Sales',
  dataset: 'orders',
  fields: [{ field: 'amount' }],
})
const keyA = { id: 'a', key: randomBytes(32) }
const keyB = { id: 'b', key: randomBytes(32) }

describe.each(SQL_ENGINES)('sqlStorage extras on %s', (name) => {
  const prefix = `rwa_extra_${name.slice(0, 2)}_`
  let engine: OpenedSqlEngine | undefined
  let storage: SqlStorage
  const tenant = `t-${randomUUID().slice(0, 8)}`
  const admin: RequestContext = { userId: 'ada', tenantId: tenant, roles: ['admin'] }
  const user: RequestContext = { userId: 'uma', tenantId: tenant, roles: ['user'] }
  const outsider: RequestContext = { userId: 'oz', tenantId: `${tenant}-x`, roles: ['owner'] }

  beforeAll(async () => {
    if (!available[name]) return
    engine = await openSqlEngine(name)
    await dropSqlStorage(engine.db, prefix)
    storage = sqlStorage({ db: engine.db, tablePrefix: prefix, credentialKeys: { current: keyA } })
    await storage.migrate()
  })
  afterAll(async () => {
    if (!engine) return
    await dropSqlStorage(engine.db, prefix)
    await engine.close()
  })

  it.skipIf(!available[name])('migrates idempotently and records each version once', async () => {
    await storage.migrate()
    await storage.migrate()
    expect(await storage.appliedMigrations()).toEqual(SQL_STORAGE_MIGRATIONS.map((m) => m.version))
  })

  it.skipIf(!available[name])(
    'upgrades a version-1 database: its schedules gain pause state, unpaused',
    async () => {
      const db = engine!.db
      const oldPrefix = `${prefix}v1_`
      await dropSqlStorage(db, oldPrefix)
      const [first] = SQL_STORAGE_MIGRATIONS
      // A database as version 1 left it.
      await first!.up(db, {
        table: (table) => `${oldPrefix}${table}`,
        dialect: storage.dialect,
      })
      await db.schema
        .createTable(`${oldPrefix}migrations`)
        .addColumn('version', 'integer', (c) => c.primaryKey())
        .addColumn('name', 'varchar(300)', (c) => c.notNull())
        .addColumn('applied_at', 'bigint', (c) => c.notNull())
        .execute()
      await db
        .insertInto(`${oldPrefix}migrations`)
        .values({ version: 1, name: first!.name, applied_at: 0 })
        .execute()
      const old = sqlStorage({ db, tablePrefix: oldPrefix })
      const report = await old.reports.create(admin, {
        ...definition,
        schedule: { enabled: true, frequency: 'daily', time: '08:00', timezone: 'UTC' },
      })
      await old.migrate()
      expect(await old.appliedMigrations()).toEqual(SQL_STORAGE_MIGRATIONS.map((m) => m.version))
      expect(await old.schedules.get(report.id)).toMatchObject({
        reportId: report.id,
        paused: false,
        consecutiveFailures: 0,
      })
      const due = await old.schedules.listDue(new Date('2040-01-01T00:00:00Z'), 100)
      expect(due.map((s) => s.reportId)).toContain(report.id)
      await dropSqlStorage(db, oldPrefix)
    },
  )

  it.skipIf(!available[name])(
    'keeps an audit log per tenant: who did what to which report',
    async () => {
      const report = await storage.reports.create(user, definition)
      await storage.reports.update(admin, report.id, { ...definition, name: 'Renamed' })
      const started = await storage.runs.start(user, {
        reportId: report.id,
        reportName: 'Sales',
        format: 'csv',
        trigger: 'manual',
      })
      await storage.runs.finish(user, started.id, { status: 'succeeded', rowCount: 1 })
      await storage.reports.delete(admin, report.id)
      const page = await storage.audit.list(admin, { reportId: report.id })
      expect(page.items.map((entry) => [entry.action, entry.actorId])).toEqual([
        ['report.delete', 'ada'],
        ['run.finish', 'uma'],
        ['run.start', 'uma'],
        ['report.update', 'ada'],
        ['report.create', 'uma'],
      ])
      expect(page.items[0]?.at).toBeInstanceOf(Date)
      expect((await storage.audit.list(outsider, { reportId: report.id })).items).toEqual([])
    },
  )

  it.skipIf(!available[name])('keeps delivery settings in step with the definition', async () => {
    const withDelivery = parseReportDefinition({
      ...definition,
      delivery: {
        enabled: true,
        recipients: [{ email: 'ann@example.com', name: 'Ann' }],
        subject: '{{report_name}}',
        body: 'Hi',
        attachFormat: 'csv',
      },
    })
    const report = await storage.reports.create(user, withDelivery)
    expect(await storage.deliverySettings.get(user, report.id)).toEqual(withDelivery.delivery)
    expect(await storage.deliverySettings.get(outsider, report.id)).toBeUndefined()
    await storage.reports.update(user, report.id, definition)
    expect(await storage.deliverySettings.get(user, report.id)).toBeUndefined()
  })

  it.skipIf(!available[name])(
    'records run bytes, delivery status and attempts of one occurrence',
    async () => {
      const occurrence = {
        reportId: `r-${randomUUID()}`,
        reportName: 'Sales',
        format: 'csv',
        trigger: 'schedule',
        scheduledFor: new Date('2031-01-01T08:00:00Z'),
      } as const
      const first = await storage.runs.start(user, occurrence)
      await storage.runs.finish(user, first.id, {
        status: 'failed',
        rowCount: 0,
        error: { code: 'SOURCE_UNAVAILABLE', message: 'down' },
      })
      const second = await storage.runs.start(user, occurrence)
      const done = await storage.runs.finish(user, second.id, {
        status: 'succeeded',
        rowCount: 3,
        file: { key: 'k.csv', size: 2048, contentType: 'text/csv', filename: 'k.csv' },
        deliveries: [
          {
            channel: 'smtp',
            accepted: ['a@example.com', 'b@example.com'],
            rejected: [{ email: 'c@example.com', reason: '550 unknown user' }],
          },
        ],
      })
      expect([first.attempt, second.attempt]).toEqual([1, 2])
      expect(done.bytes).toBe(2048)
      expect(done.deliveryStatus).toBe('partially_delivered')
      expect((await storage.runs.get(user, first.id))?.deliveryStatus).toBe('none')
    },
  )

  it.skipIf(!available[name])(
    'encrypts credentials at rest and never returns them from a read',
    async () => {
      const secret = `postgres://reader:${randomUUID()}@db.internal/sales`
      await storage.credentials.set(admin, 'warehouse', secret)
      const listed = await storage.credentials.list(admin)
      expect(listed).toEqual([{ name: 'warehouse', keyId: 'a', updatedAt: expect.any(Date) }])
      expect(JSON.stringify(listed)).not.toContain('reader')
      const raw = await engine!.db.selectFrom(`${prefix}credentials`).selectAll().execute()
      expect(JSON.stringify(raw)).not.toContain(secret.split(':')[2]!.split('@')[0])
      expect(await storage.credentials.reveal(admin, 'warehouse')).toBe(secret)
      // Another tenant sees nothing; a plain user may not write.
      expect(await storage.credentials.reveal(outsider, 'warehouse')).toBeUndefined()
      expect(await storage.credentials.list(outsider)).toEqual([])
      const error = await storage.credentials.set(user, 'warehouse', 'x').catch((e: unknown) => e)
      expect(isReportwrightError(error) && error.code).toBe('FORBIDDEN')

      // Rotation: a storage with key B current and key A previous re-encrypts, then A can go.
      const rotated = sqlStorage({
        db: engine!.db,
        tablePrefix: prefix,
        credentialKeys: { current: keyB, previous: [keyA] },
      })
      expect(await rotated.credentials.rotate()).toBe(1)
      expect((await rotated.credentials.list(admin))[0]?.keyId).toBe('b')
      const onlyB = sqlStorage({
        db: engine!.db,
        tablePrefix: prefix,
        credentialKeys: { current: keyB },
      })
      expect(await onlyB.credentials.reveal(admin, 'warehouse')).toBe(secret)
      const onlyA = await storage.credentials.reveal(admin, 'warehouse').catch((e: unknown) => e)
      expect(isReportwrightError(onlyA) && onlyA.code).toBe('FORBIDDEN')

      // A ciphertext moved to another row does not open (the row key is authenticated).
      await rotated.credentials.set(admin, 'other', 'second secret')
      const [moved] = (await engine!.db
        .selectFrom(`${prefix}credentials`)
        .select('ciphertext')
        .where('name', '=', 'warehouse')
        .execute()) as { ciphertext: string }[]
      await engine!.db
        .updateTable(`${prefix}credentials`)
        .set({ ciphertext: moved!.ciphertext })
        .where('name', '=', 'other')
        .execute()
      const tampered = await rotated.credentials.reveal(admin, 'other').catch((e: unknown) => e)
      expect(isReportwrightError(tampered) && tampered.code).toBe('FORBIDDEN')
      const audit = await storage.audit.list(admin)
      expect(audit.items.some((entry) => entry.action === 'credential.set')).toBe(true)
    },
  )
})

describe.each(['postgres', 'mysql'] as const)('concurrent migrate on %s', (name) => {
  const prefix = `rwa_mig_${name.slice(0, 2)}_`
  let engine: OpenedSqlEngine | undefined
  beforeAll(async () => {
    if (!available[name]) return
    engine = await openSqlEngine(name)
    await dropSqlStorage(engine.db, prefix)
  })
  afterAll(async () => {
    if (!engine) return
    await dropSqlStorage(engine.db, prefix)
    await engine.close()
  })

  it.skipIf(!available[name])(
    'two processes migrate at once: both succeed, schema applied once',
    async () => {
      const script = join(import.meta.dirname, 'fixtures', 'migrate-process.ts')
      const tsx = join(import.meta.dirname, '..', '..', '..', 'node_modules', '.bin', 'tsx')
      const children = [0, 1].map(() =>
        spawn(tsx, [script, name, prefix], {
          env: { ...process.env, NODE_OPTIONS: '--conditions=@reportwright/source' },
          stdio: ['pipe', 'pipe', 'inherit'],
        }),
      )
      const outputs = children.map((child) => {
        let text = ''
        child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()))
        return {
          ready: new Promise<void>((resolve, reject) => {
            child.stdout.on('data', () => text.includes('ready') && resolve())
            child.once('exit', () => reject(new Error('exited before it was ready')))
          }),
          done: new Promise<string>((resolve, reject) =>
            child.once('exit', (code) =>
              code === 0 ? resolve(text) : reject(new Error(`exit ${code}: ${text}`)),
            ),
          ),
        }
      })
      // Both are connected before either starts: the two migrations really overlap.
      await Promise.all(outputs.map((output) => output.ready))
      for (const child of children) child.stdin.write('go\n')
      const [one, two] = (await Promise.all(outputs.map((output) => output.done))).map(
        (text) => text.split('\n').filter(Boolean).at(-1) ?? '',
      )
      const versions = SQL_STORAGE_MIGRATIONS.map((m) => m.version)
      expect(JSON.parse(one!)).toEqual(versions)
      expect(JSON.parse(two!)).toEqual(versions)
      const rows = await engine!.db.selectFrom(`${prefix}migrations`).select('version').execute()
      expect(rows.map((row) => Number((row as { version: unknown }).version))).toEqual(versions)
      // The schema is usable afterwards.
      const storage = sqlStorage({ db: engine!.db, tablePrefix: prefix })
      const ctx = { userId: 'u', tenantId: 't', roles: [] }
      const report = await storage.reports.create(ctx, definition)
      expect((await storage.reports.get(ctx, report.id))?.id).toBe(report.id)
    },
  )
})
