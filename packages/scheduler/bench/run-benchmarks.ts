// `pnpm --filter @reportwright/scheduler bench`: 10,000 enabled schedules (RW_BENCH_SCHEDULES),
// a minute of schedule time per lateness run (RW_BENCH_SECONDS).
//
// 1. Tick cost on the storage the scheduler runs on in production: one poll (tick) over 10,000
//    schedules on sqlStorage (PostgreSQL, RW_PG_URL), wall time and CPU, none due and 500 due,
//    each next to the same tick on memoryStorage as baseline.
// 2. CPU per poll in memory (ratio to computing the next fire times with croner alone) and memory
//    (ratio to the stored reports alone).
// 3. How late occurrences start, p50 / p99, with 1 and 3 instances (ratios to one instance
//    polling 100 schedules), measured in the same run.
//
// Results: packages/scheduler/bench-results/scheduler.json, an array of
//   { name, value, unit, baseline?: { name, value }, ratio? }
// one object per figure (`ratio` = value / baseline.value when there is a baseline), which the
// root `pnpm bench` collects.
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import { sqlStorage, SQL_STORAGE_TABLES } from '@reportwright/adapters/storage/sql'
import { memoryStorage, parseReportDefinition } from '@reportwright/core'
import type { LeaseRepository, RequestContext, RunResult, StorageAdapter } from '@reportwright/core'
import { checkService, redactUrl, serviceUrl } from '@reportwright/core/testing'
import { createScheduler, manualClock, memoryOccurrenceStore, nextRuns } from '../src/index'
import type { SchedulerEngine } from '../src/index'

/** One figure of the results file. */
interface BenchResult {
  readonly name: string
  readonly value: number
  readonly unit: string
  readonly baseline?: { readonly name: string; readonly value: number }
  readonly ratio?: number
}
const results: BenchResult[] = []
function report(
  name: string,
  value: number,
  unit: string,
  baseline?: { readonly name: string; readonly value: number },
): void {
  const rounded = Math.round(value * 100) / 100
  results.push({
    name,
    value: rounded,
    unit,
    ...(baseline
      ? {
          baseline: { name: baseline.name, value: Math.round(baseline.value * 100) / 100 },
          ...(baseline.value > 0
            ? { ratio: Math.round((value / baseline.value) * 100) / 100 }
            : {}),
        }
      : {}),
  })
}

type BenchStorage = StorageAdapter & { readonly leases: LeaseRepository }

const here = dirname(fileURLToPath(import.meta.url))
const SCHEDULES = Number(process.env.RW_BENCH_SCHEDULES ?? 10_000)
const SECONDS = Number(process.env.RW_BENCH_SECONDS ?? 60)
const POLL_MS = 500

const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
}
const cpuMs = (start: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(start)
  return (used.user + used.system) / 1000
}
const gc = (): void => (globalThis as { gc?: () => void }).gc?.()
const ratio = (value: number, base: number): string =>
  base > 0 ? (value / base).toFixed(2) : 'n/a'

function definition(i: number, cron: string) {
  return parseReportDefinition({
    version: 1,
    name: `bench ${i}`,
    dataset: 'sales',
    fields: [{ field: 'id' }],
    output: { format: 'json' },
    schedule: { enabled: true, frequency: 'cron', cron, time: '00:00', timezone: 'Europe/Berlin' },
  })
}

/** An engine whose runs record the start time and end at once. */
function benchEngine(storage: BenchStorage, onRun: (fire: Date) => void): SchedulerEngine {
  return {
    storage,
    check: async () => ({ ok: true, problems: [] }),
    async run(_id, options): Promise<RunResult> {
      if (options.scheduledFor) onRun(options.scheduledFor)
      await new Promise((resolve) => setImmediate(resolve))
      return { id: 'bench', status: 'succeeded', rowCount: 0, deliveries: [] }
    },
  }
}

async function seed(count: number, cron: (i: number) => string, clock?: { now(): Date }) {
  const storage = memoryStorage(clock ? { clock } : {})
  for (let i = 0; i < count; i++) {
    const context: RequestContext = { userId: `u${i % 500}`, tenantId: `t${i % 100}`, roles: [] }
    await storage.reports.create(context, definition(i, cron(i)))
  }
  return storage
}

/* --- tick cost: sqlStorage (PostgreSQL) next to memoryStorage --- */

const TICK_SAMPLES = 5
const BENCH_PREFIX = 'rw_bench_sched_'

/** Mean wall and CPU milliseconds of `ticks` ticks. */
async function measure(ticks: number, tick: () => Promise<unknown>) {
  const wallStart = performance.now()
  const cpuStart = process.cpuUsage()
  for (let i = 0; i < ticks; i++) await tick()
  return { wall: (performance.now() - wallStart) / ticks, cpu: cpuMs(cpuStart) / ticks }
}

/**
 * 10,000 daily schedules whose next fire time is already computed (as after the first poll), on
 * a manual clock: an idle tick (none due, the steady state) and a tick when all are due (the
 * default batch of 500 planned, as many run as `concurrency` allows).
 */
