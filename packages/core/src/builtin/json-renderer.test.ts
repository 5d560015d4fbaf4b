import { PassThrough, Writable } from 'node:stream'
import { text } from 'node:stream/consumers'
import { describe, expect, it } from 'vitest'
import { isReportwrightError } from '../errors/reportwright-error'
import { parseReportDefinition } from '../model/report-definition'
import type { RenderInput } from '../ports/renderer'
import type { OutputColumn } from '../source/output-column'
import type { Row } from '../source/row'
import { jsonRenderer } from './json-renderer'

const definition = parseReportDefinition({
  version: 1,
  name: 'Sales',
  dataset: 'orders',
  fields: [{ field: 'region' }, { field: 'amount', aggregation: 'sum' }],
})
const columns: OutputColumn[] = [
  { key: 'region', label: 'Region', type: 'string', field: 'region', groupBy: true },
  {
    key: 'sum_amount',
    label: 'Amount (sum)',
    type: 'currency',
    field: 'amount',
    aggregation: 'sum',
    groupBy: false,
  },
]

async function* rowsOf(rows: readonly Row[]): AsyncGenerator<Row> {
  for (const row of rows) yield row
}

function input(rows: readonly Row[], extra: Partial<RenderInput> = {}): RenderInput {
  return { definition, columns, rows: rowsOf(rows), ...extra }
}

const sample: Row[] = [
  { region: 'EMEA', sum_amount: '10.5' },
  { region: 'APAC', sum_amount: '3' },
  { region: null, sum_amount: '13.5', $subtotal: 1 },
]

describe('jsonRenderer', () => {
  it('writes one JSON document with columns, rows and totals', async () => {
    const out = new PassThrough()
    const written = text(out)
    const result = await jsonRenderer().render(
      input(sample, { totals: { region: null, sum_amount: '13.5' } }),
      out,
    )
    const body = await written
    expect(JSON.parse(body)).toEqual({
      columns: [
        { key: 'region', label: 'Region', type: 'string' },
        { key: 'sum_amount', label: 'Amount (sum)', type: 'currency' },
      ],
      rows: sample,
      totals: { region: null, sum_amount: '13.5' },
    })
    expect(result).toEqual({ bytes: Buffer.byteLength(body), rows: 3 })
  })

  it('writes valid JSON for no rows and no totals', async () => {
    const out = new PassThrough()
    const written = text(out)
    await jsonRenderer().render(input([]), out)
    const parsed = JSON.parse(await written) as Record<string, unknown>
    expect(parsed.rows).toEqual([])
    expect('totals' in parsed).toBe(false)
  })

  it('writes NDJSON with the grand total last', async () => {
    const renderer = jsonRenderer({ ndjson: true })
    expect(renderer).toMatchObject({
      format: 'json',
      extension: 'ndjson',
      contentType: 'application/x-ndjson',
    })
    const out = new PassThrough()
    const written = text(out)
    await renderer.render(input(sample, { totals: { region: null, sum_amount: '13.5' } }), out)
    const lines = (await written)
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as unknown)
    expect(lines).toEqual([...sample, { region: null, sum_amount: '13.5', $total: true }])
  })

  it('waits for a slow output to drain, at most one 64 KB chunk ahead', async () => {
    const received: Buffer[] = []
    let receivedBytes = 0
    let drains = 0
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, callback) {
        received.push(chunk)
        receivedBytes += chunk.length
        setTimeout(callback, 1)
      },
    })
    slow.on('drain', () => drains++)
    const rows = Array.from({ length: 3000 }, (_, i) => ({
      region: `Region ${i}`.padEnd(80, '.'),
      sum_amount: String(i),
    }))
    let pulledBytes = 0
    let maxAhead = 0
    async function* counted(): AsyncGenerator<Row> {
      for (const row of rows) {
        pulledBytes += JSON.stringify(row).length + 2
        maxAhead = Math.max(maxAhead, pulledBytes - receivedBytes)
        yield row
      }
    }
    const result = await jsonRenderer().render({ definition, columns, rows: counted() }, slow)
    // ~300 KB of rows: several chunks, each waited for, never more than a chunk (plus a row) ahead.
    expect(drains).toBeGreaterThanOrEqual(3)
    expect(maxAhead).toBeLessThanOrEqual(64 * 1024 + 200)
    expect(slow.writableFinished).toBe(true)
    const body = Buffer.concat(received).toString('utf8')
    expect((JSON.parse(body) as { rows: unknown[] }).rows).toEqual(rows)
    expect(result.bytes).toBe(Buffer.byteLength(body))
  })

  it('stops with CANCELLED when the signal aborts', async () => {
    const controller = new AbortController()
    async function* endless(): AsyncGenerator<Row> {
      for (let i = 0; ; i++) {
        if (i === 5) controller.abort()
        yield { region: 'x', sum_amount: String(i) }
      }
    }
    const out = new PassThrough()
    out.resume()
    const error = await jsonRenderer()
      .render({ definition, columns, rows: endless(), signal: controller.signal }, out)
      .catch((e: unknown) => e)
    expect(isReportwrightError(error) && error.code).toBe('CANCELLED')
  })

  it('fails when the output is destroyed while waiting to drain', async () => {
    const stuck = new Writable({ highWaterMark: 1, write() {} })
    const rows = Array.from({ length: 5 }, (_, i) => ({ region: 'x', sum_amount: String(i) }))
    const rendering = jsonRenderer().render(input(rows), stuck)
    setTimeout(() => stuck.destroy(new Error('disk full')), 5)
    const error = await rendering.catch((e: unknown) => e)
    expect(isReportwrightError(error) && error.code).toBe('RENDER_FAILED')
  })
})
