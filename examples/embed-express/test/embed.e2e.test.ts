// The demo host in a real browser, driven with the keyboard only: build a report in the wizard,
// save and run it, download the Excel file and check it against the database.
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { resolveRelativeDateRange } from '@reportwright/core'
import { createClient } from '@reportwright/core/client'
import type { ApiRun } from '@reportwright/core/client'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmbedServer } from '../src/server'
import type { EmbedServer } from '../src/server'
import { AXE_SOURCE, seriousViolations } from './accessibility'
import type { AxeViolation } from './accessibility'
import { chromiumAvailable, launchChromium } from './browser'
import { activate, chooseOption, setChecked, tabTo, typeOver, waitForFocus } from './keyboard'
import { readFirstSheet } from './workbook'

const SCREENSHOTS = join(import.meta.dirname, '..', 'screenshots')
const REPORT_NAME = 'Revenue by channel and segment'
const RECIPIENT = 'finance@acme.example'
const VIEWPORT = { width: 1280, height: 900 }
// The sample sales run from 2024-01-01 to 2025-12-31: "in the last N years" covers all of them.
const YEARS = Math.max(3, new Date().getFullYear() - 2024 + 1)

const cents = (value: unknown): number => Math.round(Number(value) * 100)
const groupKey = (...values: unknown[]): string =>
  values.map((value) => (value === null || value === undefined ? '∅' : String(value))).join(' | ')

