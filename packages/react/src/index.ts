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
export type { ReportChange, ReportChangeListener, ReportEvents } from './provider/report-events'
export { messagesEn } from './messages/catalog'
export type { MessageKey, Messages } from './messages/catalog'
export type { MessageValues } from './messages/format-message'

/* --- wizard: useReportWizard, ReportWizard, ReportWizardDialog, steps --- */
export { useReportWizard } from './wizard/use-report-wizard'
export type {
  ReportWizardState,
  UseReportWizardOptions,
  WizardStep,
  WizardStepStatus,
} from './wizard/use-report-wizard'
export type {
  DetailsEditor,
  DraftEditors,
  FieldsEditor,
  FiltersEditor,
  SettingsEditor,
  SourceEditor,
} from './wizard/use-draft-editors'
export type { RequestState, RequestStatus } from './wizard/use-wizard-requests'
export type { OfferedChoices } from './wizard/offered-choices'
export { WIZARD_STEPS } from './wizard/model/wizard-types'
export type {
  FilterLocation,
  WizardCondition,
  WizardDraft,
  WizardError,
  WizardIssue,
  WizardStepId,
} from './wizard/model/wizard-types'
export type { Patch } from './wizard/model/draft-edits'
export { validateDraft } from './wizard/model/validate-draft'
export { ReportWizard, ReportWizardView } from './wizard/report-wizard'
export type { ReportWizardProps, ReportWizardViewProps } from './wizard/report-wizard'
export { ReportWizardDialog } from './wizard/report-wizard-dialog'
export type { ReportWizardDialogProps } from './wizard/report-wizard-dialog'
export { WizardStepList } from './wizard/ui/step-list'
export type { WizardStepListProps } from './wizard/ui/step-list'
export { DataSourceStep } from './wizard/steps/data-source-step'
export { FieldsStep } from './wizard/steps/fields-step'
export { FiltersStep } from './wizard/steps/filters-step'
export { SettingsStep } from './wizard/steps/settings-step'
export { ReviewStep } from './wizard/steps/review-step'
export type { WizardStepProps } from './wizard/steps/step-props'

/* --- data hooks, list, run history, preview --- */
export { useDatasets } from './hooks/use-datasets'
export type { DatasetsState } from './hooks/use-datasets'
export { useCapabilities } from './hooks/use-capabilities'
export type { CapabilitiesState } from './hooks/use-capabilities'
export { useReports } from './hooks/use-reports'
export type { ReportsOptions, ReportsState } from './hooks/use-reports'
export { REPORT_SORTS } from './hooks/sort-reports'
export type { ReportSort } from './hooks/sort-reports'
export { useRunHistory } from './hooks/use-run-history'
export type { RunHistoryOptions, RunHistoryState } from './hooks/use-run-history'
export { usePreview } from './hooks/use-preview'
export type { PreviewOptions, PreviewState } from './hooks/use-preview'
export { useRunDownload } from './hooks/use-run-download'
export type { RunDownloadState } from './hooks/use-run-download'
export { ReportPreview } from './preview/report-preview'
export type { ReportPreviewProps } from './preview/report-preview'
export { ReportList } from './list/report-list'
export type { ReportListProps } from './list/report-list'
export { RunHistory } from './runs/run-history'
export type { RunHistoryProps } from './runs/run-history'
export { ConfirmDialog } from './dialog/confirm-dialog'
export type { ConfirmDialogProps } from './dialog/confirm-dialog'
