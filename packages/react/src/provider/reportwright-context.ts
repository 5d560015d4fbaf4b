import { createContext, useContext } from 'react'
import type { ReportwrightClient } from '@reportwright/core/client'
import type { MessageKey } from '../messages/catalog'
import type { MessageValues } from '../messages/format-message'
import type { ReportEvents } from './report-events'

/** Translates a catalog key, filling `{name}` placeholders. */
export type Translate = (key: MessageKey, values?: MessageValues) => string

/** Everything components and hooks read from {@link ReportwrightProvider}. */
export interface ReportwrightContextValue {
  readonly client: ReportwrightClient
  /** BCP 47 tag used for messages and Intl formatting. */
  readonly locale: string
  readonly t: Translate
  /** `light`, `dark` or a vendor's own theme name; set as `data-rw-theme` on component roots. */
  readonly theme: string
  readonly formatNumber: (value: number, options?: Intl.NumberFormatOptions) => string
  /** Formats an ISO date or date-time string (or a Date) with the provider's locale. */
  readonly formatDateTime: (value: string | Date, options?: Intl.DateTimeFormatOptions) => string
  /** A server or client error in words for end users (never the bare code). */
  readonly errorMessage: (error: unknown) => string
  /**
   * Saves, deletions and started runs, announced by the components that make them so that a
   * `<ReportList>` and `<RunHistory>` on the same page reload by themselves.
   */
  readonly reportEvents: ReportEvents
}

export const ReportwrightContext = createContext<ReportwrightContextValue | null>(null)

/**
 * Reads the nearest {@link ReportwrightProvider}. Throws when there is none, because every
 * component needs its client and messages.
 */
export function useReportwright(): ReportwrightContextValue {
  const value = useContext(ReportwrightContext)
  if (!value) {
    throw new Error('Reportwright components must be rendered inside <ReportwrightProvider>.')
  }
  return value
}
