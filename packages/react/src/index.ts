/**
 * `@reportwright/react`: the embeddable report builder. Headless hooks hold every step's state
 * and logic; the styled components are built on them.
 *
 * @packageDocumentation
 */
export { ReportwrightProvider } from './provider/reportwright-provider'
export type { ReportwrightProviderProps } from './provider/reportwright-provider'
export { useReportwright } from './provider/reportwright-context'
export type { ReportwrightContextValue, Translate } from './provider/reportwright-context'
export { messagesEn, messagesDe } from './messages/catalog'
export type { MessageKey, Messages } from './messages/catalog'
export type { MessageValues } from './messages/format-message'

/* --- wizard: useReportWizard, ReportWizard, ReportWizardDialog, steps --- */

/* --- data hooks, list, run history, preview --- */
