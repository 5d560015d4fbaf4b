import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CompiledReport, Row, Source } from '../src/index'
import { compileReport, isReportwrightError, REPORTWRIGHT_ERROR_CODES } from '../src/index'
import type { FixtureEngine } from '../src/testing/engines'
import { ENGINE_NAMES, openFixtureEngine } from '../src/testing/engines'
import { createSalesCatalog } from '../src/testing/sales-fixture'
import { INJECTION_CORPUS } from './injection-corpus'

const engines: FixtureEngine[] = []

beforeAll(async () => {
  for (const name of ENGINE_NAMES) {
    const engine = await openFixtureEngine(name)
    if (!engine) continue
    engines.push(engine)
    await engine.query('drop table if exists rw_sentinel')
    await engine.query('create table rw_sentinel (id integer primary key, note varchar(20))')
    await engine.query("insert into rw_sentinel (id, note) values (1, 'intact')")
  }
})

afterAll(async () => {
  for (const engine of engines) {
    await engine.query('drop table if exists rw_sentinel')
    await engine.close()
  }
})

/** Wraps a source and records every statement that reaches it: the statement log. */
function recordingSource(inner: Source, log: string[]): Source {
  return {
    kind: inner.kind,
    dialect: inner.dialect,
    stream: (query: CompiledReport, options): AsyncIterable<Row> => {
      log.push(query.sql)
      return inner.stream(query, options)
    },
    introspect: (options) => inner.introspect(options),
    destroy: () => inner.destroy(),
  }
}

describe('injection corpus', () => {
  it('holds at least 50 hostile definitions', () => {
    expect(Object.keys(INJECTION_CORPUS).length).toBeGreaterThanOrEqual(50)
  })

  it('turns every hostile definition into a typed error and runs nothing', async () => {
    expect(engines.length).toBeGreaterThan(0)
    for (const engine of engines) {
      const statementLog: string[] = []
      const catalog = createSalesCatalog(recordingSource(engine.source, statementLog))
      for (const [title, definition] of Object.entries(INJECTION_CORPUS)) {
        let caught: unknown
        try {
          const compiled = compileReport(definition, catalog, {
            userId: 'attacker',
            tenantId: 'acme',
            roles: ['user'],
          })
          for await (const _row of catalog.sources.get('main')?.stream(compiled) ?? []) break
        } catch (error) {
          caught = error
        }
        expect(isReportwrightError(caught), `${engine.name}: ${title}`).toBe(true)
        if (isReportwrightError(caught)) {
          expect(REPORTWRIGHT_ERROR_CODES).toContain(caught.code)
          expect(
            ['INVALID_DEFINITION', 'UNKNOWN_FIELD', 'FORBIDDEN_FIELD', 'LIMIT_EXCEEDED'],
            `${title}: ${caught.message}`,
          ).toContain(caught.code)
        }
      }
      expect(statementLog, engine.name).toEqual([])
      expect(await engine.query('select id, note from rw_sentinel'), engine.name).toEqual([
        [1, 'intact'],
      ])
    }
  })

  it('binds hostile values: they match nothing and change nothing', async () => {
    for (const engine of engines) {
      for (const value of [
        "x' OR '1'='1",
        "'; DROP TABLE rw_sentinel; --",
        '\\',
        "\\'; drop table rw_sentinel; --",
        '%',
        '_',
      ]) {
        const compiled = compileReport(
          {
            version: 1,
            name: 'x',
            dataset: 'sales',
            fields: [{ field: 'id' }],
            filters: [{ field: 'channel', operator: 'equals', value }],
          },
          engine.catalog,
          { userId: 'attacker', tenantId: 'acme', roles: [] },
        )
        const rows: Row[] = []
        for await (const row of engine.source.stream(compiled)) rows.push(row)
        expect(rows, `${engine.name}: ${value}`).toEqual([])
      }
      expect(await engine.query('select id, note from rw_sentinel')).toEqual([[1, 'intact']])
    }
  })

  it('a hostile tenant id reads nothing of another tenant', async () => {
    for (const engine of engines) {
      for (const tenantId of [
        "acme' OR '1'='1",
        'ACME',
        'acme ',
        "x'; drop table rw_sentinel; --",
      ]) {
        const compiled: CompiledReport = compileReport(
          {
            version: 1,
            name: 'x',
            dataset: 'sales',
            fields: [{ field: 'id', aggregation: 'count' }],
          },
          engine.catalog,
          { userId: 'attacker', tenantId, roles: [] },
        )
        const rows: Row[] = []
        for await (const row of engine.source.stream(compiled)) rows.push(row)
        expect(rows, `${engine.name}: ${JSON.stringify(tenantId)}`).toEqual([{ count_id: 0 }])
      }
    }
  })
})
