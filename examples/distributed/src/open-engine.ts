// One process's report engine: the shared storage and file folder, and the data to report on.
import Database from 'better-sqlite3'
import { localFiles } from '@reportwright/adapters/files/local'
import { createReportEngine, sqliteSource } from '@reportwright/core'
import type { FileStore, ReportEngine } from '@reportwright/core'
import { createSalesCatalog, loadSqlite } from '@reportwright/core/testing'
import { openStorage } from './open-storage'
import type { OpenStorage } from './open-storage'
import type { SharedSetup } from './shared-setup'

/** An engine over the shared setup, with the handles its process closes. */
export interface OpenEngine {
  readonly engine: ReportEngine
  readonly files: FileStore
  readonly database: OpenStorage
  close(): Promise<void>
}

/** Writes the sample sales data to `file` once, before any process reports on it. */
export async function writeSampleData(file: string): Promise<void> {
  const database = new Database(file)
  try {
    await loadSqlite(database)
  } finally {
    database.close()
  }
}

/**
 * Opens the engine every process of the example uses. Reports, runs, occurrence records and
 * leases go to the shared SQL storage, rendered files to the shared folder. The data reported on
 * is the sample sales database in a SQLite file every process opens read-only; a real
 * deployment points the catalog at its own database instead.
 */
export function openEngine(setup: SharedSetup): OpenEngine {
  const database = openStorage(setup.storage)
  const data = new Database(setup.dataFile, { readonly: true })
  const files = localFiles({ dir: setup.filesDir })
  const engine = createReportEngine({
    catalog: createSalesCatalog(sqliteSource({ database: data })),
    storage: database.storage,
    files,
  })
  return {
    engine,
    files,
    database,
    async close() {
      await database.close()
      data.close()
    },
  }
}
