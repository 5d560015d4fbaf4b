import { afterAll, beforeAll, describe } from 'vitest'
import { sqlStorage } from '../src/storage/sql/sql-storage'
import { describeStorageConformance } from '../src/testing'
import { SQL_ENGINES, dropSqlStorage, openSqlEngine, sqlEngineAvailable } from './sql-engines'
import type { OpenedSqlEngine } from './sql-engines'

const available = Object.fromEntries(
  await Promise.all(
    SQL_ENGINES.map(async (name) => [name, await sqlEngineAvailable(name)] as const),
  ),
)

describe.each(SQL_ENGINES)('sqlStorage on %s', (name) => {
  const prefix = `rwa_conf_${name.slice(0, 2)}_`
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
  describeStorageConformance(
    ({ clock }) => sqlStorage({ db: engine!.db, tablePrefix: prefix, clock }),
    {
      name: 'conformance',
      skip: !available[name],
    },
  )
})
