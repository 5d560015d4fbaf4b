// Smoke test: the Express app on a loopback port, driven through the typed client.
import type { AddressInfo } from 'node:net'
import { createClient } from '@reportwright/core/client'
import { createApp } from './create-app'

const { app, handler, close } = await createApp()
const server = app.listen(0, '127.0.0.1')
await new Promise<void>((resolve) => server.once('listening', resolve))
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

const checks: [string, boolean][] = []
try {
  const { token } = (await (await fetch(`${base}/demo-token`)).json()) as { token: string }
  const client = createClient({
    baseUrl: `${base}/api/reports`,
    headers: { authorization: `Bearer ${token}` },
  })
  const { datasets } = await client.datasets()
  checks.push(['datasets', datasets.some((dataset) => dataset.id === 'sales')])
  const definition = {
    version: 1 as const,
    name: 'Revenue by channel',
    dataset: 'sales',
    fields: [{ field: 'channel' }, { field: 'amount', aggregation: 'sum' as const }],
    output: { format: 'json' as const },
  }
  const preview = await client.preview(definition)
  checks.push(['preview', preview.rows.length > 0])
  const report = await client.createReport(definition)
  const { runId } = await client.executeReport(report.id)
  await handler.drain()
  const run = await client.getRun(runId)
  checks.push(['run', run.status === 'succeeded'])
  const file = await client.downloadRunFile(runId)
  const body = (await file.response.json()) as { rows: unknown[] }
  checks.push(['download', body.rows.length === run.rowCount])
  const anonymous = await fetch(`${base}/api/reports/reports`)
  checks.push(['401 without a token', anonymous.status === 401])
} finally {
  server.close()
  await close()
}

for (const [name, ok] of checks) console.log(`${ok ? '✓' : '✗'} ${name}`)
const failed = checks.filter(([, ok]) => !ok).length
console.log(`${checks.length - failed} passed, ${failed} failed`)
process.exitCode = failed === 0 ? 0 : 1
