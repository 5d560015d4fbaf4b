import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react'
import type { ApiReport, ExecuteResponse, ResolvedCapabilities } from '@reportwright/core/client'
import { ReportDefinitionSchema } from '@reportwright/core/model'
import type { DatasetView, FieldView, ReportDefinition } from '@reportwright/core/model'
import { useReportwright } from '../provider/reportwright-context'
import { draftSignature, toDraft } from './model/empty-draft'
import { validateDraft } from './model/validate-draft'
import { initialWizardState, wizardReducer } from './model/wizard-reducer'
import { navigate, stepAfter, stepBefore, stepIndex } from './model/wizard-navigation'
import { WIZARD_STEPS } from './model/wizard-types'
import type { WizardDraft, WizardError, WizardStepId } from './model/wizard-types'
import { offeredChoices } from './offered-choices'
import type { OfferedChoices } from './offered-choices'
import { useDraftEditors } from './use-draft-editors'
import type { DraftEditors } from './use-draft-editors'
import { useWizardCatalog } from './use-wizard-catalog'
import { useWizardRequests } from './use-wizard-requests'
import type { RequestState } from './use-wizard-requests'

/** Options of {@link useReportWizard}. */
export interface UseReportWizardOptions {
  /** Edits this saved report: it is loaded with `client.getReport` and saved as a new revision. */
  readonly reportId?: string
  /** Where a new report starts (ignored while `reportId` loads). */
  readonly initialDefinition?: Partial<ReportDefinition>
  /** The step shown first. Defaults to `source`. */
  readonly initialStep?: WizardStepId
  /** Called after every successful save with the stored report. */
  readonly onSaved?: (report: ApiReport) => void
  /** Called when the current step changes. */
  readonly onStepChange?: (step: WizardStepId) => void
}

/** How a step stands: shown now, done, blocked by errors the person has seen, or ahead. */
export type WizardStepStatus = 'current' | 'complete' | 'invalid' | 'upcoming'

/** One step of the wizard as the step list shows it. */
export interface WizardStep {
  readonly id: WizardStepId
  readonly index: number
  readonly label: string
  readonly status: WizardStepStatus
  /** The step's current problems, in words. */
  readonly errors: readonly WizardError[]
  /** Whether those problems are shown yet (after trying to leave the step, or to save). */
  readonly showErrors: boolean
}

/** What {@link useReportWizard} returns: the whole wizard, headless. */
export interface ReportWizardState {
  readonly steps: readonly WizardStep[]
  readonly currentStep: WizardStepId
  /** Moves to `step`; forward moves stop at the first step with errors. True when it got there. */
  readonly goTo: (step: WizardStepId) => boolean
  readonly next: () => boolean
  readonly back: () => void
  /** The draft definition being edited. */
  readonly definition: WizardDraft
  /** Every problem of the draft. */
  readonly errors: readonly WizardError[]
  /** The problem at a JSON path (`fields.0.label`), once its step shows errors. */
  readonly errorFor: (path: string) => string | undefined
  readonly isValid: boolean
  readonly isDirty: boolean
  /** The user's capabilities, once loaded. */
  readonly capabilities?: ResolvedCapabilities
  /** What the controls offer, narrowed by the capabilities. */
  readonly offered: OfferedChoices
  /** Datasets the user may pick. */
  readonly datasets: readonly DatasetView[]
  /** The chosen dataset's fields. */
  readonly availableFields: readonly FieldView[]
  /** True while capabilities, datasets or the edited report load. */
  readonly loading: boolean
  /** A load failure in words. */
  readonly loadError?: string
  readonly source: DraftEditors['source']
  readonly fields: DraftEditors['fields']
  readonly filters: DraftEditors['filters']
  readonly settings: DraftEditors['settings']
  readonly details: DraftEditors['details']
  /** Saves (create, or update with the loaded revision); on errors, goes to the first bad step. */
  readonly save: () => Promise<ApiReport | undefined>
  readonly saveState: RequestState<ApiReport>
  /** True while a save is in flight. */
  readonly saving: boolean
  /** True after a successful save with no edits since. */
  readonly saved: boolean
  /** Saves when needed, then starts a run of the report. */
  readonly runNow: () => Promise<ExecuteResponse | undefined>
  readonly runState: RequestState<ExecuteResponse>
  /** The saved report's id, once there is one. */
  readonly reportId?: string
  readonly revision?: number
}

function parseSaved(definition: Record<string, unknown>): WizardDraft {
  const parsed = ReportDefinitionSchema.safeParse(definition)
  // A report saved by an older schema still opens; validation then shows what to fix.
  return parsed.success ? parsed.data : toDraft(definition as Partial<ReportDefinition>)
}

/**
 * The report-builder wizard without markup: steps, navigation, the draft and its update
 * helpers, validation with the server's schema, capabilities, save and run. `<ReportWizard>`
 * is built on it; hosts can build their own UI the same way.
 */
