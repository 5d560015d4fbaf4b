// The run history of one saved report, picked in a host-side select.
import { useEffect, useId } from 'react'
import { RunHistory, useReports } from '@reportwright/react'
import type { HostMessages } from './host-messages'

interface RunsPanelProps {
  readonly text: HostMessages
  readonly selectedReportId: string | undefined
  readonly onSelect: (reportId: string) => void
}

/** A report picker and the `<RunHistory>` of the picked report. */
export function RunsPanel({ text, selectedReportId, onSelect }: RunsPanelProps) {
  const { reports } = useReports({ sort: 'updated-desc' })
  const selectId = useId()
  const first = reports[0]?.id
  // The newest report is shown until the person picks another.
  useEffect(() => {
    if (selectedReportId === undefined && first !== undefined) onSelect(first)
  }, [selectedReportId, first, onSelect])
  const shown = reports.some((report) => report.id === selectedReportId)
    ? selectedReportId
    : undefined
  return (
    <div className="host-runs">
      {reports.length > 0 ? (
        <div className="host-runs-picker">
          <label htmlFor={selectId}>{text.showRunsOf}</label>
          <select
            id={selectId}
            value={shown ?? ''}
            onChange={(event) => onSelect(event.target.value)}
          >
            {reports.map((report) => (
              <option key={report.id} value={report.id}>
                {String(report.definition['name'] ?? report.id)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {shown ? (
        <RunHistory key={shown} reportId={shown} />
      ) : (
        <p className="host-muted">{text.pickReport}</p>
      )}
    </div>
  )
}
