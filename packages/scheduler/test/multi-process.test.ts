import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sqlStorage } from '@reportwright/adapters/storage/sql'
import type { RequestContext, RunRecord } from '@reportwright/core'
import { checkService, redactUrl, requireServices, serviceUrl } from '@reportwright/core/testing'
import { nextRuns } from '../src/next-runs'
import { killFixtureProcesses, startFixtureProcess } from './process-harness'
import type { FixtureProcess } from './process-harness'
import { scheduledReport } from './scheduler-fixtures'

const url = serviceUrl('postgres')
const postgres = await checkService('postgres', url)
if (!postgres.available) {
  if (requireServices())
    throw new Error(`PostgreSQL unavailable at ${redactUrl(url)}: ${postgres.reason}`)
  console.log(
    `[reportwright] skipping multi-process scheduler suite: ${redactUrl(url)} unreachable`,
  )
}

const acme: RequestContext = { userId: 'ann', tenantId: 'acme', roles: ['owner'] }
let pool: pg.Pool
let db: Kysely<unknown>

function startProcess(env: Record<string, string>): FixtureProcess {
  return startFixtureProcess('scheduler-process.ts', { RW_PG_URL: url, ...env })
}

async function createStorage(tablePrefix: string) {
  const storage = sqlStorage({ db, tablePrefix })
  await storage.migrate?.()
  return storage
}

beforeAll(() => {
  if (!postgres.available) return
  pool = new pg.Pool({ connectionString: url, max: 4 })
  db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) })
})

afterAll(async () => {
  killFixtureProcesses()
  if (!postgres.available) return
  const { rows } = await sql<{ tablename: string }>`
    SELECT tablename FROM pg_tables WHERE tablename LIKE ${`rw_sch${process.pid}%`}`.execute(db)
  for (const { tablename } of rows)
    await sql`DROP TABLE IF EXISTS ${sql.table(tablename)} CASCADE`.execute(db)
  await db.destroy()
})

