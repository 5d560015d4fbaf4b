import { schemaIssues } from './map-schema-issues'
import { wizardChecks } from './wizard-checks'
import type { CheckContext } from './wizard-checks'
import type { WizardDraft, WizardIssue, WizardStepId } from './wizard-types'

/**
 * Every problem of the draft, at most one per path (the schema's first, then the wizard's own
 * checks), each owned by a step.
 */
export function validateDraft(draft: WizardDraft, context: CheckContext = {}): WizardIssue[] {
  const seen = new Set<string>()
  return [...schemaIssues(draft), ...wizardChecks(draft, context)].filter((issue) => {
    if (seen.has(issue.path)) return false
    seen.add(issue.path)
    return true
  })
}

/** The issues of one step. */
export function issuesOfStep(
  issues: readonly WizardIssue[],
  step: WizardStepId,
): readonly WizardIssue[] {
  return issues.filter((issue) => issue.step === step)
}
