// The host product page: Acme Analytics' "Reports" section with the embedded report builder.
import { useEffect, useMemo, useState } from 'react'
import type { ApiReport } from '@reportwright/core/client'
import { ReportList, ReportWizardDialog, ReportwrightProvider } from '@reportwright/react'
import { messagesDe } from '@reportwright/react/messages/de'
import { createEmbedClient, fetchHostUsers } from './embed-session'
import type { HostUser } from './embed-session'
import { HostHeader } from './host-header'
import { hostMessages } from './host-messages'
import { RunsPanel } from './runs-panel'
import { useHostPreferences } from './use-host-preferences'

/** The whole page. */
export function App() {
  const preferences = useHostPreferences()
  const { theme, language, userId } = preferences
  const text = hostMessages(language)
  const [users, setUsers] = useState<readonly HostUser[]>([])
  const [usersFailed, setUsersFailed] = useState(false)
  const client = useMemo(() => createEmbedClient(userId), [userId])
  // `undefined`: closed; `null`: a new report; a string: the report being edited.
  const [wizard, setWizard] = useState<string | null | undefined>(undefined)
  const [selectedReportId, setSelectedReportId] = useState<string | undefined>()

  useEffect(() => {
    fetchHostUsers().then(setUsers, () => setUsersFailed(true))
  }, [])
  // Another user sees other reports: forget the selection when the user changes.
  useEffect(() => setSelectedReportId(undefined), [userId])

  // The dialog gives focus back to whatever opened it: "New report" or a report's Edit button.
  // Saved reports, deletions and runs reach the list and the run history through the provider.
  const onSaved = (report: ApiReport): void => setSelectedReportId(report.id)

  return (
    <div className="host">
      <a className="host-skip-link" href="#reports-title">
        {text.skipToContent}
      </a>
      <HostHeader text={text} users={users} preferences={preferences} />
      <main className="host-main">
        {usersFailed ? <p role="alert">{text.sessionFailed}</p> : null}
        <ReportwrightProvider
          key={userId}
          client={client}
          locale={language}
          theme={theme}
          messages={language === 'de' ? messagesDe : undefined}
        >
          <div className="host-page-head">
            <div>
              <h1 id="reports-title" tabIndex={-1}>
                {text.title}
              </h1>
              <p className="host-intro">{text.intro}</p>
            </div>
            <ReportWizardDialog
              open={wizard !== undefined}
              onOpenChange={(open) => setWizard(open ? null : undefined)}
              trigger={
                <button type="button" className="host-button host-button-primary">
                  {text.newReport}
                </button>
              }
              {...(wizard ? { reportId: wizard } : {})}
              onSaved={onSaved}
            />
          </div>
          <div className="host-grid">
            <div className="host-card">
              <ReportList
                onEdit={(report) => setWizard(report.id)}
                selectedId={selectedReportId}
                onSelect={(report) => setSelectedReportId(report.id)}
              />
            </div>
            <div className="host-card">
              <RunsPanel
                text={text}
                selectedReportId={selectedReportId}
                onSelect={setSelectedReportId}
              />
            </div>
          </div>
        </ReportwrightProvider>
      </main>
      <footer className="host-footer">{text.footer}</footer>
    </div>
  )
}
