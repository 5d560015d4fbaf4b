// The Reportwright demo: sample data in PGlite, four reports, an email, a schedule and the
// embedded wizard. Started by ../run.mjs after its Node.js version check.
import { mkdir, rm } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { createReportEngine, isReportwrightError, pgliteSource } from '@reportwright/core'
import type { ReportEngine } from '@reportwright/core'
import { smtpDelivery } from '@reportwright/adapters/delivery/smtp'
import { localFiles } from '@reportwright/adapters/files/local'
import { pgliteKyselyDialect, sqlStorage } from '@reportwright/adapters/storage/sql'
import { csvRenderer } from '@reportwright/renderers/csv'
import { pdfRenderer } from '@reportwright/renderers/pdf'
import { pptxRenderer } from '@reportwright/renderers/pptx'
import { xlsxRenderer } from '@reportwright/renderers/xlsx'
import { Kysely } from 'kysely'
import { bytes, count, duration, heading, line, progress, table } from './console-output'
import { demoClock } from './demo-clock'
import { FINANCE_MANAGER, SALES_REP, createDemoCatalog } from './demo-catalog'
import { DemoUsageError, USAGE, readDemoOptions } from './demo-options'
import type { DemoOptions } from './demo-options'
import { DEMO_RECIPIENT, DEMO_REPORTS, MONTHLY_REVENUE } from './demo-reports'
import { PortInUseError, assertPortFree, loadEmbedServer, startEmbedExample } from './embed-step'
import { startOutboxSmtpServer } from './outbox-smtp-server'
import { DemoRunError, runDemoReport } from './run-demo-reports'
import type { ProducedFile } from './run-demo-reports'
import { runScheduleStep } from './schedule-step'
import { DEMO_PERIOD, DEMO_TENANTS, seedDemoDatabase } from './seed/index'

/** How long Ctrl-C waits for the embed example to close. */
const STOP_TIMEOUT_MS = 5000

/** Removes what an earlier demo wrote (and nothing else) from the output folder. */
async function clearOutput(outputDir: string): Promise<void> {
  await mkdir(outputDir, { recursive: true })
  const ours = ['runs', 'outbox', ...DEMO_REPORTS.map((r) => `${r.slug}.${r.format}`)]
  await Promise.all(ours.map((name) => rm(join(outputDir, name), { recursive: true, force: true })))
}

/** Shows that the catalog, not the caller, enforces column roles. */
async function showRoleCheck(engine: ReportEngine): Promise<void> {
  try {
    await engine.preview(
      {
        version: 1,
        name: 'Margins',
        dataset: 'sales',
        fields: [{ field: 'margin', aggregation: 'sum' }],
      },
      { context: SALES_REP },
    )
    line('✗ A sales rep could read margins.')
  } catch (error) {
    if (!isReportwrightError(error)) throw error
    line(`A sales rep asking for margins gets ${error.code}: ${error.message}`)
  }
}

