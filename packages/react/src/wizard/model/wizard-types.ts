import type { FilterCondition, ReportDefinition } from '@reportwright/core/model'
import type { MessageKey } from '../../messages/catalog'
import type { MessageValues } from '../../messages/format-message'

/** The wizard's steps, in order. */
export const WIZARD_STEPS = ['source', 'fields', 'filters', 'settings', 'review'] as const
/** One of {@link WIZARD_STEPS}. */
export type WizardStepId = (typeof WIZARD_STEPS)[number]

/**
 * The draft the wizard edits: a report definition with defaults filled in. It may be incomplete
 * (no dataset yet, empty values); validation says what is missing.
 */
export type WizardDraft = ReportDefinition

/** A problem found in the draft, located by its JSON path and owned by one step. */
export interface WizardIssue {
  readonly step: WizardStepId
  /** Dotted JSON path, e.g. `filters.0.value` or `delivery.recipients.1.email`. */
  readonly path: string
  readonly key: MessageKey
  readonly values?: MessageValues
}

/** A {@link WizardIssue} in words. */
export interface WizardError {
  readonly step: WizardStepId
  readonly path: string
  readonly message: string
}

/** Where a filter condition sits: a top-level node, or a condition inside an OR group. */
export interface FilterLocation {
  readonly index: number
  /** Position inside the `anyOf` group at `index`; left out for a top-level condition. */
  readonly groupIndex?: number
}

/** A filter condition the wizard edits (every operator of the model). */
export type WizardCondition = FilterCondition
