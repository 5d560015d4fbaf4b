'use client'
// The browser side: a Reportwright client carrying the embed token the server page signed, the
// wizard in a dialog, the saved reports and the selected report's runs.
import { useMemo, useState } from 'react'
import { createClient } from '@reportwright/core/client'
import type { ApiReport } from '@reportwright/core/client'
import {
  ReportList,
  ReportWizardDialog,
  ReportwrightProvider,
  RunHistory,
} from '@reportwright/react'

/** Props of {@link ReportsClient}: where the API is mounted and the token to send to it. */
export interface ReportsClientProps {
  readonly apiUrl: string
  readonly token: string
}

/** The wizard open for a new report (no id) or for editing one. */
interface OpenWizard {
  readonly reportId?: string
}

const reportName = (report: ApiReport): string =>
  typeof report.definition.name === 'string' ? report.definition.name : report.id

/** The report builder, the saved reports and the runs of the report picked last. */
export function ReportsClient({ apiUrl, token }: ReportsClientProps) {
  const client = useMemo(
    () => createClient({ baseUrl: apiUrl, headers: { authorization: `Bearer ${token}` } }),
    [apiUrl, token],
  )
  const [wizard, setWizard] = useState<OpenWizard | undefined>(undefined)
  const [selected, setSelected] = useState<ApiReport | undefined>(undefined)
  // Bumped after a save so the list loads again and shows the new revision.
  const [listGeneration, setListGeneration] = useState(0)

  const onSaved = (report: ApiReport): void => {
    setWizard(undefined)
    setSelected(report)
    setListGeneration((value) => value + 1)
  }

  return (
    <ReportwrightProvider client={client}>
      <div className="reports" data-reportwright-shell="">
        <div className="reports__toolbar">
          <ReportWizardDialog
            key={wizard?.reportId ?? 'new'}
            open={wizard !== undefined}
            onOpenChange={(open) => setWizard(open ? (wizard ?? {}) : undefined)}
            trigger={
              <button type="button" className="rw-button" data-variant="primary">
                New report
              </button>
            }
            {...(wizard?.reportId ? { reportId: wizard.reportId } : {})}
            onSaved={onSaved}
          />
        </div>
        <ReportList
          key={listGeneration}
          onEdit={(report) => {
            setSelected(report)
            setWizard({ reportId: report.id })
          }}
        />
        <section className="reports__runs" aria-labelledby="reports-runs-heading">
          <h2 id="reports-runs-heading">{selected ? `Runs of ${reportName(selected)}` : 'Runs'}</h2>
          {selected ? (
            <RunHistory reportId={selected.id} />
          ) : (
            <p>Save or edit a report to see its runs here.</p>
          )}
        </section>
      </div>
    </ReportwrightProvider>
  )
}
