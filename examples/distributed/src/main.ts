// Two worker processes run scheduled reports through BullMQ on Redis, on shared SQL storage and
// a shared file folder; the coordinator then proves that every occurrence ran exactly once.
//
//   pnpm start [--occurrences 9] [--timeout-seconds 120] [--sqlite] [--require]
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { Queue } from 'bullmq'
import { Redis } from 'ioredis'
import { parseReportDefinition } from '@reportwright/core'
import type { RequestContext } from '@reportwright/core'
import { checkService, redactUrl, serviceUrl } from '@reportwright/core/testing'
import { bullmqScheduler } from '@reportwright/scheduler/bullmq'
import { openEngine, writeSampleData } from './open-engine'
import type { SharedSetup, StorageSetup, WorkerMessage } from './shared-setup'
import { verifyOccurrences } from './verify-occurrences'
import { forkWorker } from './worker-process'

const { values: args } = parseArgs({
  options: {
    occurrences: { type: 'string', default: '9' },
    'timeout-seconds': { type: 'string', default: '120' },
    sqlite: { type: 'boolean', default: false },
    require: { type: 'boolean', default: false },
  },
})
const wanted = Number(args.occurrences)
const deadline = Date.now() + Number(args['timeout-seconds']) * 1_000
const owner: RequestContext = { userId: 'demo', tenantId: 'acme', roles: ['owner'] }
// Fires every 2 seconds (croner's six-field form), so the demo sees occurrences in seconds.
const EVERY_TWO_SECONDS = {
  enabled: true,
  frequency: 'cron',
  cron: '*/2 * * * * *',
  time: '00:00',
  timezone: 'UTC',
} as const

const redisUrl = process.env.RW_REDIS_URL || 'redis://127.0.0.1:6379'
const redis = await checkService('redis', redisUrl)
if (!redis.available) {
  console.log(
    `Redis is not reachable at ${redactUrl(redisUrl)} (${redis.reason}); start it with \`docker run --rm -p 6379:6379 redis:7\` or \`redis-server\`, or point RW_REDIS_URL at one.`,
  )
  // RW_REQUIRE_SERVICES=1 (as in the test suites) makes a missing Redis an error too.
  process.exit(args.require || process.env.RW_REQUIRE_SERVICES === '1' ? 1 : 0)
}

// The hard stop: whatever hangs, the example ends (a CI job must never wait forever).
const workers: ReturnType<typeof forkWorker>[] = []
setTimeout(
  () => {
    console.error('✗ timed out; killing the workers')
    for (const worker of workers) worker.child.kill('SIGKILL')
    process.exit(1)
  },
  deadline - Date.now() + 30_000,
).unref()

const runTag = randomBytes(4).toString('hex')
const folder = await mkdtemp(join(tmpdir(), 'reportwright-distributed-'))
const setup: SharedSetup = {
  storage: await chooseStorage(),
  dataFile: join(folder, 'sales.db'),
  filesDir: join(folder, 'files'),
  redisUrl,
  queueName: 'reportwright-schedules',
  queuePrefix: `rw-example-${runTag}`,
}
console.log(
  `Storage: ${setup.storage.kind === 'postgres' ? `PostgreSQL at ${redactUrl(setup.storage.url)}` : `SQLite file ${setup.storage.file}`}; files in ${setup.filesDir}; Redis at ${redactUrl(redisUrl)}`,
)

