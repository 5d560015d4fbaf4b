import { draftSignature, toDraft } from './empty-draft'
import type { WizardDraft, WizardStepId } from './wizard-types'

/** Everything the wizard remembers between renders. */
export interface WizardState {
  readonly draft: WizardDraft
  /** Signature of the draft as last loaded or saved; `isDirty` compares against it. */
  readonly baseline: string
  readonly step: WizardStepId
  /** Steps whose errors are shown: the person tried to leave them, or to save. */
  readonly attempted: readonly WizardStepId[]
  /** Set once the report exists on the server. */
  readonly reportId?: string
  readonly revision?: number
}

/** What can happen to the wizard's state. */
export type WizardAction =
  | { readonly type: 'edit'; readonly edit: (draft: WizardDraft) => WizardDraft }
  | {
      readonly type: 'loaded'
      readonly draft: WizardDraft
      readonly reportId: string
      readonly revision: number
    }
  | {
      readonly type: 'saved'
      readonly draft: WizardDraft
      readonly reportId: string
      readonly revision: number
    }
  | { readonly type: 'go'; readonly step: WizardStepId }
  | { readonly type: 'attempt'; readonly steps: readonly WizardStepId[] }

/** The state of a wizard that starts on `step` with `draft` (nothing saved yet). */
export function initialWizardState(
  draft: Partial<WizardDraft> | undefined,
  step: WizardStepId = 'source',
): WizardState {
  const full = toDraft(draft)
  return { draft: full, baseline: draftSignature(full), step, attempted: [] }
}

/** The wizard's state machine; pure, so it is tested without React. */
export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
  switch (action.type) {
    case 'edit': {
      const draft = action.edit(state.draft)
      return draft === state.draft ? state : { ...state, draft }
    }
    case 'loaded':
      return {
        ...state,
        draft: action.draft,
        baseline: draftSignature(action.draft),
        reportId: action.reportId,
        revision: action.revision,
        attempted: [],
      }
    case 'saved':
      // Edits made while the request was in flight stay dirty: the baseline is what was sent.
      return {
        ...state,
        baseline: draftSignature(action.draft),
        reportId: action.reportId,
        revision: action.revision,
      }
    case 'go':
      return state.step === action.step ? state : { ...state, step: action.step }
    case 'attempt': {
      const added = action.steps.filter((step) => !state.attempted.includes(step))
      return added.length === 0 ? state : { ...state, attempted: [...state.attempted, ...added] }
    }
  }
}
