// The host product page: Acme Analytics' "Reports" section with the embedded report builder.
import { useEffect, useMemo, useRef, useState } from 'react'
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
  // The list and the run panel load on mount: a saved report remounts them.
  const [version, setVersion] = useState(0)

  useEffect(() => {
    fetchHostUsers().then(setUsers, () => setUsersFailed(true))
  }, [])
  // Another user sees other reports: forget the selection when the user changes.
  useEffect(() => setSelectedReportId(undefined), [userId])

  // Radix gives focus back to the dialog's trigger; after editing from the list it goes back to
  // the Edit button that opened the wizard.
  const returnFocus = useRef<HTMLElement | null>(null)
  const openWizard = (reportId: string | null): void => {
    returnFocus.current =
      document.activeElement instanceof HTMLElement ? document.activeElement : null
    setWizard(reportId)
  }
  const closeWizard = (): void => {
    setWizard(undefined)
    const previous = returnFocus.current
    setTimeout(() => {
      if (previous?.isConnected) previous.focus()
    })
  }

  const onSaved = (report: ApiReport): void => {
    setSelectedReportId(report.id)
    setVersion((current) => current + 1)
  }

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
              onOpenChange={(open) => (open ? openWizard(null) : closeWizard())}
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
              <ReportList key={version} onEdit={(report) => openWizard(report.id)} />
            </div>
            <div className="host-card">
              <RunsPanel
                key={version}
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