async function runDemo(options: DemoOptions): Promise<void> {
  const { outputDir } = options
  const startedAt = performance.now()
  // Step 5 needs the port: say it is taken now, not after a minute of work.
  const startEmbed = options.once ? undefined : await loadEmbedServer()
  if (startEmbed) await assertPortFree(options.port)
  console.log('Reportwright demo')
  console.log(`Output folder: ${outputDir}`)
  await clearOutput(outputDir)
  const clock = demoClock()

  heading('Setting up')
  const seeding = progress(`Seeding ${count(options.sales)} sales into an embedded PGlite database`)
  let seedStarted = performance.now()
  const db = await PGlite.create()
  const seeded = await seedDemoDatabase(db, { sales: options.sales })
  seeding.done(
    `✓ Seeded ${DEMO_TENANTS.length} tenants (${DEMO_TENANTS.map((t) => t.name).join(', ')}): ${count(seeded.customers)} customers, ${count(seeded.products)} products, ${count(seeded.sales)} sales from ${DEMO_PERIOD.from} to ${DEMO_PERIOD.to} in ${duration(performance.now() - seedStarted)}`,
  )
  seedStarted = performance.now()
  const storage = sqlStorage({
    db: new Kysely({ dialect: pgliteKyselyDialect({ pglite: db }) }),
    clock,
  })
  await storage.migrate()
  const smtp = await startOutboxSmtpServer(join(outputDir, 'outbox'))
  const catalog = createDemoCatalog(pgliteSource({ db }))
  const engine = createReportEngine({
    catalog,
    storage,
    clock,
    files: localFiles({ dir: outputDir }),
    renderers: [csvRenderer(), xlsxRenderer(), pdfRenderer(), pptxRenderer()],
    delivery: smtpDelivery({
      host: smtp.host,
      port: smtp.port,
      from: { email: 'reports@acme-outdoor.example', name: 'Acme Outdoor Reports' },
      pool: false,
      transport: { ignoreTLS: true },
    }),
  })
  line(
    `✓ Run history in PGlite (sqlStorage), files in ${relative(process.cwd(), outputDir) || '.'}/runs (localFiles), SMTP on ${smtp.host}:${smtp.port}`,
  )
  line(
    `Catalog: ${catalog.datasets.size} datasets, scoped by tenant_id; cost and margin only for the finance role`,
  )
  await showRoleCheck(engine)
  const who = FINANCE_MANAGER
  line(`Reports run as ${who.userId} (${who.roles.join(', ')}) of tenant ${who.tenantId}`)

  try {
    heading('1. Four sample reports')
    const produced: ProducedFile[] = []
    let emailed: Awaited<ReturnType<typeof runDemoReport>>['run'] | undefined
    for (const report of DEMO_REPORTS) {
      const result = await runDemoReport(engine, report, { context: who, outputDir })
      produced.push(result.produced)
      if (report === MONTHLY_REVENUE) emailed = result.run
    }

    heading('2. Email delivery')
    const delivery = emailed?.deliveries[0]
    const eml = smtp.received[0]
    if (!delivery || delivery.accepted.length === 0 || !eml)
      throw new DemoRunError(
        `The report was not emailed: ${delivery?.error ?? delivery?.rejected[0]?.reason ?? 'no delivery'}`,
      )
    line(
      `✓ ${MONTHLY_REVENUE.slug}.pdf emailed to ${DEMO_RECIPIENT.name} <${delivery.accepted.join(', ')}> through the SMTP server on ${smtp.host}:${smtp.port}`,
    )
    line(`  Received as ${relative(outputDir, eml)} (open it with any mail program)`)

    heading('3. Schedule')
    const scheduled = await runScheduleStep({ engine, storage, clock, context: who })

    heading('4. What the demo produced')
    table(
      ['File', 'Format', 'Rows', 'Size', 'Time'],
      produced.map((file) => [
        file.file,
        file.format.toUpperCase(),
        count(file.rows),
        bytes(file.bytes),
        duration(file.ms),
      ]),
      new Set([2, 3, 4]),
    )
    console.log('')
    line(`Email:         ${relative(outputDir, eml)}`)
    line(
      `Scheduled run: ${scheduled.run.file?.key ?? '(no file)'} (${count(scheduled.run.rowCount)} rows)`,
    )
    line(`All in ${outputDir} — finished in ${duration(performance.now() - startedAt)}`)
  } finally {
    await smtp.close()
    await engine.dispose().catch(() => undefined)
    await db.close().catch(() => undefined)
  }

  if (options.once) return
  heading('5. Embed example (report wizard, report list, run history)')
  if (!startEmbed) {
    line('The embed example (examples/embed-express) is not installed; nothing to serve.')
    return
  }
  const starting = progress('Starting the embed example')
  const server = await startEmbedExample(startEmbed, options.port)
  const url = new URL(server.url)
  starting.done(`✓ Open http://localhost:${url.port} — press Ctrl-C to stop`)
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      console.log('\nStopping… (press Ctrl-C again to quit at once)')
      // A browser tab may hold a connection open; do not wait on it for long.
      const giveUp = setTimeout(resolve, STOP_TIMEOUT_MS)
      server.close().then(
        () => {
          clearTimeout(giveUp)
          resolve()
        },
        () => resolve(),
      )
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
  console.log('Stopped.')
  // Dev-server watchers may keep the event loop alive after close; the demo is over.
  setTimeout(() => process.exit(0), 500).unref()
}

/** Runs the demo; a problem the user can fix is one clear line, not a stack trace. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    const options = readDemoOptions(argv, process.env)
    if (options.help) {
      console.log(USAGE)
      return 0
    }
    await runDemo(options)
    return 0
  } catch (error) {
    if (
      error instanceof DemoUsageError ||
      error instanceof DemoRunError ||
      error instanceof PortInUseError ||
      isReportwrightError(error)
    ) {
      console.error(`\n${error.message}`)
      return 1
    }
    throw error
  }
}