await writeSampleData(setup.dataFile)
const app = openEngine(setup)
const connection = new Redis(redisUrl, { maxRetriesPerRequest: null })
let failed = false
try {
  await app.database.storage.migrate()
  const reportIds: string[] = []
  for (const [name, fields] of [
    ['Revenue by channel', [{ field: 'channel' }, { field: 'amount', aggregation: 'sum' }]],
    ['Orders by channel', [{ field: 'channel' }, { field: 'id', aggregation: 'count' }]],
    ['Units by channel', [{ field: 'channel' }, { field: 'quantity', aggregation: 'sum' }]],
  ] as const) {
    const definition = parseReportDefinition({
      version: 1,
      name,
      dataset: 'sales',
      fields,
      output: { format: 'json' },
      schedule: EVERY_TWO_SECONDS,
    })
    reportIds.push((await app.engine.storage.reports.create(owner, definition)).id)
  }

  const ran: Extract<WorkerMessage, { type: 'ran' }>[] = []
  const onMessage = (message: WorkerMessage): void => {
    if (message.type === 'ran') ran.push(message)
    if (message.type === 'failed') console.error(`✗ pid ${message.pid}: ${message.message}`)
  }
  workers.push(forkWorker(setup, onMessage), forkWorker(setup, onMessage))
  const pids = await Promise.all(workers.map((worker) => worker.ready))
  console.log(`Workers ready: pid ${pids.join(' and pid ')}`)

  // This process only manages job schedulers (as a web app does after saving a report).
  const control = bullmqScheduler({
    engine: app.engine,
    connection,
    queueName: setup.queueName,
    prefix: setup.queuePrefix,
    worker: false,
  })
  await control.syncAll()
  console.log(`Scheduled ${reportIds.length} reports every 2 s; waiting for ${wanted} occurrences…`)

  // Enough occurrences, and (almost always within a few ticks) both workers among their runners.
  const workersThatRan = () => new Set(ran.map((message) => message.pid)).size
  while (ran.length < wanted || (workersThatRan() < 2 && ran.length < wanted * 3)) {
    if (Date.now() > deadline) throw new Error(`only ${ran.length} occurrences ran in time`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  await control.syncAll([])
  await control.stop()
  const codes = await Promise.all(workers.map((worker) => worker.stop()))

  const ranBy = new Map(ran.flatMap((message) => message.runIds.map((id) => [id, message.pid])))
  const report = await verifyOccurrences(
    { storage: app.engine.storage, files: app.files },
    owner,
    reportIds,
    ranBy,
  )
  console.log('\nfire time                 schedule             worker      run')
  for (const row of report.rows)
    console.log(
      `${row.fireTime}  ${row.scheduleName.padEnd(19)}  ${row.workerPid ? `pid ${row.workerPid}`.padEnd(10) : '?'.padEnd(10)}  ${row.runs.map((run) => run.id.slice(0, 8)).join(', ')}`,
    )
  const perWorker = pids.map((pid) => `pid ${pid} ran ${ran.filter((m) => m.pid === pid).length}`)
  const checks: [string, boolean][] = [
    [`${report.rows.length} occurrences ran (at least ${wanted})`, report.rows.length >= wanted],
    [
      'no occurrence ran twice (runs per (scheduleId, fireTime) = 1)',
      report.duplicates.length === 0,
    ],
    ['every run succeeded', report.failedRuns.length === 0],
    ['every run left its file in the shared folder', report.missingFiles.length === 0],
    [`two worker processes took part: ${perWorker.join(', ')}`, new Set(pids).size === 2],
    ['both workers ran occurrences', workersThatRan() === 2],
    ['both workers stopped cleanly', codes.every((code) => code === 0)],
  ]
  console.log('')
  for (const [name, ok] of checks) console.log(`${ok ? '✓' : '✗'} ${name}`)
  const failures = checks.filter(([, ok]) => !ok).length
  console.log(`${checks.length - failures} passed, ${failures} failed`)
  failed = failures > 0
} catch (error) {
  console.error(`✗ ${error instanceof Error ? error.message : String(error)}`)
  failed = true
} finally {
  await Promise.all(workers.map((worker) => worker.stop()))
  const queue = new Queue(setup.queueName, { connection, prefix: setup.queuePrefix })
  await queue.obliterate({ force: true })
  await queue.close()
  await connection.quit()
  await app.database.dropTables()
  await app.close()
  await rm(folder, { recursive: true, force: true })
}
process.exitCode = failed ? 1 : 0

/** PostgreSQL at RW_PG_URL when it answers (and `--sqlite` is not given), else a SQLite file. */
async function chooseStorage(): Promise<StorageSetup> {
  const tablePrefix = `rw_example_${runTag}_`
  const url = serviceUrl('postgres')
  if (!args.sqlite && (await checkService('postgres', url)).available)
    return { kind: 'postgres', url, tablePrefix }
  return { kind: 'sqlite', file: join(folder, 'reportwright.db'), tablePrefix }
}
