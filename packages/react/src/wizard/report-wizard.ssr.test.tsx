// @vitest-environment node
import { renderToString } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { ReportwrightProvider } from '../provider/reportwright-provider'
import { createMemoryClient } from '../testing'
import { ReportWizard } from './report-wizard'
import { ReportWizardDialog } from './report-wizard-dialog'
import { PREPARED_DEFINITION } from './story-support'
import { messagesDe } from '../messages/de/index'

describe('server rendering', () => {
  it('renders every step without browser globals', () => {
    expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined')
    const client = createMemoryClient({ reports: [] })
    for (const step of ['source', 'fields', 'filters', 'settings', 'review'] as const) {
      const html = renderToString(
        <ReportwrightProvider client={client} locale="de" messages={messagesDe}>
          <ReportWizard initialStep={step} initialDefinition={PREPARED_DEFINITION} />
        </ReportwrightProvider>,
      )
      expect(html).toContain('aria-current="step"')
      expect(html).toContain('Neuer Bericht')
    }
  })

  it('renders the closed dialog with its trigger', () => {
    const html = renderToString(
      <ReportwrightProvider client={createMemoryClient({ reports: [] })}>
        <ReportWizardDialog trigger={<button type="button">Create report</button>} />
      </ReportwrightProvider>,
    )
    expect(html).toContain('Create report')
    expect(html).toContain('aria-haspopup="dialog"')
  })
})