describe.skipIf(!chromiumAvailable())('embed-express with the keyboard only', () => {
  let server: EmbedServer
  let browser: Browser
  let page: Page
  let workDir: string

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'reportwright-embed-e2e-'))
    await mkdir(SCREENSHOTS, { recursive: true })
    server = await startEmbedServer({ port: 0, web: 'build', webOutDir: join(workDir, 'web') })
    browser = await launchChromium()
    const context = await browser.newContext({
      viewport: VIEWPORT,
      locale: 'en-US',
      timezoneId: 'Europe/Berlin',
      acceptDownloads: true,
    })
    await context.addInitScript({ content: AXE_SOURCE })
    page = await context.newPage()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
    if (workDir) await rm(workDir, { recursive: true, force: true })
  })

  const shoot = (name: string): Promise<Buffer> =>
    page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true })

  // Serious and critical axe violations per screen, asserted empty at the end so that one run
  // lists every screen's problems.
  const violations: Record<string, AxeViolation[]> = {}
  const audit = async (name: string, selector: string): Promise<void> => {
    const found = await seriousViolations(page, selector)
    if (found.length > 0) violations[name] = found
  }

  /**
   * Screenshot of the wizard's step (the window grown so the whole dialog shows, not only what
   * fits without scrolling) and an axe audit of the dialog. The dialog takes at most 90% of the
   * window's height and scrolls the step between its header and footer: the window grows by
   * what the step hides.
   */
  const checkStep = async (name: string): Promise<void> => {
    const needed = await page.getByRole('dialog').evaluate((dialog) => {
      const panel = dialog.querySelector('.rw-wizard__panel')
      const hidden = panel ? panel.scrollHeight - panel.clientHeight : 0
      return (dialog as HTMLElement).offsetHeight + hidden
    })
    await page.setViewportSize({
      width: VIEWPORT.width,
      height: Math.max(VIEWPORT.height, Math.ceil(needed / 0.9) + 16),
    })
    await shoot(name)
    await page.setViewportSize(VIEWPORT)
    await audit(name, '[role="dialog"]')
  }

  const openWizard = async (): Promise<void> => {
    await activate(page, { role: 'button', name: 'New report' })
    await page.getByRole('dialog').waitFor()
    await page.getByRole('radio', { name: 'Sales' }).waitFor()
    // Focus starts at the step's heading, not on the Close button.
    await waitForFocus(page, { role: 'heading', name: /^Step 1 of 5/ })
  }

  const closeWizard = async (): Promise<void> => {
    await page.keyboard.press('Escape')
    await page.getByRole('dialog').waitFor({ state: 'detached' })
    await waitForFocus(page, { role: 'button', name: 'New report' })
  }

  it('builds, saves, runs and downloads a report', async () => {
    await page.goto(server.url)
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor()
    await page.getByText('No reports yet.').waitFor()
    await shoot('01-host-light')
    await audit('01-host-light', 'body')

    // Step 1 in both themes.
    await openWizard()
    await checkStep('02-step-1-source-light')
    await closeWizard()
    await activate(page, { role: 'button', name: 'Dark mode' }, { key: 'Space', backwards: true })
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark')
    await shoot('03-host-dark')
    await openWizard()
    await checkStep('04-step-1-source-dark')
    await closeWizard()
    await activate(page, { role: 'button', name: 'Dark mode' }, { key: 'Space', backwards: true })
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light')

    // 1. Data source
    await openWizard()
    await tabTo(page, { role: 'radio', name: 'Sales' })
    await page.keyboard.press('Space')
    expect(await page.getByRole('radio', { name: 'Sales' }).isChecked()).toBe(true)
    await activate(page, { role: 'button', name: 'Next' })

    // 2. Fields: channel and the customer's segment as groups, the amount summed.
    await page.getByRole('checkbox', { name: 'Channel' }).waitFor()
    await setChecked(page, { role: 'checkbox', name: 'Channel' })
    await setChecked(page, { role: 'checkbox', name: 'Customer › Segment' })
    await setChecked(page, { role: 'checkbox', name: 'Amount' })
    await chooseOption(page, { role: 'combobox', name: 'Aggregation for Amount' }, 'Sum')
    await tabTo(page, { role: 'textbox', name: 'Column label for Amount' }, { backwards: true })
    await page.keyboard.type('Revenue')
    await page.getByRole('heading', { name: 'Selected fields (3)' }).waitFor()
    await checkStep('05-step-2-fields')
    await activate(page, { role: 'button', name: 'Next' })

    // 3. Filters: order date in the last N years.
    await activate(page, { role: 'button', name: 'Add filter' }, { backwards: true })
    await chooseOption(page, { role: 'combobox', name: 'Field of filter 1' }, /Order date/, {
      backwards: true,
    })
    await chooseOption(page, { role: 'combobox', name: 'Operator of filter 1' }, 'in the last')
    await tabTo(page, { role: /spinbutton|textbox/, name: 'Count of filter 1' })
    await typeOver(page, String(YEARS))
    await chooseOption(page, { role: 'combobox', name: 'Unit of filter 1' }, 'years')
    await checkStep('06-step-3-filters')
    await activate(page, { role: 'button', name: 'Next' })

    // 4. Settings: Excel, weekly, one recipient.
    await chooseOption(page, { role: 'combobox', name: 'File format' }, 'Excel (xlsx)', {
      backwards: true,
    })
    await setChecked(page, { role: 'checkbox', name: 'Run on a schedule' })
    await chooseOption(page, { role: 'combobox', name: 'Frequency' }, 'Weekly')
    await setChecked(page, { role: 'checkbox', name: 'Send by email' })
    await tabTo(page, { role: 'textbox', name: 'Recipient email' })
    await page.keyboard.type(RECIPIENT)
    await page.keyboard.press('Enter')
    await page.getByText(RECIPIENT, { exact: true }).first().waitFor()
    await page.getByText(/^Every Monday at/).waitFor()
    await checkStep('07-step-4-settings')
    await activate(page, { role: 'button', name: 'Next' })

    // 5. Preview & save
    const previewRows = page.getByRole('dialog').getByRole('table').locator('tbody tr')
    await previewRows.first().waitFor()
    // 3 channels (and none) × 3 segments, as many rows as SQL finds.
    expect(await previewRows.count()).toBe(Object.keys(await expectedTotals()).length)
    await tabTo(page, { role: 'textbox', name: 'Report name' }, { backwards: true })
    await typeOver(page, REPORT_NAME)
    await checkStep('08-step-5-preview')
    await activate(page, { role: 'button', name: 'Save report' })
    await page.getByText('Report saved.').waitFor()
    await checkStep('09-saved')
    await closeWizard()

    // The saved report is in the list and its run history is shown: run it from there.
    await page.getByRole('heading', { name: REPORT_NAME }).waitFor()
    await page.getByText('This report has not run yet.').waitFor()
    await activate(page, { role: 'button', name: 'Run now' })
    await page.getByText('Succeeded').first().waitFor({ timeout: 60_000 })
    // Busy while the run went, but never disabled: focus is still on the button.
    await waitForFocus(page, { role: 'button', name: 'Run now' })
    await shoot('10-run-succeeded')
    await audit('10-run-succeeded', 'body')

    // Download through the run history.
    await tabTo(page, { role: /button|link/, name: /^Download\b.*\.xlsx$/ })
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.keyboard.press('Enter'),
    ])
    const file = join(workDir, 'report.xlsx')
    await download.saveAs(file)
    expect(download.suggestedFilename()).toMatch(/^revenue-by-channel-and-segment-.*\.xlsx$/)
    // The button is busy while the file loads, yet keeps focus (it is never disabled).
    await waitForFocus(page, { role: 'button', name: /^Download\b.*\.xlsx$/ })

    // The file against the API's run record and the database.
    const run = await latestRun()
    expect(run.status).toBe('succeeded')
    const sheet = await readFirstSheet(file)
    expect(sheet.header).toEqual(['Channel', 'Segment', 'Revenue'])
    const dataRows = sheet.rows.filter((row) => row[0] !== 'Total')
    expect(dataRows).toHaveLength(run.rowCount)
    // An empty cell and SQL NULL both mean "no value".
    const actual = Object.fromEntries(
      dataRows.map(([channel, segment, amount]) => [groupKey(channel, segment), cents(amount)]),
    )
    expect(actual).toEqual(await expectedTotals())
    expect(server.outbox.sent.some((email) => email.to.includes(RECIPIENT))).toBe(true)

    // The result in the dark theme too.
    await activate(page, { role: 'button', name: 'Dark mode' }, { key: 'Space', backwards: true })
    await shoot('11-run-succeeded-dark')
    await audit('11-run-succeeded-dark', 'body')

    // German: the host's texts and the embedded components switch together.
    await chooseOption(page, { role: 'combobox', name: 'Language' }, 'Deutsch', { backwards: true })
    await page.getByRole('heading', { name: 'Berichte', level: 1 }).waitFor()
    await page.getByRole('button', { name: 'Neuer Bericht' }).waitFor()
    await page.getByRole('heading', { name: 'Ausführungen' }).waitFor()
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de')
    await shoot('12-run-succeeded-dark-de')
    await audit('12-run-succeeded-dark-de', 'body')

    expect(violations).toEqual({})
  })

  /** The newest run of the saved report, read through the API as the page's user. */
  async function latestRun(): Promise<ApiRun> {
    const tokenResponse = await fetch(`${server.url}/host/users/ada/embed-token`, {
      method: 'POST',
    })
    const { token } = (await tokenResponse.json()) as { token: string }
    const client = createClient({
      baseUrl: `${server.url}/api/reports`,
      headers: { authorization: `Bearer ${token}` },
    })
    const reports = await client.listReports()
    const report = reports.items.find((item) => item.definition.name === REPORT_NAME)
    if (!report) throw new Error(`${REPORT_NAME} was not saved`)
    const runs = await client.listRuns(report.id)
    const run = runs.items[0]
    if (!run) throw new Error(`${REPORT_NAME} has no run`)
    return run
  }

  /** Sum of amount (in cents) per channel and segment for Acme, straight from SQL. */
  async function expectedTotals(): Promise<Record<string, number>> {
    const range = resolveRelativeDateRange(
      { operator: 'in_last', value: { amount: YEARS, unit: 'year' } },
      new Date(),
      'Europe/Berlin',
    )
    const result = await server.db.query<{
      channel: string | null
      segment: string | null
      total: string
    }>(
      `SELECT s.channel, c.segment, sum(s.amount)::text AS total
         FROM rw_sales s JOIN rw_customers c ON c.id = s.customer_id
        WHERE s.tenant_id = $1 AND s.order_date >= $2 AND s.order_date < $3
        GROUP BY s.channel, c.segment`,
      ['acme', range.startDate, range.endDate],
    )
    return Object.fromEntries(
      result.rows.map((row) => [groupKey(row.channel, row.segment), cents(row.total)]),
    )
  }
})
