import { execFile } from 'node:child_process'
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import type { AddressInfo, Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readDemoOptions } from '../demo/src/demo-options'
import { readEml, readPdfText, readXlsxRows, readZipEntries } from '../demo/test/read-outputs'
import { openSeededDatabase } from '../demo/test/seeded-database'
import type { SeededDatabase } from '../demo/test/seeded-database'

const run = promisify(execFile)
const root = join(import.meta.dirname, '..')

interface DemoProcess {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** Runs the demo package's start script as `pnpm demo` does after building, from the root. */
async function runDemo(args: readonly string[], env: Record<string, string>): Promise<DemoProcess> {
  try {
    const { stdout, stderr } = await run(
      'pnpm',
      ['--silent', '--filter', '@reportwright/demo', 'start', ...args],
      { cwd: root, timeout: 180_000, env: { ...process.env, FORCE_COLOR: '0', ...env } },
    )
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string }
    return { code: failed.code ?? 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' }
  }
}

/** The lines of one step of the demo's output, from its heading to the next. */
function section(stdout: string, title: string): string {
  const start = stdout.indexOf(title)
  expect(start, `output has "${title}"`).toBeGreaterThanOrEqual(0)
  const rest = stdout.slice(start + title.length)
  const next = rest.search(/\n\d\. /)
  return next === -1 ? rest : rest.slice(0, next)
}

describe('pnpm demo --once', () => {
  let startDir: string
  let outputDir: string
  let demo: DemoProcess
  let db: SeededDatabase

  beforeAll(async () => {
    startDir = await mkdtemp(join(tmpdir(), 'reportwright-demo-'))
    outputDir = join(startDir, 'demo-output')
    // pnpm sets INIT_CWD to where it was started (the root here), so the test names the folder.
    ;[demo, db] = await Promise.all([
      runDemo(['--once'], { DEMO_OUTPUT_DIR: outputDir }),
      openSeededDatabase(),
    ])
  }, 240_000)

  afterAll(async () => {
    await db?.close()
    if (startDir) await rm(startDir, { recursive: true, force: true })
  })

  it('finishes without errors', () => {
    expect(demo.stderr).toBe('')
    expect(demo.code).toBe(0)
    expect(demo.stdout).toMatch(/Seeded 2 tenants .*100,000 sales/)
    expect(demo.stdout).toMatch(/A sales rep asking for margins gets FORBIDDEN_FIELD/)
  })

  it('writes the top customers as XLSX, matching SQL on the same data', async () => {
    const [header, ...rows] = await readXlsxRows(join(outputDir, 'top-customers.xlsx'))
    expect(header).toEqual([
      'Customer',
      'Segment',
      'Country',
      'Region',
      'Orders',
      'Revenue',
      'Margin',
    ])
    const expected = await db.query<{
      name: string
      orders: number
      revenue: string
      margin: string
    }>(
      `SELECT c.name, count(*)::int AS orders, sum(s.amount)::text AS revenue, sum(s.margin)::text AS margin
         FROM demo_sales s JOIN demo_customers c ON c.id = s.customer_id
        WHERE s.tenant_id = 'acme'
        GROUP BY c.id, c.name
        ORDER BY sum(s.amount) DESC
        LIMIT 50`,
    )
    expect(rows).toHaveLength(50)
    rows.forEach((row, index) => {
      const want = expected[index]!
      expect(row[0]).toBe(want.name)
      expect(row[4]).toBe(want.orders)
      expect(row[5]).toBeCloseTo(Number(want.revenue), 2)
      expect(row[6]).toBeCloseTo(Number(want.margin), 2)
    })
  })

  it('writes the monthly revenue as a PDF with its title and the regions', async () => {
    const text = await readPdfText(join(outputDir, 'monthly-revenue-by-region.pdf'))
    expect(text).toContain('Monthly revenue by region')
    expect(text).toContain('North America')
    expect(text).toContain('Middle East & Africa')
  })

  it('writes every transaction of the tenant as CSV: one line per row plus the header', async () => {
    const csv = await readFile(join(outputDir, 'raw-transactions.csv'), 'utf8')
    const lines = csv.split(/\r?\n/).filter((line) => line !== '')
    const [tenant] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM demo_sales WHERE tenant_id = 'acme'`,
    )
    expect(lines).toHaveLength(tenant!.n + 1)
    expect(lines[0]).toMatch(/^Order number,Ordered at,Customer,Region/)
    // Only the tenant the demo ran as.
    expect(lines.slice(1).every((line) => line.startsWith('AO-'))).toBe(true)
  })

  it('writes the quarterly review as a PPTX deck', async () => {
    const entries = await readZipEntries(join(outputDir, 'quarterly-review.pptx'))
    expect(entries).toContain('ppt/presentation.xml')
    expect(
      entries.filter((name) => /^ppt\/slides\/slide\d+\.xml$/.test(name)).length,
    ).toBeGreaterThan(1)
  })

  it('emails the PDF to the loopback SMTP server, kept as an .eml in the outbox', async () => {
    const files = (await readdir(join(outputDir, 'outbox'))).filter((name) => name.endsWith('.eml'))
    expect(files).toHaveLength(1)
    const mail = await readEml(join(outputDir, 'outbox', files[0]!))
    expect(mail.subject).toMatch(/^Monthly revenue by region — /)
    expect(mail.text).toContain('Hello Maria')
    expect(mail.attachments).toHaveLength(1)
    const [attachment] = mail.attachments
    expect(attachment!.contentType).toBe('application/pdf')
    expect(attachment!.content.subarray(0, 5).toString()).toBe('%PDF-')
    expect(attachment!.content.length).toBe(
      (await readFile(join(outputDir, 'monthly-revenue-by-region.pdf'))).length,
    )
  })

  it('prints the schedule, its next three runs and the run one occurrence produced', () => {
    const schedule = section(demo.stdout, '3. Schedule')
    expect(schedule).toContain('Every Monday at 09:00 (Europe/Berlin)')
    const nextRuns = section(schedule, 'Next runs:').match(/\(\d{4}-\d\d-\d\dT08:00:00\.000Z\)/g)
    expect(nextRuns).toHaveLength(3)
    expect(schedule).toMatch(
      /Scheduled run [0-9a-f-]+: succeeded, trigger schedule, scheduled for /,
    )
  })

  it('prints a table of the four files it produced', () => {
    const summary = section(demo.stdout, '4. What the demo produced')
    expect(summary).toMatch(/File\s+Format\s+Rows\s+Size\s+Time/)
    for (const file of [
      /monthly-revenue-by-region\.pdf\s+PDF\s+120\s/,
      /top-customers\.xlsx\s+XLSX\s+50\s/,
      /raw-transactions\.csv\s+CSV\s+58,000\s/,
      /quarterly-review\.pptx\s+PPTX\s+8\s/,
    ])
      expect(summary).toMatch(file)
  })
})

describe('demo options', () => {
  it('writes to ./demo-output where pnpm was started, not in the package folder', () => {
    const options = readDemoOptions(['--', '--once'], { INIT_CWD: '/home/ann/reportwright' })
    expect(options).toMatchObject({
      once: true,
      outputDir: join('/home/ann/reportwright', 'demo-output'),
      port: 3000,
      sales: 100_000,
    })
    expect(
      readDemoOptions([], { INIT_CWD: '/srv', DEMO_OUTPUT_DIR: 'out', PORT: '8080' }),
    ).toMatchObject({ once: false, outputDir: join('/srv', 'out'), port: 8080 })
    expect(() => readDemoOptions([], { PORT: 'http' })).toThrow(
      'PORT must be a whole number from 0 to 65535; got "http".',
    )
  })
})

describe('pnpm demo, problems the user can fix', () => {
  it('says which Node.js version it needs, before loading anything', async () => {
    const result = await run(
      process.execPath,
      [
        '--import',
        'data:text/javascript,Object.defineProperty(process.versions,"node",{value:"18.20.4"})',
        join(root, 'demo/run.mjs'),
      ],
      { cwd: root },
    ).catch((error: { code: number; stderr: string }) => error)
    expect(result).toMatchObject({ code: 1 })
    expect((result as { stderr: string }).stderr).toContain(
      'The Reportwright demo needs Node.js 20.19 or newer; this is Node.js 18.20.4.',
    )
  })

  it('says the port is taken, before seeding', async () => {
    const blocker: Server = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const { port } = blocker.address() as AddressInfo
    try {
      const outputDir = await mkdtemp(join(tmpdir(), 'reportwright-demo-port-'))
      const result = await runDemo([], { PORT: String(port), DEMO_OUTPUT_DIR: outputDir })
      await rm(outputDir, { recursive: true, force: true })
      expect(result.code).toBe(1)
      expect(result.stderr).toContain(`Port ${port} is in use; set PORT=`)
      expect(result.stderr).not.toMatch(/\n\s+at /)
      expect(result.stdout).not.toContain('Seeded')
    } finally {
      await new Promise((resolve) => blocker.close(resolve))
    }
  })

  it('refuses an unknown flag with the usage text', async () => {
    const result = await runDemo(['--fast'], {})
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('Unknown option --fast')
    expect(result.stderr).toContain('Usage: pnpm demo [--once]')
  })
})
