// Smoke test: the production build on a free loopback port. The page must render on the server
// (the client components' shell included), and the API must answer with the page's token.
import { createClient } from '@reportwright/core/client'
import { CHROMIUM, renderInChromium } from './chromium-render'
import { buildApp, freePort, isBuildCurrent, killAll, startServer } from './next-server'

/** What Next.js prints for an error while rendering (`⨯`), e.g. a component reading `window`. */
const SERVER_ERRORS = /⨯|(window|document|localStorage|navigator) is not defined/

// A hard stop, so a hung build or server never outlives the smoke (the test's limit is longer).
const TIMEOUT_MS = Number(process.env.RW_SMOKE_TIMEOUT_MS ?? 360_000)
setTimeout(() => {
  console.log(`✗ the smoke did not finish within ${TIMEOUT_MS / 1000} s`)
  killAll()
  process.exit(1)
}, TIMEOUT_MS).unref()
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    killAll()
    process.exit(1)
  })

if (isBuildCurrent()) console.log('Using the current build in .next')
else console.log(`Built in ${((await buildApp()) / 1000).toFixed(1)} s`)

const server = await startServer(await freePort())
const checks: [string, boolean][] = []
try {
  const page = await fetch(`${server.baseUrl}/`)
  const html = await page.text()
  checks.push([
    'GET / is rendered on the server',
    page.status === 200 && html.includes('<h1>Reports</h1>'),
  ])
  // The client components render on the server too: the wizard's trigger and the report list.
  checks.push([
    'the report builder is in the server HTML',
    html.includes('data-reportwright-shell') &&
      />New report</.test(html) &&
      html.includes('rw-report-list'),
  ])

  // The token the server page signed reaches the browser in the page's payload.
  const token = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/.exec(html)?.[0]
  checks.push(['the page hands the browser an embed token', token !== undefined])
  const client = createClient({
    baseUrl: `${server.baseUrl}/api/reports`,
    headers: { authorization: `Bearer ${token}` },
  })
  const capabilities = await client.capabilities()
  checks.push(['capabilities', capabilities.datasets.includes('sales')])
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
  // The run goes on in the server process after the answer; ask until it ends.
  let run = await client.getRun(runId)
  for (let tries = 0; run.status === 'running' && tries < 100; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 200))
    run = await client.getRun(runId)
  }
  checks.push(['run', run.status === 'succeeded'])
  const file = await client.downloadRunFile(runId)
  const body = (await file.response.json()) as { rows: unknown[] }
  checks.push(['download', body.rows.length === run.rowCount && run.rowCount > 0])

  // In a real browser the page hydrates and the list loads the report saved above.
  const browser = await renderInChromium(`${server.baseUrl}/`)
  if (!browser) console.log(`– no Chromium at ${CHROMIUM}: the browser check is skipped`)
  else {
    checks.push([
      'in Chromium the page hydrates and lists the saved report',
      browser.dom.includes('Revenue by channel') && browser.dom.includes('rw-report-list'),
    ])
    const problems = browser.console.filter((line) => /error|hydrat|warning/i.test(line))
    for (const line of problems) console.log(`  console: ${line}`)
    checks.push(['no errors in the browser console', problems.length === 0])
  }
  const anonymous = await fetch(`${server.baseUrl}/api/reports/reports`)
  checks.push(['401 without a token', anonymous.status === 401])
} catch (error) {
  console.error(error)
  checks.push(['no unexpected error', false])
} finally {
  await server.stop()
}
checks.push([
  'the server logged no errors (no `window` in server rendering)',
  !SERVER_ERRORS.test(server.output()),
])

for (const [name, ok] of checks) console.log(`${ok ? '✓' : '✗'} ${name}`)
const failed = checks.filter(([, ok]) => !ok).length
if (failed > 0) console.log(`Server output:\n${server.output()}`)
console.log(`${checks.length - failed} passed, ${failed} failed`)
process.exitCode = failed === 0 ? 0 : 1
