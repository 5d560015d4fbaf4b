import { useEffect, useId, useRef, useState } from 'react'
import type { ReactNode } from 'react'
import { useReportwright } from '../provider/reportwright-context'
import type { WizardStepId } from './model/wizard-types'
import { DataSourceStep } from './steps/data-source-step'
import { FieldsStep } from './steps/fields-step'
import { FiltersStep } from './steps/filters-step'
import { ReviewStep } from './steps/review-step'
import { SettingsStep } from './steps/settings-step'
import type { WizardStepProps } from './steps/step-props'
import { cx } from './ui/class-names'
import { ControlIdPrefix } from './ui/control-ids'
import { ErrorSummary } from './ui/error-summary'
import { WizardStepList } from './ui/step-list'
import { WizardFooter } from './ui/wizard-footer'
import { useReportWizard } from './use-report-wizard'
import type { ReportWizardState, UseReportWizardOptions } from './use-report-wizard'

const STEP_COMPONENTS: Readonly<Record<WizardStepId, (props: WizardStepProps) => ReactNode>> = {
  source: DataSourceStep,
  fields: FieldsStep,
  filters: FiltersStep,
  settings: SettingsStep,
  review: ReviewStep,
}

/** Props of {@link ReportWizardView}. */
export interface ReportWizardViewProps {
  /** The state from {@link useReportWizard}. */
  readonly wizard: ReportWizardState
  readonly className?: string
  /** The heading above the steps. Defaults to "New report" or "Edit report". */
  readonly title?: string
  /** Leaves the heading out (a dialog shows its own title). */
  readonly hideTitle?: boolean
}

/**
 * The styled wizard for a {@link useReportWizard} state: step list, the current step with its
 * errors, Back and Next. Use it when the host owns the hook (as the dialog does).
 */
export function ReportWizardView(props: ReportWizardViewProps): ReactNode {
  const { wizard, className, title, hideTitle = false } = props
  const { t, theme } = useReportwright()
  const idPrefix = `rw${useId().replace(/[^A-Za-z0-9]/g, '')}`
  const headingRef = useRef<HTMLHeadingElement>(null)
  const summaryRef = useRef<HTMLDivElement>(null)
  const [blocked, setBlocked] = useState(0)
  const shownStep = useRef(wizard.currentStep)

  useEffect(() => {
    // Moving to another step puts focus on its heading, so keyboard and screen reader users
    // start at the top of the new step.
    if (shownStep.current === wizard.currentStep) return
    shownStep.current = wizard.currentStep
    headingRef.current?.focus()
  }, [wizard.currentStep])

  useEffect(() => {
    if (blocked > 0) summaryRef.current?.focus()
  }, [blocked])

  const step = wizard.steps.find((candidate) => candidate.id === wizard.currentStep)
  const Step = STEP_COMPONENTS[wizard.currentStep]
  const headingId = `${idPrefix}-step-heading`
  return (
    <ControlIdPrefix.Provider value={idPrefix}>
      <div className={cx('rw-root rw-wizard', className)} data-rw-theme={theme}>
        {hideTitle ? null : (
          <h2 className="rw-wizard__title">
            {title ?? t(wizard.reportId ? 'wizard.titleEdit' : 'wizard.title')}
          </h2>
        )}
        <WizardStepList wizard={wizard} />
        <section className="rw-wizard__panel" aria-labelledby={headingId}>
          <h3 id={headingId} ref={headingRef} tabIndex={-1} className="rw-wizard__step-title">
            {t('wizard.stepOf', {
              number: (step?.index ?? 0) + 1,
              total: wizard.steps.length,
              label: step?.label ?? '',
            })}
          </h3>
          {wizard.loadError ? (
            <p role="alert" className="rw-error-text">
              {wizard.loadError}
            </p>
          ) : null}
          <div ref={summaryRef} tabIndex={-1} className="rw-wizard__summary-anchor">
            {step ? <ErrorSummary step={step} /> : null}
          </div>
          {wizard.loading ? (
            <p className="rw-wizard__hint" role="status">
              {t('common.loading')}
            </p>
          ) : (
            <Step wizard={wizard} />
          )}
        </section>
        <WizardFooter wizard={wizard} onBlocked={() => setBlocked((count) => count + 1)} />
      </div>
    </ControlIdPrefix.Provider>
  )
}

/** Props of {@link ReportWizard}. */
export interface ReportWizardProps extends UseReportWizardOptions {
  readonly className?: string
  /** The heading above the steps. Defaults to "New report" or "Edit report". */
  readonly title?: string
}

/**
 * The report-builder wizard: data source → fields → filters → settings (schedule, email) →
 * preview & save. Built on {@link useReportWizard}; render inside `<ReportwrightProvider>`.
 *
 * @example
 * ```tsx
 * <ReportWizard onSaved={(report) => navigate(`/reports/${report.id}`)} />
 * ```
 */
export function ReportWizard(props: ReportWizardProps): ReactNode {
  const { className, title, ...options } = props
  const wizard = useReportWizard(options)
  return <ReportWizardView wizard={wizard} className={className} title={title} />
}
