// `pnpm --filter @reportwright/scheduler bench`: 10,000 enabled schedules (RW_BENCH_SCHEDULES),
// a minute of schedule time per lateness run (RW_BENCH_SECONDS). CPU time per poll
// (ratio to computing their next fire times with croner alone), memory (ratio to the stored
// reports alone) and how late occurrences start, p50 / p99, with 1 and 3 instances (ratios to one
// instance polling 100 schedules, measured in the same run).
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { memoryStorage, parseReportDefinition } from '@reportwright/core'
import type { RequestContext, RunResult } from '@reportwright/core'
import { createScheduler, manualClock, memoryOccurrenceStore, nextRuns } from '../src/index'
import type { SchedulerEngine } from '../src/index'

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
function benchEngine(
  storage: ReturnType<typeof memoryStorage>,
  onRun: (fire: Date) => void,
): SchedulerEngine {
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

const cost = await pollCost()
console.log(
  `poll CPU with ${SCHEDULES.toLocaleString('en-US')} schedules (baseline: croner next runs ${cost.baselineCpu.toFixed(1)} ms)`,
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
console.log(
  `  baseline: 1 instance, 100 schedules   p50 ${baseline.p50} ms  p99 ${baseline.p99} ms  (${baseline.runs} runs)`,
)
for (const [label, result] of [
  [`1 instance, ${SCHEDULES} schedules`, one],
  [`3 instances, ${SCHEDULES} schedules`, three],
] as const)
  console.log(
    `  ${label.padEnd(30)} p50 ×${ratio(result.p50, baseline.p50)}  p99 ×${ratio(result.p99, baseline.p99)}  (${result.p50} / ${result.p99} ms, ${result.runs} runs, ${result.cpu.toFixed(0)} ms CPU)`,
  )

mkdirSync(join(here, '..', '..', '..', 'bench-results'), { recursive: true })
writeFileSync(
  join(here, '..', '..', '..', 'bench-results', 'scheduler.json'),
  `${JSON.stringify({ schedules: SCHEDULES, seconds: SECONDS, cost, lateness: { baseline, one, three } }, null, 2)}\n`,
)
