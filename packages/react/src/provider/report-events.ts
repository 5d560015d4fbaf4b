/** What changed about a saved report. */
export interface ReportChange {
  /** `saved`: created or updated; `deleted`; `run`: a run was started. */
  readonly kind: 'saved' | 'deleted' | 'run'
  readonly reportId: string
}

/** Listens to {@link ReportChange}s. */
export type ReportChangeListener = (change: ReportChange) => void

/**
 * The provider's "reports changed" signal: the wizard, the list and the run history emit it
 * when they save, delete or start a run, and the others reload what it touches. It lets them
 * stay in step on one page without the host wiring refreshes between them.
 */
export interface ReportEvents {
  readonly emit: (change: ReportChange) => void
  /** Calls `listener` for every change; returns the function that stops it. */
  readonly subscribe: (listener: ReportChangeListener) => () => void
}

/** A new, empty {@link ReportEvents}. */
export function createReportEvents(): ReportEvents {
  const listeners = new Set<ReportChangeListener>()
  return {
    emit: (change) => {
      for (const listener of [...listeners]) listener(change)
    },
    subscribe: (listener) => {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
  }
}