/** Polls `condition` every 200 ms; fails after 45 s. */
async function waitUntil(condition: () => Promise<boolean>): Promise<void> {
  const until = Date.now() + 45_000
  while (!(await condition())) {
    if (Date.now() > until) throw new Error('the scheduler processes did not catch up in 45 s')
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

/** Every run of each report, oldest first. */
async function runsOf(
  storage: { runs: { listByReport: (...args: never[]) => unknown } },
  ids: readonly string[],
) {
  const all = new Map<string, RunRecord[]>()
  const repository = storage.runs as unknown as {
    listByReport(
      ctx: RequestContext,
      id: string,
      page: { limit: number },
    ): Promise<{ items: RunRecord[] }>
  }
  for (const id of ids)
    all.set(id, [...(await repository.listByReport(acme, id, { limit: 500 })).items].reverse())
  return all
}

describe.skipIf(!postgres.available)('three scheduler processes on the real PostgreSQL', () => {
  it('run each occurrence of 200 schedules exactly once, losing none', async () => {
    const tablePrefix = `rw_sch${process.pid}_a_`
    const storage = await createStorage(tablePrefix)
    const spec = scheduledReport({ frequency: 'cron', cron: '*/2 * * * * *' }).schedule!
    const ids: string[] = []
    for (let i = 0; i < 200; i++)
      ids.push((await storage.reports.create(acme, scheduledReport(spec, `r${i}`))).id)

    const processes = ['a', 'b', 'c'].map((name) =>
      startProcess({ RW_TABLE_PREFIX: tablePrefix, RW_INSTANCE: name }),
    )
    await Promise.all(processes.map((p) => p.waitFor((line) => line.ready === true)))
    const allReady = Date.now()
    // A few seconds of schedule time (the bench runs the full minute): every fire time from
    // when all instances polled must end up run, however late.
    const expected = nextRuns(spec, new Date(allReady + 500), 100).filter(
      (date) => date.getTime() < allReady + 6_000,
    )
    expect(expected.length).toBeGreaterThanOrEqual(2)
    await waitUntil(async () => {
      const current = await runsOf(storage, ids)
      return ids.every((id) =>
        expected.every((date) =>
          current
            .get(id)!
            .some(
              (run) => run.scheduledFor?.getTime() === date.getTime() && run.status === 'succeeded',
            ),
        ),
      )
    })
    for (const p of processes) p.child.kill('SIGTERM')
    expect(await Promise.all(processes.map((p) => p.exited))).toEqual([0, 0, 0])

    const runs = await runsOf(storage, ids)
    let total = 0
    const ranBy = new Set<string>()
    for (const id of ids) {
      const list = runs.get(id)!
      const fireTimes = list.map((run) => run.scheduledFor!.toISOString())
      expect(new Set(fireTimes).size, `report ${id} ran an occurrence twice`).toBe(fireTimes.length)
      expect(list.every((run) => run.status === 'succeeded')).toBe(true)
      for (const date of expected) expect(fireTimes, `report ${id}`).toContain(date.toISOString())
      for (const run of list) ranBy.add(run.reportName)
      total += list.length
    }
    expect(total).toBeGreaterThanOrEqual(200 * expected.length)
    expect(ranBy.size).toBe(3)
  })

  it('a process killed with SIGKILL mid-run: another finishes its occurrence, once', async () => {
    const tablePrefix = `rw_sch${process.pid}_b_`
    const storage = await createStorage(tablePrefix)
    const spec = scheduledReport({ frequency: 'cron', cron: '*/2 * * * * *' }).schedule!
    const ids: string[] = []
    for (let i = 0; i < 3; i++)
      ids.push((await storage.reports.create(acme, scheduledReport(spec, `k${i}`))).id)

    // The victim's runs never end by themselves.
    const victim = startProcess({
      RW_TABLE_PREFIX: tablePrefix,
      RW_INSTANCE: 'victim',
      RW_RUN_MS: '600000',
      RW_DURATION_MS: '600000',
    })
    await victim.waitFor((line) => typeof line.started === 'string')
    const survivors = ['s1', 's2'].map((name) =>
      startProcess({ RW_TABLE_PREFIX: tablePrefix, RW_INSTANCE: name }),
    )
    await Promise.all(survivors.map((p) => p.waitFor((line) => line.ready === true)))
    victim.child.kill('SIGKILL')
    // The survivors close every run the victim left behind once its leases expire (1.5 s).
    // …and retry each of those occurrences (the retry starts a moment after the close).
    await waitUntil(async () => {
      const all = [...(await runsOf(storage, ids)).values()].flat()
      const retried = (run: RunRecord) =>
        all.some(
          (other) =>
            other.status === 'succeeded' &&
            other.reportId === run.reportId &&
            other.scheduledFor?.getTime() === run.scheduledFor?.getTime(),
        )
      return all.every(
        (run) => run.status !== 'running' && (run.reportName !== 'victim' || retried(run)),
      )
    })
    for (const p of survivors) p.child.kill('SIGTERM')
    expect(await Promise.all(survivors.map((p) => p.exited))).toEqual([0, 0])

    const runs = await runsOf(storage, ids)
    const all = [...runs.values()].flat()
    const abandoned = all.filter((run) => run.reportName === 'victim')
    expect(abandoned.length).toBeGreaterThanOrEqual(1)
    for (const run of abandoned) {
      expect(run).toMatchObject({ status: 'failed', error: { code: 'ABANDONED' } })
      const sameOccurrence = all.filter(
        (other) =>
          other.reportId === run.reportId &&
          other.scheduledFor?.getTime() === run.scheduledFor?.getTime(),
      )
      const retried = sameOccurrence.filter((other) => other.status === 'succeeded')
      expect(retried).toHaveLength(1)
      // Retried once in total across the processes: the dead attempt and one more, no others.
      expect(sameOccurrence).toHaveLength(2)
      // The shared record carried the victim's attempt over: the retry was attempt 2.
      const occurrence = await storage.occurrences.get({
        scheduleId: run.reportId!,
        fireTime: run.scheduledFor!,
      })
      expect(occurrence).toMatchObject({
        status: 'succeeded',
        abandoned: true,
        attempt: 2,
      })
      expect(occurrence?.holder).toBeUndefined()
      expect(occurrence?.error).toBeUndefined()
      expect([...(occurrence?.runIds ?? [])].sort()).toEqual([run.id, retried[0]!.id].sort())
    }
    for (const list of runs.values()) {
      const succeeded = list
        .filter((run) => run.status === 'succeeded')
        .map((run) => run.scheduledFor!.toISOString())
      expect(new Set(succeeded).size).toBe(succeeded.length)
    }
  })
})
