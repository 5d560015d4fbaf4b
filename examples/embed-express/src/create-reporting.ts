// Everything Reportwright needs on the server: the sample database, the catalog, storage, files,
// renderers, email, the scheduler and the HTTP handler.
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { localFiles } from '@reportwright/adapters/files/local'
import { pgliteKyselyDialect, sqlStorage } from '@reportwright/adapters/storage/sql'
import {
  createReportEngine,
  createReportHandler,
  jsonRenderer,
  pgliteSource,
} from '@reportwright/core'
import type { ReportEngine, ReportHandler } from '@reportwright/core'
import { createSalesCatalog, loadPglite } from '@reportwright/core/testing'
import { csvRenderer } from '@reportwright/renderers/csv'
import { htmlRenderer } from '@reportwright/renderers/html'
import { pdfRenderer } from '@reportwright/renderers/pdf'
import { pptxRenderer } from '@reportwright/renderers/pptx'
import { xlsxRenderer } from '@reportwright/renderers/xlsx'
import { createScheduler, nextRuns } from '@reportwright/scheduler'
import type { Scheduler } from '@reportwright/scheduler'
import { Kysely } from 'kysely'
import { contextFromBearer } from './embed-auth'
import { memoryOutbox } from './memory-outbox'
import type { MemoryOutbox } from './memory-outbox'

/** The reporting back end of the demo host. */
export interface Reporting {
  /** The sample database: the sales data and, in `reportwright_*` tables, saved reports and runs. */
  readonly db: PGlite
  readonly engine: ReportEngine
  /** The HTTP API, mounted by the host under {@link REPORTS_API_PATH}. */
  readonly handler: ReportHandler
  /** Emails the runs "sent". */
  readonly outbox: MemoryOutbox
  close(): Promise<void>
}

/** Where the host mounts the Reportwright API. */
export const REPORTS_API_PATH = '/api/reports'

/**
 * Opens PGlite in `dataDir` (kept between starts) and loads the sample sales data of two
 * tenants, then builds the engine on it: saved reports and run history in the same database
 * (`sqlStorage`), rendered files in `dataDir/files` (`localFiles`).
 */
export async function createReporting(dataDir: string): Promise<Reporting> {
  await mkdir(dataDir, { recursive: true })
  const db = new PGlite(join(dataDir, 'pglite'))
  await loadPglite(db)
  const storage = sqlStorage({
    db: new Kysely({ dialect: pgliteKyselyDialect({ pglite: db }) }),
    // The sample data already uses `rw_`.
    tablePrefix: 'reportwright_',
  })
  await storage.migrate()
  const outbox = memoryOutbox()
  const engine = createReportEngine({
    catalog: createSalesCatalog(pgliteSource({ db })),
    storage,
    files: localFiles({ dir: join(dataDir, 'files') }),
    renderers: [
      jsonRenderer(),
      csvRenderer(),
      xlsxRenderer(),
      pdfRenderer(),
      pptxRenderer(),
      htmlRenderer(),
    ],
    delivery: outbox,
  })
  const handler = createReportHandler(engine, {
    basePath: REPORTS_API_PATH,
    getContext: contextFromBearer,
    nextRuns,
  })
  // Saved schedules run in this process; a real deployment may run the scheduler elsewhere.
  const scheduler: Scheduler = createScheduler({ engine, storage, instanceId: 'embed-express' })
  scheduler.start()
  return {
    db,
    engine,
    handler,
    outbox,
    async close() {
      await scheduler.stop()
      await handler.drain()
      await db.close()
    },
  }
}