async function tickCost(storage: BenchStorage, setNextRun: (at: Date) => Promise<void>) {
  const clock = manualClock(new Date('2026-06-01T06:00:00Z'))
  const fire = nextRuns(definition(0, '0 9 * * *').schedule!, clock.now(), 1)[0]!
  for (let i = 0; i < SCHEDULES; i += 500) {
    const contexts = Array.from({ length: Math.min(500, SCHEDULES - i) }, (_, j) => i + j)
    // Twenty at a time: the pool has ten connections.
    for (let k = 0; k < contexts.length; k += 20)
      await Promise.all(
        contexts
          .slice(k, k + 20)
          .map((n) =>
            storage.reports.create(
              { userId: `u${n % 500}`, tenantId: `t${n % 100}`, roles: [] },
              definition(n, '0 9 * * *'),
            ),
          ),
      )
  }
  await setNextRun(fire)
  const scheduler = createScheduler({
    engine: benchEngine(storage, () => undefined),
    storage,
    clock,
    jitterMs: 0,
    concurrency: 64,
    tenantConcurrency: 8,
    checkBeforeRun: false,
    occurrenceRetention: false,
  })
  await scheduler.tick() // warm-up
  const idle = await measure(TICK_SAMPLES, () => scheduler.tick())
  await clock.set(new Date(fire.getTime() + 30_000))
  let started = 0
  const due = await measure(1, async () => (started = (await scheduler.tick()).started))
  return { idle, due, started }
}

async function sqlTickCost() {
  const url = serviceUrl('postgres')
  const status = await checkService('postgres', url)
  if (!status.available) {
    console.log(`tick cost on PostgreSQL skipped: ${redactUrl(url)} unreachable (${status.reason})`)
    return undefined
  }
  const pool = new pg.Pool({ connectionString: url, max: 10 })
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) })
  const drop = async () => {
    for (const name of SQL_STORAGE_TABLES)
      await db.schema.dropTable(`${BENCH_PREFIX}${name}`).ifExists().execute()
  }
  try {
    await drop()
    const storage = sqlStorage({ db, tablePrefix: BENCH_PREFIX })
    await storage.migrate()
    return await tickCost(storage, async (at) => {
      // The state after a first poll, written in one statement rather than 10,000 polls.
      await sql`update ${sql.table(`${BENCH_PREFIX}schedules`)} set computed = 1, next_run_at = ${at.getTime()}`.execute(
        db,
      )
    })
  } finally {
    await drop()
    await db.destroy()
  }
}

async function memoryTickCost() {
  const storage = memoryStorage()
  return tickCost(storage, async (at) => {
    for (const due of await storage.schedules.listDue(new Date(8.64e15), SCHEDULES))
      await storage.schedules.setNextRun(due.reportId, at)
  })
}

/* --- CPU per poll and memory, on a manual clock --- */
async function pollCost() {
  const spec = definition(0, '0 9 * * *').schedule!
  const baseStart = process.cpuUsage()
  for (let i = 0; i < SCHEDULES; i++)
    nextRuns({ ...spec, cron: `${i % 60} 9 * * *` }, new Date(), 1)
  const baselineCpu = cpuMs(baseStart)

  gc()
  const heapBefore = process.memoryUsage().heapUsed
  const clock = manualClock(new Date('2026-06-01T06:00:00Z'))
  const storage = await seed(SCHEDULES, () => '0 9 * * *', clock)
  gc()
  const heapStored = process.memoryUsage().heapUsed - heapBefore
  const scheduler = createScheduler({
    engine: benchEngine(storage, () => undefined),
    storage,
    clock,
    jitterMs: 0,
    concurrency: 64,
    tenantConcurrency: 8,
    batchSize: SCHEDULES,
  })
  await scheduler.tick() // computes every first fire time
  let start = process.cpuUsage()
  await scheduler.tick()
  const idleCpu = cpuMs(start)
  await clock.set(new Date('2026-06-01T07:00:00Z'))
  start = process.cpuUsage()
  const due = await scheduler.tick()
  const duePollCpu = cpuMs(start)
  gc()
  const heapScheduled = process.memoryUsage().heapUsed - heapBefore
  return { baselineCpu, idleCpu, duePollCpu, started: due.started, heapStored, heapScheduled }
}

/* --- lateness with the system clock --- */
async function lateness(count: number, instances: number) {
  // Every schedule once a minute, spread over the seconds: a steady 1/60 of them due each second.
  const storage = await seed(count, (i) => `${i % 60} * * * * *`)
  const occurrences = memoryOccurrenceStore({ maxFinished: count * 4 })
  const late: number[] = []
  const engine = benchEngine(storage, (fire) => late.push(Date.now() - fire.getTime()))
  const schedulers = Array.from({ length: instances }, (_, i) =>
    createScheduler({
      engine,
      storage,
      occurrences,
      instanceId: `bench-${i}`,
      pollIntervalMs: POLL_MS,
      jitterMs: 0,
      concurrency: 256,
      tenantConcurrency: 64,
      batchSize: count,
    }),
  )
  // Let the first pass compute every first fire time before measuring.
  await schedulers[0]!.tick()
  late.length = 0
  const cpuStart = process.cpuUsage()
  for (const scheduler of schedulers) scheduler.start()
  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000))
  await Promise.all(schedulers.map((scheduler) => scheduler.stop()))
  return {
    runs: late.length,
    p50: percentile(late, 50),
    p99: percentile(late, 99),
    cpu: cpuMs(cpuStart),
  }
}

