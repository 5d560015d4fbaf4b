// The Reportwright HTTP API over the sample sales data in an embedded PGlite database.
import { PGlite } from '@electric-sql/pglite'
import { createReportEngine, createReportHandler, pgliteSource } from '@reportwright/core'
import type { ReportHandler } from '@reportwright/core'
import { createSalesCatalog, loadPglite } from '@reportwright/core/testing'
import { nextRuns } from '@reportwright/scheduler'
import { contextFromRequest } from './embed-token'

/** The handler lives on globalThis: `next dev` re-evaluates modules on every change. */
const HANDLER = Symbol.for('reportwright.example.nextjs.handler')
const cache = globalThis as { [HANDLER]?: Promise<ReportHandler> }

async function createHandler(): Promise<ReportHandler> {
  const db = new PGlite()
  await loadPglite(db)
  const engine = createReportEngine({ catalog: createSalesCatalog(pgliteSource({ db })) })
  return createReportHandler(engine, {
    basePath: '/api/reports',
    getContext: contextFromRequest,
    nextRuns,
  })
}

/** The one handler of this server process, created (and the sample data loaded) on first use. */
export function reportHandler(): Promise<ReportHandler> {
  cache[HANDLER] ??= createHandler().catch((error: unknown) => {
    // A failed start is not cached: the next request tries again.
    delete cache[HANDLER]
    throw error
  })
  return cache[HANDLER]
}
