import { useMemo, useState, type ReactNode } from 'react'
import { isReportwrightError, type ReportwrightClient } from '@reportwright/core/client'
import { messagesEn, type MessageKey, type Messages } from '../messages/catalog'
import { formatMessage } from '../messages/format-message'
import { createReportEvents } from './report-events'
import { ReportwrightContext, type ReportwrightContextValue } from './reportwright-context'

/** Props of {@link ReportwrightProvider}. */
export interface ReportwrightProviderProps {
  /** The HTTP client (`createClient` from `@reportwright/core/client`) or any implementation. */
  readonly client: ReportwrightClient
  /** BCP 47 locale for numbers and dates (Intl). Default `en`. */
  readonly locale?: string
  /**
   * The texts: a whole catalog for another language (`messagesDe` from
   * `@reportwright/react/messages/de`, or your own typed as `Messages`), or overrides of single
   * English texts. Missing keys fall back to English.
   */
  readonly messages?: Partial<Messages>
  /** Theme name set as `data-rw-theme` (`light` and `dark` ship in styles.css). Default `light`. */
  readonly theme?: string
  readonly children?: ReactNode
}

/**
 * Gives every Reportwright component its client, locale, messages and theme. Renders no DOM of
 * its own and touches no browser globals, so it is safe in server rendering.
 */
export function ReportwrightProvider(props: ReportwrightProviderProps): ReactNode {
  const { client, locale = 'en', messages, theme = 'light', children } = props
  // One signal per provider, kept across locale and theme changes.
  const [reportEvents] = useState(createReportEvents)
  const value = useMemo<ReportwrightContextValue>(() => {
    const catalog: Messages = { ...messagesEn, ...messages }
    const t = (key: MessageKey, values?: Parameters<typeof formatMessage>[1]): string =>
      formatMessage(catalog[key] ?? messagesEn[key] ?? key, values)
    const numberFormats = new Map<string, Intl.NumberFormat>()
    const formatNumber = (value: number, options?: Intl.NumberFormatOptions): string => {
      const cacheKey = JSON.stringify(options ?? {})
      let format = numberFormats.get(cacheKey)
      if (!format) {
        format = new Intl.NumberFormat(locale, options)
        numberFormats.set(cacheKey, format)
      }
      return format.format(value)
    }
    const formatDateTime = (input: string | Date, options?: Intl.DateTimeFormatOptions): string => {
      const date = typeof input === 'string' ? new Date(input) : input
      if (Number.isNaN(date.getTime())) return String(input)
      return new Intl.DateTimeFormat(
        locale,
        options ?? { dateStyle: 'medium', timeStyle: 'short' },
      ).format(date)
    }
    const errorMessage = (error: unknown): string => {
      if (isReportwrightError(error)) {
        const key = `error.${error.code}` as MessageKey
        return key in catalog ? t(key) : t('error.unknown')
      }
      return t('error.unknown')
    }
    return { client, locale, t, theme, formatNumber, formatDateTime, errorMessage, reportEvents }
  }, [client, locale, messages, theme, reportEvents])
  return <ReportwrightContext.Provider value={value}>{children}</ReportwrightContext.Provider>
}