const memoryTick = await memoryTickCost()
const postgresTick = await sqlTickCost()
const n = SCHEDULES.toLocaleString('en-US')
console.log(`tick cost with ${n} schedules (baseline: the same tick on memoryStorage)`)
for (const [label, key] of [
  ['idle tick (none due)', 'idle'],
  [`tick, all due (${memoryTick.started} run)`, 'due'],
] as const) {
  const base = memoryTick[key]
  report(`tick.${key}.memory.wall`, base.wall, 'ms')
  report(`tick.${key}.memory.cpu`, base.cpu, 'ms')
  if (!postgresTick) continue
  const value = postgresTick[key]
  report(`tick.${key}.postgres.wall`, value.wall, 'ms', {
    name: `tick.${key}.memory.wall`,
    value: base.wall,
  })
  report(`tick.${key}.postgres.cpu`, value.cpu, 'ms', {
    name: `tick.${key}.memory.cpu`,
    value: base.cpu,
  })
  console.log(
    `  ${label.padEnd(26)} postgres ${value.wall.toFixed(1)} ms wall (×${ratio(value.wall, base.wall)}), ${value.cpu.toFixed(1)} ms CPU (×${ratio(value.cpu, base.cpu)}); memory ${base.wall.toFixed(1)} ms wall, ${base.cpu.toFixed(1)} ms CPU`,
  )
}

const cost = await pollCost()
const croner = { name: 'croner.nextRuns.cpu', value: cost.baselineCpu }
report('croner.nextRuns.cpu', cost.baselineCpu, 'ms')
report('poll.idle.memory.cpu', cost.idleCpu, 'ms', croner)
report('poll.allDue.memory.cpu', cost.duePollCpu, 'ms', croner)
report('heap.reports', cost.heapStored / 1e6, 'MB')
report('heap.reportsAndScheduler', cost.heapScheduled / 1e6, 'MB', {
  name: 'heap.reports',
  value: cost.heapStored / 1e6,
})
console.log(
  `poll CPU with ${n} schedules in memory (baseline: croner next runs ${cost.baselineCpu.toFixed(1)} ms)`,
)
console.log(
  `  idle poll (none due)        ${cost.idleCpu.toFixed(1)} ms  ×${ratio(cost.idleCpu, cost.baselineCpu)}`,
)
console.log(
  `  poll with all due           ${cost.duePollCpu.toFixed(1)} ms  ×${ratio(cost.duePollCpu, cost.baselineCpu)}  (${cost.started} started)`,
)
console.log(`memory (baseline: the stored reports ${(cost.heapStored / 1e6).toFixed(1)} MB)`)
console.log(
  `  reports + scheduler state   ${(cost.heapScheduled / 1e6).toFixed(1)} MB  ×${ratio(cost.heapScheduled, cost.heapStored)}`,
)

console.log(`lateness, each schedule once a minute for ${SECONDS} s, poll every ${POLL_MS} ms…`)
const baseline = await lateness(100, 1)
const one = await lateness(SCHEDULES, 1)
const three = await lateness(SCHEDULES, 3)
report('lateness.baseline.p50', baseline.p50, 'ms')
report('lateness.baseline.p99', baseline.p99, 'ms')
console.log(
  `  baseline: 1 instance, 100 schedules   p50 ${baseline.p50} ms  p99 ${baseline.p99} ms  (${baseline.runs} runs)`,
)
for (const [label, key, result] of [
  [`1 instance, ${SCHEDULES} schedules`, 'one', one],
  [`3 instances, ${SCHEDULES} schedules`, 'three', three],
] as const) {
  report(`lateness.${key}.p50`, result.p50, 'ms', {
    name: 'lateness.baseline.p50',
    value: baseline.p50,
  })
  report(`lateness.${key}.p99`, result.p99, 'ms', {
    name: 'lateness.baseline.p99',
    value: baseline.p99,
  })
  console.log(
    `  ${label.padEnd(30)} p50 ×${ratio(result.p50, baseline.p50)}  p99 ×${ratio(result.p99, baseline.p99)}  (${result.p50} / ${result.p99} ms, ${result.runs} runs, ${result.cpu.toFixed(0)} ms CPU)`,
  )
}

const out = join(here, '..', 'bench-results')
mkdirSync(out, { recursive: true })
writeFileSync(join(out, 'scheduler.json'), `${JSON.stringify(results, null, 2)}\n`)
console.log(`results: ${join(out, 'scheduler.json')}`)
