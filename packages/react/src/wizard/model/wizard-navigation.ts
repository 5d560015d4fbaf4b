import { WIZARD_STEPS } from './wizard-types'
import type { WizardIssue, WizardStepId } from './wizard-types'

/** The outcome of asking to go to a step. */
export interface NavigationResult {
  /** Where the wizard is afterwards. */
  readonly step: WizardStepId
  /** Steps that blocked the move (their errors should now show); empty when it went through. */
  readonly blockedBy: readonly WizardStepId[]
}

export const stepIndex = (step: WizardStepId): number => WIZARD_STEPS.indexOf(step)

/**
 * Going back is always allowed. Going forward passes through every step in between, so it stops
 * at the first one with errors: a step with errors cannot be left forward.
 */
export function navigate(
  from: WizardStepId,
  to: WizardStepId,
  issues: readonly WizardIssue[],
): NavigationResult {
  const start = stepIndex(from)
  const target = stepIndex(to)
  if (target <= start) return { step: to, blockedBy: [] }
  for (let index = start; index < target; index += 1) {
    const step = WIZARD_STEPS[index]
    if (step && issues.some((issue) => issue.step === step)) return { step, blockedBy: [step] }
  }
  return { step: to, blockedBy: [] }
}

/** The step after `step`, or `step` itself at the end. */
export function stepAfter(step: WizardStepId): WizardStepId {
  return WIZARD_STEPS[stepIndex(step) + 1] ?? step
}

/** The step before `step`, or `step` itself at the start. */
export function stepBefore(step: WizardStepId): WizardStepId {
  return WIZARD_STEPS[stepIndex(step) - 1] ?? step
}