export function useReportWizard(options: UseReportWizardOptions = {}): ReportWizardState {
  const { reportId: editedId, initialDefinition, initialStep, onSaved, onStepChange } = options
  const { client, t, errorMessage } = useReportwright()
  const [state, dispatch] = useReducer(wizardReducer, undefined, () =>
    initialWizardState(editedId === undefined ? initialDefinition : undefined, initialStep),
  )
  const catalog = useWizardCatalog()
  const [reportLoad, setReportLoad] = useState<{ loading: boolean; error?: string }>({
    loading: editedId !== undefined,
  })
  const stateRef = useRef(state)
  stateRef.current = state
  const callbacks = useRef({ onSaved, onStepChange })
  callbacks.current = { onSaved, onStepChange }
  const requests = useWizardRequests()

  useEffect(() => {
    if (editedId === undefined) return
    const controller = new AbortController()
    setReportLoad({ loading: true })
    client.getReport(editedId, { signal: controller.signal }).then(
      (report) => {
        if (controller.signal.aborted) return
        dispatch({
          type: 'loaded',
          draft: parseSaved(report.definition),
          reportId: report.id,
          revision: report.revision,
        })
        setReportLoad({ loading: false })
      },
      (error: unknown) => {
        if (!controller.signal.aborted)
          setReportLoad({ loading: false, error: errorMessage(error) })
      },
    )
    return () => controller.abort()
  }, [client, editedId, errorMessage])

  const { draft, step, attempted } = state
  const dataset = catalog.datasets.find((candidate) => candidate.id === draft.dataset)
  const availableFields = useMemo(() => dataset?.fields ?? [], [dataset])
  const issues = useMemo(
    () =>
      validateDraft(draft, {
        ...(dataset ? { fields: dataset.fields } : {}),
        ...(catalog.capabilities ? { capabilities: catalog.capabilities } : {}),
      }),
    [draft, dataset, catalog.capabilities],
  )
  const errors = useMemo<readonly WizardError[]>(
    () =>
      issues.map((issue) => ({
        step: issue.step,
        path: issue.path,
        message: t(issue.key, issue.values),
      })),
    [issues, t],
  )

  const steps = useMemo<readonly WizardStep[]>(() => {
    const current = stepIndex(step)
    return WIZARD_STEPS.map((id, index) => {
      const stepErrors = errors.filter((error) => error.step === id)
      const showErrors = attempted.includes(id)
      const status: WizardStepStatus =
        id === step
          ? 'current'
          : showErrors && stepErrors.length > 0
            ? 'invalid'
            : index < current && stepErrors.length === 0
              ? 'complete'
              : 'upcoming'
      return { id, index, label: t(`wizard.step.${id}`), status, errors: stepErrors, showErrors }
    })
  }, [step, errors, attempted, t])

  const errorFor = useCallback(
    (path: string) => {
      const error = errors.find((candidate) => candidate.path === path)
      return error && attempted.includes(error.step) ? error.message : undefined
    },
    [errors, attempted],
  )

  const goTo = useCallback(
    (target: WizardStepId): boolean => {
      const from = stateRef.current.step
      const result = navigate(from, target, issues)
      if (result.blockedBy.length > 0) dispatch({ type: 'attempt', steps: result.blockedBy })
      dispatch({ type: 'go', step: result.step })
      if (result.step !== from) callbacks.current.onStepChange?.(result.step)
      return result.step === target
    },
    [issues],
  )
  const next = useCallback(() => goTo(stepAfter(stateRef.current.step)), [goTo])
  const back = useCallback(() => {
    goTo(stepBefore(stateRef.current.step))
  }, [goTo])

  const { persist, execute } = requests
  const save = useCallback(async (): Promise<ApiReport | undefined> => {
    const firstBad = WIZARD_STEPS.find((id) => issues.some((issue) => issue.step === id))
    if (firstBad) {
      dispatch({ type: 'attempt', steps: [...new Set(issues.map((issue) => issue.step))] })
      dispatch({ type: 'go', step: firstBad })
      if (firstBad !== stateRef.current.step) callbacks.current.onStepChange?.(firstBad)
      return undefined
    }
    const current = stateRef.current
    const sent = current.draft
    const report = await persist(sent, {
      ...(current.reportId !== undefined ? { reportId: current.reportId } : {}),
      ...(current.revision !== undefined ? { revision: current.revision } : {}),
    })
    if (!report) return undefined
    dispatch({ type: 'saved', draft: sent, reportId: report.id, revision: report.revision })
    callbacks.current.onSaved?.(report)
    return report
  }, [issues, persist])

  const isDirty = draftSignature(draft) !== state.baseline
  const runNow = useCallback(async (): Promise<ExecuteResponse | undefined> => {
    const current = stateRef.current
    let id = current.reportId
    if (id === undefined || draftSignature(current.draft) !== current.baseline) {
      id = (await save())?.id
    }
    return id === undefined ? undefined : execute(id)
  }, [save, execute])

  const editors = useDraftEditors(dispatch, t, catalog.capabilities, catalog.datasets)
  const offered = useMemo(() => offeredChoices(catalog.capabilities), [catalog.capabilities])
  const loadError = reportLoad.error ?? catalog.error
  return {
    steps,
    currentStep: step,
    goTo,
    next,
    back,
    definition: draft,
    errors,
    errorFor,
    isValid: issues.length === 0,
    isDirty,
    ...(catalog.capabilities ? { capabilities: catalog.capabilities } : {}),
    offered,
    datasets: catalog.datasets,
    availableFields,
    loading: catalog.loading || reportLoad.loading,
    ...(loadError !== undefined ? { loadError } : {}),
    ...editors,
    save,
    saveState: requests.saveState,
    saving: requests.saveState.status === 'pending',
    saved: requests.saveState.status === 'done' && !isDirty,
    runNow,
    runState: requests.runState,
    ...(state.reportId !== undefined ? { reportId: state.reportId } : {}),
    ...(state.revision !== undefined ? { revision: state.revision } : {}),
  }
}
