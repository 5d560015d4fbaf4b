import { Queue } from 'bullmq'
import { Redis } from 'ioredis'
import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sqlStorage } from '@reportwright/adapters/storage/sql'
import type { SqlStorage } from '@reportwright/adapters/storage/sql'
import type { RequestContext, RunRecord } from '@reportwright/core'
import { checkService, redactUrl, requireServices, serviceUrl } from '@reportwright/core/testing'
import { bullmqScheduler } from '../src/bullmq/bullmq-scheduler'
import { nextRuns } from '../src/next-runs'
import { killFixtureProcesses, startFixtureProcess } from './process-harness'
import { scheduledReport, stubEngine } from './scheduler-fixtures'

const pgUrl = serviceUrl('postgres')
const redisUrl = serviceUrl('redis')
const [postgres, redis] = await Promise.all([
  checkService('postgres', pgUrl),
  checkService('redis', redisUrl),
])
const available = postgres.available && redis.available
if (!available) {
  const missing = !postgres.available ? redactUrl(pgUrl) : redactUrl(redisUrl)
  if (requireServices()) throw new Error(`${missing} unavailable for the BullMQ process suite`)
  console.log(`[reportwright] skipping multi-process BullMQ suite: ${missing} unreachable`)
}

const acme: RequestContext = { userId: 'ann', tenantId: 'acme', roles: ['owner'] }
const tablePrefix = `rw_bmq${process.pid}_`
const prefix = `rwtest-bmq-${process.pid}`
const queueName = `rw-processes-${Date.now()}`
let pool: pg.Pool
let db: Kysely<unknown>
let admin: Redis

beforeAll(() => {
  if (!available) return
  pool = new pg.Pool({ connectionString: pgUrl, max: 4 })
  db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) })
  admin = new Redis(redisUrl, { maxRetriesPerRequest: null })
})

afterAll(async () => {
  killFixtureProcesses()
  if (!available) return
  const queue = new Queue(queueName, { connection: admin, prefix })
  await queue.obliterate({ force: true })
  await queue.close()
  await admin.quit()
  const { rows } = await sql<{ tablename: string }>`
    SELECT tablename FROM pg_tables WHERE tablename LIKE ${`${tablePrefix}%`}`.execute(db)
  for (const { tablename } of rows)
    await sql`DROP TABLE IF EXISTS ${sql.table(tablename)} CASCADE`.execute(db)
  await db.destroy()
})

/** Every run of each report, oldest first. */
async function runsOf(storage: SqlStorage, ids: readonly string[]) {
  const all = new Map<string, RunRecord[]>()
  for (const id of ids)
    all.set(id, [...(await storage.runs.listByReport(acme, id, { limit: 500 })).items].reverse())
  return all
}

