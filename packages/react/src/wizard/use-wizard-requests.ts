import { useCallback, useRef, useState } from 'react'
import type { ApiReport, ExecuteResponse } from '@reportwright/core/client'
import { useReportwright } from '../provider/reportwright-context'
import type { WizardDraft } from './model/wizard-types'

/** Where a save or a run request stands. */
export type RequestStatus = 'idle' | 'pending' | 'done' | 'failed'

/** A request's status, its failure in words, and what it returned. */
export interface RequestState<TResult> {
  readonly status: RequestStatus
  readonly error?: string
  readonly result?: TResult
}

/** The report a save writes to, read when the save starts. */
export interface SaveTarget {
  readonly reportId?: string
  readonly revision?: number
}

interface WizardRequests {
  readonly saveState: RequestState<ApiReport>
  readonly runState: RequestState<ExecuteResponse>
  /** Creates the report, or saves a new revision of it; resolves to `undefined` on failure. */
  readonly persist: (draft: WizardDraft, target: SaveTarget) => Promise<ApiReport | undefined>
  readonly execute: (reportId: string) => Promise<ExecuteResponse | undefined>
}

/** Runs the wizard's server requests one at a time and keeps their outcome in words. */
export function useWizardRequests(): WizardRequests {
  const { client, errorMessage, reportEvents } = useReportwright()
  const [saveState, setSaveState] = useState<RequestState<ApiReport>>({ status: 'idle' })
  const [runState, setRunState] = useState<RequestState<ExecuteResponse>>({ status: 'idle' })
  const busy = useRef(false)

  const persist = useCallback(
    async (draft: WizardDraft, target: SaveTarget): Promise<ApiReport | undefined> => {
      if (busy.current) return undefined
      busy.current = true
      setSaveState({ status: 'pending' })
      try {
        const report =
          target.reportId === undefined
            ? await client.createReport(draft)
            : await client.updateReport(
                target.reportId,
                draft,
                target.revision === undefined ? {} : { revision: target.revision },
              )
        setSaveState({ status: 'done', result: report })
        reportEvents.emit({ kind: 'saved', reportId: report.id })
        return report
      } catch (error) {
        setSaveState({ status: 'failed', error: errorMessage(error) })
        return undefined
      } finally {
        busy.current = false
      }
    },
    [client, errorMessage, reportEvents],
  )

  const execute = useCallback(
    async (reportId: string): Promise<ExecuteResponse | undefined> => {
      setRunState({ status: 'pending' })
      try {
        const result = await client.executeReport(reportId)
        setRunState({ status: 'done', result })
        reportEvents.emit({ kind: 'run', reportId })
        return result
      } catch (error) {
        setRunState({ status: 'failed', error: errorMessage(error) })
        return undefined
      }
    },
    [client, errorMessage, reportEvents],
  )

  return { saveState, runState, persist, execute }
}