async function waitUntil(condition: () => Promise<boolean>, what: string): Promise<void> {
  const until = Date.now() + 60_000
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`not within 60 s: ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

describe.skipIf(!available)('three BullMQ worker processes on one Redis and PostgreSQL', () => {
  it('run each occurrence once and lose none when one is killed with SIGKILL mid-run', async () => {
    const storage = sqlStorage({ db, tablePrefix })
    await storage.migrate()
    const spec = scheduledReport({ frequency: 'cron', cron: '*/2 * * * * *' }).schedule!
    const ids: string[] = []
    for (let i = 0; i < 30; i++)
      ids.push((await storage.reports.create(acme, scheduledReport(spec, `w${i}`))).id)
    const env = {
      RW_PG_URL: pgUrl,
      RW_REDIS_URL: redisUrl,
      RW_TABLE_PREFIX: tablePrefix,
      RW_QUEUE: queueName,
      RW_PREFIX: prefix,
    }
    // The victim's runs never end by themselves: whatever it holds is mid-run when it dies.
    const victim = startFixtureProcess('bullmq-process.ts', {
      ...env,
      RW_INSTANCE: 'victim',
      RW_RUN_MS: '600000',
    })
    const survivors = ['s1', 's2'].map((name) =>
      startFixtureProcess('bullmq-process.ts', { ...env, RW_INSTANCE: name }),
    )
    await Promise.all([victim, ...survivors].map((p) => p.waitFor((line) => line.ready === true)))
    const manager = bullmqScheduler({
      engine: stubEngine(storage),
      connection: admin,
      queueName,
      prefix,
      worker: false,
      reconcileIntervalMs: false,
      occurrenceRetention: false,
    })
    await manager.start()
    await manager.syncAll()
    const synced = Date.now()

    // Killed mid-run: its run is recorded and has not ended.
    await victim.waitFor((line) => typeof line.running === 'string')
    victim.child.kill('SIGKILL')
    expect(await victim.exited).toBeNull()
    const killed = Date.now()
    const held = victim.lines.filter((line) => typeof line.started === 'string')
    // Every fire time from just after the sync to a few seconds after the kill must end up run.
    const expected = nextRuns(spec, new Date(synced + 1_000), 100).filter(
      (date) => date.getTime() <= killed + 4_000,
    )
    expect(expected.length).toBeGreaterThanOrEqual(2)
    const succeeded = (list: readonly RunRecord[], at: string) =>
      list.some((run) => run.status === 'succeeded' && run.scheduledFor?.toISOString() === at)
    await waitUntil(async () => {
      const runs = await runsOf(storage, ids)
      return ids.every((id) => {
        const list = runs.get(id)!
        return (
          expected.every((date) => succeeded(list, date.toISOString())) &&
          held.every((line) => line.started !== id || succeeded(list, String(line.fireTime)))
        )
      })
    }, 'every expected occurrence and every one the victim held succeeded')
    await manager.syncAll([])
    await manager.stop()
    for (const p of survivors) p.child.kill('SIGTERM')
    expect(await Promise.all(survivors.map((p) => p.exited))).toEqual([0, 0])

    const runs = await runsOf(storage, ids)
    const ranBy = new Set<string>()
    for (const id of ids) {
      const list = runs.get(id)!
      const done = list.filter((run) => run.status === 'succeeded')
      const fireTimes = done.map((run) => run.scheduledFor!.toISOString())
      expect(new Set(fireTimes).size, `report ${id} ran an occurrence twice`).toBe(fireTimes.length)
      for (const date of expected) expect(fireTimes, `report ${id}`).toContain(date.toISOString())
      for (const run of done) ranBy.add(run.reportName)
      // Nothing left running: the victim's runs were closed as abandoned.
      expect(list.filter((run) => run.status === 'running')).toEqual([])
    }
    expect([...ranBy].sort()).toEqual(['s1', 's2'])
    expect(held.length).toBeGreaterThanOrEqual(1)
    // A run the victim had started is closed as abandoned (it may have died before starting
    // one); each occurrence it held succeeded once, in a survivor.
    let abandoned = 0
    for (const line of held) {
      const list = runs.get(String(line.started))!
      const same = list.filter((run) => run.scheduledFor?.toISOString() === line.fireTime)
      const dead = same.filter((run) => run.reportName === 'victim')
      expect(dead.map((run) => [run.status, run.error?.code])).toEqual(
        dead.map(() => ['failed', 'ABANDONED']),
      )
      const done = same.filter((run) => run.status === 'succeeded')
      expect(done.map((run) => run.reportName)).toEqual([expect.stringMatching(/^s[12]$/)])
      expect(same).toHaveLength(dead.length + 1)
      const record = await storage.occurrences.get({
        scheduleId: String(line.started),
        fireTime: new Date(String(line.fireTime)),
      })
      expect(record?.status).toBe('succeeded')
      expect([...(record?.runIds ?? [])].sort()).toEqual(same.map((run) => run.id).sort())
      if (dead.length > 0) {
        expect(record?.abandoned).toBe(true)
        abandoned++
      }
    }
    expect(abandoned).toBeGreaterThanOrEqual(1)
  }, 120_000)
})
